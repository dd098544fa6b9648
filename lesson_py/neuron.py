"""One neuron: multiply inputs by weights, add them up with a bias, then activate.

    z = w1·x1 + w2·x2 + b        (the weighted sum)
    a = f(z)                      (the activation decides how strongly it fires)

>>> out = fire((0.90, 0.30), (1.20, -0.80), -0.15, "sigmoid")
>>> round(out.z, 2), round(out.a, 2), whole_percent(out.confidence), out.verdict
(0.69, 0.67, 67, 'positive')
"""

from dataclasses import dataclass
from typing import Optional, Sequence

from .activations import activation

# The lesson reads values to 2 decimals and confidences to whole percent: a
# confidence that rounds to 50% and a score that rounds to 0.00 sit on the fence.
DECIMALS = 2
FENCE_PERCENT = 50
FENCE_LOW, FENCE_HIGH = FENCE_PERCENT - 0.5, FENCE_PERCENT + 0.5  # percents that round to 50 (both ends: 50 is even)

POSITIVE, NEGATIVE, UNDECIDED = "positive", "negative", "undecided"


def weighted_sum(inputs: Sequence[float], weights: Sequence[float], bias: float) -> float:
    """z = w·x + b: 0.90·1.20 + 0.30·(-0.80) - 0.15 = 0.69."""
    z = 0.0
    for x, w in zip(inputs, weights, strict=True):
        z += x * w
    return z + bias


def whole_percent(probability: float) -> int:
    """A probability to the nearest whole percent: whole_percent(0.4403) = 44.

    Python's round() and its "%.0f" formatting round the same exact value the
    same way, so this is the number a reader sees."""
    return round(probability * 100)


def probability_verdict(probability: float) -> str:
    """Positive above 50%, negative below, undecided when it rounds to 50%.

    >>> probability_verdict(0.6660), probability_verdict(0.4403), probability_verdict(0.5049)
    ('positive', 'negative', 'undecided')
    """
    shown = probability * 100  # what whole_percent rounds; round() takes a tie to the even neighbour,
    if shown > FENCE_HIGH:     # so 49.5 and 50.5 both show as 50 (compared, not rounded: it is faster)
        return POSITIVE
    if shown < FENCE_LOW:
        return NEGATIVE
    if shown != shown:
        raise ValueError("a confidence that is not a number has no verdict")
    return UNDECIDED


def score_verdict(z: float) -> str:
    """For activations whose output is no probability, the sign of z decides;
    a z that rounds to 0.00 sits on the boundary: score_verdict(-0.004) = 'undecided'."""
    if round(z, DECIMALS) == 0:
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
