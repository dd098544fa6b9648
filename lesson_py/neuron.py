"""One neuron: multiply inputs by weights, add them up with a bias, then activate.

    z = w1·x1 + w2·x2 + b        (the weighted sum)
    a = f(z)                      (the activation decides how strongly it fires)

>>> out = fire((0.90, 0.30), (1.20, -0.80), -0.15, "sigmoid")
>>> shown(out.z), shown(out.a), percent(out.confidence), out.verdict
('0.69', '0.67', '67%', 'positive')
"""

from dataclasses import dataclass
from typing import Optional, Sequence

from .activations import activation

# The precision every widget shows: values to 2 decimals, confidences to whole percent.
DECIMALS = 2

POSITIVE, NEGATIVE, UNDECIDED = "positive", "negative", "undecided"


def weighted_sum(inputs: Sequence[float], weights: Sequence[float], bias: float) -> float:
    """z = w·x + b: 0.90·1.20 + 0.30·(-0.80) - 0.15 = 0.69."""
    z = 0.0
    for x, w in zip(inputs, weights, strict=True):
        z += x * w
    return z + bias


def shown(value: float, decimals: int = DECIMALS) -> str:
    """A number as the widgets show it: shown(0.6899999) = '0.69', and never '-0.00'."""
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def percent(probability: float) -> str:
    """A probability as a whole percentage: percent(0.4403) = '44%'."""
    return f"{probability * 100:.0f}%"


def probability_verdict(probability: float) -> str:
    """Positive above 50%, negative below, undecided when it shows as 50%.

    >>> probability_verdict(0.6660), probability_verdict(0.4403), probability_verdict(0.5049)
    ('positive', 'negative', 'undecided')
    """
    rounded = int(percent(probability)[:-1])
    if rounded == 50:
        return UNDECIDED
    return POSITIVE if rounded > 50 else NEGATIVE


def score_verdict(z: float) -> str:
    """For activations whose output is no probability, the sign of z decides;
    a z that shows as 0.00 sits on the boundary: score_verdict(-0.004) = 'undecided'."""
    if float(shown(z)) == 0:
        return UNDECIDED
    return POSITIVE if z > 0 else NEGATIVE


@dataclass(frozen=True)
class NeuronOutput:
    """What one neuron computed: its weighted sum z, its output a = f(z), the
    confidence that the input is positive (None when f's output is no
    probability) and its verdict: positive, negative or undecided."""

    z: float
    a: float
    confidence: Optional[float]
    verdict: str


def fire(inputs: Sequence[float], weights: Sequence[float], bias: float,
         activation_name: str = "sigmoid") -> NeuronOutput:
    """Run one neuron forward: the lesson's default example gives z 0.69, a 0.67 (see above)."""
    f = activation(activation_name)
    z = weighted_sum(inputs, weights, bias)
    a = f.value(z)
    if f.probability:
        return NeuronOutput(z, a, a, probability_verdict(a))
    return NeuronOutput(z, a, None, score_verdict(z))
