"""The names and sentences the widgets show for the core's activations, networks and runs.

The core modules name things (an activation "relu", a preset "gentle"); this
module says them to a reader. One entry per name, looked up by that name.

>>> ACTIVATION_WORDS["relu"].label, PRESET_WORDS["gentle"].label
('ReLU', 'Gentle')
"""

from dataclasses import dataclass

from ..activations import ACTIVATIONS
from ..runs import DEEP_ACTIVATION, DEEP_HIDDEN, FIT_STATES, NETWORKS, PLANS, PRESETS


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

# What each fit state means, in the order fit_state decides them.
FIT_WORDS: dict[str, str] = {
    "unstable": "The loss rose in this epoch or the one before: the updates overshoot.",
    "fitted": "Every point is on the right side of the boundary.",
    "learning": "The loss is still falling clearly (by at least 0.1% in the last epoch).",
    "underfitting": "Some points are still wrong and the loss is not falling clearly (at epoch 0 it has "
                    "not started to): the model does not fit the data, yet or ever.",
}

# One sentence per run on what it shows (tests check each against the run's data).
STORIES: dict[tuple[str, str], str] = {
    ("shallow", "gentle"): "The loss creeps towards 0.693 and the line never gets past the fence.",
    ("shallow", "balanced"): "The loss drops to 0.693 within ten epochs and stays: one line cannot do better.",
    ("shallow", "aggressive"): "Each step jumps past the floor: the loss climbs to about 1.36 and the line "
                               "flips back and forth every epoch.",
    ("deep", "gentle"): "The loss falls slowly and the network stays on a plateau of 6 of 8 for all 60 epochs.",
    ("deep", "balanced"): "The loss falls every epoch; the boundary bends until all 8 points are right (epoch 32).",
    ("deep", "aggressive"): "The loss leaps up and down for ten epochs as steps overshoot, then the network "
                            "lands on all 8 points.",
}

# Every name the core knows has its words, and no words name what the core does not know.
assert ACTIVATION_WORDS.keys() == ACTIVATIONS.keys()
assert NETWORK_WORDS.keys() == NETWORKS.keys() and tuple(PRESET_WORDS) == PRESETS
assert tuple(FIT_WORDS) == FIT_STATES and STORIES.keys() == PLANS.keys()


def short_name(activation_name: str) -> str:
    """The name written in formulas: 'Sigmoid', 'ReLU', 'Linear' (without '(none)')."""
    return ACTIVATION_WORDS[activation_name].label.removesuffix(" (none)")
