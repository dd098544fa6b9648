"""The author-defined run of docs/going-deep.md in headless Chromium: it hydrates, the
scrubber steps through the stored checkpoints and the read-outs follow (the words the
build stored for each), the chart draws the test loss as a second line, the map draws
test points hollow, the URL opens a chosen epoch, and without scripts the snapshot
reads as the first state."""

import json
import math
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

PAGE = "going-deep/"
ID = "circle-two-layers"
WIDGET = f"#widget-{ID}"
READOUTS = ("epoch", "loss", "test-loss", "accuracy", "test-accuracy", "fit", "fit-words", "map-description",
            "epoch-out")

SAID = """root => Object.fromEntries(%s.map(n => [n, root.querySelector(`[data-tv="${n}"]`).textContent]))""" % (
    json.dumps(list(READOUTS)))


def open_widget(page, site_url: str, query: str = ""):
    page.goto(site_url + PAGE + query)
    page.wait_for_selector(f"{WIDGET}.nn-tv--live")
    return page.locator(WIDGET)


def stored(page, built_site: Path) -> dict:
    src = page.locator(WIDGET).get_attribute("data-src")
    path = urlparse(urljoin(page.url, src)).path.split("/nn-lesson/", 1)[1]
    return json.loads((built_site / path).read_text())


def expected(data: dict, index: int) -> dict:
    c = data["checkpoints"][index]
    w = c["words"]
    return {"epoch": str(c["epoch"]), "loss": w["loss"], "test-loss": w["test_loss"], "accuracy": w["accuracy"],
            "test-accuracy": w["test_accuracy"], "fit": c["fit"], "fit-words": w["fit"], "map-description": w["map"],
            "epoch-out": f"{c['epoch']} of {data['epochs']}"}


def scrub(widget, index: int) -> None:
    widget.locator("[data-tv=scrubber]").evaluate(
        "(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input', {bubbles: true})); }", index)


def test_scrubbing_steps_through_the_stored_checkpoints_and_the_readouts_follow(page, site_url, built_site):
    widget = open_widget(page, site_url)
    data = stored(page, built_site)
    assert widget.evaluate(SAID) == expected(data, 0)
    last = len(data["checkpoints"]) - 1
    assert widget.locator("[data-tv=scrubber]").get_attribute("max") == str(last)
    for index in (17, last):
        scrub(widget, index)
        said = widget.evaluate(SAID)
        assert said == expected(data, index)
    assert said["test-accuracy"] != expected(data, 0)["test-accuracy"] and said["loss"] != expected(data, 0)["loss"]
    widget.locator("[data-tv=back]").click()
    assert widget.evaluate(SAID) == expected(data, last - 1)
    # The URL is written a moment after the last change (docs/widgets/js/url-state.js).
    page.wait_for_url(re.compile(rf"[?&]{ID}\.epoch={data['checkpoints'][last - 1]['epoch']}(&|#|$)"))
    rows = widget.locator("[data-tv=table] tbody tr")
    assert rows.count() == len(data["table"]) == 12
    confidences = [rows.nth(i).locator("[data-tv-cell=confidence]").text_content() for i in range(rows.count())]
    assert confidences == data["checkpoints"][last - 1]["words"]["confidence"]


def test_the_chart_draws_the_test_loss_as_a_second_line(page, site_url, built_site):
    widget = open_widget(page, site_url)
    data = stored(page, built_site)
    lines = widget.locator("[data-tv=loss-chart] path.nn-chart-line")
    assert lines.count() == 2
    paths = [lines.nth(i).get_attribute("d") for i in range(2)]
    # One point per epoch in each line: the training loss, then the test loss.
    assert [p.count("L") + 1 for p in paths] == [len(data["losses"]), len(data["test_losses"])]
    assert paths[0] != paths[1]
    dashed = lines.nth(1).evaluate("l => getComputedStyle(l).strokeDasharray")
    assert dashed not in ("", "none")
    legend = widget.locator(".nn-tv-chart-legend").text_content()
    assert "Training loss" in legend and "Test loss" in legend
    assert "dashed line" in widget.locator("[data-tv=loss-description]").text_content()


