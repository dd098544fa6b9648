"""The Training Loop Visualizer in headless Chromium, driven like a reader.

Every sentence and formatted number the widget shows is worded by Python
(lesson_py.widgets.visualizer) and stored with its checkpoint; the tests read what
the page says, part by part (data-tv names), and compare it with the words
lesson_py gives for that run and epoch, computed here afresh in CPython, and with
the checkpoint stored in the build's JSON. One page load per test."""

import json
import random
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
from lesson_py.runs import PLANS, replay
from lesson_py.widgets import visualizer
from lesson_py.widgets.format import percent, shown
from lesson_py.widgets.wording import NETWORK_WORDS as NETWORKS, PRESET_WORDS as PRESETS

PAGE = "interactive/"
WIDGET = "#widget-training-loop"
RUNS = list(PLANS)
PYTHON_WITHIN_MS = 120_000
STEPS = ("forward", "loss", "backprop", "update")


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


# What the page says: every text part by its data-tv name, the table's cells, the scrubber's value text.
SAID = """root => {
    const text = name => root.querySelector(`[data-tv="${name}"]`).textContent;
    const names = ['epoch', 'loss', 'accuracy', 'fit', 'fit-words', 'run-summary', 'map-description',
                   'loss-description', 'highlight-label', 'highlight-confidence', 'highlight-verdict', 'highlight-run',
                   'step-forward', 'step-loss', 'step-backprop', 'step-update', 'epoch-out'];
    return {
        parts: Object.fromEntries(names.map(n => [n, text(n)])),
        valuetext: root.querySelector('[data-tv=scrubber]').getAttribute('aria-valuetext'),
        rows: [...root.querySelectorAll('[data-tv=table] tbody tr')].map(r => [...r.cells].map(c => c.textContent.trim())),
    };
}"""


def choose(widget, network: str, preset: str) -> None:
    widget.get_by_role("radio", name=NETWORKS[network].label).check()
    widget.get_by_role("radio", name=re.compile(rf"^{PRESETS[preset].label}\b")).check()


def table_rows(widget) -> list[list[str]]:
    return widget.locator("[data-tv=table] tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")


def checkpoint_of(data, network: str, preset: str, epoch: int) -> dict:
    return data["runs"][network][preset]["checkpoints"][epoch]


