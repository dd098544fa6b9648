""""Check with Python" and the one-training-step panel of a run of a spec, in headless Chromium: on
docs/going-deep.md the author's run shows the stored step sentences of the shown epoch, and Python in the
page retrains it to that epoch and reads "identical, bit for bit"; with one stored number changed in the
page's JSON before the widget mounts, the check is a mismatch that names that number; a reader's run of
the run designer has the same button and the same answer."""

import json
import re
from urllib.parse import urlencode

from playwright.sync_api import expect

from lesson_py.spec import parse, to_flat

PAGE = "going-deep/"
ID = "circle-two-layers"
WIDGET = f"#widget-{ID}"
PYTHON_MS = 180_000
EPOCH = 30  # a stored epoch of the 150-epoch run (every third epoch is stored)


def open_widget(page, site_url: str, query: str = ""):
    page.goto(site_url + PAGE + query)
    page.wait_for_selector(f"{WIDGET}.nn-tv--live")
    return page.locator(WIDGET)


def stored_json(page) -> dict:
    return page.locator(WIDGET).evaluate("root => root.visualizer.run.data")


def press_check(page, scope: str):
    widget = page.locator(scope)
    widget.locator("[data-tv=check]").click()
    page.wait_for_function(f"() => !!document.querySelector('{scope} [data-tv=check-status]').dataset.result",
                           timeout=PYTHON_MS)
    return widget.locator("[data-tv=check-status]").get_attribute("data-result"), \
        widget.locator("[data-tv=check-sentence]").inner_text()


def test_the_step_panel_shows_the_stored_sentences_of_the_shown_epoch(page, site_url):
    widget = open_widget(page, site_url, f"?{ID}.epoch={EPOCH}")
    data = stored_json(page)
    checkpoint = next(c for c in data["checkpoints"] if c["epoch"] == EPOCH)
    panel = widget.locator(".nn-tv-step")
    assert panel.locator("[data-tv=step-epoch]").inner_text() == str(EPOCH)
    assert [li.inner_text() for li in panel.locator("li").all()] == checkpoint["words"]["steps"]
    assert "mini-batches an epoch is 15 steps" in checkpoint["words"]["steps"][3]
    widget.locator("[data-tv=forward]").click()  # the next stored checkpoint's sentences
    after = data["checkpoints"][data["checkpoints"].index(checkpoint) + 1]
    assert panel.locator("li").nth(3).inner_text() == after["words"]["steps"][3] != checkpoint["words"]["steps"][3]


def test_check_with_python_says_identical_for_the_author_run(page, site_url):
    widget = open_widget(page, site_url, f"?{ID}.epoch={EPOCH}")
    result, sentence = press_check(page, WIDGET)
    assert result == "match", sentence
    assert sentence == (f"Python retrained this run for {EPOCH} epochs in your browser and got what the page stores "
                        f"up to epoch {EPOCH}: identical, bit for bit.")
    details = widget.locator("[data-tv=check-details]")
    assert not details.is_visible()
    widget.locator("[data-tv=check-more] summary").click()
    assert "no difference at all" in details.inner_text()
    # Moving to another epoch clears the answer.
    widget.locator("[data-tv=back]").click()
    assert widget.locator("[data-tv=check-sentence]").inner_text() == ""
    assert widget.locator("[data-tv=check-status]").get_attribute("data-result") is None


def test_a_changed_stored_number_is_a_mismatch_that_names_it(page, site_url):
    """The page's JSON is changed on its way in (one training loss, by one part in 10^15), before the widget mounts."""
    def tamper(route):
        response = route.fetch()
        data = response.json()
        data["losses"][12] *= 1 + 1e-15
        route.fulfill(response=response, body=json.dumps(data))
    page.route(re.compile(rf".*/widgets/data/going-deep/{ID}\.json(\?.*)?$"), tamper)
    widget = open_widget(page, site_url, f"?{ID}.epoch={EPOCH}")
    result, sentence = press_check(page, WIDGET)
    assert result == "mismatch", sentence
    assert sentence == (f"Python retrained this run for {EPOCH} epochs in your browser and got different numbers: "
                        "the training loss at epoch 12 is not what the page stores.")
    widget.locator("[data-tv=check-more] summary").click()
    assert "The first difference is the training loss at epoch 12: the page stores " in \
        widget.locator("[data-tv=check-details]").inner_text()


def test_a_readers_run_has_the_same_check(page, site_url):
    flat = to_flat(parse({"dataset": "xor", "points": "30", "test": "0.2", "layers": "3,2", "epochs": "20",
                          "batch": "4", "l2": "0.01"}))
    query = urlencode({**{f"training-loop.{k}": v for k, v in flat.items()}, "training-loop.epoch": "12"})
    page.goto(site_url + "interactive/?" + query)
    widget = page.locator("#widget-training-loop")
    expect(widget.locator("[data-rd=status]")).to_have_text("Trained all 20 epochs in this page's Python.",
                                                            timeout=PYTHON_MS)
    live = "#widget-training-loop [data-rd=live]"
    assert page.locator(f"{live} [data-tv=step-epoch]").inner_text() == "12"
    assert "with mini-batches an epoch is 6 steps (5 of 4 points and a last one of 4)" not in \
        page.locator(f"{live} .nn-tv-step").inner_text()  # 24 training points: 6 steps of 4
    assert "with mini-batches an epoch is 6 steps (each of 4 points)" in page.locator(f"{live} .nn-tv-step").inner_text()
    result, sentence = press_check(page, live)
    assert result == "match", sentence
    assert sentence.endswith("up to epoch 12: identical, bit for bit.")
