"""The Neuron Playground in headless Chromium, driven like a reader: real controls,
keyboard, links. Every read-out on the page must equal what CPython's
lesson_py.widgets.playground says for the same state, formatted by the same code."""

import random
import re

import pytest
from playwright.sync_api import expect

from lesson_py.widgets import playground as P
from python_widgets import PYTHON_START, js_number, open_widget_at

ACTIVATIONS = ("sigmoid", "tanh", "relu", "step", "linear")
STEP = 0.01


# --- Helpers --------------------------------------------------------------------------

def state_key(state: dict, mode: str) -> str:
    """The key the widget writes in data-pg-shown once the read-outs show that state."""
    names = [*(P.SINGLE_CONTROLS if mode == "single" else P.HIDDEN_CONTROLS), "activation"]
    if mode == "hidden":
        names.append("hidden")
    return "&".join(f"{n}={js_number(state[n]) if n != 'activation' else state[n]}" for n in names)


def root_of(page, widget_id: str):
    return page.locator(f'[data-pg-id="{widget_id}"]')


def open_widget(page, url: str, widget_id: str):
    """Open a page, bring the widget into view (that starts Python) and wait until Python is ready."""
    return open_widget_at(page, url, root_of(page, widget_id))


def wait_until_shown(page, widget_id: str, state: dict, mode: str, timeout: int = 30_000):
    page.wait_for_function(
        "([id, key]) => document.querySelector(`[data-pg-id=\"${id}\"]`).dataset.pgShown === key",
        arg=[widget_id, state_key(state, mode)], timeout=timeout)


def displayed(root) -> dict:
    """Every read-out element's text, by its key."""
    return root.evaluate(
        "r => Object.fromEntries([...r.querySelectorAll('[data-out]')].map(e => [e.dataset.out, e.textContent]))")


def assert_matches_cpython(root, state: dict, mode: str):
    view = P.evaluate({"mode": mode, **state})
    shown = displayed(root)
    missing = set(view["readouts"]) - set(shown)
    assert not missing, f"read-outs Python gives but the page lacks: {missing}"
    for key, text in shown.items():
        assert text == view["readouts"].get(key, ""), f"{key} for {state}"
    assert root.locator('[data-pg="class"]').get_attribute("data-verdict") == view["verdict"]
    if mode == "hidden":
        visible_rows = root.locator("tr[data-pg-neuron]:visible").count()
        assert visible_rows == view["hidden"]
        assert root.locator('[data-pg="equivalent"]').is_visible() == (view["equivalent"] is not None)
    assert_controls_show(root, state, mode)


def assert_controls_show(root, state: dict, mode: str):
    for name in (P.SINGLE_CONTROLS if mode == "single" else P.HIDDEN_CONTROLS):
        assert root.locator(f'[data-pg-box="{name}"]').input_value() == f"{state[name]:.2f}", name
        assert float(root.locator(f'[data-pg-control="{name}"]').input_value()) == state[name], name
    assert root.locator('[data-pg-control="activation"]').input_value() == state["activation"]
    if mode == "hidden":
        assert root.locator('[data-pg-control="hidden"]:checked').get_attribute("value") == str(state["hidden"])


def start_state(mode: str, **options) -> dict:
    state = P.normalise({"mode": mode, **options})
    del state["mode"]
    return state


def move(root, name: str, state: dict, rng: random.Random):
    """Change one number through its real control: type into the box, or arrow keys on the slider."""
    control = P.CONTROLS[name]
    if rng.random() < 0.5:
        value = rng.randint(round(control.minimum * 100), round(control.maximum * 100)) / 100
        box = root.locator(f'[data-pg-box="{name}"]')
        box.fill(f"{value:.2f}")
        box.press("Enter")
    else:
        presses = rng.randint(1, 4)
        key, sign = rng.choice([("ArrowRight", 1), ("ArrowLeft", -1), ("ArrowUp", 1), ("ArrowDown", -1)])
        slider = root.locator(f'[data-pg-control="{name}"]')
        slider.focus()
        for _ in range(presses):
            slider.press(key)
        value = min(control.maximum, max(control.minimum, round(state[name] + sign * presses * STEP, 2)))
    state[name] = value


# --- One page per mode, Python started once for all the tests that use it ---------------

@pytest.fixture(scope="module")
def context(browser):
    """A browser context for this module's shared pages; like conftest's `page`, it
    fails on any request to another origin."""
    context = browser.new_context()
    foreign: list[str] = []

    def guard(route):
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield context
    context.close()
    assert not foreign, f"requests to other origins: {foreign}"


def shared_page(context, url: str, widget_id: str, mode: str, **options):
    page = context.new_page()
    open_widget(page, url, widget_id)
    return page, widget_id, mode, start_state(mode, **options)


