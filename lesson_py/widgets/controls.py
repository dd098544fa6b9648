"""The Neuron Playground's numbers and the one rule for what each of them accepts.

A value is a plain decimal number (a decimal comma reads as a point, no
exponent), within the control's range and on its step. The build's block
validation reads an author's text with `Control.read`, the worker's states go
through `Control.accept`, and the browser's number boxes get the same range,
step, pattern and words from the build's JSON (`Control.rule`), so all three
accept and refuse alike.

>>> w1 = CONTROLS["w1"]
>>> w1.read("1,5"), w1.accept(-0.8)
(1.5, -0.8)
>>> w1.expected
'a number from -3 to 3 in steps of 0.01'
>>> w1.read("1e9")
Traceback (most recent call last):
...
ValueError: a number from -3 to 3 in steps of 0.01
"""

import math
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

# A decimal number as a reader or an author writes it: "1.25", "-.5", "2,5" (a comma
# for the decimal point). Anchored where used; the browser compiles the same text.
NUMBER_PATTERN = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)"
NUMBER = re.compile(NUMBER_PATTERN)


@dataclass(frozen=True)
class Control:
    """One number the reader sets: its range, the step a slider moves by, its start."""

    name: str
    label: str
    minimum: float
    maximum: float
    step: float
    default: float

    @property
    def expected(self) -> str:
        """What the control accepts, in words: 'a number from -3 to 3 in steps of 0.01'."""
        return f"a number from {self.minimum:g} to {self.maximum:g} in steps of {self.step:g}"

    @property
    def decimals(self) -> int:
        """How many decimals its step has: 2 for 0.01."""
        return max(0, -math.floor(math.log10(self.step)))

    def read(self, text: str) -> float:
        """An author's or a reader's text as the control's value; ValueError(expected) if it is none."""
        if not NUMBER.fullmatch(text.strip()):
            raise ValueError(self.expected)
        return self.accept(float(text.strip().replace(",", ".")))

    def accept(self, value: Any) -> float:
        """A number within the range and on a step, as the exact step value; ValueError(expected) otherwise."""
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                or not self.minimum <= value <= self.maximum):
            raise ValueError(self.expected)
        steps = value / self.step
        if abs(steps - round(steps)) > 1e-6:
            raise ValueError(self.expected)
        exact = round(round(steps) * self.step, self.decimals)
        return 0.0 if exact == 0 else exact   # never -0.0

    def rule(self) -> dict[str, Any]:
        """What the browser's slider and number box need, for the build's JSON."""
        return {
            "label": self.label, "min": self.minimum, "max": self.maximum, "step": self.step,
            "pattern": NUMBER_PATTERN,
            "hint": f"{self.label} takes {self.expected}.",
            "notNumber": f"“{{typed}}” is not a number: {self.label} takes {self.expected}.",
            "clamped": f"{self.label} takes {self.expected}: {{value}} is used.",
        }


# The one table of the playground's numbers. Inputs span the decision map's square;
# weights and bias reach far enough to push the sigmoid close to 0% or 100%.
CONTROLS: dict[str, Control] = {
    c.name: c
    for c in (
        Control("x1", "Input x1", -2.0, 2.0, 0.01, 0.90),
        Control("x2", "Input x2", -2.0, 2.0, 0.01, 0.30),
        Control("w1", "Weight w1", -3.0, 3.0, 0.01, 1.20),
        Control("w2", "Weight w2", -3.0, 3.0, 0.01, -0.80),
        Control("b", "Bias b", -3.0, 3.0, 0.01, -0.15),
    )
}


def accept_all(controls: Iterable[Control], state: Mapping[str, Any]) -> dict[str, float]:
    """Each control's value in `state` (its default where it is missing) as the control accepts it;
    ValueError "NAME must be WHAT IT TAKES, got VALUE" for the first value it refuses.

    >>> accept_all([Control("w1", "Weight w1", -3.0, 3.0, 0.01, 1.2)], {})
    {'w1': 1.2}
    >>> accept_all([Control("w1", "Weight w1", -3.0, 3.0, 0.01, 1.2)], {"w1": 4})
    Traceback (most recent call last):
    ...
    ValueError: w1 must be a number from -3 to 3 in steps of 0.01, got 4
    """
    result: dict[str, float] = {}
    for control in controls:
        value = state.get(control.name, control.default)
        try:
            result[control.name] = float(control.accept(value))
        except ValueError as error:
            raise ValueError(f"{control.name} must be {error}, got {value!r}") from None
    return result
