"""'Design your own run' in headless Chromium, driven like a reader: fields set by keyboard,
Python's message beside a bad box, Train streams checkpoints (progress, the scrubber's reach
growing) into the view of an author's run, which can be scrubbed while it grows; Cancel and a
changed field stop it; the URL holds the spec, and a fresh browser opened on it retrains the
same run to the same read-outs; Back to the lesson's run shows the stored runs again."""

import re
from urllib.parse import parse_qsl, urlparse

from playwright.sync_api import expect

from lesson_py.spec import parse, to_flat

PAGE = "interactive/"
ID = "training-loop"
WIDGET = f"#widget-{ID}"
LIVE = f"{WIDGET} [data-rd=live]"
PYTHON_MS = 120_000
READOUTS = ("epoch", "loss", "test-loss", "accuracy", "test-accuracy", "fit", "fit-words", "map-description",
            "epoch-out", "run-summary")
SAID = "root => Object.fromEntries(%s.map(n => [n, root.querySelector(`[data-tv=\"${n}\"]`).textContent]))" % (
    list(READOUTS),)


def open_panel(page, site_url: str, query: str = ""):
    page.goto(site_url + PAGE + query)
    page.wait_for_selector(f"{WIDGET}.nn-tv--live")
    widget = page.locator(WIDGET)
    panel = widget.locator("details.nn-rd")
    if not panel.evaluate("d => d.open"):
        panel.locator("summary").focus()
        page.keyboard.press("Enter")
    return widget


def field(widget, name: str):
    return widget.locator(f"[data-rd-field={name}]")


def type_into(page, widget, name: str, text: str) -> None:
    """Focus a box and replace its text from the keyboard."""
    field(widget, name).focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def choose_by_keyboard(page, widget, name: str, value: str) -> None:
    """Move a select to `value` with the arrow keys."""
    select = field(widget, name)
    select.focus()
    values = select.evaluate("s => [...s.options].map(o => o.value)")
    steps = values.index(value) - values.index(select.input_value())
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    assert select.input_value() == value


def status(widget) -> str:
    return widget.locator("[data-rd=status]").text_content()


def scrub(page, index: int) -> None:
    page.locator(f"{LIVE} [data-tv=scrubber]").evaluate(
        "(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input', {bubbles: true})); }", index)


def reach(page) -> int:
    return int(page.locator(f"{LIVE} [data-tv=scrubber]").get_attribute("max"))


def test_a_bad_value_is_said_beside_its_box_in_the_specs_words(page, site_url):
    widget = open_panel(page, site_url)
    type_into(page, widget, "layers", "1,2,3,4,5")
    error = widget.locator("[data-rd-error=layers]")
    expect(error).to_have_text("network.layers: expected 0 to 4 hidden layers, got 5", timeout=PYTHON_MS)
    assert field(widget, "layers").get_attribute("aria-invalid") == "true"
    widget.get_by_role("button", name="Train", exact=True).click()
    expect(widget.locator("[data-rd=status]")).to_contain_text("need another value")
    assert page.locator(LIVE).is_hidden()
    type_into(page, widget, "layers", "4,2")
    expect(error).to_have_text("", timeout=PYTHON_MS)
    # Fields of another dataset are off: the lesson's points take no noise.
    assert field(widget, "noise").is_disabled() and field(widget, "data").is_disabled()


