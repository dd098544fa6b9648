"""The "one training step" panel of a run of a spec (lesson_py.widgets.spec_steps): each of its four
sentences checked against the run's own numbers, for no hidden layer, two and four, the full batch and
mini-batches, with and without L2; stored with each stored checkpoint and shown in the snapshot."""

from __future__ import annotations

import math
import re
from html import escape

import pytest

from build_hooks.training_visualizer import snapshot
from build_hooks.widget_data import spec_run_data
from lesson_py.spec import parse, to_flat
from lesson_py.trainer import spec_points, train_spec
from lesson_py.training import judge
from lesson_py.widgets.format import percent, shown
from lesson_py.widgets.spec_runs import significant
from lesson_py.widgets.spec_steps import step_sentences

SPECS = {
    "no hidden layer, full batch": {"dataset": "xor", "points": "40", "layers": "none", "rate": "1", "epochs": "6"},
    "two layers, mini-batches, L2": {"dataset": "circle", "points": "50", "test": "0.2", "layers": "4,2",
                                     "rate": "0.1", "batch": "7", "epochs": "5", "l2": "0.01"},
    "four layers, relu, full batch, L2": {"dataset": "spiral", "points": "30", "layers": "3,2,4,2", "activation": "relu",
                                          "rate": "0.5", "epochs": "4", "l2": "0.001", "init": "3"},
    "four layers, sigmoid, mini-batches": {"dataset": "gauss", "points": "24", "layers": "2,2,2,2",
                                           "activation": "sigmoid", "rate": "2", "batch": "6", "epochs": "4"},
    "the lesson's points, one hidden layer": {"layers": "3", "epochs": "3", "batch": "3"},
    "diverging": {"layers": "3", "activation": "linear", "rate": "20", "epochs": "300"},
}
RUNS = {name: train_spec(parse(flat)) for name, flat in SPECS.items()}
CASES = [(name, e) for name, run in RUNS.items()
         for e in sorted({0, 1, len(run.checkpoints) // 2, len(run.checkpoints) - 1})]


def parameters(network):
    """Every parameter as (layer, kind, neuron, input) with its value, input side first."""
    for l, layer in enumerate(network):
        for j, row in enumerate(layer.weights):
            for i, w in enumerate(row):
                yield (l, "weights", j, i), w
            yield (l, "biases", j, 0), layer.biases[j]


def name_of(place, layers):
    l, kind, j, i = place
    neuron = lambda layer, k: "the output neuron" if layer == layers - 1 else f"neuron {k + 1} of hidden layer {layer + 1}"  # noqa: E731
    if kind == "biases":
        return f"the bias of {neuron(l, j)}"
    return f"the weight from {('x1', 'x2')[i] if l == 0 else neuron(l - 1, i)} to {neuron(l, j)}"


@pytest.mark.parametrize("name, epoch", CASES)
def test_each_sentence_says_what_the_runs_numbers_are(name, epoch):
    run = RUNS[name]
    spec, cp = run.spec, run.checkpoints[epoch]
    train, _ = spec_points(spec)
    forward, loss, backprop, update = step_sentences(run, epoch)
    n, layers, t = len(train), spec.network.layers, spec.training

    # Forward pass: the training points, the layers, the spread of the confidences at this epoch.
    assert forward.startswith(f"Forward pass: each of the {n} training points' x1 and x2 go ")
    confidences = [j.confidence for j in judge(cp.network, train)]
    low, high = percent(min(confidences)), percent(max(confidences))
    assert forward.endswith(f"{low} for every point at this epoch." if low == high else f"from {low} to {high} at this epoch.")
    if layers:
        sizes = ", ".join(map(str, layers[:-1])) + " and " + str(layers[-1]) if len(layers) > 1 else str(layers[0])
        hidden = f"{len(layers)} hidden layer{'s' if len(layers) > 1 else ''} of {sizes} {spec.network.activation} neurons"
        assert hidden in forward
    else:
        assert "straight to the sigmoid output neuron" in forward and "z = w1·x1 + w2·x2 + b" in forward

    # Loss: the training loss at this epoch (and the L2 penalty and the sum training lowers).
    assert loss.startswith(f"Loss: the mean binary cross-entropy over the {n} training points is {shown(cp.loss, 3)}")
    assert ("before any training" in loss) == (epoch == 0)
    weights = sum(len(row) for layer in cp.network for row in layer.weights)
    if t.l2:
        assert math.isclose(cp.penalty, 0.5 * t.l2 * sum(w * w for layer in cp.network for row in layer.weights for w in row))
        assert (f"The L2 penalty ({t.l2:g}/2)·Σw² over the {weights} weights (not the biases) adds "
                f"{significant(cp.penalty)}: training lowers the sum, {shown(cp.loss + cp.penalty, 3)}.") in loss
    else:
        assert "L2" not in loss and cp.penalty == 0

    # Backpropagation: how many parameters, over how many points, and the largest gradient in size.
    found = list(parameters(cp.network))
    grads = [(place, g) for place, g in parameters(cp.gradients)]
    assert len(found) == len(grads) == sum((2 if l == 0 else ([2, *layers][l])) * size + size
                                           for l, size in enumerate([*layers, 1]))
    assert f"giving all {len(grads)} parameters a gradient, averaged over the {n} training points" in backprop
    through = "the output neuron's weights" if not layers else f"the {len(layers) + 1} layers of weights"
    assert f"flows back through {through}," in backprop
    place, g = max(grads, key=lambda pg: abs(pg[1]))
    value = shown(g, 4) if abs(g) >= 5e-5 else significant(g)
    assert f"The largest in size is that of {name_of(place, len(cp.network))}: {value}." in backprop
    assert ("L2 pull towards zero" in backprop) == bool(t.l2)

    # Weight update: the rate, how many steps an epoch takes and of how many points, the seeded order,
    # then the largest change over the epoch and the loss after it (or why there is none).
    assert update.startswith(f"Weight update with learning rate {t.rate:g}: ")
    if t.batch is None or t.batch >= n:
        assert f"with the full batch an epoch is one step on all {n} points" in update and "seed" not in update
    else:
        steps, rest = math.ceil(n / t.batch), n - (math.ceil(n / t.batch) - 1) * t.batch
        sizes = f"{steps - 1} of {t.batch} points and a last one of {rest}" if rest != t.batch else f"each of {t.batch} points"
        assert f"with mini-batches an epoch is {steps} steps ({sizes})" in update
        assert f"order of seed {65536 * spec.network.init + epoch} (65536 × init {spec.network.init} + epoch {epoch})" in update
        assert ("(with the L2 pull)" in update) == bool(t.l2)
    if epoch + 1 < len(run.checkpoints):
        after = run.checkpoints[epoch + 1]
        before_values, after_values = dict(parameters(cp.network)), dict(parameters(after.network))
        moved = max(before_values, key=lambda p: abs(after_values[p] - before_values[p]))
        match = re.search(r"Over this epoch (.+) changes most, from (-?[\d.]+) to (-?[\d.]+), and the training loss "
                          r"(falls to|rises to|stays at) ([\d.]+) by epoch (\d+)\.$", update)
        assert match, update
        assert match.group(1) == name_of(moved, len(cp.network))
        assert float(match.group(2)) == pytest.approx(before_values[moved], abs=0.5 * 10 ** -len(match.group(2).split(".")[1]))
        assert float(match.group(3)) == pytest.approx(after_values[moved], abs=0.5 * 10 ** -len(match.group(3).split(".")[1]))
        assert match.group(2) != match.group(3) or before_values[moved] == after_values[moved]
        assert float(match.group(5)) == pytest.approx(after.loss, abs=0.5 * 10 ** -len(match.group(5).split(".")[1]))
        assert {"falls to": after.loss < cp.loss, "rises to": after.loss > cp.loss,
                "stays at": abs(after.loss - cp.loss) < 5e-7}[match.group(4)]
        assert int(match.group(6)) == epoch + 1
    elif run.diverged_at is not None:
        assert update.endswith(f"At epoch {run.diverged_at} the numbers grew beyond what a float can hold: the run stops here.")
    else:
        assert epoch == spec.training.epochs and update.endswith("This is the run's last epoch: training ends with these weights.")


def test_the_diverging_case_is_really_diverging():
    """The diverging spec above reaches the words for a run that stops (so that branch is tested)."""
    run = RUNS["diverging"]
    assert run.diverged_at is not None and len(run.checkpoints) - 1 < run.spec.training.epochs


@pytest.mark.parametrize("name", ["two layers, mini-batches, L2", "no hidden layer, full batch"])
def test_every_stored_checkpoint_carries_its_steps_and_the_snapshot_shows_them(name):
    flat = to_flat(parse(SPECS[name]))
    run = RUNS[name]
    data = spec_run_data(flat, run)
    for stored in data["checkpoints"]:
        assert stored["words"]["steps"] == step_sentences(run, stored["epoch"])
    epoch = data["checkpoints"][-2]["epoch"]
    html = snapshot({"id": "steps", "epoch": epoch}, data)
    panel = re.search(r'<div role="group" class="[^"]*nn-tv-step"[^>]*>(.*?)</div>', html).group(1)
    assert f'One training step at epoch <span data-tv="step-epoch">{epoch}</span>' in panel
    items = re.findall(r"<li[^>]*>(.*?)</li>", panel)
    assert items == [escape(s) for s in step_sentences(run, epoch)]
