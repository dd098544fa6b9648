"""The names and sentences the widgets show for the core's activations, networks and presets.

What the visualizer says about a run (its story, fit states, one-step sentences)
is computed from the run's data in lesson_py.widgets.visualizer.

The core modules name things (an activation "relu", a preset "gentle"); this
module says them to a reader. One entry per name, looked up by that name.

>>> ACTIVATION_WORDS["relu"].label, PRESET_WORDS["gentle"].label
('ReLU', 'Gentle')
"""

from dataclasses import dataclass

from ..activations import ACTIVATIONS
from ..runs import DEEP_ACTIVATION, DEEP_HIDDEN, NETWORKS, PRESETS


@dataclass(frozen=True)
class Words:
    """How a reader meets one named thing: its label and one sentence about it."""

    name: str
    label: str
    description: str


def _table(*entries: Words) -> dict[str, Words]:
    return {w.name: w for w in entries}


ACTIVATION_WORDS: dict[str, Words] = _table(
    Words("sigmoid", "Sigmoid", "Squashes any score into a value between 0 and 1 that reads like a probability."),
    Words("tanh", "Tanh", "Squashes any score into a value between -1 and 1, centred on zero."),
    Words("relu", "ReLU", "Passes positive scores through unchanged and turns negative ones into 0."),
    Words("step", "Step", "Fires fully (1) when the score is 0 or more, otherwise stays off (0)."),
    Words("linear", "Linear (none)", "Leaves the score as it is: no squashing, no bending."),
)

NETWORK_WORDS: dict[str, Words] = _table(
    Words("shallow", "Shallow", "One sigmoid neuron reading x1 and x2: its boundary is a single straight line."),
    Words("deep", "Deep", f"2 inputs, a hidden layer of {DEEP_HIDDEN} {DEEP_ACTIVATION} neurons, "
                          "then one sigmoid neuron: its boundary can bend."),
)

PRESET_WORDS: dict[str, Words] = _table(
    Words("gentle", "Gentle", "Small, careful steps: the loss falls smoothly but slowly."),
    Words("balanced", "Balanced", "Steps sized to the slope: the loss falls every epoch without overshooting."),
    Words("aggressive", "Aggressive",
          "Big steps: updates overshoot the bottom of the valley, so the loss jumps up along the way."),
)

# Every name the core knows has its words, and no words name what the core does not know.
assert ACTIVATION_WORDS.keys() == ACTIVATIONS.keys()
assert NETWORK_WORDS.keys() == NETWORKS.keys() and tuple(PRESET_WORDS) == PRESETS


def short_name(activation_name: str) -> str:
    """The name written in formulas: 'Sigmoid', 'ReLU', 'Linear' (without '(none)')."""
    return ACTIVATION_WORDS[activation_name].label.removesuffix(" (none)")
