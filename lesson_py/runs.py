"""The lesson's training runs: two networks, three learning-rate presets.

Every run is full-batch gradient descent on the lesson's 8 points, from a fixed
start, so it gives the same numbers every time and everywhere (the site's build
and the browser's "Check with Python" button both call `replay`). A checkpoint
is the network after a number of epochs, judged on every point, with the
gradients of the step it is about to take.

>>> run = replay("shallow", "balanced")
>>> start = run.checkpoints[0]
>>> round(start.loss, 3), round(start.judgements[0].confidence, 2), start.fit
(0.697, 0.44, 'underfitting')
"""

import math
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from .dataset import DATASET, Point
from .network import Network, deep, shallow
from .training import Gradients, Judgement, accuracy, backpropagate, judge, update

__all__ = ["NETWORKS", "PRESETS", "PLANS", "FIT_STATES", "Checkpoint", "Run", "replay", "train_run", "fit_state"]


# Deep's hidden layer: 3 tanh neurons, seeded start. Seed 1 starts with 2 of 8
# right and needs about 30 Balanced epochs to find the XOR shape, long enough to
# watch, short enough to finish well inside the run.
DEEP_HIDDEN, DEEP_ACTIVATION, DEEP_SEED = 3, "tanh", 1
SHALLOW_WEIGHTS, SHALLOW_BIAS = (0.12, -0.12), 0.0

# The networks the reader can pick, each built from its fixed start.
NETWORKS: dict[str, Callable[[], Network]] = {
    "shallow": lambda: shallow(SHALLOW_WEIGHTS, SHALLOW_BIAS),
    "deep": lambda: deep(DEEP_HIDDEN, DEEP_ACTIVATION, seed=DEEP_SEED),
}

# The learning-rate presets, from the smallest rate to the largest.
PRESETS: tuple[str, ...] = ("gentle", "balanced", "aggressive")


@dataclass(frozen=True)
class RunPlan:
    """The learning rate and epoch count of one (network, preset) run."""

    learning_rate: float
    epochs: int


# One run per network and preset. Both presets of a network share an epoch
# count, so their loss charts line up epoch for epoch.
PLANS: dict[tuple[str, str], RunPlan] = {
    # The single neuron's best line sits on the fence: loss log 2 = 0.693, at
    # most 6 of 8 ever right. 40 epochs show it getting stuck there.
    # 0.25 is a quarter of Balanced's rate: it is still creeping down at epoch 40.
    ("shallow", "gentle"): RunPlan(0.25, 40),
    # 1.0 reaches the floor within about ten epochs with no rise at all (from 2.0
    # on, rounding-level rises appear near the floor).
    ("shallow", "balanced"): RunPlan(1.0, 40),
    # A neuron's loss bowl is wide (its curvature is at most a quarter of the
    # inputs' spread), so only a rate above about 8 overshoots; at 12 every
    # step lands higher on the far side until the line flips back and forth.
    ("shallow", "aggressive"): RunPlan(12.0, 40),
    # 0.25 keeps Deep far from the XOR shape for all 60 epochs: visibly slower.
    ("deep", "gentle"): RunPlan(0.25, 60),
    # 1.0 gets every point right at epoch 32 with the loss falling every epoch,
    # and leaves half the run to watch the fitted model grow surer.
    ("deep", "balanced"): RunPlan(1.0, 60),
    # 8.0 overshoots several times in the first ten epochs (loss up by nearly
    # 1.0 once), then lands in the XOR solution. Between 9 and 12 the run never
    # settles and tiny rounding differences grow, so it could not be replayed
    # bit for bit; 8.0 is steady under such differences.
    ("deep", "aggressive"): RunPlan(8.0, 60),
}

# Fit states, decided in this order for each checkpoint (see fit_state).
FIT_STATES: tuple[str, ...] = ("unstable", "fitted", "learning", "underfitting")
LEARNING_DROP = 0.001   # a fall of 0.1% of the loss in one epoch still counts as learning
RISE_TOLERANCE = 1e-12  # rises below this are rounding, not overshooting


