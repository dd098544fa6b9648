"""How the network learns: forward pass, loss, backpropagation, update, repeat.

The lesson's runs use full-batch gradient descent: every step looks at the
whole dataset, so one batch is one epoch. train_epoch also takes mini-batches
(several steps per epoch, in a seeded order) and an L2 penalty.

>>> from .dataset import DATASET
>>> from .network import shallow
>>> step = training_step(shallow((0.12, -0.12), 0.0), DATASET, learning_rate=0.5)
>>> round(step.loss, 3)
0.697
"""

import math
import random
from dataclasses import dataclass
from typing import Optional, Sequence

from .activations import ACTIVATIONS, sigmoid
from .dataset import Point
from .loss import mean_loss
from .network import Layer, Matrix, Network, Vector, forward_all, forward_columns, predict, shallow, weighted_sums
from .neuron import POSITIVE, UNDECIDED, probability_verdict


@dataclass(frozen=True)
class LayerGradient:
    """How much the loss changes per unit change of each weight and bias of one layer."""

    weights: Matrix
    biases: Vector


Gradients = tuple[LayerGradient, ...]


def backpropagate(network: Network, points: Sequence[Point], l2: float = 0.0) -> tuple[float, Gradients]:
    """The mean loss over `points` and every parameter's gradient, in two phases.

    The output neuron's error signal ("delta") is a - y; each layer passes its
    delta back through its weights, scaled by the slope of the activation
    below, so every weight learns its share of the blame. With an L2 strength
    l2 > 0 the loss gains the penalty (l2/2)·Σw² over all weights (not the
    biases) and each weight's gradient gains l2·w: the pull towards zero.
    """
    loss, gradients, _ = backward_pass(network, points)
    if l2 > 0:
        return loss + l2_penalty(network, l2), l2_gradients(network, gradients, l2)
    return loss, gradients


def l2_gradients(network: Network, gradients: Gradients, l2: float) -> Gradients:
    """Each weight's gradient plus l2·w, the slope of the L2 penalty; biases unchanged."""
    return tuple(
        LayerGradient(tuple(tuple(g + l2 * w for g, w in zip(grow, row))
                            for grow, row in zip(grad.weights, layer.weights)), grad.biases)
        for grad, layer in zip(gradients, network)
    )


def l2_penalty(network: Network, l2: float) -> float:
    """(l2/2)·Σw² over every weight: l2 = 0.1 and the weights 1, -2 cost 0.05·5 = 0.25."""
    total = 0.0
    for layer in network:
        for row in layer.weights:
            for w in row:
                total += w * w
    return 0.5 * l2 * total


def output_scores(network: Network, points: Sequence[Point]) -> list[float]:
    """The output neuron's score z for each point: forward passes only."""
    return forward_all(network, [p.inputs for p in points])[-1][1][0]


def backward_pass(network: Network, points: Sequence[Point],
                  with_loss: bool = True) -> tuple[float, Gradients, list[float]]:
    """backpropagate without L2, plus the confidence of positive for each point (its sigmoid output).

    Both phases go one layer at a time through all the points together (each list below holds one
    number per point), which is faster in Python than one point at a time and adds up the very same
    products in the very same order: each point's sums over the inputs, and each weight's sum over
    the points in their order. with_loss=False skips the loss (it is then NaN) where only the
    gradients are wanted."""
    labels = [p.label for p in points]
    # Phase 1, forward: what every layer saw (inputs), computed (z) and output (a), for every point.
    traces = forward_all(network, [p.inputs for p in points])
    gradients, confidences = backward_columns(network, traces, labels)
    loss = mean_loss(traces[-1][1][0], labels) if with_loss else math.nan
    return loss, gradients, confidences


