"""The one-step widget in headless Chromium, driven like a reader: arrow keys on the label's
radio buttons and on the rate's slider, typing in the rate's box, a link with its state, Reset,
and the page without scripts. Every read-out must equal what CPython's
lesson_py.widgets.one_step says for the same label and rate."""

from lesson_py.widgets import one_step as O
from python_widgets import js_number, open_widget_at

WIDGET = "worked-step"
PATH = "how-it-learns/"


def key(label: int, rate: float) -> str:
    """What the widget writes in data-os-shown once the read-outs show this label and rate."""
    return f"label={label}&rate={js_number(rate)}"


def root_of(page):
    return page.locator(f'[data-os-id="{WIDGET}"]')


def open_widget(page, url: str):
    return open_widget_at(page, url, root_of(page))


def wait_until_shown(page, label: int, rate: float, timeout: int = 30_000):
    page.wait_for_function("([id, key]) => document.querySelector(`[data-os-id=\"${id}\"]`).dataset.osShown === key",
                           arg=[WIDGET, key(label, rate)], timeout=timeout)


def displayed(root) -> dict:
    return root.evaluate(
        "r => Object.fromEntries([...r.querySelectorAll('[data-out]')].map(e => [e.dataset.out, e.textContent]))")


def assert_matches_cpython(root, label: int, rate: float):
    view = O.evaluate({"label": label, "rate": rate})
    assert displayed(root) == view["readouts"]
    assert root.locator('[data-pg-box="rate"]').input_value() == f"{rate:.2f}"
    assert float(root.locator('[data-pg-control="rate"]').input_value()) == rate
    assert root.get_by_role("radio", name=O.LABEL_WORDS[label]).is_checked()
    return view


def test_keyboard_typing_url_reset(page, site_url):
    root = open_widget(page, site_url + PATH)
    wait_until_shown(page, 1, 0.5)
    assert_matches_cpython(root, 1, 0.5)

    # The label's radio buttons: the arrow key moves the choice from 1 (yes) to 0 (no).
    yes = root.get_by_role("radio", name="1 (yes)")
    yes.focus()
    yes.press("ArrowRight")
    wait_until_shown(page, 0, 0.5)
    view = assert_matches_cpython(root, 0, 0.5)
    assert view["readouts"]["loss"] == "1.10" and view["readouts"]["loss-after"] == "0.72"   # what to try

    # Two presses of the right arrow on the rate's slider (its accessible name is its label).
    slider = root.get_by_role("slider", name="Learning rate")
    slider.focus()
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    wait_until_shown(page, 0, 0.6)
    assert_matches_cpython(root, 0, 0.6)

    # Typing into the box, with a decimal comma; Enter commits it and writes it as the box does.
    box = root.get_by_role("spinbutton", name="Learning rate, exact value")
    box.fill("1,5")
    box.press("Enter")
    wait_until_shown(page, 0, 1.5)
    assert_matches_cpython(root, 0, 1.5)
    assert box.input_value() == "1.50"

    # A rate beyond the range is clamped, and the message under the box says so.
    box.fill("7")
    wait_until_shown(page, 0, 5.0)
    assert displayed(root) == O.evaluate({"label": 0, "rate": 5.0})["readouts"]
    rule = O.RATE.rule()
    assert root.locator('[data-os="number-help"]').inner_text() == rule["clamped"].replace("{value}", "5.00")
    box.fill("1")
    box.press("Enter")
    wait_until_shown(page, 0, 1.0)
    view = assert_matches_cpython(root, 0, 1.0)
    assert "answer turns from positive to negative" in view["readouts"]["change"]   # what to try
    # The live region speaks the summary once the reader pauses.
    page.wait_for_function("([id, text]) => document.querySelector(`[data-os-id=\"${id}\"] [data-os=live]`)"
                           ".textContent === text", arg=[WIDGET, view["summary"]], timeout=5_000)

    # The URL holds the state; a fresh page opens at it.
    page.wait_for_function("location.search.includes('worked-step.rate=1')")
    assert f"{WIDGET}.label=0" in page.url and f"{WIDGET}.rate=1" in page.url
    fresh = page.context.new_page()
    fresh_root = open_widget(fresh, page.url)
    wait_until_shown(fresh, 0, 1.0)
    assert_matches_cpython(fresh_root, 0, 1.0)
    fresh.close()

    # Reset goes back to the block's start and cleans the URL; the keyboard stays in the widget.
    root.get_by_role("button", name="Reset").click()
    wait_until_shown(page, 1, 0.5)
    assert_matches_cpython(root, 1, 0.5)
    page.wait_for_function("!location.search.includes('worked-step.')")
    assert root.evaluate("r => r.contains(document.activeElement)")
    assert root.get_by_role("button", name="Reset").is_disabled()


def test_a_bad_link_value_is_ignored(page, site_url):
    root = open_widget(page, site_url + PATH + "?worked-step.label=3&worked-step.rate=0.25")
    wait_until_shown(page, 1, 0.25)
    assert_matches_cpython(root, 1, 0.25)


def test_without_scripts_the_snapshot_shows_the_step(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PATH)
    root = root_of(page)
    view = O.evaluate({})
    assert displayed(root) == view["readouts"]
    assert root.locator('[data-os="noscript"]').is_visible()
    assert root.get_by_role("slider", name="Learning rate").is_disabled()
    context.close()
