"""The "one training step" panel of a run an author or a reader defines with a run spec.

Four sentences, as for the lesson's runs (lesson_py.widgets.visualizer step_sentences):
the forward pass, the loss, backpropagation and the weight update, worded from the
run's numbers at one epoch, for any depth (no hidden layer to four), any width,
any hidden activation, the full batch or mini-batches, with or without L2. The
numbers come from that epoch's checkpoint (its network, loss, L2 penalty and the
gradient of the whole training objective) and from the next epoch's (the loss
after the epoch and the largest change of a parameter over it).

>>> from lesson_py.spec import parse
>>> from lesson_py.trainer import train_spec
>>> run = train_spec(parse({"dataset": "xor", "points": "20", "layers": "none", "batch": "8", "epochs": "2"}))
>>> step_sentences(run, 1)[3].split(":")[0]
'Weight update with learning rate 1'
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

from ..network import Network
from ..trainer import ORDER_SEED, SpecRun, order_seed, spec_points
from ..training import Gradients, Judgement, judge
from .format import percent, shown
from .spec_runs import significant
from .visualizer import LOSS_DECIMALS, WEIGHT_DECIMALS, INPUTS, listing, plural, rate_text, two_losses

__all__ = ["step_sentences", "parameter_names", "batch_steps", "largest_change"]

MAX_WEIGHT_DECIMALS = 8  # a change is shown with enough decimals (4 to 8) to tell old from new


def parameter_names(network: Network) -> list[tuple[str, int, str, int, int]]:
    """Every parameter's name and place, input side first: (name, layer, "weights" or "biases", neuron, input).

    >>> from lesson_py.network import seeded
    >>> [p[0] for p in parameter_names(seeded((2,), "tanh", 1))][:2]
    ['the weight from x1 to neuron 1 of hidden layer 1', 'the weight from x2 to neuron 1 of hidden layer 1']
    """
    last = len(network) - 1
    def neuron(layer: int, j: int) -> str:
        return "the output neuron" if layer == last else f"neuron {j + 1} of hidden layer {layer + 1}"
    found = []
    for l, layer in enumerate(network):
        for j, row in enumerate(layer.weights):
            for i in range(len(row)):
                source = INPUTS[i] if l == 0 else neuron(l - 1, i)
                found.append((f"the weight from {source} to {neuron(l, j)}", l, "weights", j, i))
            found.append((f"the bias of {neuron(l, j)}", l, "biases", j, 0))
    return found


def value_of(layers: Network | Gradients, place: tuple[str, int, str, int, int]) -> float:
    _, l, kind, j, i = place
    return layers[l].weights[j][i] if kind == "weights" else layers[l].biases[j]


def batch_steps(points: int, batch: Optional[int]) -> tuple[int, int, int]:
    """(steps in an epoch, points per step, points in the last step): the full batch is one step.

    >>> batch_steps(150, 10), batch_steps(75, 10), batch_steps(30, None), batch_steps(30, 50)
    ((15, 10, 10), (8, 10, 5), (1, 30, 30), (1, 30, 30))
    """
    if batch is None or batch >= points:
        return 1, points, points
    steps = math.ceil(points / batch)
    return steps, batch, points - (steps - 1) * batch


def two_weights(old: float, new: float) -> tuple[str, str]:
    """Two values with enough decimals (4 to 8) to tell them apart, when they differ."""
    decimals = WEIGHT_DECIMALS
    while decimals < MAX_WEIGHT_DECIMALS and shown(old, decimals) == shown(new, decimals):
        decimals += 1
    return shown(old, decimals), shown(new, decimals)


def largest_change(before: Network, after: Network) -> tuple[tuple[str, int, str, int, int], float, float]:
    """The parameter that moved most between two networks (the first of equals): (place, old, new)."""
    places = parameter_names(before)
    place = max(places, key=lambda p: abs(value_of(after, p) - value_of(before, p)))
    return place, value_of(before, place), value_of(after, place)


def forward_sentence(run: SpecRun, judged: Sequence[Judgement]) -> str:
    n, net = run.spec.network, run.spec.network.layers
    confidences = [j.confidence for j in judged]
    low, high = percent(min(confidences)), percent(max(confidences))
    spread = f"{low} for every point at this epoch." if low == high else f"from {low} to {high} at this epoch."
    if not net:
        return (f"Forward pass: each of the {len(judged)} training points' x1 and x2 go straight to the sigmoid "
                "output neuron, which scores it with z = w1·x1 + w2·x2 + b and turns the score into a confidence "
                f"that the point is positive: {spread}")
    sizes = listing([str(s) for s in net])
    return (f"Forward pass: each of the {len(judged)} training points' x1 and x2 go through "
            f"{plural(len(net), 'hidden layer')} of {sizes} {n.activation} neurons (each neuron weighs every output "
            "of the layer before and adds its bias), then the sigmoid output neuron turns its score into a confidence "
            f"that the point is positive: {spread}")


def loss_sentence(run: SpecRun, epoch: int, count: int) -> str:
    cp, l2 = run.checkpoints[epoch], run.spec.training.l2
    text = f"Loss: the mean binary cross-entropy over the {count} training points is {shown(cp.loss, LOSS_DECIMALS)}"
    if epoch == 0:
        text += " before any training"
    if l2:
        weights = sum(len(row) for layer in cp.network for row in layer.weights)
        text += (f". The L2 penalty ({l2:g}/2)·Σw² over the {weights} weights (not the biases) adds "
                 f"{significant(cp.penalty)}: training lowers the sum, {shown(cp.loss + cp.penalty, LOSS_DECIMALS)}")
    return text + "."


def backprop_sentence(run: SpecRun, epoch: int, count: int) -> str:
    cp, l2 = run.checkpoints[epoch], run.spec.training.l2
    places = parameter_names(cp.network)
    size = lambda p: abs(value_of(cp.gradients, p))  # noqa: E731
    blamed = max(places, key=size)
    layers = "the output neuron's weights" if len(cp.network) == 1 else f"the {len(cp.network)} layers of weights"
    text = (f"Backpropagation: each point's error (confidence minus label) flows back through {layers}, giving all {len(places)} parameters a gradient, averaged over the {count} training points")
    if l2:
        text += f"; each weight's gradient also gains {l2:g}·w, the L2 pull towards zero"
    grad = shown(value_of(cp.gradients, blamed), WEIGHT_DECIMALS) if size(blamed) >= 5e-5 else significant(
        value_of(cp.gradients, blamed))
    text += f". The largest in size is that of {blamed[0]}: {grad}. A negative gradient means that raising the parameter lowers the loss."
    return text


def update_sentence(run: SpecRun, epoch: int, count: int) -> str:
    t = run.spec.training
    steps, per, rest = batch_steps(count, t.batch)
    text = f"Weight update with learning rate {rate_text(t.rate)}: "
    if steps == 1:
        text += (f"with the full batch an epoch is one step on all {count} points, new = old − rate × the gradient "
                 "above.")
    else:
        sizes = f"{steps - 1} of {per} points and a last one of {rest}" if rest != per else f"each of {per} points"
        text += (f"with mini-batches an epoch is {plural(steps, 'step')} ({sizes}), taking the training points in the "
                 f"order of seed {order_seed(run.spec, epoch)} ({ORDER_SEED} × init {run.spec.network.init} + epoch "
                 f"{epoch}); each step's new = old − rate × the gradient averaged over its mini-batch"
                 + (" (with the L2 pull)." if t.l2 else "."))
    if epoch + 1 < len(run.checkpoints):
        after = run.checkpoints[epoch + 1]
        place, old, new = largest_change(run.checkpoints[epoch].network, after.network)
        a, b = two_weights(old, new)
        now, later = two_losses(run.checkpoints[epoch].loss, after.loss)
        moves = ("stays at" if now == later else "falls to" if after.loss < run.checkpoints[epoch].loss
                 else "rises to")
        text += (f" Over this epoch {place[0]} changes most, from {a} to {b}, and the training loss {moves} "
                 f"{later} by epoch {epoch + 1}.")
    elif run.diverged_at is not None:
        text += f" At epoch {run.diverged_at} the numbers grew beyond what a float can hold: the run stops here."
    else:
        text += " This is the run's last epoch: training ends with these weights."
    return text


def step_sentences(run: SpecRun, epoch: int, judged: Optional[Sequence[Judgement]] = None) -> list[str]:
    """The panel's four sentences at `epoch` (an index into run.checkpoints); `judged`: the training points as the
    checkpoint judges them, when the caller has them (lesson_py.widgets.spec_runs checkpoint_words)."""
    if judged is None:
        judged = judge(run.checkpoints[epoch].network, spec_points(run.spec)[0])
    count = len(judged)
    return [forward_sentence(run, judged), loss_sentence(run, epoch, count), backprop_sentence(run, epoch, count),
            update_sentence(run, epoch, count)]