def test_everything_shown_is_pythons_words_for_the_stored_checkpoint(page, site_url, built_site):
    widget = open_widget(page, site_url)
    data = run_data(page, built_site)
    rng = random.Random(20261125)
    scrubber = widget.locator("[data-tv=scrubber]")
    index = 0  # the followed point: nw-positive
    checked = 0
    for network, preset in RUNS:
        choose(widget, network, preset)
        run = replay(network, preset)
        last = PLANS[(network, preset)].epochs
        assert scrubber.get_attribute("max") == str(last)
        epochs = sorted(rng.sample(range(1, last), 5)) + [0, last]
        # And the epochs whose accuracy sits exactly halfway between two whole percents
        # (1/8 is 12.5%): Python writes 12%, a naive JavaScript toFixed 13%.
        epochs += [c.epoch for c in run.checkpoints if (c.accuracy * 100) % 1 == 0.5][:2]
        for epoch in epochs:
            scrubber.fill(str(epoch))
            said = widget.evaluate(SAID)
            words = visualizer.checkpoint_words(run, epoch)  # lesson_py, in CPython, now
            fresh = run.checkpoints[epoch]
            stored = checkpoint_of(data, network, preset, epoch)
            assert stored["words"] == words  # the build stored exactly these words with this checkpoint
            expected = {
                "epoch": str(epoch), "loss": words["loss"], "accuracy": words["accuracy"], "fit": fresh.fit,
                "fit-words": words["fit"], "run-summary": visualizer.story(run), "map-description": words["map"],
                "loss-description": visualizer.loss_description(run),
                "highlight-label": "positive", "highlight-confidence": words["confidence"][index],
                "highlight-verdict": fresh.judgements[index].verdict, "highlight-run": visualizer.trend(run, index),
                **{f"step-{name}": text for name, text in zip(STEPS, words["steps"], strict=True)},
                "epoch-out": f"{epoch} of {last}",
            }
            assert said["parts"] == expected, (network, preset, epoch)
            assert said["valuetext"] == words["valuetext"]
            # The numbers in those words are the stored checkpoint's, written by Python.
            assert words["loss"] == shown(stored["loss"], 3) and fresh.loss == stored["loss"]
            rows = said["rows"]
            correct = sum(row[4] == "correct" for row in rows)
            assert words["accuracy"] == f"{correct} of {len(rows)} correct ({percent(stored['accuracy'])})"
            assert stored["accuracy"] == correct / len(rows)
            for row, confidence, verdict in zip(rows, stored["confidence"], stored["verdicts"], strict=True):
                assert row[3] == percent(confidence) and row[4] == verdict
                if row[3] == "50%":
                    assert row[4] == "undecided"
            checked += len(expected) + len(rows)
    assert checked > 6 * 7 * 20


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
    page.wait_for_function(f"() => document.querySelector('{WIDGET} [data-tv=epoch]').textContent === '{last}'")
    page.wait_for_function(f"() => document.querySelector('{WIDGET} [data-tv=play]').textContent === 'Play'")
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
    query = "?training-loop.network=deep&training-loop.preset=aggressive&training-loop.epoch=17&training-loop.highlight=se-soft"
    widget = open_widget(page, site_url, query)
    data = run_data(page, built_site)
    assert widget.get_by_role("radio", name="Deep").is_checked()
    assert widget.get_by_role("radio", name=re.compile(r"^Aggressive\b")).is_checked()
    assert widget.locator("[data-tv=epoch]").inner_text() == "17"
    assert widget.locator("[data-tv=highlight]").input_value() == "se-soft"
    cp = checkpoint_of(data, "deep", "aggressive", 17)
    assert widget.locator("[data-tv=highlight-confidence]").inner_text() == percent(cp["confidence"][5])
    assert widget.locator("tr.nn-tv-row--highlight th").inner_text() == "se-soft"
    # One name from the Markdown block to the URL: the block's option is `highlight`, and so is the URL's key.
    widget.locator("[data-tv=highlight]").select_option("ne-negative")
    expect(page).to_have_url(re.compile(r"training-loop\.highlight=ne-negative"))
    assert json.loads(widget.get_attribute("data-options"))["highlight"] == "nw-positive"
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
            for (const highlight of epoch % 10 ? ['nw-positive'] : v.runs.points.map(p => p.name)) {
                v.update({network, preset, epoch, highlight});
                const now = boxes();
                if (now !== first) moved.push(`${network}/${preset}/${epoch}/${highlight}: ${now}`);
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


def wait_for_check(page) -> None:
    page.wait_for_function(f"() => !!document.querySelector('{WIDGET} [data-tv=check-status]').dataset.result",
                           timeout=PYTHON_WITHIN_MS)


def test_check_with_python_reports_a_match_in_plain_words_first(page, site_url):
    widget = open_widget(page, site_url, "?training-loop.network=deep&training-loop.preset=aggressive&training-loop.epoch=23")
    status = widget.locator("[data-tv=check-status]")
    widget.locator("[data-tv=check]").click()
    wait_for_check(page)
    sentence, details = widget.locator("[data-tv=check-sentence]"), widget.locator("[data-tv=check-details]")
    assert status.get_attribute("data-result") == "match", status.text_content()
    assert sentence.inner_text().startswith("Python retrained 23 epochs in your browser and got the same numbers")
    assert not re.search(r"\d(e-|\[)", sentence.inner_text())  # no exponent, no array index in the sentence
    # The details wait behind a <details> until asked for.
    assert not details.is_visible()
    widget.locator("[data-tv=check-more] summary").click()
    assert details.is_visible()
    largest = float(re.search(r"Largest difference over 35 numbers \(loss, weights, gradients, confidences\): ([-+.e\d]+)",
                              details.inner_text()).group(1))
    assert largest == 0 and "identical, bit for bit" in sentence.inner_text()
    # Another epoch asks again, and a run of its own retrains that run.
    widget.locator("[data-tv=scrubber]").fill("60")
    assert status.inner_text() == "" and not widget.locator("[data-tv=check-more]").is_visible()
    widget.locator("[data-tv=check]").click()
    wait_for_check(page)
    assert status.get_attribute("data-result") == "match", status.text_content()
    assert "60 epochs" in sentence.inner_text()


def test_a_changed_checkpoint_is_caught(page, site_url):
    """The check can fail: with one stored weight nudged, Python's retraining disagrees."""
    widget = open_widget(page, site_url, "?training-loop.epoch=3")
    page.evaluate(f"""() => {{
        const cp = document.querySelector('{WIDGET}').visualizer.checkpoint;
        cp.layers[0].weights[0][1] += 1e-6;
    }}""")
    widget.locator("[data-tv=check]").click()
    wait_for_check(page)
    status = widget.locator("[data-tv=check-status]")
    assert status.get_attribute("data-result") == "mismatch", status.text_content()
    assert "got different numbers" in widget.locator("[data-tv=check-sentence]").inner_text()
    widget.locator("[data-tv=check-more] summary").click()
    assert "network[0].weights[0][1]" in widget.locator("[data-tv=check-details]").inner_text()


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
        words = visualizer.checkpoint_words(replay("shallow", "balanced"), 0)
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
        # The one-step sentences are Python's, there without scripts too.
        steps = [widget.locator(f"[data-tv=step-{name}]") for name in STEPS]
        assert [step.inner_text() for step in steps] == words["steps"] and steps[0].is_visible()
        assert widget.locator("[data-tv=fit-words]").inner_text() == words["fit"]
    finally:
        context.close()


def test_renderers_refuse_data_of_the_wrong_shape(page, site_url):
    """The chart, the map and the run reader throw on malformed data instead of drawing nonsense."""
    open_widget(page, site_url)
    errors = page.evaluate("""async (base) => {
        const { LineChart } = await import(base + 'line-chart.js');
        const { DecisionMap } = await import(base + 'decision-map.js');
        const { loadRuns } = await import(base + 'training-runs.js');
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
            version: () => loadRuns({...data, version: 99}, data.version),
            verdict: () => loadRuns(broken, data.version).run('deep', 'gentle'),
            words: () => { const b = structuredClone(data); delete b.runs.shallow.gentle.checkpoints[1].words.fit; return loadRuns(b, data.version).run('shallow', 'gentle'); },
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


def test_the_tables_confidence_header_says_of_what(page, site_url):
    """A negative point reads '0% … correct': the header says the confidence is that it is positive."""
    widget = open_widget(page, site_url)
    header = widget.locator("[data-tv=table] thead th").nth(3).text_content().replace("\u00ad", "")
    assert header == "Confidence it is positive"
    assert widget.locator("[data-tv=table] thead th").nth(2).text_content() == "Position (x1, x2)"


INSIDE = """([selectors]) => selectors.map(s => {
    const r = document.querySelector(s).getBoundingClientRect();
    return r.top >= -1 && r.left >= -1 && r.bottom <= window.innerHeight + 1 && r.right <= window.innerWidth + 1;
})"""


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)])
def test_the_slider_and_the_map_are_in_view_together_while_scrubbing(page, site_url, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    widget = open_widget(page, site_url)
    scrubber, canvas = f"{WIDGET} [data-tv=scrubber]", f"{WIDGET} [data-tv=map]"
    # The reader scrolls to the map, then scrubs with the keyboard: the slider stays in view with it.
    page.evaluate(f"document.querySelector('{canvas}').scrollIntoView({{block: 'end'}})")
    page.evaluate(f"document.querySelector('{scrubber}').focus({{preventScroll: true}})")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert widget.locator("[data-tv=epoch]").inner_text() == "5"
    assert page.evaluate(INSIDE, [[scrubber, canvas, f"{WIDGET} [data-tv=play]"]]) == [True, True, True]
    # And with the slider scrolled to the top of the page view, the map is there too.
    page.evaluate(f"document.querySelector('{scrubber}').scrollIntoView({{block: 'start'}})")
    page.wait_for_timeout(100)
    assert page.evaluate(INSIDE, [[scrubber, canvas]]) == [True, True]


def test_back_to_top_never_covers_play(page, site_url):
    """Material's "Back to top" button appears when the reader scrolls up; Play stays clickable."""
    page.set_viewport_size({"width": 390, "height": 844})
    widget = open_widget(page, site_url)
    canvas = page.locator(f"{WIDGET} [data-tv=map]")
    table = page.locator(f"{WIDGET} [data-tv=table]")
    table.scroll_into_view_if_needed()
    page.mouse.wheel(0, -300)  # scrolling up makes Material show the button
    page.wait_for_function("() => { const t = document.querySelector('.md-top'); return t && !t.hidden; }")
    page.wait_for_timeout(400)  # its fade-in
    play = widget.locator("[data-tv=play]")
    box = play.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844, box
    hit = page.evaluate("""([x, y]) => {
        const e = document.elementFromPoint(x, y);
        return e ? e.closest('[data-tv=play]') !== null : false;
    }""", [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert hit
    assert canvas.is_visible()
    # The button is still there for the reader, just not over the controls.
    top = page.locator(".md-top").bounding_box()
    assert top is not None and top["height"] > 0
