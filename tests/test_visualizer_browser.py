"""The Training Loop Visualizer in headless Chromium, driven like a reader.

Every number the widget shows carries the place in the build's JSON it comes
from (data-source) and how it is written (data-format); the tests read that JSON
from the built site and compare each number with Python's own formatting of the
stored value. One page load per test."""

import json
import random
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
from lesson_py.widgets.format import percent, shown
from lesson_py.runs import PLANS
from lesson_py.widgets.wording import NETWORK_WORDS as NETWORKS, PRESET_WORDS as PRESETS

PAGE = "interactive/"
WIDGET = "#widget-training-loop"
RUNS = list(PLANS)
PYTHON_WITHIN_MS = 120_000


def open_widget(page, site_url: str, query: str = ""):
    page.goto(site_url + PAGE + query)
    page.wait_for_selector(f"{WIDGET}.nn-tv--live")
    return page.locator(WIDGET)


def run_data(page, built_site: Path) -> dict:
    """The widget's JSON as the build wrote it: inline, or the file its data-src names."""
    widget = page.locator(WIDGET)
    inline = widget.locator('script[type="application/json"]')
    if inline.count():
        return json.loads(inline.first.text_content())
    src = widget.get_attribute("data-src")
    url = urlparse(urljoin(page.url, src)).path
    return json.loads((built_site / url.split("/nn-lesson/", 1)[1]).read_text())


def stored(data, source: str):
    """The value at a dotted path like runs.2.checkpoints.7.loss."""
    value = data
    for key in source.split("."):
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


def written(value, fmt: str) -> str:
    """How Python writes a stored value in the format the page declares."""
    if fmt == "percent":
        return percent(value)
    if fmt == "integer":
        assert value == int(value)
        return str(int(value))
    return shown(value, int(fmt))


def shown_numbers(widget) -> list[dict]:
    return widget.locator(".nn-num").evaluate_all(
        "spans => spans.map(s => ({source: s.dataset.source, format: s.dataset.format, text: s.textContent,"
        " visible: !!s.closest('[data-tv]') && s.getClientRects().length > 0}))")


def choose(widget, network: str, preset: str) -> None:
    widget.get_by_role("radio", name=NETWORKS[network].label).check()
    widget.get_by_role("radio", name=re.compile(rf"^{PRESETS[preset].label}\b")).check()


def table_rows(widget) -> list[list[str]]:
    return widget.locator("[data-tv=table] tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")


def checkpoint_of(data, network: str, preset: str, epoch: int) -> dict:
    return data["runs"][network][preset]["checkpoints"][epoch]


def test_every_number_shown_is_the_stored_checkpoints(page, site_url, built_site):
    widget = open_widget(page, site_url)
    data = run_data(page, built_site)
    rng = random.Random(20261125)
    scrubber = widget.locator("[data-tv=scrubber]")
    checked = 0
    for network, preset in RUNS:
        choose(widget, network, preset)
        last = PLANS[(network, preset)].epochs
        assert scrubber.get_attribute("max") == str(last)
        epochs = sorted(rng.sample(range(1, last), 5)) + [0, last]
        # And the epochs whose accuracy sits exactly halfway between two whole percents
        # (1/8 is 12.5%): Python writes 12%, a naive JavaScript toFixed 13%.
        checkpoints = data["runs"][network][preset]["checkpoints"]
        epochs += [c["epoch"] for c in checkpoints if (c["accuracy"] * 100) % 1 == 0.5][:2]
        for epoch in epochs:
            scrubber.fill(str(epoch))
            cp = checkpoint_of(data, network, preset, epoch)
            numbers = shown_numbers(widget)
            assert len(numbers) >= 12, numbers
            for n in numbers:
                assert n["text"] == written(stored(data, n["source"]), n["format"]), (network, preset, epoch, n)
                checked += 1
            # The read-outs come from this checkpoint (or, for the update's new weights, the next one).
            assert widget.locator("[data-tv=epoch]").inner_text() == str(epoch)
            assert widget.locator("[data-tv=loss]").inner_text() == shown(cp["loss"], 3)
            assert widget.locator("[data-tv=fit]").inner_text() == cp["fit"]
            rows = table_rows(widget)
            correct = sum(row[4] == "correct" for row in rows)
            assert widget.locator("[data-tv=accuracy]").inner_text() == f"{correct} of 8 correct ({percent(cp['accuracy'])})"
            assert cp["accuracy"] == correct / len(rows)
            for row, confidence, verdict in zip(rows, cp["confidence"], cp["verdicts"], strict=True):
                assert row[3] == percent(confidence) and row[4] == verdict
                if row[3] == "50%":
                    assert row[4] == "undecided"
            sources = {n["source"].rsplit(".", 1)[0] for n in numbers}
            assert any(s.endswith(f"checkpoints.{epoch}") for s in sources)
    assert checked > 6 * 7 * 12


