"""The stored training runs (the visualizer's JSON, as the build writes it) tell
the stories the lesson promises, and every checkpoint is consistent with itself
and with lesson_py."""

import gzip
import json
import math
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

from build_hooks.widget_data import (
    ALPHABET, FENCE, LEVELS, decode_grid, dumps, encode_grid, run_data, training_runs_data,
)
from lesson_py import DATASET, deep, probability_grid, probability_verdict
from lesson_py.widgets.format import percent
from lesson_py.network import Layer
from lesson_py.runs import FIT_STATES, PLANS, replay, train_run
from lesson_py.training import LayerGradient, update

NETWORKS = ("shallow", "deep")


@pytest.fixture(scope="module")
def text() -> str:
    return dumps(training_runs_data())


@pytest.fixture(scope="module")
def runs(text) -> dict:
    """The runs read back from the JSON text, as the browser reads them."""
    return json.loads(text)["runs"]


def losses(run: dict) -> list[float]:
    return [c["loss"] for c in run["checkpoints"]]


def correct(checkpoint: dict) -> int:
    return checkpoint["verdicts"].count("correct")


def network_of(layers: list[dict], activations: list[str]):
    return tuple(Layer(tuple(map(tuple, l["weights"])), tuple(l["biases"]), a) for l, a in zip(layers, activations))


def test_every_run_is_stored_in_full(runs):
    for (network, preset), plan in PLANS.items():
        run = runs[network][preset]
        assert run["diverged"] is None
        assert [c["epoch"] for c in run["checkpoints"]] == list(range(plan.epochs + 1))
        assert run["learning_rate"] == plan.learning_rate and run["epochs"] == plan.epochs


@pytest.mark.parametrize("network", NETWORKS)
def test_gentle_learns_slower_than_balanced(runs, network):
    gentle, balanced = losses(runs[network]["gentle"]), losses(runs[network]["balanced"])
    assert gentle[0] == balanced[0]
    halfway = (balanced[0] + balanced[-1]) / 2
    reached = {name: next((e for e, loss in enumerate(ls) if loss <= halfway), math.inf)
               for name, ls in (("gentle", gentle), ("balanced", balanced))}
    assert reached["gentle"] > reached["balanced"]
    assert all(g > b for g, b in zip(gentle[1:11], balanced[1:11]))


@pytest.mark.parametrize("network", NETWORKS)
def test_balanced_loss_never_rises(runs, network):
    ls = losses(runs[network]["balanced"])
    assert all(later <= earlier for earlier, later in zip(ls, ls[1:]))
    assert "unstable" not in {c["fit"] for c in runs[network]["balanced"]["checkpoints"]}


@pytest.mark.parametrize("network", NETWORKS)
def test_aggressive_loss_rises_at_least_once(runs, network):
    ls = losses(runs[network]["aggressive"])
    rises = [later - earlier for earlier, later in zip(ls, ls[1:]) if later > earlier]
    assert rises
    assert "unstable" in {c["fit"] for c in runs[network]["aggressive"]["checkpoints"]}
    if network == "deep":  # a rise a reader sees on the chart: 5% of its loss range or more
        assert max(rises) >= 0.05 * (max(ls) - min(ls))


def test_shallow_never_gets_more_than_six_of_eight(runs):
    for preset, run in runs["shallow"].items():
        assert max(correct(c) for c in run["checkpoints"]) <= 6, preset
        assert "fitted" not in {c["fit"] for c in run["checkpoints"]}


def test_shallow_starts_at_the_lessons_numbers(runs):
    for run in runs["shallow"].values():
        start = run["checkpoints"][0]
        assert f"{start['loss']:.3f}" == "0.697"
        assert DATASET[0].name == "nw-positive" and percent(start["confidence"][0]) == "44%"


def test_deep_balanced_gets_all_eight_right(runs):
    checkpoints = runs["deep"]["balanced"]["checkpoints"]
    first = next(c["epoch"] for c in checkpoints if correct(c) == 8)
    assert all(correct(c) == 8 and c["fit"] == "fitted" for c in checkpoints[first:])


def test_accuracy_is_the_share_marked_correct_in_every_checkpoint(runs):
    for network in runs.values():
        for run in network.values():
            for c in run["checkpoints"]:
                assert c["accuracy"] == correct(c) / len(DATASET)
                assert len(c["confidence"]) == len(c["verdicts"]) == len(DATASET)


def test_verdicts_follow_the_confidences(runs):
    for network in runs.values():
        for run in network.values():
            for c in run["checkpoints"]:
                for point, p, verdict in zip(DATASET, c["confidence"], c["verdicts"]):
                    said = probability_verdict(p)
                    expected = "undecided" if said == "undecided" else (
                        "correct" if (said == "positive") == (point.label == 1) else "wrong")
                    assert verdict == expected
                assert c["fit"] in FIT_STATES