# The centre pixel of an isolated point: its class colour when filled (a training point),
# the page's background when hollow (a test point).
CENTRES = """(canvas, points) => {
    const ctx = canvas.getContext('2d');
    return points.map(([x, y]) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)));
}"""
COLOURS = """canvas => {
    const style = getComputedStyle(canvas), probe = document.createElement('canvas').getContext('2d');
    const rgb = name => { probe.fillStyle = style.getPropertyValue(name).trim(); probe.fillRect(0, 0, 1, 1);
                          return Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3)); };
    return {background: rgb('--md-default-bg-color'), positive: rgb('--nn-positive'), negative: rgb('--nn-negative')};
}"""


def isolated(points: list, others: list, extent: float, width: int, gap: float) -> list:
    """Points (in canvas pixels) farther than `gap` pixels from every other point and from the edges."""
    to_px = lambda p: ((p[0] + extent) / (2 * extent) * width, (extent - p[1]) / (2 * extent) * width)  # noqa: E731
    found = []
    for p in points:
        x, y = to_px(p)
        if gap < x < width - gap and gap < y < width - gap and all(
                math.dist((x, y), to_px(q)) > gap for q in others if q is not p):
            found.append((x, y, p[2]))
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_test_points_are_drawn_hollow_and_the_map_text_says_so(browser, site_url, built_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    widget = open_widget(page, site_url, f"?{ID}.epoch=150")
    data = stored(page, built_site)
    canvas = widget.locator("[data-tv=map]")
    width = canvas.evaluate("c => c.width")
    every = data["points"]["training"] + data["points"]["test"]
    gap = 16 * width / 240
    train = isolated(data["points"]["training"], every, data["grid"]["extent"], width, gap)
    test = isolated(data["points"]["test"], every, data["grid"]["extent"], width, gap)
    assert train and test, "the run has isolated points of both sets"
    colours = canvas.evaluate(COLOURS)
    near = lambda a, b: max(abs(u - v) for u, v in zip(a, b)) <= 12  # noqa: E731
    for x, y, label in train[:5]:
        [centre] = canvas.evaluate(CENTRES, [[x, y]])
        assert near(centre, colours["positive" if label == 1 else "negative"]), (x, y, centre)
    for x, y, label in test[:5]:
        [centre] = canvas.evaluate(CENTRES, [[x, y]])
        assert near(centre, colours["background"]), (x, y, centre)
    text = widget.locator("[data-tv=map-description]").text_content()
    assert "test points (hollow shapes)" in text and "training points (filled shapes)" in text
    assert "hollow: a test point" in widget.locator(".nn-tv-legend").text_content()
    context.close()


def test_the_url_opens_the_stored_checkpoint_at_or_before_its_epoch(page, site_url, built_site):
    widget = open_widget(page, site_url, f"?{ID}.epoch=100")
    data = stored(page, built_site)
    index = max(i for i, c in enumerate(data["checkpoints"]) if c["epoch"] <= 100)
    assert widget.evaluate(SAID) == expected(data, index)


def test_without_scripts_the_snapshot_reads_as_the_first_state(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PAGE)
    widget = page.locator(WIDGET)
    assert "nn-tv--live" not in (widget.get_attribute("class") or "")
    src = widget.get_attribute("data-src")
    data = json.loads((built_site / urlparse(urljoin(page.url, src)).path.split("/nn-lesson/", 1)[1]).read_text())
    for name, value in expected(data, 0).items():
        if name not in ("map-description",):  # the map's panel needs scripts
            assert widget.locator(f'[data-tv="{name}"]').text_content() == value, name
    assert widget.locator(".nn-tv-noscript").is_visible()
    assert widget.locator("[data-tv=table] tbody tr").count() == 12
    assert widget.locator("[data-tv=scrubber]").is_disabled()
    context.close()
