"""How the network learns: forward pass, loss, backpropagation, update, repeat.

Full-batch gradient descent: every step looks at the whole dataset, so in this
lesson one batch is one epoch.

>>> from .dataset import DATASET
>>> from .network import shallow
>>> step = training_step(shallow((0.12, -0.12), 0.0), DATASET, learning_rate=0.5)
>>> round(step.loss, 3)
0.697
"""

from dataclasses import dataclass
from typing import Sequence

from .activations import activation, sigmoid
from .dataset import Point
from .loss import mean_loss
from .network import Layer, Matrix, Network, Vector, forward, predict
from .neuron import POSITIVE, UNDECIDED, probability_verdict


@dataclass(frozen=True)
class LayerGradient:
    """How much the loss changes per unit change of each weight and bias of one layer."""

    weights: Matrix
    biases: Vector


Gradients = tuple[LayerGradient, ...]


def backpropagate(network: Network, points: Sequence[Point]) -> tuple[float, Gradients]:
    """The mean loss over `points` and every parameter's gradient, in two phases.

    The output neuron's error signal ("delta") is a - y; each layer passes its
    delta back through its weights, scaled by the slope of the activation
    below, so every weight learns its share of the blame.
    """
    n = len(points)
    weight_sums = [[[0.0] * len(row) for row in layer.weights] for layer in network]
    bias_sums = [[0.0] * len(layer.biases) for layer in network]
    scores = []
    for point in points:
        # Phase 1, forward: keep what every layer saw and computed.
        traces = forward(network, point.inputs)
        z_out = traces[-1].z[0]
        scores.append(z_out)
        # Phase 2, backward: from the output error to every layer's gradient.
        deltas = [(sigmoid(z_out) - point.label) / n]
        for index in range(len(network) - 1, -1, -1):
            trace = traces[index]
            for j, delta in enumerate(deltas):
                bias_sums[index][j] += delta
                for i, x in enumerate(trace.inputs):
                    weight_sums[index][j][i] += delta * x
            if index > 0:
                below = traces[index - 1]
                slope = activation(network[index - 1].activation).derivative
                deltas = [
                    sum(network[index].weights[j][i] * deltas[j] for j in range(len(deltas))) * slope(below.z[i])
                    for i in range(len(below.z))
                ]
    loss = mean_loss(scores, [p.label for p in points])
    gradients = tuple(
        LayerGradient(tuple(tuple(row) for row in w), tuple(b)) for w, b in zip(weight_sums, bias_sums)
    )
    return loss, gradients


def update(network: Network, gradients: Gradients, learning_rate: float) -> Network:
    """Nudge every parameter against its gradient: new = old - learning_rate · gradient."""
    return tuple(
        Layer(
            tuple(
                tuple(w - learning_rate * g for w, g in zip(row, grow, strict=True))
                for row, grow in zip(layer.weights, grad.weights, strict=True)
            ),
            tuple(b - learning_rate * g for b, g in zip(layer.biases, grad.biases, strict=True)),
            layer.activation,
        )
        for layer, grad in zip(network, gradients, strict=True)
    )


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
    judgements = []
    for point in points:
        confidence = predict(network, point.inputs)
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