def fresh(shared):
    """The shared page back at the widget's start (its Reset button), Python already running."""
    page, widget_id, mode, start = shared
    root = root_of(page, widget_id)
    reset = root.locator('[data-pg="reset"]')
    if reset.is_enabled():                            # it is off when the widget is at its start
        reset.click()
    wait_until_shown(page, widget_id, start, mode)
    assert reset.is_disabled()
    return page, root, dict(start)


# (Their pages close with the module's context.)
@pytest.fixture(scope="module")
def single(context, site_url):
    return shared_page(context, site_url, "first-neuron", "single")


@pytest.fixture(scope="module")
def hidden(context, site_url):
    return shared_page(context, site_url + "interactive/", "playground-hidden", "hidden", hidden=3, activation="tanh")


# --- Random states through the real controls ---------------------------------------------

def test_single_mode_random_states_equal_cpython(single):
    page, root, state = fresh(single)
    assert_matches_cpython(root, state, "single")
    rng = random.Random(20261125)
    for _ in range(24):
        for name in P.SINGLE_CONTROLS:
            move(root, name, state, rng)
        state["activation"] = rng.choice(ACTIVATIONS)
        root.locator('[data-pg-control="activation"]').select_option(state["activation"])
        wait_until_shown(page, "first-neuron", state, "single")
        assert_matches_cpython(root, state, "single")


def test_hidden_mode_random_states_equal_cpython(hidden):
    page, root, state = fresh(hidden)
    assert_matches_cpython(root, state, "hidden")
    rng = random.Random(77)
    for _ in range(12):
        for name in P.HIDDEN_CONTROLS:
            move(root, name, state, rng)
        state["hidden"] = rng.choice(P.HIDDEN_SIZES)
        root.locator(f'[data-pg-control="hidden"][value="{state["hidden"]}"]').check()
        state["activation"] = rng.choice(ACTIVATIONS)
        root.locator('[data-pg-control="activation"]').select_option(state["activation"])
        wait_until_shown(page, "playground-hidden", state, "hidden")
        assert_matches_cpython(root, state, "hidden")
        # The map on the canvas is drawn: not one flat colour.
        colours = root.locator("canvas").evaluate(
            "c => new Set(Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data"
            ".filter((_, i) => i % 4 === 0))).size")
        assert colours > 2


# --- The URL --------------------------------------------------------------------------------

def test_url_round_trips_the_state(page, site_url):
    state = {"x1": -1.25, "x2": 0.4, "w1": 2.5, "w2": 0.75, "b": 1.1, "activation": "tanh"}
    query = "&".join(f"first-neuron.{k}={v}" for k, v in state.items())
    root = open_widget(page, f"{site_url}?{query}", "first-neuron")
    wait_until_shown(page, "first-neuron", state, "single")
    assert_matches_cpython(root, state, "single")

    # A change goes into the URL; opening that URL again shows the same state.
    box = root.locator('[data-pg-box="w2"]')
    box.fill("-2.40")
    box.press("Enter")
    state["w2"] = -2.4
    wait_until_shown(page, "first-neuron", state, "single")
    expect(page).to_have_url(re.compile(r"[?&]first-neuron\.w2=-2\.4(&|#|$)"))  # written once input pauses
    shared = page.context.new_page()                  # the link, opened afresh
    root = open_widget(shared, page.url, "first-neuron")
    assert_controls_show(root, state, "single")
    wait_until_shown(shared, "first-neuron", state, "single")
    assert_matches_cpython(root, state, "single")
    page = shared

    # Reset: the author's start again, and a clean URL.
    root.locator('[data-pg="reset"]').click()
    default = start_state("single")
    wait_until_shown(page, "first-neuron", default, "single")
    assert_matches_cpython(root, default, "single")
    expect(page).not_to_have_url(re.compile(r"first-neuron\."))


def test_url_round_trips_the_hidden_mode(page, site_url):
    state = {"x1": -0.5, "x2": 1.75, "hidden": 2, "activation": "linear"}
    query = "&".join(f"playground-hidden.{k}={v}" for k, v in state.items())
    root = open_widget(page, f"{site_url}interactive/?{query}", "playground-hidden")
    wait_until_shown(page, "playground-hidden", state, "hidden")
    assert_matches_cpython(root, state, "hidden")
    assert root.locator('[data-out="equivalent-line"]').is_visible()


def test_bad_url_values_fall_back_to_the_start(page, site_url):
    root = open_widget(page, f"{site_url}?first-neuron.w1=99&first-neuron.activation=softmax", "first-neuron")
    state = start_state("single")
    wait_until_shown(page, "first-neuron", state, "single")
    assert_matches_cpython(root, state, "single")


# --- Keyboard, labels, focus, live region ---------------------------------------------------