def backward_columns(network: Network, traces: list, labels: Sequence[int]) -> tuple[Gradients, list[float]]:
    """Phase 2, backward, from the forward pass's traces (network.forward_columns): from the output
    error to every layer's gradient; and the confidence of positive for each point."""
    n = len(labels)
    confidences = confidences_of(network, traces)
    deltas = [[(c - y) / n for c, y in zip(confidences, labels)]]
    gradients = []
    for index in range(len(network) - 1, -1, -1):
        seen = traces[index][0]
        gradients.append(LayerGradient(tuple([tuple([dot(d, x) for x in seen]) for d in deltas]),
                                       tuple([dot(d) for d in deltas])))
        if index > 0:
            # Each neuron below gets the blame of the neurons it feeds, times its own slope.
            _, z_below, a_below = traces[index - 1]
            slopes = ACTIVATIONS[network[index - 1].activation].slopes
            deltas = [[total * s for total, s in zip(weighted_sums(deltas, column), slopes(zs, as_))]
                      for column, zs, as_ in zip(zip(*network[index].weights), z_below, a_below)]
    return tuple(reversed(gradients)), list(confidences)


def confidences_of(network: Network, traces: list) -> list[float]:
    """The confidence of positive for each point of a forward pass (network.forward_columns' traces):
    the output's sigmoid, which the forward pass has already taken when the output neuron is one."""
    if network[-1].activation == "sigmoid":
        return traces[-1][2][0]
    return [sigmoid(v) for v in traces[-1][1][0]]


def dot(deltas: Sequence[float], inputs: Optional[Sequence[float]] = None) -> float:
    """The sum over the points, in their order, of delta·x (or of delta alone, a bias's gradient)."""
    total = 0.0
    if inputs is None:
        for d in deltas:
            total += d
    else:
        for d, x in zip(deltas, inputs):
            total += d * x
    return total


def update(network: Network, gradients: Gradients, learning_rate: float) -> Network:
    """Nudge every parameter against its gradient: new = old - learning_rate · gradient."""
    if len(network) != len(gradients):
        raise ValueError(f"{len(gradients)} layers of gradients for {len(network)} layers")
    return tuple([
        Layer(tuple([nudged(row, grow, learning_rate) for row, grow in zip(layer.weights, grad.weights, strict=True)]),
              nudged(layer.biases, grad.biases, learning_rate), layer.activation)
        for layer, grad in zip(network, gradients)
    ])


def nudged(values: Sequence[float], gradients: Sequence[float], learning_rate: float) -> Vector:
    """Each value minus learning_rate times its gradient."""
    if len(values) != len(gradients):
        raise ValueError(f"{len(gradients)} gradients for {len(values)} values")
    return tuple([v - learning_rate * g for v, g in zip(values, gradients)])


@dataclass(frozen=True)
class TrainingStep:
    """One turn of the loop: the network before, its loss and gradients, the network after."""

    before: Network
    loss: float
    gradients: Gradients
    after: Network


def training_step(network: Network, points: Sequence[Point], learning_rate: float) -> TrainingStep:
    """Forward, loss, backprop, update: one full-batch gradient-descent step."""
    loss, gradients = backpropagate(network, points)
    return TrainingStep(network, loss, gradients, update(network, gradients, learning_rate))


def train_epoch(network: Network, points: Sequence[Point], learning_rate: float,
                batch: Optional[int] = None, l2: float = 0.0, order_seed: int = 0) -> Network:
    """One epoch: every point once, one update per batch of `batch` points.

    The full batch (None, or a batch at least as large as the data) is one
    step on all points in their order. Mini-batches take the points in the
    order random.Random(order_seed).shuffle gives, the last batch perhaps smaller.

    >>> from .dataset import DATASET
    >>> from .network import shallow
    >>> net = train_epoch(shallow((0.12, -0.12), 0.0), DATASET, 0.5, batch=3, order_seed=1)
    >>> [round(w, 4) for w in net[0].weights[0]]
    [-0.0157, -0.096]
    """
    if batch is None or batch >= len(points):
        return update(network, backpropagate(network, points, l2)[1], learning_rate)
    order = list(points)
    random.Random(order_seed).shuffle(order)
    columns = [list(values) for values in zip(*(p.inputs for p in order))]  # each input of every point, in order
    labels = [p.label for p in order]
    for start in range(0, len(order), batch):
        stop = start + batch
        traces = forward_columns(network, [values[start:stop] for values in columns])
        gradients = backward_columns(network, traces, labels[start:stop])[0]
        if l2 > 0:
            gradients = l2_gradients(network, gradients, l2)
        network = update(network, gradients, learning_rate)
    return network


