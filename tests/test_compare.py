"""Runs to compare in one training-visualizer block: the compare option's reading, the words of the
compare chart (lesson_py.widgets.compare) against the runs' numbers, the JSON the build stores, and
the no-script snapshot (build_hooks/compare_view.py): the chart as SVG with its legend, the first run."""

import gzip
import re
from functools import lru_cache
from html import unescape

import pytest

from build_hooks import compare_view, widget_data
from build_hooks.widget_data import DataStore, compare_data, data_path, dumps, spec_run_data
from build_hooks.widget_specs import visualizer_options
from lesson_py.spec import parse
from lesson_py.trainer import train_spec
from lesson_py.widgets import compare
from lesson_py.widgets.format import shown
from lesson_py.widgets.visualizer import LOSS_DECIMALS

BLOCK = {"id": "rates", "epochs": "12", "compare": 'rate=0.5 "Slow"; rate=16; layers=4,2 rate=2 "Deeper"'}


@lru_cache(maxsize=None)
def block():
    options = visualizer_options(BLOCK)
    return options, compare_data(options["compare"])


def test_the_option_reads_overrides_and_labels():
    options, _ = block()
    runs = options["compare"]
    assert [r["label"] for r in runs] == ["Slow", "rate 16", "Deeper"]
    assert [r["about"] for r in runs] == ["rate 0.5", "rate 16", "layers 4,2, rate 2"]
    assert [r["run"]["rate"] for r in runs] == ["0.5", "16.0", "2.0"]
    assert runs[2]["run"]["layers"] == "4,2" and runs[0]["run"]["layers"] == "3"  # the base's default, overridden
    assert all(r["run"]["epochs"] == "12" for r in runs)
    assert options["epoch"] == 0 and "run" not in options


@pytest.mark.parametrize("text, message", [
    ("rate=1", "expected 2 to 4 runs separated by semicolons, got 1"),
    ('rate=1 "A"; rate=2 "A"', "expected every run's label to be different, got 'A' twice"),
    ('rate=1 "A" extra; rate=2', "run 1's label: expected"),
    ("rate=1 rate=2; rate=3", "run 1: 'rate' is given twice"),
    ("rate=1; =2", "run 2: expected overrides like rate=3"),
])
def test_read_runs_says_what_is_wrong(text, message):
    with pytest.raises(compare.CompareError) as caught:
        compare.read_runs(text)
    assert str(caught.value).startswith(message)


def test_each_run_is_stored_as_a_run_of_its_own_is():
    options, data = block()
    assert data["kind"] == "compare" and data["run_key"] == "run" and len(data["runs"]) == 3
    assert data["labels"] == ["Slow (rate 0.5)", "rate 16", "Deeper (layers 4,2, rate 2)"]
    for run, stored in zip(options["compare"], data["runs"], strict=True):
        alone = spec_run_data(run["run"])
        assert stored == {k: v for k, v in alone.items() if k not in ("schema", "version", "grid")}
    assert data["grid"] == spec_run_data(options["compare"][0]["run"])["grid"]


def test_the_description_says_each_runs_numbers():
    options, data = block()
    text = data["words"]["description"]
    assert text.startswith("The training loss of 3 runs at each of 12 epochs, one line each. ")
    for name, run in zip(data["labels"], data["runs"], strict=True):
        losses = run["losses"]
        low = min(range(len(losses)), key=losses.__getitem__)
        line = re.search(re.escape(name) + r": ([^.]+\.\d+[^.]*(?:\.\d+[^.]*)*)\.(?: |$)", text).group(1)
        assert line.startswith(f"{shown(losses[0], LOSS_DECIMALS)} at epoch 0, "
                               f"{shown(losses[-1], LOSS_DECIMALS)} at epoch {len(losses) - 1}, "
                               f"lowest {shown(losses[low], LOSS_DECIMALS)} at epoch {low}")
        rises = sum(b > a for a, b in zip(losses, losses[1:]))
        if rises:
            high = max(range(len(losses)), key=losses.__getitem__)
            assert f"it rises in {rises} of its 12 epochs" in line
            assert (f"highest at epoch {high}, {shown(losses[high], LOSS_DECIMALS)}" in line) == (high > 0)
        else:
            assert line.endswith("it never rises")
    assert any("rises in" in part for part in text.split(". ")), "rate 16 makes a loss rise: the test can tell"


def test_a_diverging_run_is_said_to_stop_and_its_line_ends_there():
    run = train_spec(parse({"epochs": "40", "rate": "20", "layers": "8,8", "activation": "linear"}))
    assert run.diverged_at == 7
    words = compare.loss_words("Huge", run)
    assert "at epoch 7 its numbers grew beyond what a float can hold and it stops." in words
    stored = compare.compare_json([run, run], [{}, {}], ["a", "b"])["runs"][0]
    line = compare_view.padded(stored)
    assert len(line) == 41 and line[len(stored["losses"]):] == [None] * (41 - len(stored["losses"]))