def test_train_streams_checkpoints_that_can_be_scrubbed_and_cancel_and_a_change_stop_it(page, site_url):
    widget = open_panel(page, site_url)
    choose_by_keyboard(page, widget, "dataset", "circle")
    assert field(widget, "noise").is_enabled()
    type_into(page, widget, "points", "200")
    type_into(page, widget, "test", "0.25")
    type_into(page, widget, "layers", "4,2")
    type_into(page, widget, "epochs", "400")
    type_into(page, widget, "batch", "10")
    field(widget, "batch").press("Enter")  # submits the form: Train
    expect(widget.locator("[data-rd=status]")).to_contain_text("Training in this page's Python", timeout=PYTHON_MS)
    assert page.locator(f"{WIDGET} [data-rd=stored]").is_hidden() and page.locator(LIVE).is_visible()
    progress = widget.locator("[data-rd=progress]")
    page.wait_for_function("s => Number(s.max) >= 2", arg=page.locator(f"{LIVE} [data-tv=scrubber]").element_handle(),
                           timeout=PYTHON_MS)
    assert progress.evaluate("p => p.value") >= 14
    assert progress.evaluate("p => p.max") == 400 and progress.evaluate("p => p.value") < 400
    # Scrub back to epoch 0 while it grows: the view stays there as more checkpoints arrive.
    scrub(page, 0)
    before = reach(page)
    page.wait_for_function(f"s => Number(s.max) > {before}", arg=page.locator(f"{LIVE} [data-tv=scrubber]").element_handle(),
                           timeout=PYTHON_MS)
    said = page.locator(LIVE).evaluate(SAID)
    assert said["epoch"] == "0" and said["epoch-out"] == "0 of 400"
    assert said["run-summary"] == ""  # the run's story waits for the whole run
    # Cancel: nothing more arrives.
    widget.get_by_role("button", name="Cancel").click()
    expect(widget.locator("[data-rd=status]")).to_contain_text("Cancelled after epoch")
    stopped = reach(page)
    page.wait_for_timeout(1500)
    assert reach(page) == stopped and widget.get_by_role("button", name="Cancel").is_disabled()
    # Train again, then change a field: that run stops too.
    widget.get_by_role("button", name="Train", exact=True).click()
    expect(widget.locator("[data-rd=status]")).to_contain_text("Training in this page's Python", timeout=PYTHON_MS)
    type_into(page, widget, "rate", "0.5")
    expect(widget.locator("[data-rd=status]")).to_contain_text("A field changed, so the run stopped")
    stopped = reach(page)
    page.wait_for_timeout(1500)
    assert reach(page) == stopped


def test_a_copied_link_retrains_the_same_run_in_a_fresh_browser_and_back_returns(page, browser, site_url):
    widget = open_panel(page, site_url)
    choose_by_keyboard(page, widget, "dataset", "xor")
    type_into(page, widget, "points", "60")
    type_into(page, widget, "test", "0.5")
    type_into(page, widget, "layers", "3")
    type_into(page, widget, "epochs", "30")
    type_into(page, widget, "rate", "0.5")
    widget.get_by_role("button", name="Train", exact=True).click()
    expect(widget.locator("[data-rd=status]")).to_have_text("Trained all 30 epochs in this page's Python.",
                                                            timeout=PYTHON_MS)
    flat = to_flat(parse({"dataset": "xor", "points": "60", "test": "0.5", "layers": "3", "epochs": "30",
                          "rate": "0.5"}))
    scrub(page, 12)
    page.wait_for_url(re.compile(rf"[?&]{ID}\.epoch=12(&|#|$)"))
    query = dict(parse_qsl(urlparse(page.url).query))
    assert {k[len(ID) + 1:]: v for k, v in query.items() if k != f"{ID}.epoch"} == flat
    first = page.locator(LIVE).evaluate(SAID)
    assert first["epoch"] == "12" and first["run-summary"]
    context = browser.new_context()
    fresh = context.new_page()
    fresh.goto(page.url)
    fresh.wait_for_selector(f"{WIDGET}.nn-tv--live")
    expect(fresh.locator(f"{WIDGET} [data-rd=status]")).to_have_text("Trained all 30 epochs in this page's Python.",
                                                                     timeout=PYTHON_MS)
    assert fresh.locator(f"{WIDGET} details.nn-rd").evaluate("d => d.open")
    assert fresh.locator(LIVE).evaluate(SAID) == first
    context.close()
    # Back to the lesson's run: the stored runs again, and the spec leaves the URL.
    widget.get_by_role("button", name="Back to the lesson's run").click()
    assert page.locator(LIVE).is_hidden() and page.locator(f"{WIDGET} [data-rd=stored]").is_visible()
    page.wait_for_url(lambda url: f"{ID}.dataset" not in url and f"{ID}.epochs" not in url)
    stored = page.locator(f"{WIDGET} [data-rd=stored]")
    assert stored.locator("[data-tv=epoch-out]").text_content() == "0 of 40"
