"""A training-visualizer block that defines its own run: the build trains the spec with
lesson_py, stores it as compact, deterministic JSON within the page budget, words it
truly at every stored epoch, and writes a no-script snapshot; the prose of
docs/going-deep.md claims only what its stored run shows."""

import functools
import gzip
import json
import re
from html import unescape
from pathlib import Path

import markdown
import pytest

from build_hooks import widget_data
from build_hooks.training_visualizer import stored_index
from build_hooks.widget_blocks import WidgetBlocksExtension, find_blocks
from build_hooks.widget_data import DataStore, decode_grid, dumps, spec_run_data
from lesson_py.neuron import POSITIVE, probability_verdict
from lesson_py.runs import fit_state
from lesson_py.spec import parse, to_flat
from lesson_py.trainer import spec_points, train_spec
from lesson_py.widgets import spec_runs
from lesson_py.widgets.format import percent, shown
from lesson_py.widgets.visualizer import GRID_SIZE, LOSS_DECIMALS

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "going-deep.md"
BUDGET = 150_000  # gzipped JSON bytes a page may load (tests/test_widget_build.py)
SMALL = to_flat(parse({"dataset": "xor", "points": "40", "test": "0.5", "layers": "3,2", "epochs": "130",
                       "batch": "8", "rate": "0.3"}))


def page_block():
    blocks = [b for b in find_blocks(PAGE.read_text(encoding="utf-8"), "docs/going-deep.md")
              if b.widget == "training-visualizer" and b.options["id"] == "circle-two-layers"]
    assert len(blocks) == 1, "going-deep.md has the circle run (its spiral runs: tests/test_experiments.py)"
    return blocks[0]


@pytest.fixture(scope="module")
def page_data():
    return spec_run_data(page_block().options["run"])


@functools.lru_cache(maxsize=None)
def other(which: str):
    """(the stored JSON, the trained run) of OTHERS[which], trained once for all the tests."""
    flat = to_flat(parse(OTHERS[which]))
    run = train_spec(parse(flat))
    return spec_run_data(flat, run), run


@pytest.fixture(scope="module")
def small():
    run = train_spec(parse(SMALL))
    return spec_run_data(SMALL, run), run


def prose(text: str) -> str:
    return " ".join(text.split())


# --- The JSON --------------------------------------------------------------------------

def test_the_json_keeps_every_epochs_losses_and_at_most_max_maps_checkpoints(small):
    data, run = small
    assert data["kind"] == "spec" and data["schema"] == "training-visualizer"
    assert data["losses"] == [c.loss for c in run.checkpoints]
    assert data["test_losses"] == [c.test_loss for c in run.checkpoints]
    assert len(data["losses"]) == 131
    epochs = [c["epoch"] for c in data["checkpoints"]]
    assert len(epochs) <= spec_runs.MAX_MAPS and epochs[0] == 0 and epochs[-1] == 130
    assert epochs == sorted(set(epochs)) and len({b - a for a, b in zip(epochs, epochs[1:-1])}) == 1
    train, test = spec_points(run.spec)
    assert len(data["points"]["training"]) == len(train) == 20 and len(data["points"]["test"]) == len(test) == 20
    for c in data["checkpoints"]:
        assert len(c["map"]) == GRID_SIZE ** 2 and len(c["verdicts"]) == 40
        assert len(c["words"]["confidence"]) == len(data["table"]) == spec_runs.TABLE_TRAINING + spec_runs.TABLE_TEST


def test_a_short_run_stores_every_epoch():
    data = spec_run_data(to_flat(parse({"epochs": "12"})))
    assert [c["epoch"] for c in data["checkpoints"]] == list(range(13))
    assert data["test_losses"] is None and data["checkpoints"][0]["words"]["test_loss"] == "no test points"


def test_the_json_is_the_same_on_every_build(small):
    assert dumps(spec_run_data(SMALL)) == dumps(small[0])
    assert json.loads(dumps(small[0])) == small[0]


def test_the_pages_data_stays_within_the_budget(page_data):
    assert len(gzip.compress(dumps(page_data).encode())) <= BUDGET


def test_the_cache_key_covers_the_spec_and_the_modules_it_reads():
    paths = {p.name for p in widget_data.SOURCES["training-visualizer"]}
    assert {"spec_runs.py", "visualizer.py", "format.py", "widget_data.py", "widget_specs.py"} <= paths
    store = DataStore()
    one = {"id": "a", "run": SMALL, "epoch": 0}
    other = {"id": "a", "run": {**SMALL, "rate": "0.5"}, "epoch": 0}
    assert store.key("training-visualizer", one) != store.key("training-visualizer", other)
    assert store.key("training-visualizer", one) == store.key("training-visualizer", {**one, "id": "b", "epoch": 3})
    assert widget_data.data_path("training-visualizer", "deep.md", one) == "widgets/data/deep/a.json"


