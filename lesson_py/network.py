"""A small network: dense layers, each a row of neurons reading the layer before.

The lesson's networks end in one sigmoid neuron that says how likely the input
is positive. Shallow is that neuron alone; Deep puts a hidden layer before it.

>>> net = shallow((0.12, -0.12), 0.0)
>>> round(predict(net, (-1.0, 1.0)), 4)        # nw-positive starts at 44%
0.4403
"""

import random
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from .activations import activation
from .neuron import weighted_sum

Vector = tuple[float, ...]
Matrix = tuple[Vector, ...]


@dataclass(frozen=True)
class Layer:
    """A dense layer: one row of weights and one bias per neuron, one activation for all."""

    weights: Matrix
    biases: Vector
    activation: str


Network = tuple[Layer, ...]


@dataclass(frozen=True)
class LayerTrace:
    """What one layer saw and did in a forward pass: its inputs, scores z and outputs a."""

    inputs: Vector
    z: Vector
    a: Vector


def layer_forward(layer: Layer, inputs: Sequence[float]) -> LayerTrace:
    """Every neuron of the layer computes z = w·x + b, then a = f(z)."""
    f = activation(layer.activation).value
    z = tuple(weighted_sum(inputs, row, b) for row, b in zip(layer.weights, layer.biases, strict=True))
    return LayerTrace(tuple(inputs), z, tuple(f(v) for v in z))


def forward(network: Network, inputs: Sequence[float]) -> list[LayerTrace]:
    """The forward pass: data flows from the inputs, layer by layer, to the output."""
    traces = []
    for layer in network:
        trace = layer_forward(layer, inputs)
        traces.append(trace)
        inputs = trace.a
    return traces


def predict(network: Network, inputs: Sequence[float]) -> float:
    """The network's confidence that the input is positive (its sigmoid output)."""
    return outputs(functions(network), inputs)[0]


def forward_all(network: Network, inputs: Sequence[Sequence[float]]) -> list[tuple[Matrix, list, list]]:
    """The forward pass of many inputs at once, one layer at a time: for each layer, what it saw, its
    scores z and its outputs a, as lists with one number per input (seen[i][k]: input i of the k-th).
    The numbers are forward's, one input at a time; this is faster in Python."""
    columns = [list(values) for values in zip(*inputs)] if inputs else [[] for _ in network[0].weights[0]]
    return forward_columns(network, columns)


def forward_columns(network: Network, columns: list[list[float]]) -> list[tuple[Matrix, list, list]]:
    """forward_all of inputs given as columns: columns[i] holds input i of every point."""
    traces = []
    for layer in network:
        f = activation(layer.activation).column
        z = [weighted_sums(columns, row, b) for row, b in zip(layer.weights, layer.biases, strict=True)]
        a = [f(values) for values in z]
        traces.append((columns, z, a))
        columns = a
    return traces


def weighted_sums(inputs: Sequence[Sequence[float]], weights: Sequence[float],
                  bias: Optional[float] = None) -> list[float]:
    """w·x (+ b) for many inputs at once: inputs[i] holds input i of each. Each sum is
    neuron.weighted_sum's, 0.0 + x1·w1 + x2·w2 + ... (+ b), in that order (the bias is added in
    the pass of the last input, which is faster in Python and the same numbers)."""
    pairs = list(zip(inputs, weights, strict=True))
    if not pairs:
        return []
    (values, w), rest = pairs[0], pairs[1:]
    if rest or bias is None:
        totals = [0.0 + x * w for x in values]
    else:
        return [0.0 + x * w + bias for x in values]
    for k, (values, w) in enumerate(rest, 2):
        if k < len(pairs) or bias is None:
            totals = [t + x * w for t, x in zip(totals, values)]
        else:
            totals = [t + x * w + bias for t, x in zip(totals, values)]
    return totals


def functions(network: Network) -> list[tuple[Matrix, Vector, Callable[[float], float]]]:
    """Each layer as (weights, biases, activation function), looked up once for many forward passes."""
    return [(layer.weights, layer.biases, activation(layer.activation).value) for layer in network]