def fit_state(losses: Sequence[float], all_correct: bool) -> str:
    """The fit state of the latest checkpoint, from the losses so far (the latest last).

    >>> fit_state([0.70, 0.69], all_correct=False)
    'learning'
    >>> fit_state([0.70, 0.71], all_correct=True)
    'unstable'
    >>> fit_state([0.6931, 0.6931], all_correct=False)
    'underfitting'
    """
    recent = losses[-3:]
    if any(later - earlier > RISE_TOLERANCE for earlier, later in zip(recent, recent[1:])):
        return "unstable"
    if all_correct:
        return "fitted"
    if len(losses) >= 2 and losses[-2] - losses[-1] >= LEARNING_DROP * losses[-2]:
        return "learning"
    return "underfitting"


@dataclass(frozen=True)
class Checkpoint:
    """The model after `epoch` updates: its parameters, loss and gradients (the
    gradients of the step it takes next), how it judges every point, its
    accuracy (the share judged correct) and its fit state."""

    epoch: int
    network: Network
    loss: float
    gradients: Gradients
    judgements: tuple[Judgement, ...]
    accuracy: float
    fit: str


@dataclass(frozen=True)
class Run:
    """A replayed run: checkpoints for epochs 0..n, the network the last step
    produces, and the epoch at which numbers stopped being finite (None if never).
    A diverged run keeps only the checkpoints before that epoch."""

    learning_rate: float
    checkpoints: tuple[Checkpoint, ...]
    after_last: Optional[Network]
    diverged_at: Optional[int]


def _finite(*groups) -> bool:
    def walk(value):
        if isinstance(value, float):
            yield value
        elif isinstance(value, (tuple, list)):
            for item in value:
                yield from walk(item)
        elif hasattr(value, "weights"):
            yield from walk(value.weights)
            yield from walk(value.biases)
    return all(math.isfinite(v) for group in groups for v in walk(group))


def train_run(network: Network, learning_rate: float, epochs: int,
              points: Sequence[Point] = DATASET) -> Run:
    """Full-batch gradient descent for `epochs` steps, keeping a checkpoint per epoch.

    Stops early, and says so, as soon as a loss, gradient or parameter is no
    longer a finite number (the run diverged).

    >>> run = train_run(shallow((0.12, -0.12), 0.0), learning_rate=math.inf, epochs=5)
    >>> run.diverged_at, len(run.checkpoints)
    (1, 1)
    """
    checkpoints: list[Checkpoint] = []
    losses: list[float] = []
    for epoch in range(epochs + 1):
        try:
            loss, gradients = backpropagate(network, points)
            if not _finite(network, loss, gradients):
                raise OverflowError
            judgements = tuple(judge(network, points))  # a NaN confidence has no verdict: ValueError
            after = update(network, gradients, learning_rate)
        except (OverflowError, ValueError):
            return Run(learning_rate, tuple(checkpoints), None, epoch)
        losses.append(loss)
        share = accuracy(judgements)
        checkpoints.append(Checkpoint(epoch, network, loss, gradients, judgements, share,
                                      fit_state(losses, share == 1.0)))
        network = after
    if not _finite(network):
        return Run(learning_rate, tuple(checkpoints), None, epochs + 1)
    return Run(learning_rate, tuple(checkpoints), network, None)


def replay(network_name: str, preset_name: str, epochs: Optional[int] = None) -> Run:
    """Replay one of the lesson's runs, up to `epochs` (default: the whole run).

    >>> run = replay("deep", "balanced", epochs=3)
    >>> [c.epoch for c in run.checkpoints], run.learning_rate
    ([0, 1, 2, 3], 1.0)
    """
    if network_name not in NETWORKS:
        raise ValueError(f"unknown network {network_name!r}; expected one of: {', '.join(NETWORKS)}")
    if preset_name not in PRESETS:
        raise ValueError(f"unknown preset {preset_name!r}; expected one of: {', '.join(PRESETS)}")
    plan = PLANS[(network_name, preset_name)]
    if epochs is None:
        epochs = plan.epochs
    if not 0 <= epochs <= plan.epochs:
        raise ValueError(f"epochs must be from 0 to {plan.epochs}, got {epochs}")
    return train_run(NETWORKS[network_name](), plan.learning_rate, epochs)