def test_scrubbing_by_keyboard_and_the_step_buttons(page, site_url):
    widget = open_widget(page, site_url)
    scrubber = widget.locator("[data-tv=scrubber]")
    scrubber.focus()
    page.keyboard.press("ArrowRight")
    assert widget.locator("[data-tv=epoch]").inner_text() == "1"
    expect(page).to_have_url(re.compile(r"training-loop\.epoch=1(&|#|$)"))  # written once input pauses
    loss, accuracy = widget.locator("[data-tv=loss]").inner_text(), widget.locator("[data-tv=accuracy]").inner_text()
    assert scrubber.get_attribute("aria-valuetext") == f"epoch 1 of 40: loss {loss}, {accuracy.split(' (')[0]}"
    page.keyboard.press("End")
    last = PLANS[("shallow", "balanced")].epochs
    assert widget.locator("[data-tv=epoch]").inner_text() == str(last)
    assert widget.locator("[data-tv=forward]").is_disabled()
    page.keyboard.press("ArrowLeft")
    assert widget.locator("[data-tv=epoch]").inner_text() == str(last - 1)
    page.keyboard.press("Home")
    assert widget.locator("[data-tv=epoch]").inner_text() == "0"
    expect(page).not_to_have_url(re.compile("epoch="))  # the default state keeps a clean URL
    assert widget.locator("[data-tv=back]").is_disabled()
    # The step buttons, reached with Tab and pressed with Enter and Space.
    widget.locator("[data-tv=play]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.tv") == "forward"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert widget.locator("[data-tv=epoch]").inner_text() == "2"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.tv") == "back"
    page.keyboard.press("Enter")
    assert widget.locator("[data-tv=epoch]").inner_text() == "1"
    # Switching the run by keyboard: arrow keys move within a radio group.
    widget.get_by_role("radio", name="Shallow").focus()
    page.keyboard.press("ArrowDown")
    assert widget.get_by_role("radio", name="Deep").is_checked()
    expect(page).to_have_url(re.compile(r"training-loop\.network=deep"))
    assert widget.locator("[data-tv=scrubber]").get_attribute("max") == str(PLANS[("deep", "balanced")].epochs)


def test_play_runs_to_the_end_and_pause_stops(page, site_url):
    widget = open_widget(page, site_url, "?training-loop.epoch=30")
    play = widget.locator("[data-tv=play]")
    play.press("Enter")
    assert play.inner_text() == "Pause"
    last = PLANS[("shallow", "balanced")].epochs
    page.wait_for_function(f"document.querySelector('{WIDGET} [data-tv=epoch]').textContent === '{last}'")
    page.wait_for_function(f"document.querySelector('{WIDGET} [data-tv=play]').textContent === 'Play'")
    play.press("Enter")  # from the end, play starts again at epoch 0
    play.press("Enter")  # and pauses
    assert play.inner_text() == "Play"
    stopped = widget.locator("[data-tv=epoch]").inner_text()
    page.wait_for_timeout(400)
    assert widget.locator("[data-tv=epoch]").inner_text() == stopped
    assert int(stopped) < last


def test_reduced_motion_plays_slowly_and_never_by_itself(browser, site_url):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    try:
        widget = open_widget(page, site_url)
        page.wait_for_timeout(700)
        assert widget.locator("[data-tv=epoch]").inner_text() == "0"
        widget.locator("[data-tv=play]").click()
        page.wait_for_timeout(1500)
        moved = int(widget.locator("[data-tv=epoch]").inner_text())
        assert 1 <= moved <= 2, moved
    finally:
        context.close()