def outputs(layers: list[tuple[Matrix, Vector, Callable[[float], float]]], inputs: Sequence[float]) -> list[float]:
    """The forward pass without its trace: only what the last layer outputs (the same numbers as forward)."""
    for weights, biases, f in layers:
        a = []
        for row, b in zip(weights, biases, strict=True):
            z = 0.0  # weighted_sum, written out: the same sum in the same order
            for x, w in zip(inputs, row, strict=True):
                z += x * w
            a.append(f(z + b))
        inputs = a
    return inputs


def shallow(weights: Sequence[float], bias: float) -> Network:
    """One sigmoid neuron reading the two inputs: the lesson's shallow network."""
    return (Layer((tuple(weights),), (bias,), "sigmoid"),)


def deep(hidden: int, hidden_activation: str, seed: int) -> Network:
    """2 inputs -> `hidden` neurons -> 1 sigmoid output, with seeded random weights.

    The same seed gives the same numbers on every platform (Pyodide included):
    Python's random module is the same Mersenne Twister everywhere.

    >>> net = deep(3, "tanh", seed=7)
    >>> len(net[0].weights), len(net[1].weights[0])
    (3, 3)
    """
    return seeded((hidden,), hidden_activation, seed)


def seeded(hidden: Sequence[int], hidden_activation: str, seed: int) -> Network:
    """2 inputs -> hidden layers of the given sizes -> 1 sigmoid output, from random.Random(seed).

    Layer by layer, input side first: each neuron's weights from U(-1, 1), then
    the layer's biases from U(-0.5, 0.5); the output neuron's weights from
    U(-1, 1) and its bias 0. With one hidden layer this is `deep`.

    >>> net = seeded((4, 2), "tanh", seed=1)
    >>> [len(layer.weights) for layer in net], round(net[0].weights[0][0], 4)
    ([4, 2, 1], -0.7313)
    """
    rng = random.Random(seed)
    layers, width = [], 2
    for size in hidden:
        weights = tuple(tuple(rng.uniform(-1, 1) for _ in range(width)) for _ in range(size))
        biases = tuple(rng.uniform(-0.5, 0.5) for _ in range(size))
        layers.append(Layer(weights, biases, hidden_activation))
        width = size
    layers.append(Layer((tuple(rng.uniform(-1, 1) for _ in range(width)),), (0.0,), "sigmoid"))
    return tuple(layers)


def equivalent_neuron(network: Network) -> tuple[Vector, float]:
    """With a Linear hidden layer, the whole network is one neuron in disguise.

    The output neuron sees v·(W·x + c) + d = (v·W)·x + (v·c + d): effective
    weights v·W and effective bias v·c + d, so its boundary is one straight line.

    >>> net = (Layer(((1.0, 2.0), (0.5, -1.0)), (0.1, 0.2), "linear"),
    ...        Layer(((2.0, -1.0),), (0.3,), "sigmoid"))
    >>> equivalent_neuron(net)
    ((1.5, 5.0), 0.3)
    """
    hidden, output = network
    if hidden.activation != "linear":
        raise ValueError("only a linear hidden layer collapses into a single neuron")
    v = output.weights[0]
    n_inputs = len(hidden.weights[0])
    weights = tuple(weighted_sum([row[i] for row in hidden.weights], v, 0.0) for i in range(n_inputs))
    bias = weighted_sum(hidden.biases, v, output.biases[0])
    return weights, bias


def probability_grid(network: Network, size: int, extent: float) -> list[list[float]]:
    """The confidence of positive over a size x size grid of the square [-extent, extent]².

    Rows run from the top (y = +extent) down, columns from left (x = -extent),
    each cell sampled at its centre: what a decision map colours in.
    """
    step = 2 * extent / size
    centres = [-extent + step * (i + 0.5) for i in range(size)]
    cells = [(x, y) for y in reversed(centres) for x in centres]
    confidences = forward_all(network, cells)[-1][2][0]
    return [confidences[row * size:(row + 1) * size] for row in range(size)]
