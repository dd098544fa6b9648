"""Activation functions: each travels with its derivative and a one-line description.

An activation decides how strongly a neuron fires once it has added up its
weighted inputs. Widgets, JSON files and URLs refer to one by its name.

>>> round(ACTIVATIONS["sigmoid"].value(0.69), 4)
0.666
"""

import math
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Activation:
    """One activation function f(z), its slope f'(z) and what a reader should know.

    `probability` says whether the output reads as the chance of "positive";
    `midpoint` is the output at which the neuron sits on the fence.

    >>> relu = ACTIVATIONS["relu"]
    >>> relu.value(-2.0), relu.value(1.5), relu.derivative(1.5)
    (0.0, 1.5, 1.0)
    """

    name: str
    label: str
    value: Callable[[float], float]
    derivative: Callable[[float], float]
    description: str
    probability: bool
    midpoint: float


def sigmoid(z: float) -> float:
    """Squash any score into (0, 1) without overflowing: sigmoid(0.69) = 0.6660."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _sigmoid_slope(z: float) -> float:
    s = sigmoid(z)
    return s * (1.0 - s)


def _tanh_slope(z: float) -> float:
    t = math.tanh(z)
    return 1.0 - t * t


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "sigmoid", "Sigmoid", sigmoid, _sigmoid_slope,
            "Squashes any score into a value between 0 and 1 that reads like a probability.",
            probability=True, midpoint=0.5,
        ),
        Activation(
            "tanh", "Tanh", math.tanh, _tanh_slope,
            "Squashes any score into a value between -1 and 1, centred on zero.",
            probability=False, midpoint=0.0,
        ),
        Activation(
            "relu", "ReLU", lambda z: z if z > 0 else 0.0, lambda z: 1.0 if z > 0 else 0.0,
            "Passes positive scores through unchanged and turns negative ones into 0.",
            probability=False, midpoint=0.0,
        ),
        Activation(
            "step", "Step", lambda z: 1.0 if z >= 0 else 0.0, lambda z: 0.0,
            "Fires fully (1) when the score is 0 or more, otherwise stays off (0).",
            probability=False, midpoint=0.5,
        ),
        Activation(
            "linear", "Linear (none)", lambda z: z, lambda z: 1.0,
            "Leaves the score as it is: no squashing, no bending.",
            probability=False, midpoint=0.0,
        ),
    )
}


def activation(name: str) -> Activation:
    """Look an activation up by name, with a clear error for an unknown one."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; expected one of: {known}") from None
