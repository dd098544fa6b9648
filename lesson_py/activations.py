"""Activation functions: each travels with its derivative, kept in a registry by name.

An activation decides how strongly a neuron fires once it has added up its
weighted inputs. Widgets, JSON files and URLs refer to one by its name. Sigmoid and tanh use
lesson_py.exact's exp and tanh, so they give the same bits in CPython and Pyodide.

>>> round(ACTIVATIONS["sigmoid"].value(0.69), 4)
0.666
"""

from dataclasses import dataclass
from typing import Callable, Sequence

from . import exact


@dataclass(frozen=True)
class Activation:
    """One activation function f(z) and its slope f'(z).

    `probability` says whether the output lies in (0, 1) and so reads as the
    chance of "positive"; `midpoint` is the output at which the neuron sits
    on the fence. `column` is f of a whole column of scores, one per point (a
    layer of many points at once is faster in Python), and `slopes` is f'(z)
    again for a column, from its scores z and the outputs a = f(z) that a
    forward pass already holds (backpropagation then need not compute f twice).

    >>> relu = ACTIVATIONS["relu"]
    >>> relu.value(-2.0), relu.value(1.5), relu.derivative(1.5)
    (0.0, 1.5, 1.0)
    """

    name: str
    value: Callable[[float], float]
    derivative: Callable[[float], float]
    probability: bool
    midpoint: float
    column: Callable[[list[float]], list[float]]
    slopes: Callable[[list[float], list[float]], list[float]]


def sigmoid(z: float) -> float:
    """Squash any score into (0, 1) without overflowing: sigmoid(0.69) = 0.6660."""
    if z >= 0:
        return 1.0 / (1.0 + exact.exp(-z))
    e = exact.exp(z)
    return e / (1.0 + e)


def sigmoid_slope(z: float) -> float:
    """sigmoid'(z) = s·(1 - s): steepest at 0, where it is 0.25."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: float) -> float:
    """Squash any score into (-1, 1), centred on zero: tanh(0.5) = 0.4621."""
    return exact.tanh(z)


def tanh_slope(z: float) -> float:
    """tanh'(z) = 1 - tanh(z)²: 1 at 0, fading on both sides."""
    t = exact.tanh(z)
    return 1.0 - t * t


def relu(z: float) -> float:
    """Keep a positive score, turn a negative one into 0: relu(-2) = 0.0, relu(1.5) = 1.5."""
    return z if z > 0 else 0.0


def relu_slope(z: float) -> float:
    """1 where the score is positive, 0 elsewhere."""
    return 1.0 if z > 0 else 0.0


def step(z: float) -> float:
    """Fire fully (1) when the score is 0 or more, else stay off (0)."""
    return 1.0 if z >= 0 else 0.0


def step_slope(z: float) -> float:
    """Flat everywhere (its jump at 0 has no slope): nothing for gradients to follow."""
    return 0.0


def linear(z: float) -> float:
    """Leave the score as it is: linear(-1.25) = -1.25."""
    return z


def linear_slope(z: float) -> float:
    """The slope of the identity is 1 everywhere."""
    return 1.0


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_slope, probability=True, midpoint=0.5,
                   column=lambda zs: list(map(sigmoid, zs)), slopes=lambda zs, a: [s * (1.0 - s) for s in a]),
        # tanh's column calls exact.tanh itself (what tanh does), one call less for each neuron and point.
        Activation("tanh", tanh, tanh_slope, probability=False, midpoint=0.0,
                   column=lambda zs: list(map(exact.tanh, zs)), slopes=lambda zs, a: [1.0 - t * t for t in a]),
        Activation("relu", relu, relu_slope, probability=False, midpoint=0.0,
                   column=lambda zs: list(map(relu, zs)), slopes=lambda zs, a: list(map(relu_slope, zs))),
        Activation("step", step, step_slope, probability=False, midpoint=0.5,
                   column=lambda zs: list(map(step, zs)), slopes=lambda zs, a: list(map(step_slope, zs))),
        Activation("linear", linear, linear_slope, probability=False, midpoint=0.0,
                   column=lambda zs: list(map(linear, zs)), slopes=lambda zs, a: list(map(linear_slope, zs))),
    )
}


def activation(name: str) -> Activation:
    """Look an activation up by name, with a clear error for an unknown one."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; expected one of: {known}") from None


def softmax(scores: Sequence[float]) -> tuple[float, ...]:
    """Turn raw class scores into probabilities that add up to 1: e to the power of
    each score, divided by their total.

    The largest score is subtracted first. That changes nothing (e^(s - m) / sum of
    e^(t - m) is e^s / sum of e^t), but no power can then overflow: the largest is
    exactly e^0 = 1. lesson_py.exact's exp keeps CPython and Pyodide bit for bit alike.

    >>> [round(p, 4) for p in softmax([3.0, 1.0, 0.2])]
    [0.836, 0.1131, 0.0508]
    >>> softmax([1000.0, 1000.0])            # e^1000 alone would overflow
    (0.5, 0.5)
    >>> softmax([2.0])
    (1.0,)
    """
    if not scores:
        raise ValueError("softmax needs at least one score")
    top = max(scores)
    powers = [exact.exp(s - top) for s in scores]
    total = sum(powers)
    return tuple(p / total for p in powers)