def tab_to(page, expected_id: str):
    page.keyboard.press("Tab")
    active = page.evaluate("document.activeElement.id || document.activeElement.tagName")
    assert active == expected_id
    # The focus is visible: a real outline, in the widget's accent colour.
    style = page.evaluate("[getComputedStyle(document.activeElement).outlineStyle,"
                          " getComputedStyle(document.activeElement).outlineWidth]")
    assert style[0] != "none" and style[1] != "0px", f"no visible focus on {expected_id}"


def focus_before(page, selector: str):
    """Focus the last focusable element before `selector`, so that Tab lands on it."""
    page.evaluate("""sel => {
        const target = document.querySelector(sel);
        const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
          .filter(e => !e.disabled && e.offsetParent !== null && e.tabIndex >= 0);
        const before = all.filter(e => e.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
        before[before.length - 1].focus();
    }""", selector)


def test_keyboard_alone_changes_every_control(single):
    page, root, state = fresh(single)
    focus_before(page, "#first-neuron-x1")
    for name in P.SINGLE_CONTROLS:
        tab_to(page, f"first-neuron-{name}")          # the slider
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowUp")
        tab_to(page, f"first-neuron-{name}-box")      # its number box
        page.keyboard.press("ArrowUp")
        state[name] = round(state[name] + 3 * STEP, 2)
    tab_to(page, "first-neuron-activation")
    page.keyboard.press("ArrowDown")                  # Sigmoid -> Tanh
    state["activation"] = "tanh"
    wait_until_shown(page, "first-neuron", state, "single")
    assert_matches_cpython(root, state, "single")
    expect(page).to_have_url(re.compile(r"[?&]first-neuron\.activation=tanh(&|#|$)"))

    tab_to(page, "SUMMARY")                           # Show the Python
    page.keyboard.press("Enter")
    source = root.locator('[data-pg="source"]')
    expected = [part["code"] for part in P.source({"mode": "single", "activation": "tanh"})]
    # Wait for the worker's reply for Tanh: the start state's blocks may be as many.
    page.wait_for_function("([el, codes]) => [...el.querySelectorAll('pre')].map((p) => p.innerText)"
                           ".join('\\n\\0') === codes.join('\\n\\0')",
                           arg=[source.element_handle(), expected], timeout=60_000)
    assert source.locator("pre").all_inner_texts() == expected

    for _ in range(len(expected) + 1):                # past the code blocks (scrollable, so focusable) to Reset
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.pg") == "reset":
            break
    assert page.evaluate("document.activeElement.dataset.pg") == "reset"
    page.keyboard.press("Enter")
    default = start_state("single")
    wait_until_shown(page, "first-neuron", default, "single")
    assert_matches_cpython(root, default, "single")
    # Nothing is left to reset, so Reset is off, and the keyboard stays in the widget.
    assert root.locator('[data-pg="reset"]').is_disabled()
    assert page.evaluate("document.activeElement.id") == "first-neuron-x1"


def test_keyboard_hidden_size_and_activation(hidden):
    page, root, state = fresh(hidden)
    root.locator('[data-pg-box="x2"]').focus()
    page.keyboard.press("Tab")                        # lands on the checked radio: 3 neurons
    assert page.evaluate("document.activeElement.value") == "3"
    page.keyboard.press("ArrowLeft")                  # 2 neurons
    state["hidden"] = 2
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "playground-hidden-activation"
    for _ in range(3):
        page.keyboard.press("ArrowDown")              # Tanh -> ReLU -> Step -> Linear
    state["activation"] = "linear"
    wait_until_shown(page, "playground-hidden", state, "hidden")
    assert_matches_cpython(root, state, "hidden")
    assert root.locator('[data-out="equivalent-weights"]').is_visible()


def test_controls_have_names_screen_readers_announce(single):
    page, root, _ = fresh(single)
    for name in P.SINGLE_CONTROLS:
        label = P.CONTROLS[name].label
        assert root.get_by_role("slider", name=label, exact=True).count() == 1
        assert root.get_by_role("spinbutton", name=f"{label}, exact value").count() == 1
    assert root.get_by_role("combobox", name="Activation function").count() == 1
    assert root.get_by_role("button", name="Reset").count() == 1
    live = root.locator('[data-pg="live"]')
    assert live.get_attribute("aria-live") == "polite"
    box = root.locator('[data-pg-box="b"]')
    box.fill("-2.00")
    box.press("Enter")
    state = start_state("single", b=-2.0)
    wait_until_shown(page, "first-neuron", state, "single")
    page.wait_for_function("el => el.textContent.startsWith('z = -1.16')", arg=live.element_handle())
    assert live.inner_text() == P.evaluate({"mode": "single", **state})["summary"]