def test_the_snapshot_draws_every_run_and_shows_the_first():
    options, data = block()
    html = compare_view.snapshot(options, data)
    chart = re.search(r'<svg class="nn-tv-chart nn-cmp-chart".*?</svg>', html).group(0)
    paths = re.findall(r'<path class="([^"]+)" data-run="(\d)" fill="none" d="([^"]+)"', chart)
    assert sorted(int(i) for _, i, _ in paths) == [0, 1, 2]
    assert paths[-1][1] == "0" and "nn-chart-run--shown" in paths[-1][0]  # the first run, drawn last and strong
    assert all(f"nn-chart-run--{int(i) + 1}" in c for c, i, _ in paths)
    # the geometry: each path starts at epoch 0's loss and has a point per epoch
    top = max(v for r in data["runs"] for v in r["losses"])
    step = compare_view.round_step(top, compare_view.TICKS)
    high = -(-top // step) * step
    for _, i, d in paths:
        losses = data["runs"][int(i)]["losses"]
        points = re.findall(r"[ML]([\d.]+),([\d.]+)", d)
        assert len(points) == len(losses)
        plot = compare_view.HEIGHT - compare_view.MARGIN["top"] - compare_view.MARGIN["bottom"]
        expected = compare_view.HEIGHT - compare_view.MARGIN["bottom"] - losses[0] / high * plot
        assert abs(float(points[0][1]) - expected) < 0.01
    assert 'class="nn-chart-cursor" x1="38.0"' in chart or 'class="nn-chart-cursor" x1="38"' in chart
    legend = re.search(r'<ul class="nn-cmp-legend".*?</ul>', html).group(0)
    assert [unescape(t) for t in re.findall(r"</svg>([^<]+)</li>", legend)] == data["labels"]
    assert unescape(re.search(r'data-cmp="description">([^<]+)<', html).group(1)) == data["words"]["description"]
    radios = re.findall(r'<input type="radio" name="widget-rates-run" value="(\d)" data-cmp="run"( checked)? disabled>',
                        html)
    assert radios == [("1", " checked"), ("2", ""), ("3", "")]
    view = html.split('<div data-cmp="view">', 1)[1]
    first = data["runs"][0]
    assert first["words"]["training"] in unescape(view) and "learning rate 0.5" in unescape(view)
    assert f'data-tv="loss">{first["checkpoints"][0]["words"]["loss"]}<' in view
    assert "a still of epoch 0 of the first run, Slow" in html


def test_the_snapshot_shows_the_blocks_epoch_on_the_chart():
    options, data = block()
    html = compare_view.snapshot({**options, "epoch": 12}, data)
    x = compare_view.Chart([compare_view.padded(r) for r in data["runs"]]).x(12)
    assert f'class="nn-chart-cursor" x1="{x}"' in html and "a still of epoch 12" in html


def test_a_compare_block_has_a_data_file_and_a_cache_key_of_its_own():
    options, _ = block()
    assert data_path("training-visualizer", "how-it-learns.md", options) == "widgets/data/how-it-learns/rates.json"
    store = DataStore(compute=lambda widget, opts: {"n": 1})
    relabelled = {**options, "compare": [{**options["compare"][0], "label": "Gentle"}, *options["compare"][1:]]}
    assert store.key("training-visualizer", options) != store.key("training-visualizer", relabelled)
    assert store.key("training-visualizer", options) == store.key("training-visualizer", {**options, "id": "other"})
    assert any(p.name == "compare.py" for p in widget_data.SOURCES["training-visualizer"])
    assert any(p.name == "compare_view.py" for p in widget_data.SOURCES["training-visualizer"])


def test_the_how_it_learns_compare_block_fits_the_budget():
    """One compare block of three runs instead of three blocks: measured here, reported in the note."""
    from build_hooks.widget_blocks import find_blocks
    from tests.test_experiments import ROOT
    text = (ROOT / "docs" / "how-it-learns.md").read_text(encoding="utf-8")
    found = [b for b in find_blocks(text, "docs/how-it-learns.md") if "compare" in b.options]
    assert [b.options["id"] for b in found] == ["three-rates"]
    data = compare_data(found[0].options["compare"])
    size = len(gzip.compress(dumps(data).encode()))
    alone = sum(len(gzip.compress(dumps(spec_run_data(r["run"])).encode())) for r in found[0].options["compare"])
    print(f"three-rates: {size} bytes gzipped as one compare block, {alone} as three blocks")
    assert size <= alone and size < 150_000
