"""What the run designer asks of the page's Python worker, seen in headless Chromium from the messages the
page posts to it: fields found good are not checked again when Train is pressed, their run's first piece is
asked for once (when they were found good, and Train uses it), and a changed field is checked anew and
trains its own run. The view of the run shows all its panels once it has trained."""

import json

from playwright.sync_api import expect

from test_run_designer_browser import LIVE, PYTHON_MS, WIDGET, open_panel, type_into

# Every call the page posts to the worker, in order: {name, args}.
RECORD = r"""
(() => {
  const Original = Worker;
  window.__calls = [];
  window.Worker = class extends Original {
    postMessage(message, ...rest) {
      if (message && message.type === "call") window.__calls.push({ name: message.name, args: JSON.parse(message.args) });
      return super.postMessage(message, ...rest);
    }
  };
})();
"""
PANELS = (".nn-tv-gradients", ".nn-nd", ".nn-tv-step", ".nn-tv-panel--table", ".nn-tv-panel--map")


def calls(page) -> list[dict]:
    return page.evaluate("window.__calls")


def first_pieces(page, spec: dict) -> list[dict]:
    return [c for c in calls(page) if c["name"] == "spec_run" and "from" not in c["args"] and c["args"]["spec"] == spec]


def checked(page, widget, name: str, text: str) -> dict:
    """Type into a box, and wait for the check of the form as it then is: the spec it found good."""
    before = len(calls(page))
    type_into(page, widget, name, text)
    page.wait_for_function(f"n => window.__calls.slice(n).some(c => c.name === 'spec_check' && c.args.options.{name} === {json.dumps(text)})",
                           arg=before, timeout=PYTHON_MS)
    page.wait_for_function(f"() => window.__calls.some(c => c.name === 'spec_run' && c.args.spec.{name} === {json.dumps(text)})",
                           timeout=PYTHON_MS)
    return next(c["args"]["spec"] for c in reversed(calls(page)) if c["name"] == "spec_run" and "from" not in c["args"])


def test_train_asks_no_second_check_and_uses_the_first_piece_asked_for_when_the_fields_were_found_good(page, site_url):
    page.add_init_script(RECORD)
    widget = open_panel(page, site_url)
    type_into(page, widget, "epochs", "12")
    spec = checked(page, widget, "rate", "0.7")
    assert spec["epochs"] == "12" and spec["rate"] == "0.7"
    asked = len(calls(page))
    widget.get_by_role("button", name="Train", exact=True).click()
    expect(widget.locator("[data-rd=status]")).to_have_text("Trained all 12 epochs in this page's Python.", timeout=PYTHON_MS)
    after = calls(page)[asked:]
    assert [c["name"] for c in after if c["name"] != "spec_run"] == []  # no check
    assert len(first_pieces(page, spec)) == 1  # asked for once, before Train
    assert all(c["args"]["spec"] == spec and "from" in c["args"] for c in after)  # Train asked for the rest only
    for panel in PANELS:
        assert page.locator(f"{LIVE} {panel}").first.is_visible(), panel
    # A changed field is checked anew, and Train trains its spec (its first piece, again asked for once).
    other = checked(page, widget, "rate", "0.3")
    widget.get_by_role("button", name="Train", exact=True).click()
    expect(widget.locator("[data-rd=status]")).to_have_text("Trained all 12 epochs in this page's Python.", timeout=PYTHON_MS)
    assert other["rate"] == "0.3" and len(first_pieces(page, other)) == 1
    assert page.locator(f"{LIVE} [data-tv=epoch-out]").text_content() == "12 of 12"
    assert page.locator(f"{WIDGET} [data-rd=live]").is_visible()


def test_train_pressed_at_once_checks_the_fields_first(page, site_url):
    page.add_init_script(RECORD)
    widget = open_panel(page, site_url)
    type_into(page, widget, "epochs", "5")
    page.keyboard.press("Enter")  # before the check a moment after the last keystroke
    expect(widget.locator("[data-rd=status]")).to_have_text("Trained all 5 epochs in this page's Python.", timeout=PYTHON_MS)
    names = [c["name"] for c in calls(page)]
    assert "spec_check" in names and names.index("spec_check") < names.index("spec_run")
    assert any(c["name"] == "spec_check" and c["args"]["options"]["epochs"] == "5" for c in calls(page))