def train(network: Network, points: Sequence[Point], learning_rate: float, epochs: int) -> list[Network]:
    """The network after 0, 1, ..., `epochs` steps: the start, then one entry per epoch."""
    networks = [network]
    for _ in range(epochs):
        networks.append(training_step(networks[-1], points, learning_rate).after)
    return networks


@dataclass(frozen=True)
class Judgement:
    """One point as the network sees it: confidence of positive and a verdict
    (correct, wrong, or undecided when the confidence shows as 50%)."""

    point: Point
    confidence: float
    verdict: str


def judge(network: Network, points: Sequence[Point]) -> list[Judgement]:
    """How the network classifies each point; accuracy is the share judged correct."""
    return judged(points, [predict(network, point.inputs) for point in points])


def judged(points: Sequence[Point], confidences: Sequence[float]) -> list[Judgement]:
    """Each point's verdict from the network's confidence of positive for it (as judge finds them)."""
    judgements = []
    for point, confidence in zip(points, confidences, strict=True):
        said = probability_verdict(confidence)
        if said == UNDECIDED:
            verdict = UNDECIDED
        else:
            verdict = "correct" if (said == POSITIVE) == (point.label == 1) else "wrong"
        judgements.append(Judgement(point, confidence, verdict))
    return judgements


def accuracy(judgements: Sequence[Judgement]) -> float:
    """The share of points marked correct: 6 correct out of 8 gives 0.75."""
    return sum(j.verdict == "correct" for j in judgements) / len(judgements)


@dataclass(frozen=True)
class NeuronStep:
    """One sigmoid neuron's training step on one example (the article's worked example):
    the forward pass and loss before, the error a - y, each gradient, the new weights and
    bias, and the forward pass and loss after. The gradients are backpropagate's (for one
    neuron: the error times each input, and the error itself for the bias)."""

    z: float
    a: float
    loss: float
    error: float
    weight_gradients: Vector
    bias_gradient: float
    weights_after: Vector
    bias_after: float
    z_after: float
    a_after: float
    loss_after: float


def neuron_step(inputs: Sequence[float], weights: Sequence[float], bias: float, label: int,
                learning_rate: float) -> NeuronStep:
    """One gradient-descent step of one sigmoid neuron on one labelled example.

    >>> s = neuron_step((0.9, 0.3), (1.2, -0.8), -0.15, 1, 0.5)
    >>> round(s.error, 3), [round(w, 2) for w in s.weights_after], round(s.bias_after, 2), round(s.loss_after, 2)
    (-0.334, [1.35, -0.75], 0.02, 0.31)
    """
    point = Point("example", inputs[0], inputs[1], label)
    step = training_step(shallow(weights, bias), (point,), learning_rate)   # the shallow runs' one neuron
    (after,) = step.after
    z_before, z_after = output_scores(step.before, (point,))[0], output_scores(step.after, (point,))[0]
    gradient = step.gradients[0]
    return NeuronStep(
        z=z_before, a=sigmoid(z_before), loss=step.loss, error=gradient.biases[0],
        weight_gradients=gradient.weights[0], bias_gradient=gradient.biases[0],
        weights_after=after.weights[0], bias_after=after.biases[0],
        z_after=z_after, a_after=sigmoid(z_after), loss_after=mean_loss([z_after], [label]))
