""""Check with Python" for a run of a spec (lesson_py.widgets.run_check, the worker's call "spec_replay"):
the stored JSON of a run, sent back as the page holds it, is identical to what Python retrains up to the
epoch shown; any change to it, however small, is a mismatch that names the first place it differs."""

from __future__ import annotations

import copy
import json

import pytest

from build_hooks.widget_data import dumps, spec_run_data
from lesson_py.spec import parse, to_flat
from lesson_py.trainer import train_spec
from lesson_py.widgets.calls import call, respond

SPECS = {
    "test points, mini-batches, L2": {"dataset": "circle", "points": "40", "noise": "0.1", "test": "0.25",
                                      "layers": "4,2", "rate": "0.1", "batch": "5", "epochs": "25", "l2": "0.01"},
    "more epochs than maps": {"dataset": "xor", "points": "20", "layers": "2", "epochs": "130"},
    "diverging": {"layers": "3", "activation": "linear", "rate": "20", "epochs": "300"},
    "no hidden layer": {"dataset": "gauss", "points": "20", "layers": "none", "epochs": "8"},
}


def stored(name: str) -> dict:
    """The run's JSON as a page holds it: the build's, through JSON text."""
    flat = to_flat(parse(SPECS[name]))
    return json.loads(dumps(spec_run_data(flat, train_spec(parse(flat)))))


DATA = {name: stored(name) for name in SPECS}


def checked(data: dict, epoch: int) -> dict:
    return json.loads(call("spec_replay", json.dumps({"run": data, "epoch": epoch})))


@pytest.mark.parametrize("name", list(SPECS))
def test_the_stored_run_is_identical_bit_for_bit_at_its_first_a_middle_and_its_last_epoch(name):
    data = DATA[name]
    last = data["checkpoints"][-1]["epoch"]
    for epoch in (0, data["checkpoints"][len(data["checkpoints"]) // 2]["epoch"], last):
        answer = checked(data, epoch)
        assert answer["matches"], (epoch, answer["details"])
        assert answer["sentence"].endswith(f"got what the page stores up to epoch {epoch}: identical, bit for bit.")
        stored_cps = [c for c in data["checkpoints"] if c["epoch"] <= epoch]
        # Every loss and accuracy up to the epoch, the points; every stored checkpoint's texts, the run's words.
        has_test = data["test_losses"] is not None
        points = 3 * (len(data["points"]["training"]) + len(data["points"]["test"]))
        assert answer["numbers"] >= (epoch + 1) * (4 if has_test else 2) + points
        assert answer["texts"] >= len(stored_cps) * 3
        assert f"{len(stored_cps)} stored checkpoint" in answer["details"] and "no difference at all" in answer["details"]


def test_an_epoch_between_stored_checkpoints_and_the_streamed_run_check_too():
    data = DATA["more epochs than maps"]
    assert checked(data, 77)["matches"]
    # A reader's run still training: what the page has so far (no end yet) checks as well.
    partial = {k: v for k, v in data.items() if k != "diverged"}
    partial = {**partial, **{k: partial[k][:41] for k in ("losses", "test_losses", "accuracies", "test_accuracies")
                             if partial[k] is not None}}
    partial["checkpoints"] = [c for c in data["checkpoints"] if c["epoch"] <= 40]
    assert checked(partial, 40)["matches"]


@pytest.mark.parametrize("change, epoch, where", [
    (lambda d: d["losses"].__setitem__(7, d["losses"][7] + 1e-16 * max(1, abs(d["losses"][7]))), 12,
     "the training loss at epoch 7"),
    (lambda d: d["test_losses"].__setitem__(3, d["test_losses"][3] * (1 + 2 ** -52)), 12, "the test loss at epoch 3"),
    (lambda d: d["accuracies"].__setitem__(12, d["accuracies"][12] + 0.01), 12, "the training accuracy at epoch 12"),
    (lambda d: d["checkpoints"][2].__setitem__("map", d["checkpoints"][2]["map"][:-1] + "~"), 12,
     "the decision map of epoch 2"),
    (lambda d: d["checkpoints"][1]["words"].__setitem__("loss", "0.001"), 12, "the words of epoch 1 ('loss')"),
    (lambda d: d["checkpoints"][3]["words"]["steps"].__setitem__(3, "Weight update: none."), 12,
     "the words of epoch 3 ('steps')"),
    (lambda d: d["points"]["training"][4].__setitem__(0, 0.25), 12, "training point 5's x"),
    (lambda d: d["checkpoints"].pop(5), 12, "which epochs have a stored checkpoint"),
    (lambda d: d["words"].__setitem__("story", "It learns."), 25, "the run's words ('story')"),
])
def test_a_changed_stored_value_is_a_mismatch_that_names_it(change, epoch, where):
    data = copy.deepcopy(DATA["test points, mini-batches, L2"])
    change(data)
    answer = checked(data, epoch)
    assert not answer["matches"] and answer["where"] == where
    assert answer["sentence"] == (f"Python retrained this run for {epoch} epochs in your browser and got different "
                                  f"numbers: {where} is not what the page stores.")
    assert f"The first difference is {where}" in answer["details"] and "Python computed" in answer["details"]


def test_a_change_after_the_shown_epoch_is_not_looked_at():
    """The check covers the run up to the epoch shown, as the issue asks: later epochs are not retrained."""
    data = copy.deepcopy(DATA["test points, mini-batches, L2"])
    data["losses"][20] += 0.5
    data["words"]["story"] = "Changed."
    assert checked(data, 19)["matches"]
    answer = checked(data, 20)
    assert not answer["matches"] and answer["where"] == "the training loss at epoch 20"


def test_the_details_quote_both_numbers_in_full():
    data = copy.deepcopy(DATA["no hidden layer"])
    true = data["losses"][2]
    data["losses"][2] = true + 2 ** -40
    details = checked(data, 4)["details"]
    assert f"the page stores {true + 2 ** -40!r}, Python computed {true!r}" in details


def test_a_diverging_run_checks_where_it_stopped_at_its_last_epoch():
    data = copy.deepcopy(DATA["diverging"])
    last = data["checkpoints"][-1]["epoch"]
    assert data["diverged"] == {"epoch": last + 1}
    data["diverged"] = {"epoch": last + 2}
    answer = checked(data, last)
    assert not answer["matches"] and answer["where"] == "the epoch where the run stops"


@pytest.mark.parametrize("args, message", [
    ({"epoch": 1}, "'run' must be a run's JSON with its 'spec'"),
    ({"run": {"spec": {"layers": "9"}, "epochs": 60}, "epoch": 1}, "run.spec: "),
    ({"run": DATA["no hidden layer"], "epoch": 9}, "'epoch' must be a whole number from 0 to 8"),
])
def test_bad_arguments_are_refused_with_a_reason(args, message):
    reply = json.loads(respond("spec_replay", json.dumps(args)))
    assert message in reply["error"]