def test_the_url_holds_the_run_the_epoch_and_the_point(page, site_url, built_site):
    query = "?training-loop.network=deep&training-loop.preset=aggressive&training-loop.epoch=17&training-loop.point=se-soft"
    widget = open_widget(page, site_url, query)
    data = run_data(page, built_site)
    assert widget.get_by_role("radio", name="Deep").is_checked()
    assert widget.get_by_role("radio", name=re.compile(r"^Aggressive\b")).is_checked()
    assert widget.locator("[data-tv=epoch]").inner_text() == "17"
    assert widget.locator("[data-tv=point]").input_value() == "se-soft"
    cp = checkpoint_of(data, "deep", "aggressive", 17)
    assert percent(cp["confidence"][5]) in widget.locator("[data-tv=point-now]").inner_text()
    assert widget.locator("tr.nn-tv-row--highlight th").inner_text() == "se-soft"
    widget.locator("[data-tv=point]").select_option("ne-negative")
    expect(page).to_have_url(re.compile(r"training-loop\.point=ne-negative"))
    # Nonsense in the URL falls back to the defaults instead of breaking the widget.
    widget = open_widget(page, site_url, "?training-loop.network=huge&training-loop.epoch=9999")
    assert widget.get_by_role("radio", name="Shallow").is_checked()
    assert widget.locator("[data-tv=epoch]").inner_text() == "0"


SHIFT_CHECK = """() => {
    const root = document.querySelector('[data-widget=training-visualizer]');
    const v = root.visualizer;
    const parts = [...root.querySelectorAll('.nn-tv-panel, .nn-tv-readouts, .nn-tv-transport, .nn-tv-check, .nn-tv-story')];
    const boxes = () => JSON.stringify([root, ...parts].map(e => {
        const r = e.getBoundingClientRect();
        return [Math.round(r.left), Math.round(r.top + window.scrollY), Math.round(r.width), Math.round(r.height)];
    }));
    const first = boxes();
    const moved = [];
    for (const network of ['shallow', 'deep']) for (const preset of ['gentle', 'balanced', 'aggressive']) {
        const last = v.runs.run(network, preset).lastEpoch;
        for (let epoch = 0; epoch <= last; epoch++) {
            for (const point of epoch % 10 ? ['nw-positive'] : v.runs.points.map(p => p.name)) {
                v.update({network, preset, epoch, point});
                const now = boxes();
                if (now !== first) moved.push(`${network}/${preset}/${epoch}/${point}: ${now}`);
            }
        }
    }
    return {first, moved: moved.slice(0, 3), count: moved.length};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_moves_over_every_run_and_epoch(page, site_url, width):
    """No layout shift: every panel keeps its place and size for every run, epoch and point."""
    page.set_viewport_size({"width": width, "height": 900})
    open_widget(page, site_url)
    result = page.evaluate(SHIFT_CHECK)
    assert result["count"] == 0, (result["first"], result["moved"])


def test_check_with_python_reports_a_match(page, site_url):
    widget = open_widget(page, site_url, "?training-loop.network=deep&training-loop.preset=aggressive&training-loop.epoch=23")
    status = widget.locator("[data-tv=check-status]")
    widget.locator("[data-tv=check]").click()
    page.wait_for_function(f"document.querySelector('{WIDGET} [data-tv=check-status]').dataset.result",
                           timeout=PYTHON_WITHIN_MS)
    text = status.inner_text()
    assert status.get_attribute("data-result") == "match", text
    assert "it matches the stored checkpoint" in text
    largest = float(re.search(r"largest difference over 35 numbers: ([-+.e\d]+)", text).group(1))
    assert largest <= 1e-12
    # Another epoch asks again, and a run of its own retrains that run.
    widget.locator("[data-tv=scrubber]").fill("60")
    assert status.inner_text() == ""
    widget.locator("[data-tv=check]").click()
    page.wait_for_function(f"document.querySelector('{WIDGET} [data-tv=check-status]').dataset.result",
                           timeout=PYTHON_WITHIN_MS)
    assert status.get_attribute("data-result") == "match", status.inner_text()
    assert "60 epochs" in status.inner_text()


def test_a_changed_checkpoint_is_caught(page, site_url):
    """The check can fail: with one stored weight nudged, Python's retraining disagrees."""
    widget = open_widget(page, site_url, "?training-loop.epoch=3")
    page.evaluate(f"""() => {{
        const cp = document.querySelector('{WIDGET}').visualizer.checkpoint;
        cp.layers[0].weights[0][1] += 1e-6;
    }}""")
    widget.locator("[data-tv=check]").click()
    page.wait_for_function(f"document.querySelector('{WIDGET} [data-tv=check-status]').dataset.result",
                           timeout=PYTHON_WITHIN_MS)
    status = widget.locator("[data-tv=check-status]")
    assert status.get_attribute("data-result") == "mismatch", status.inner_text()
    assert "network[0].weights[0][1]" in status.inner_text()


