"""The loss: one number that says how wrong the predictions are (lower is better).

The lesson uses binary cross-entropy on the sigmoid output a = sigmoid(z):

    loss = -(y·log(a) + (1 - y)·log(1 - a))

Written in terms of the score z it never takes the log of 0, so it stays
finite even when a rounds to exactly 0 or 1:

    loss = max(z, 0) - y·z + log(1 + exp(-|z|))

Its slope with respect to z is simply a - y: the prediction minus the label.
exp and log1p come from lesson_py.exact, the same bits on every platform.

>>> round(binary_cross_entropy(-0.24, 1), 4)   # nw-positive at 44%
0.8203
"""

from typing import Sequence

from .exact import exp, log1p


def binary_cross_entropy(z: float, label: int) -> float:
    """Cross-entropy of one prediction, from its output score z and its label (0 or 1)."""
    return max(z, 0.0) - label * z + log1p(exp(-abs(z)))


def mean_loss(scores: Sequence[float], labels: Sequence[int]) -> float:
    """The average cross-entropy over a batch: the number training tries to lower.

    >>> round(mean_loss([0.0, 0.0], [1, 0]), 4)   # a coin flip costs log 2 each
    0.6931
    """
    total = 0.0
    for z, y in zip(scores, labels, strict=True):
        total += binary_cross_entropy(z, y)
    return total / len(labels)