# --- Before Python is ready ------------------------------------------------------------------

def test_controls_move_before_python_and_the_newest_state_is_computed(page, site_url):
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto(site_url)
    root = root_of(page, "first-neuron")
    root.scroll_into_view_if_needed()
    page.wait_for_function("window.nnLessonPython.status().state === 'loading'")
    state = start_state("single")
    rng = random.Random(3)
    for _ in range(3):                                # several changes while Python is away
        for name in ("w1", "b"):
            move(root, name, state, rng)
    root.locator('[data-pg-control="activation"]').select_option("relu")
    state["activation"] = "relu"
    assert_controls_show(root, state, "single")
    waiting = root.locator('[data-pg="waiting"]')
    assert waiting.is_visible() and "Waiting for Python" in waiting.inner_text()
    assert root.locator('[data-out="z"]').inner_text() == "…"
    assert root.locator('[data-out="forward"]').inner_text() == "…"
    assert held, "the runtime was never requested"
    for route in held:
        route.continue_()
    page.unroute("**/pyodide.asm.wasm")
    wait_until_shown(page, "first-neuron", state, "single", timeout=PYTHON_START)
    assert_matches_cpython(root, state, "single")
    assert not waiting.is_visible()


# --- Without scripts ---------------------------------------------------------------------------

def test_no_script_snapshot_holds_the_default_numbers(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    foreign = []
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
                  else (foreign.append(r.request.url), r.abort()))
    page = context.new_page()
    try:
        page.goto(site_url)
        root = root_of(page, "first-neuron")
        shown = displayed(root)
        assert (shown["z"], shown["a"], shown["confidence"], shown["class"]) == ("0.69", "0.67", "67%", "Positive")
        assert shown["forward"] == "(0.90 × 1.20) + (0.30 × -0.80) - 0.15 = 0.69, then Sigmoid(0.69) = 0.67"
        assert shown == P.evaluate({"mode": "single"})["readouts"]
        note = root.locator('[data-pg="noscript"]')
        assert note.is_visible() and re.search(r"JavaScript turned on", note.inner_text())
        assert float(root.get_by_role("slider", name="Weight w1").input_value()) == 1.2
        assert root.get_by_role("spinbutton", name="Bias b, exact value").input_value() == "-0.15"
        assert root.locator('[data-pg="source"] pre').count() >= 3   # Show the Python works without scripts

        for path, widget_id, options in (("interactive/", "playground-hidden", {"hidden": 3, "activation": "tanh"}),
                                         ("building-blocks/", "hidden-layer", {"hidden": 2, "activation": "linear"})):
            page.goto(site_url + path)
            root = root_of(page, widget_id)
            view = P.evaluate({"mode": "hidden", **options})
            assert {k: v for k, v in displayed(root).items() if v} == view["readouts"]
            assert root.locator('[data-pg="map"] svg rect').count() > 10
            assert root.locator('[data-pg="equivalent"]').is_visible() == (options["activation"] == "linear")
    finally:
        context.close()
    assert not foreign, foreign


def test_when_python_fails_the_widget_says_so_and_retry_computes_the_newest_state(page, site_url):
    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(site_url)
    root = root_of(page, "first-neuron")
    root.scroll_into_view_if_needed()
    page.wait_for_function("window.nnLessonPython.status().state === 'failed'", timeout=PYTHON_START)
    state = start_state("single")
    for value in ("0.10", "-1.30"):
        box = root.locator('[data-pg-box="w1"]')
        box.fill(value)
        box.press("Enter")
    state["w1"] = -1.3
    waiting = root.locator('[data-pg="waiting"]')
    page.wait_for_function("el => el.textContent.includes('could not start')", arg=waiting.element_handle())
    assert root.locator('[data-out="z"]').inner_text() == "…"
    retry = root.get_by_role("button", name="Retry")
    assert retry.is_visible()
    page.unroute("**/pyodide.asm.wasm")
    retry.click()
    wait_until_shown(page, "first-neuron", state, "single", timeout=PYTHON_START)
    assert_matches_cpython(root, state, "single")
    assert not waiting.is_visible() and not retry.is_visible()


def test_usable_at_360_pixels(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        for path, widget_id in (("", "first-neuron"), ("interactive/", "playground-hidden")):
            page.goto(site_url + path)
            root = root_of(page, widget_id)
            page.wait_for_function("r => r.dataset.pgShown", arg=root.element_handle())
            # No sideways scrolling of the page, and every control fits inside the widget.
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            box = root.bounding_box()
            for control in root.locator("input, select, button").all():
                if control.is_visible():
                    edge = control.bounding_box()
                    assert box["x"] <= edge["x"] and edge["x"] + edge["width"] <= box["x"] + box["width"] + 0.5
    finally:
        context.close()