def test_without_scripts_the_snapshot_shows_epoch_0(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + PAGE)
        widget = page.locator(WIDGET)
        data = run_data(page, built_site)
        cp = checkpoint_of(data, "shallow", "balanced", 0)
        note = widget.locator(".nn-tv-noscript")
        assert note.is_visible() and "JavaScript" in note.inner_text()
        assert widget.locator("[data-tv=epoch]").inner_text() == "0"
        assert widget.locator("[data-tv=loss]").inner_text() == shown(cp["loss"], 3) == "0.697"
        rows = table_rows(widget)
        correct = sum(row[4] == "correct" for row in rows)
        assert widget.locator("[data-tv=accuracy]").inner_text() == f"{correct} of 8 correct ({percent(cp['accuracy'])})"
        assert [row[0] for row in rows] == [p["name"] for p in data["dataset"]]
        assert rows[0][:4] == ["nw-positive", "positive", "(-1.00, 1.00)", "44%"]
        for row, confidence, verdict in zip(rows, cp["confidence"], cp["verdicts"], strict=True):
            assert row[3] == percent(confidence) and row[4] == verdict
        # The controls are there, labelled, and say they do nothing yet.
        assert widget.get_by_role("radio", name="Shallow").is_checked()
        assert widget.get_by_role("slider", name="Epoch").is_disabled()
        assert not widget.locator("[data-tv=step-forward]").is_visible()
    finally:
        context.close()


def test_numbers_are_written_as_python_writes_them(page, site_url):
    """py-format.js against Python's format on ties, negatives and random values."""
    open_widget(page, site_url)
    rng = random.Random(5)
    values = [0.125, 0.375, -0.125, 2.5, 0.5, -0.0, -0.001, 62.5, 12.5, 0.6931471805599453]
    values += [rng.randint(-4000, 4000) / 2 ** rng.randint(1, 10) for _ in range(300)]
    values += [rng.uniform(-3, 3) for _ in range(300)]
    cases = [(v, d) for v in values for d in (0, 1, 2, 3, 4)]
    got = page.evaluate("""async ([url, cases]) => {
        const { fixed, percent } = await import(url);
        return [cases.map(([v, d]) => fixed(v, d)), cases.map(([v]) => percent(Math.abs(v) % 1))];
    }""", [site_url + "widgets/js/py-format.js", cases])
    assert got[0] == [f"{v:.{d}f}" for v, d in cases]
    assert got[1] == [percent(abs(v) % 1) for v, _ in cases]


def test_renderers_refuse_data_of_the_wrong_shape(page, site_url):
    """The chart, the map and the run reader throw on malformed data instead of drawing nonsense."""
    open_widget(page, site_url)
    errors = page.evaluate("""async (base) => {
        const { LineChart } = await import(base + 'line-chart.js');
        const { DecisionMap } = await import(base + 'decision-map.js');
        const { loadRuns } = await import(base + 'training-runs.js');
        const { fixed } = await import(base + 'py-format.js');
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        const chart = new LineChart(svg);
        const map = new DecisionMap(document.createElement('canvas'));
        const data = await (await fetch(document.querySelector('[data-widget=training-visualizer]').dataset.src)).json();
        const broken = structuredClone(data);
        broken.runs.deep.gentle.checkpoints[3].verdicts[2] = 'maybe';
        const attempts = {
            chartNaN: () => chart.update({values: [0.5, NaN, 0.4], current: 0}),
            chartEpoch: () => chart.update({values: [0.5, 0.4], current: 2}),
            mapSize: () => map.update({size: 2, extent: 1, values: [0.5, 0.5, 0.5]}),
            mapRange: () => map.update({size: 1, extent: 1, values: [1.5]}),
            version: () => loadRuns({...data, version: 99}),
            verdict: () => loadRuns(broken).run('deep', 'gentle'),
            format: () => fixed(Infinity, 2),
        };
        const out = {};
        for (const [name, attempt] of Object.entries(attempts)) {
            try { attempt(); out[name] = 'drew'; } catch (error) { out[name] = error.constructor.name + ': ' + error.message; }
        }
        chart.update({values: [0.5, null, 0.4], current: 1});  // a gap is fine
        return out;
    }""", site_url + "widgets/js/")
    for name, result in errors.items():
        assert result.startswith("TypeError: "), (name, result)
    assert "verdict" in errors["verdict"] and "version 99" in errors["version"]
