"""The compare block of docs/how-it-learns.md (three learning rates from one start) in headless
Chromium: picking another run by keyboard moves the compare chart's strong line, the legend and the
read-outs to that run at the same epoch, the URL holds the run and the epoch, a fresh page at that URL
shows them; every run's line differs in dash pattern and colour; without scripts the chart, its legend
and the first run are there."""

import json
import re
from pathlib import Path

PAGE = "how-it-learns/"
ID = "three-rates"
WIDGET = f"#widget-{ID}"
READOUTS = ("epoch", "loss", "accuracy", "fit", "fit-words", "map-description", "epoch-out", "run-summary")

SAID = """root => Object.fromEntries(%s.map(n => [n, root.querySelector(`[data-cmp="view"] [data-tv="${n}"]`).textContent]))""" % (
    json.dumps(list(READOUTS)))
SHOWN = "root => root.querySelector('[data-cmp=chart] path.nn-chart-run--shown').dataset.run"


def open_widget(page, url: str):
    page.goto(url)
    page.wait_for_selector(f"{WIDGET}.nn-tv--live")
    return page.locator(WIDGET)


def stored(built_site: Path) -> dict:
    """The block's data file (build_hooks.widget_data.data_path: the page's folder, the block's id)."""
    return json.loads((built_site / "widgets" / "data" / PAGE.strip("/") / f"{ID}.json").read_text())


def expected(data: dict, run: int, index: int) -> dict:
    r = data["runs"][run]
    c = r["checkpoints"][index]
    w = c["words"]
    return {"epoch": str(c["epoch"]), "loss": w["loss"], "accuracy": w["accuracy"], "fit": c["fit"], "fit-words": w["fit"],
            "map-description": w["map"], "epoch-out": f"{c['epoch']} of {r['epochs']}", "run-summary": r["words"]["story"]}


def scrub(widget, index: int) -> None:
    widget.locator("[data-cmp=view] [data-tv=scrubber]").evaluate(
        "(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input', {bubbles: true})); }", index)


def cursor_x(widget) -> float:
    return float(widget.locator("[data-cmp=chart] .nn-chart-cursor").get_attribute("x1"))


def test_another_run_by_keyboard_moves_the_line_and_the_readouts_and_the_url_keeps_it(page, site_url, built_site):
    widget = open_widget(page, site_url + PAGE)
    data = stored(built_site)
    assert data["kind"] == "compare" and len(data["runs"]) == 3
    assert widget.evaluate(SAID) == expected(data, 0, 0) and widget.evaluate(SHOWN) == "0"
    index = 30
    scrub(widget, index)
    epoch = data["runs"][0]["checkpoints"][index]["epoch"]
    assert widget.evaluate(SAID) == expected(data, 0, index)
    at_epoch = cursor_x(widget)
    assert at_epoch > 38  # moved off epoch 0
    # Keyboard: the radio group takes the arrow keys, as any radio group does.
    radios = widget.locator("[data-cmp=run]")
    radios.nth(0).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert radios.nth(2).is_checked() and radios.nth(2).evaluate("r => r === document.activeElement")
    assert widget.evaluate(SHOWN) == "2"
    third = data["runs"][2]
    third_index = max(i for i, c in enumerate(third["checkpoints"]) if c["epoch"] <= epoch)
    said = widget.evaluate(SAID)
    assert said == expected(data, 2, third_index) and said["loss"] != expected(data, 0, index)["loss"]
    assert cursor_x(widget) == at_epoch  # the same epoch marked
    assert widget.locator(".nn-cmp-legend--shown").text_content() == data["labels"][2]
    dot = float(widget.locator("[data-cmp=chart] .nn-chart-dot").get_attribute("cy"))
    strong = widget.locator("[data-cmp=chart] path.nn-chart-run--shown").get_attribute("d")
    assert f",{dot:.2f}" in strong  # the marker sits on the shown run's line
    page.wait_for_url(re.compile(rf"[?&]{ID}\.run=3(&|#|$)"))
    assert f"{ID}.epoch={epoch}" in page.url
    link = page.url
    # A fresh page at that URL shows the same run at the same epoch.
    fresh = page.context.new_page()
    again = open_widget(fresh, link)
    assert again.locator("[data-cmp=run]").nth(2).is_checked()
    assert again.evaluate(SHOWN) == "2" and again.evaluate(SAID) == said
    assert cursor_x(again) == at_epoch
    fresh.close()
    # Back to the first run with the keyboard (Space on a focused radio, then the arrow round the group).
    page.keyboard.press("ArrowRight")
    assert radios.nth(0).is_checked() and widget.evaluate(SHOWN) == "0"
    assert widget.evaluate(SAID) == expected(data, 0, index)
    page.wait_for_url(lambda url: f"{ID}.run=" not in url)  # the default run keeps a clean URL


def test_every_run_has_a_line_of_its_own_dash_and_colour(page, site_url, built_site):
    widget = open_widget(page, site_url + PAGE)
    data = stored(built_site)
    lines = widget.locator("[data-cmp=chart] path.nn-chart-run")
    assert lines.count() == 3
    looks = [lines.nth(i).evaluate("l => [l.dataset.run, getComputedStyle(l).strokeDasharray, getComputedStyle(l).stroke]")
             for i in range(3)]
    assert sorted(r for r, _, _ in looks) == ["0", "1", "2"]
    assert len({d for _, d, _ in looks}) == 3 and len({s for _, _, s in looks}) == 3
    for run, _, _ in looks:
        d = widget.locator(f'[data-cmp=chart] path[data-run="{run}"]').get_attribute("d")
        assert d.count("L") + 1 == len(data["runs"][int(run)]["losses"])  # a point per epoch
    swatches = widget.locator(".nn-cmp-legend li .nn-chart-run")
    assert [swatches.nth(i).evaluate("l => getComputedStyle(l).strokeDasharray") for i in range(3)] == \
        [d for _, d, _ in sorted(looks)]
    assert widget.locator(".nn-cmp-legend li").all_text_contents() == data["labels"]
    assert widget.locator("[data-cmp=description]").text_content() == data["words"]["description"]
    label = widget.locator("[data-cmp=chart]").get_attribute("aria-labelledby").split()
    assert page.locator(f"#{label[1]}").text_content() == data["words"]["description"]


def test_without_scripts_the_chart_its_legend_and_the_first_run_are_there(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PAGE)
    widget = page.locator(WIDGET)
    data = stored(built_site)
    assert widget.locator("[data-cmp=chart] path.nn-chart-run").count() == 3
    assert widget.evaluate(SHOWN) == "0"
    assert widget.locator(".nn-cmp-legend li").all_text_contents() == data["labels"]
    assert widget.locator("[data-cmp=run]").nth(0).is_checked() and widget.locator("[data-cmp=run]").nth(0).is_disabled()
    assert widget.locator(".nn-cmp-noscript").is_visible()
    assert widget.evaluate(SAID) == expected(data, 0, 0)
    context.close()