# --- The words: true of the run at every stored epoch ---------------------------------------

def counted(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"(\d+) of (\d+) correct \((\d+)%\)", text)
    assert found, text
    return int(found.group(1)), int(found.group(2))


# Runs that reach every fit state's sentence: the lesson's points, an overshooting rate, listed
# points without a hidden layer, full-batch steps with L2 and test points.
OTHERS = {
    "lesson": {"epochs": "30"},
    "overshooting": {"rate": "20", "epochs": "40", "layers": "8,8", "activation": "relu"},
    "listed": {"dataset": "listed", "data": "0,0,1; 1,1,0; -1,1,1; 1,-1,0", "layers": "none", "epochs": "20"},
    "full batch": {"dataset": "xor", "points": "60", "test": "0.5", "layers": "2", "batch": "full", "rate": "3",
                   "epochs": "80", "l2": "0.01"},
}


def test_the_other_runs_reach_every_fit_state():
    states = {c["fit"] for name in OTHERS for c in other(name)[0]["checkpoints"]}
    assert states == {"unstable", "fitted", "learning", "underfitting"}


@pytest.mark.parametrize("which", ["small", "page", *OTHERS])
def test_every_stored_checkpoints_words_match_its_numbers(which, small, page_data):
    if which in OTHERS:
        data, run = other(which)
    else:
        data = small[0] if which == "small" else page_data
        run = small[1] if which == "small" else train_spec(parse(page_block().options["run"]))
    n_train = len(data["points"]["training"])
    letters = data["verdict_letters"]
    for c in data["checkpoints"]:
        e, words = c["epoch"], c["words"]
        train_v, test_v = c["verdicts"][:n_train], c["verdicts"][n_train:]
        assert counted(words["accuracy"]) == (train_v.count(letters["correct"]), n_train)
        if test_v:
            assert counted(words["test_accuracy"]) == (test_v.count(letters["correct"]), len(test_v))
        assert words["loss"] == shown(data["losses"][e], LOSS_DECIMALS)
        assert words["test_loss"] == (shown(data["test_losses"][e], LOSS_DECIMALS) if data["test_losses"]
                                      else "no test points")
        assert c["fit"] == fit_state([data["losses"][x] for x in spec_runs.spaced_epochs(run, e)],
                                     data["accuracies"][e] == 1.0)
        for kind, part in (("training", train_v), ("test", test_v)) if test_v else (("training", train_v),):
            said = re.search(rf"The {len(part)} {kind} points \([a-z ]+\): (\d+) correct, (\d+) wrong, (\d+) undecided",
                             words["map"])
            assert said and [int(g) for g in said.groups()] == [part.count(letters[v]) for v in
                                                                  ("correct", "wrong", "undecided")]
        train, test = spec_points(run.spec)
        for row, text in zip(data["table"], words["confidence"]):
            point = (train if row["set"] == "training" else test)[row["index"]]
            from lesson_py.network import predict
            assert text == percent(predict(run.checkpoints[e].network, point.inputs))


@pytest.mark.parametrize("which", ["small", *OTHERS])
def test_the_fit_sentence_names_the_losses_it_compares(which, small):
    data, run = small if which == "small" else other(which)
    losses = data["losses"]
    for c in data["checkpoints"][1:]:
        e, fit = c["epoch"], c["words"]["fit"]
        spaced = spec_runs.spaced_epochs(run, e)
        if c["fit"] == "learning":
            assert f"from epoch {spaced[-2]} to epoch {e}" in fit and losses[e] < losses[spaced[-2]]
        elif c["fit"] == "unstable":
            since, rose = map(int, re.search(r"rose from epoch (\d+) to epoch (\d+)", fit).groups())
            assert since in spaced and rose in spaced and losses[rose] > losses[since], fit
        elif c["fit"] == "fitted":
            assert data["accuracies"][e] == 1.0 and fit.startswith("All ")
        else:
            assert "by less than 0.1%" in fit and losses[spaced[-2]] - losses[e] < 0.001 * losses[spaced[-2]]


