"""The lesson's dataset: 8 labelled points in an XOR pattern (label 1 = positive).

The positives sit in the north-west and south-east corners, the negatives in
the north-east and south-west, so no single straight line can split them.

>>> DATASET[0]
Point(name='nw-positive', x=-1.0, y=1.0, label=1)
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    """One labelled example: a name, its position (x, y) and its label (1 or 0)."""

    name: str
    x: float
    y: float
    label: int

    @property
    def inputs(self) -> tuple[float, float]:
        return (self.x, self.y)


DATASET: tuple[Point, ...] = (
    Point("nw-positive", -1.0, 1.0, 1),
    Point("se-positive", 1.0, -1.0, 1),
    Point("ne-negative", 1.0, 1.0, 0),
    Point("sw-negative", -1.0, -1.0, 0),
    Point("nw-soft", -0.75, 0.75, 1),
    Point("se-soft", 0.7, -0.7, 1),
    Point("ne-soft", 0.72, 0.72, 0),
    Point("sw-soft", -0.72, -0.72, 0),
)

POINT_NAMES: tuple[str, ...] = tuple(p.name for p in DATASET)
