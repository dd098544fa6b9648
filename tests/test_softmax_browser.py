"""The softmax widget in headless Chromium, driven like a reader: arrow keys on a slider,
typing in a box, a link with its state, a reload, and the page without scripts. Every
read-out must equal what CPython's lesson_py.widgets.softmax says for the same scores."""

import re

from playwright.sync_api import expect

from lesson_py.widgets import softmax as S
from python_widgets import PYTHON_START, js_number, open_widget_at

WIDGET = "softmax-scores"
PATH = "building-blocks/"


def key(state: dict) -> str:
    """What the widget writes in data-sm-shown once the read-outs show these scores."""
    return "&".join(f"{name}={js_number(state[name])}" for name in S.SCORE_NAMES)


def root_of(page):
    return page.locator(f'[data-sm-id="{WIDGET}"]')


def open_widget(page, url: str):
    return open_widget_at(page, url, root_of(page))


def wait_until_shown(page, state: dict, timeout: int = 30_000):
    page.wait_for_function("([id, key]) => document.querySelector(`[data-sm-id=\"${id}\"]`).dataset.smShown === key",
                           arg=[WIDGET, key(state)], timeout=timeout)


def displayed(root) -> dict:
    return root.evaluate(
        "r => Object.fromEntries([...r.querySelectorAll('[data-out]')].map(e => [e.dataset.out, e.textContent]))")


def assert_matches_cpython(root, state: dict):
    view = S.evaluate(dict(state))
    assert displayed(root) == view["readouts"]
    widths = root.evaluate("r => [...r.querySelectorAll('[data-sm-bar]')].map(b => b.style.width)")
    assert [float(w.rstrip("%")) for w in widths] == [float(c["width"].rstrip("%")) for c in view["classes"]]
    for name in S.SCORE_NAMES:
        assert root.locator(f'[data-pg-box="{name}"]').input_value() == f"{state[name]:.2f}", name
        assert float(root.locator(f'[data-pg-control="{name}"]').input_value()) == state[name], name


START = {"score1": 3.0, "score2": 1.0, "score3": 0.2}


def test_keyboard_typing_url_and_reload(page, site_url):
    root = open_widget(page, site_url + PATH)
    wait_until_shown(page, START)
    assert_matches_cpython(root, START)

    # Three presses of the right arrow on cat's slider (its accessible name is its label).
    slider = root.get_by_role("slider", name="Score of cat")
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")
    state = dict(START, score1=3.3)
    wait_until_shown(page, state)
    assert_matches_cpython(root, state)
    assert displayed(root)["p1"] == "0.87"        # what to try: from 0.84 to 0.87
    assert "cat wins with 0.87" in root.locator('[data-out="winner"]').inner_text()

    # Typing into dog's box, with a decimal comma; Enter commits and writes it as the box does.
    box = root.get_by_role("spinbutton", name="Score of dog, exact value")
    box.fill("4,5")
    box.press("Enter")
    state["score2"] = 4.5
    wait_until_shown(page, state)
    assert_matches_cpython(root, state)
    assert root.locator('[data-out="winner"]').inner_text().startswith("dog wins")
    live = root.locator('[data-sm="live"]')
    expect(live).to_have_text(S.evaluate(dict(state))["summary"])

    # The arrow keys step the box too.
    box.press("ArrowDown")
    state["score2"] = 4.4
    wait_until_shown(page, state)
    assert_matches_cpython(root, state)

    # The URL holds the scores; a reload restores them and Python words them again.
    expect(page).to_have_url(re.compile(rf"[?&]{WIDGET}\.score1=3\.3(&|#|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]{WIDGET}\.score2=4\.4(&|#|$)"))
    assert f"{WIDGET}.score3" not in page.url      # a score at its start stays out of the URL
    page.reload()
    root = root_of(page)
    root.scroll_into_view_if_needed()
    wait_until_shown(page, state, timeout=PYTHON_START)
    assert_matches_cpython(root, state)

    # Reset: the block's scores, and a clean URL.
    root.locator('[data-sm="reset"]').click()
    wait_until_shown(page, START)
    assert_matches_cpython(root, START)
    expect(page).not_to_have_url(re.compile(rf"{WIDGET}\."))


def test_equal_scores_show_the_rounding_sentence(page, site_url):
    root = open_widget(page, f"{site_url}{PATH}?{WIDGET}.score1=1&{WIDGET}.score2=1&{WIDGET}.score3=1")
    state = {"score1": 1.0, "score2": 1.0, "score3": 1.0}
    wait_until_shown(page, state)
    assert_matches_cpython(root, state)
    assert "add up to 0.99 (0.33 + 0.33 + 0.33), not 1.00" in root.locator('[data-out="sum"]').inner_text()


def test_a_typed_score_outside_the_range_is_clamped_and_said(page, site_url):
    root = open_widget(page, site_url + PATH)
    box = root.get_by_role("spinbutton", name="Score of fox, exact value")
    box.fill("25")
    box.press("Enter")
    state = dict(START, score3=10.0)
    wait_until_shown(page, state)
    assert_matches_cpython(root, state)
    assert "10.00 is used" in root.locator('[data-sm="number-help"]').inner_text()


def test_before_python_the_snapshots_numbers_stay(page, site_url):
    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(site_url + PATH)
    root = root_of(page)
    root.scroll_into_view_if_needed()
    page.wait_for_function("window.nnLessonPython.status().state === 'failed'", timeout=PYTHON_START)
    assert displayed(root) == S.evaluate({})["readouts"]
    assert root.get_by_role("slider", name="Score of cat").is_enabled()
    box = root.get_by_role("spinbutton", name="Score of cat, exact value")
    box.fill("2")
    box.press("Enter")
    assert root.locator('[data-out="p1"]').inner_text() == "…"   # no stale number for new scores
    assert "could not start" in root.locator('[data-sm="waiting"]').inner_text()


def test_no_script_page_shows_the_snapshot(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + PATH)
        root = root_of(page)
        assert displayed(root) == S.evaluate({})["readouts"]
        assert root.locator('[data-sm="noscript"]').is_visible()
        assert float(root.get_by_role("slider", name="Score of dog").input_value()) == 1.0
        assert root.get_by_role("spinbutton", name="Score of dog, exact value").input_value() == "1.00"
        assert root.get_by_role("slider", name="Score of dog").is_disabled()
        text = root.inner_text()
        for part in ("0.84", "0.11", "0.05", "cat wins with 0.84", "The three probabilities add up to 1"):
            assert part in text, part
        bar = root.locator('[data-sm-bar="1"]').bounding_box()
        track = root.locator('[data-sm-bar="1"]').locator("..").bounding_box()
        assert 0.8 < bar["width"] / track["width"] < 0.87      # the bar is drawn by CSS: 83.6% of its track
    finally:
        context.close()