def test_parameters_round_trip_bit_for_bit_and_each_update_is_the_next_checkpoint(runs, text):
    for (network, preset), plan in PLANS.items():
        run = runs[network][preset]
        replayed = replay(network, preset)
        activations = [layer.activation for layer in replayed.checkpoints[0].network]
        for stored, fresh in zip(run["checkpoints"], replayed.checkpoints):
            assert network_of(stored["parameters"], activations) == fresh.network
            assert stored["loss"] == fresh.loss
        following = [c["parameters"] for c in run["checkpoints"][1:]] + [run["after_last"]]
        for stored, after in zip(run["checkpoints"], following):
            gradients = tuple(LayerGradient(tuple(map(tuple, g["weights"])), tuple(g["biases"]))
                              for g in stored["gradients"])
            stepped = update(network_of(stored["parameters"], activations), gradients, plan.learning_rate)
            assert stepped == network_of(after, activations)


def test_decision_maps_keep_the_predicted_class(runs):
    run = runs["deep"]["aggressive"]
    replayed = replay("deep", "aggressive")
    for stored, fresh in zip(run["checkpoints"][::7], replayed.checkpoints[::7]):
        exact = [p for row in probability_grid(fresh.network, 24, 1.2) for p in row]
        decoded = decode_grid(stored["map"])
        assert len(decoded) == len(exact) == 24 * 24
        # Each cell keeps the class the words give it: undecided cells decode to exactly 0.5, the others keep their side.
        assert all(probability_verdict(p) == probability_verdict(d) and abs(d - p) <= 1 / LEVELS
                   for d, p in zip(decoded, exact))


def test_grid_encoding_bins():
    assert encode_grid([[0.0, 0.494, 0.5, 0.506, 1.0]]) == ALPHABET[0] + ALPHABET[31] + FENCE + ALPHABET[32] + ALPHABET[63]
    assert decode_grid(FENCE) == [0.5] and FENCE not in ALPHABET
    assert len(set(ALPHABET)) == LEVELS and not set('"\\') & set(ALPHABET)


def test_the_json_is_strict_deterministic_and_small(text):
    assert dumps(training_runs_data()) == text  # computed again from scratch: the same bytes
    json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
    assert len(gzip.compress(text.encode("utf-8"))) <= 150_000


def test_a_diverging_run_stores_that_it_diverged():
    # A linear hidden layer with a large rate grows without bound until floats overflow.
    run = train_run(deep(3, "linear", seed=1), learning_rate=20.0, epochs=200)
    assert run.diverged_at is not None and len(run.checkpoints) == run.diverged_at
    data = run_data(run, 200)
    dumped = dumps(data)  # allow_nan=False: any NaN or Infinity left would raise here
    assert json.loads(dumped)["diverged"]["epoch"] == run.diverged_at
    assert data["after_last"] is None and len(data["checkpoints"]) == run.diverged_at
    # The last stored step says the run diverged instead of naming weights no float can hold.
    assert f"at epoch {run.diverged_at} the numbers grew beyond what a float can hold" in data["checkpoints"][-1]["words"]["steps"][3]


def test_the_store_computes_once_per_source_and_options(tmp_path, monkeypatch):
    import build_hooks.widget_data as widget_data

    calls = []

    def compute(widget, options):
        calls.append((widget, dict(options)))
        return {"schema": widget, "value": 0.1 + 0.2}

    options = {"id": "a", "mode": "single", "x1": 0.5}
    store = widget_data.DataStore(tmp_path, compute)
    data, text = store.get("neuron-playground", options)
    assert text == '{"schema":"neuron-playground","value":0.30000000000000004}'
    store.get("neuron-playground", {**options, "id": "b"})  # the id does not change the data
    assert len(calls) == 1
    fresh = widget_data.DataStore(tmp_path, compute)  # a new process: read from the folder
    assert fresh.get("neuron-playground", options) == (data, text) and len(calls) == 1
    fresh.get("neuron-playground", {**options, "x1": 0.6})  # other options: computed
    assert len(calls) == 2
    monkeypatch.setitem(widget_data.SOURCE_KEYS, "neuron-playground", "lesson_py changed")  # other source: computed
    widget_data.DataStore(tmp_path, compute).get("neuron-playground", options)
    assert len(calls) == 3
    for path in tmp_path.glob("*.json"):  # a damaged cache file is recomputed, not trusted
        path.write_text("{not json", encoding="utf-8")
    assert widget_data.DataStore(tmp_path, compute).get("neuron-playground", options)[1] == text
    assert len(calls) == 4


def test_each_widgets_cache_key_covers_only_its_own_sources(tmp_path, monkeypatch):
    from build_hooks import widget_data
    """Editing the playground's wording changes the playground's key, never the training runs'."""
    playground_file = widget_data.CORE / "widgets" / "playground.py"
    assert playground_file in widget_data.SOURCES["neuron-playground"]
    assert playground_file not in widget_data.SOURCES["training-visualizer"]
    before = dict(widget_data.SOURCE_KEYS)
    edited = tmp_path / "playground.py"
    edited.write_text(playground_file.read_text() + "\n# a reworded sentence\n")
    sources = {w: tuple(edited if p == playground_file else p for p in paths)
               for w, paths in widget_data.SOURCES.items()}
    monkeypatch.setattr(widget_data, "SOURCES", sources)
    assert widget_data.source_key("neuron-playground") != before["neuron-playground"]
    assert widget_data.source_key("training-visualizer") == before["training-visualizer"]
