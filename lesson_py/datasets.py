"""Generated datasets: circle, xor, gauss and spiral, the shapes TensorFlow Playground offers.

Every set is drawn from random.Random(seed), whose Mersenne Twister and
`random()` are the same in CPython and Pyodide, and shaped with lesson_py.exact
(no math.log, sin or cos, whose last bits depend on the platform), so a seed
gives the very same points in the build and in the browser.

The clean shapes lie in [-1, 1]²; `noise` is the standard deviation of a
Gaussian shift added to each coordinate, and a noisy point is clamped to the
map's square [-EXTENT, EXTENT]². Labels come from the clean shape, so noise
makes the classes overlap. Half the points are positive (label 1), the first
half drawn; the points are then shuffled, and `split` holds the last share out
for testing.

>>> points = generate("circle", 4, noise=0.0, seed=1)
>>> [(round(p.x, 2), round(p.y, 2), p.label) for p in points[:2]]
[(-0.95, 0.08, 0), (0.26, -0.24, 1)]
"""

import math
import random
from typing import Callable

from .dataset import Point
from .exact import log, sin_cos

EXTENT = 1.2               # the decision map's square is [-EXTENT, EXTENT]²
INNER, OUTER = 0.5, (0.7, 1.0)  # circle: positives within radius 0.5, negatives in the ring 0.7..1
XOR_GAP = 0.05             # xor: no point closer than this to an axis, so every label is clear
GAUSS_CENTRE, GAUSS_SPREAD = 0.45, 0.2  # gauss: blobs at ±(0.45, 0.45), standard deviation 0.2
SPIRAL_TURNS = 1.75        # spiral: each arm turns 1.75 times around the centre

# A shape draws one clean point of a class; `fraction` is its place in the class, 0 to 1.
Shape = Callable[[random.Random, int, float], tuple[float, float]]


def normal(rng: random.Random) -> float:
    """A standard normal draw by Marsaglia's polar method (no sin or cos needed)."""
    while True:
        u, v = 2.0 * rng.random() - 1.0, 2.0 * rng.random() - 1.0
        s = u * u + v * v
        if 0.0 < s < 1.0:
            return u * math.sqrt(-2.0 * log(s) / s)  # sqrt is exact-rounded everywhere


def circle(rng: random.Random, label: int, fraction: float) -> tuple[float, float]:
    """Uniform over the disc of radius 0.5 (positive) or the ring from 0.7 to 1 (negative)."""
    low, high = (0.0, INNER) if label == 1 else OUTER
    while True:
        x, y = rng.uniform(-high, high), rng.uniform(-high, high)
        if low * low <= x * x + y * y <= high * high:
            return x, y


def xor(rng: random.Random, label: int, fraction: float) -> tuple[float, float]:
    """The lesson's XOR: positive in the north-west and south-east quarters, negative in the others."""
    x = rng.uniform(XOR_GAP, 1.0) * (1 if rng.random() < 0.5 else -1)
    y = rng.uniform(XOR_GAP, 1.0) * (1 if rng.random() < 0.5 else -1)
    if (x * y < 0) != (label == 1):
        y = -y
    return x, y


def gauss(rng: random.Random, label: int, fraction: float) -> tuple[float, float]:
    """Two round blobs: positive around (0.45, 0.45), negative around (-0.45, -0.45)."""
    centre = GAUSS_CENTRE if label == 1 else -GAUSS_CENTRE
    return centre + GAUSS_SPREAD * normal(rng), centre + GAUSS_SPREAD * normal(rng)


def spiral(rng: random.Random, label: int, fraction: float) -> tuple[float, float]:
    """Two interleaved arms, the negative one turned half a turn; the radius grows with `fraction`."""
    sine, cosine = sin_cos(SPIRAL_TURNS * 2.0 * math.pi * fraction + (0.0 if label == 1 else math.pi))
    return fraction * sine, fraction * cosine


SHAPES: dict[str, Shape] = {"circle": circle, "xor": xor, "gauss": gauss, "spiral": spiral}


def clamp(v: float) -> float:
    return -EXTENT if v < -EXTENT else EXTENT if v > EXTENT else v


def generate(kind: str, count: int, noise: float, seed: int) -> tuple[Point, ...]:
    """`count` points of the shape `kind`, shuffled, with Gaussian noise of size `noise`.

    >>> [p.label for p in generate("xor", 6, 0.1, seed=3)].count(1)
    3
    """
    shape = SHAPES[kind]
    rng = random.Random(seed)
    positives = (count + 1) // 2
    drawn = []
    for index in range(count):
        label = 1 if index < positives else 0
        fraction = index / positives if label == 1 else (index - positives) / (count - positives)
        x, y = shape(rng, label, fraction)
        if noise > 0:
            x, y = clamp(x + noise * normal(rng)), clamp(y + noise * normal(rng))
        drawn.append((x, y, label))
    rng.shuffle(drawn)
    return tuple(Point(f"{kind}-{i + 1}", x, y, label) for i, (x, y, label) in enumerate(drawn))


def split(points: tuple[Point, ...], test_share: float) -> tuple[tuple[Point, ...], tuple[Point, ...]]:
    """(training points, test points): the last round(share · n) points are held out.

    >>> train, test = split(generate("gauss", 20, 0.0, seed=1), 0.25)
    >>> len(train), len(test)
    (15, 5)
    """
    held = round(test_share * len(points))
    return points[:len(points) - held], points[len(points) - held:]