def test_the_story_and_chart_text_name_the_runs_losses(page_data):
    losses, tests = page_data["losses"], page_data["test_losses"]
    story, chart = page_data["words"]["story"], page_data["words"]["loss_description"]
    for values in (losses, tests):
        assert shown(values[0], LOSS_DECIMALS) in story and shown(values[-1], LOSS_DECIMALS) in story
        assert f"lowest {shown(min(values), LOSS_DECIMALS)} (epoch {values.index(min(values))})" in chart
    assert "solid line" in chart and "dashed line" in chart


# --- The snapshot ----------------------------------------------------------------------

def convert(text: str):
    extension = WidgetBlocksExtension(page="docs/going-deep.md", src="going-deep.md", store=DataStore())
    return markdown.Markdown(extensions=[extension]).convert(text), extension


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_snapshot_shows_the_first_state_with_both_losses_and_sets(small):
    block = "/// widget | training-visualizer\nid: mine\n" + "".join(f"{k}: {v}\n" for k, v in SMALL.items()) + \
        "epoch: 7\n///\n"
    html, ext = convert(block)
    data = json.loads(ext.files["widgets/data/going-deep/mine.json"])
    assert data == json.loads(dumps(small[0]))
    shown_cp = data["checkpoints"][stored_index(data, 7)]
    assert shown_cp["epoch"] <= 7 < data["checkpoints"][stored_index(data, 7) + 1]["epoch"]
    words = shown_cp["words"]
    for name, value in (("loss", words["loss"]), ("test-loss", words["test_loss"]), ("accuracy", words["accuracy"]),
                        ("test-accuracy", words["test_accuracy"]), ("fit", shown_cp["fit"])):
        assert f'data-tv="{name}">{value}<' in html, name
    text = text_of(html)
    assert "Scripts make it interactive" in text and words["fit"] in text and data["words"]["story"] in text
    assert "hollow: a test point" in text and data["words"]["table"] in text
    rows = re.findall(r'<tr data-point="([^"]+)" data-set="(\w+)"', html)
    assert [s for _, s in rows] == ["training"] * 8 + ["test"] * 4
    assert f'max="{len(data["checkpoints"]) - 1}"' in html and "disabled" in html
    assert 'id="widget-mine"' in html and 'data-src="widgets/data/going-deep/mine.json"' in html


# --- The page's prose ------------------------------------------------------------------

def test_the_pages_prose_claims_only_what_its_run_shows(page_data):
    text = prose(PAGE.read_text(encoding="utf-8"))
    spec = parse(page_block().options["run"])
    train, test = page_data["points"]["training"], page_data["points"]["test"]
    accuracies, test_accuracies = page_data["accuracies"], page_data["test_accuracies"]

    assert "200 points in a circle" in text and spec.dataset.points == 200 and spec.dataset.kind == "circle"
    assert "two hidden layers, 4 tanh neurons and then 2" in text and spec.network.layers == (4, 2)
    assert spec.network.activation == "tanh"
    assert "A quarter of the points, 50 of them" in text and len(test) == 50 == (len(train) + len(test)) // 4

    assert "fewer than half of the points right, on both sets" in text
    assert accuracies[0] < 0.5 and test_accuracies[0] < 0.5

    assert "the centre is predicted positive and all four corners negative" in text
    last = decode_grid(page_data["checkpoints"][-1]["map"])
    n, mid = GRID_SIZE, GRID_SIZE // 2
    assert probability_verdict(last[mid * n + mid]) == POSITIVE
    assert all(last[i] < 0.5 for i in (0, n - 1, (n - 1) * n, n * n - 1))

    assert "more than 90% of the training points and of the test points are right" in text
    assert accuracies[-1] > 0.9 and test_accuracies[-1] > 0.9

    assert "The test loss ends higher than the training loss" in text
    assert page_data["test_losses"][-1] > page_data["losses"][-1]
    assert "The test loss is at its lowest in the last tenth of the run, a few epochs before the end" in text
    tests = page_data["test_losses"]
    assert spec.training.epochs * 0.9 <= tests.index(min(tests)) < spec.training.epochs

    assert "test points**, drawn hollow" in text


def test_the_spec_snapshot_has_every_part_its_script_looks_for(small):
    """SpecVisualizer (and the transport it shares) finds its parts by data-tv name."""
    from build_hooks.training_visualizer import snapshot
    from tests.test_visualizer_snapshot import script_of
    wanted = set(re.findall(r'part\("([a-z-]+)"\)', script_of("ScrubbedWidget") + script_of("SpecVisualizer")))
    assert {"test-loss", "test-accuracy", "scrubber", "play", "map"} <= wanted
    html = snapshot({"id": "mine", "run": SMALL, "epoch": 0}, small[0])
    assert wanted <= set(re.findall(r'data-tv="([a-z-]+)"', html))
