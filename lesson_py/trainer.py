"""Training any run spec, epoch by epoch, so a page can show checkpoints while they come.

`epochs(spec)` is a generator: it yields the checkpoint of epoch 0 (the
starting network), trains one epoch, yields epoch 1, and so on. It can start
again from any checkpoint's network and epoch (`start`, `network`) and gives
the very same numbers, because each epoch's mini-batch order has its own seed
(ORDER_SEED · init + epoch) and a network's floats travel through JSON exactly.

A checkpoint holds numbers only (the words are lesson_py.widgets' work): the
network, training loss and accuracy, test loss and accuracy when points are
held out, the L2 penalty, the gradient of the whole training objective at this
network (what a full-batch step would take), and each layer's gradient size.

>>> from .spec import parse
>>> run = train_spec(parse({"dataset": "lesson", "layers": "3", "epochs": "2"}))
>>> [round(c.loss, 4) for c in run.checkpoints], run.diverged_at
([0.7835, 0.7242, 0.6958], None)
"""

import math
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

from .dataset import DATASET, Point
from .datasets import generate, split
from .loss import mean_loss
from .network import Network, forward_all, seeded
from .neuron import POSITIVE, UNDECIDED, probability_verdict
from .spec import GENERATED, RunSpec
from .training import Gradients, backward_pass, confidences_of, l2_gradients, l2_penalty, train_epoch, update

ORDER_SEED = 65536  # epoch e of a network seeded `init` shuffles with random.Random(init·65536 + e)


@dataclass(frozen=True)
class SpecCheckpoint:
    """The model after `epoch` epochs, judged on the training and the test points.

    `loss` is the mean cross-entropy over the training points and `penalty` the
    L2 term (l2/2)·Σw², so training lowers loss + penalty. `gradients` is that
    objective's gradient over all training points; `gradient_sizes` the
    root-mean-square of each layer's weight gradients, input side first.
    Test values are None when no point is held out.
    """

    epoch: int
    network: Network
    loss: float
    accuracy: float
    test_loss: Optional[float]
    test_accuracy: Optional[float]
    penalty: float
    gradients: Gradients
    gradient_sizes: tuple[float, ...]
    confidences: tuple[float, ...] = ()  # the confidence of positive for each training point, then each test point


@dataclass(frozen=True)
class SpecRun:
    """A trained spec: checkpoints 0..epochs, or those before `diverged_at` if numbers stopped being finite."""

    spec: RunSpec
    checkpoints: tuple[SpecCheckpoint, ...]
    diverged_at: Optional[int]


def spec_points(spec: RunSpec) -> tuple[tuple[Point, ...], tuple[Point, ...]]:
    """(training points, test points) of the spec's dataset.

    Generating a dataset takes longer than an epoch of training on it, and every sentence about a
    checkpoint asks for its points: the last few datasets' points are kept (they never change).
    """
    d = spec.dataset
    if d not in KEPT_POINTS:
        if len(KEPT_POINTS) >= KEEP_POINTS:
            KEPT_POINTS.clear()
        if d.kind in GENERATED:
            KEPT_POINTS[d] = split(generate(d.kind, d.points, d.noise, d.seed), d.test)
        else:
            KEPT_POINTS[d] = (d.listed if d.kind == "listed" else DATASET), ()
    return KEPT_POINTS[d]


KEEP_POINTS = 8
KEPT_POINTS: dict = {}  # DatasetSpec -> (training points, test points)


def initial_network(spec: RunSpec) -> Network:
    """The network at epoch 0: spec.network's layers, seeded with its init seed."""
    return seeded(spec.network.layers, spec.network.activation, spec.network.init)


def correct_share(confidences: Sequence[float], points: Sequence[Point]) -> float:
    """The share of points judged correct: on the right side of 50%, and not shown as 50%."""
    right = 0
    for confidence, point in zip(confidences, points):
        said = probability_verdict(confidence)
        right += said != UNDECIDED and (said == POSITIVE) == (point.label == 1)
    return right / len(points)


def rms(values: Sequence[float]) -> float:
    """The root-mean-square: rms([3.0, -4.0]) = 3.5355... (sqrt is exact-rounded everywhere)."""
    total = 0.0
    for v in values:
        total += v * v
    return math.sqrt(total / len(values))


def checkpoint(epoch: int, network: Network, train: Sequence[Point], test: Sequence[Point],
               l2: float) -> SpecCheckpoint:
    """Judge `network` on both sets and take the gradient of its training objective."""
    loss, gradients, confidences = backward_pass(network, train)
    if l2 > 0:
        gradients = l2_gradients(network, gradients, l2)
    test_loss = test_accuracy = None
    test_confidences: list[float] = []
    if test:
        traces = forward_all(network, [p.inputs for p in test])
        test_loss = mean_loss(traces[-1][1][0], [p.label for p in test])
        test_confidences = confidences_of(network, traces)
        test_accuracy = correct_share(test_confidences, test)
    sizes = tuple(rms([v for row in g.weights for v in row]) for g in gradients)
    return SpecCheckpoint(epoch, network, loss, correct_share(confidences, train), test_loss, test_accuracy,
                          l2_penalty(network, l2) if l2 > 0 else 0.0, gradients, sizes,
                          (*confidences, *test_confidences))


def finite(c: SpecCheckpoint) -> bool:
    values = [c.loss, c.penalty, *c.gradient_sizes, *(c.test_loss,) * (c.test_loss is not None)]
    values += [v for layer in c.network for row in (*layer.weights, layer.biases) for v in row]
    return all(math.isfinite(v) for v in values)


def epochs(spec: RunSpec, start: int = 0, network: Optional[Network] = None,
           every: int = 1, judged: Optional[SpecCheckpoint] = None,
           networks: Optional[Iterator[Network]] = None) -> Iterator[SpecCheckpoint]:
    """Checkpoints at the epochs from `start` on that are multiples of `every`, and at the last epoch.

    `network` is the network at epoch `start` (the spec's starting network when
    None and start is 0). Epochs between checkpoints only train, which is
    faster: judging every point takes about as long as training on it. Stops
    early, without a checkpoint, at the first checkpoint whose numbers are not all finite.
    `judged` is the checkpoint of `start` when the caller already has it (the same numbers
    again, not judged twice). `networks`, when given, are the networks of the epochs after
    `start`, trained elsewhere with `trained` (a page trains in one Python and judges in
    another, at the same time); where they run out, the run stops as if training had failed there.
    """
    t = spec.training
    train, test = spec_points(spec)
    if network is None:
        if start != 0:
            raise ValueError(f"to start at epoch {start}, give the network of that epoch")
        network = initial_network(spec)
    epoch = start
    try:
        while True:
            if epoch % every == 0 or epoch == t.epochs:
                known = judged is not None and judged.epoch == epoch and judged.network == network
                c = judged if known else checkpoint(epoch, network, train, test, t.l2)
                if not finite(c):
                    return
                yield c
                if epoch == t.epochs:
                    return
                network = advance(spec, c, train) if networks is None else next(networks, None)
            else:
                network = (train_epoch(network, train, t.rate, t.batch, t.l2, order_seed(spec, epoch))
                           if networks is None else next(networks, None))
            if network is None:
                return
            epoch += 1
    except (OverflowError, ValueError):  # a value overflowed, or a NaN reached a verdict
        return


def trained(spec: RunSpec, start: int, network: Network, count: int) -> tuple[list[Network], bool]:
    """The networks of the `count` epochs after `start` (fewer at the run's last epoch), training only,
    and whether training stops there: at the last epoch, or where a number overflowed or stopped
    being finite. With the same spec and network they are the networks `epochs` trains.

    >>> from .spec import parse
    >>> nets, stops = trained(parse({"dataset": "lesson", "layers": "3", "epochs": "2"}), 0, None, 5)
    >>> len(nets), stops
    (2, True)
    """
    t = spec.training
    train = spec_points(spec)[0]
    network = initial_network(spec) if network is None else network
    found: list[Network] = []
    try:
        for epoch in range(start, min(start + count, t.epochs)):
            network = train_epoch(network, train, t.rate, t.batch, t.l2, order_seed(spec, epoch))
            if not all(math.isfinite(v) for layer in network for row in (*layer.weights, layer.biases) for v in row):
                return found, True  # epochs would stop before this network too: its checkpoint is not finite
            found.append(network)
    except (OverflowError, ValueError):
        return found, True
    return found, start + len(found) == t.epochs


def order_seed(spec: RunSpec, epoch: int) -> int:
    """The seed of epoch `epoch`'s mini-batch order: init·65536 + epoch."""
    return ORDER_SEED * spec.network.init + epoch


def advance(spec: RunSpec, c: SpecCheckpoint, train: Sequence[Point]) -> Network:
    """The network one epoch after checkpoint c: a full-batch step takes c's own gradient."""
    t = spec.training
    if t.batch is None or t.batch >= len(train):
        return update(c.network, c.gradients, t.rate)
    return train_epoch(c.network, train, t.rate, t.batch, t.l2, order_seed(spec, c.epoch))


def train_spec(spec: RunSpec, every: int = 1) -> SpecRun:
    """The whole run at once: its checkpoints, and where it diverged (None if it never did)."""
    checkpoints = tuple(epochs(spec, every=every))
    last = checkpoints[-1].epoch if checkpoints else -every
    return SpecRun(spec, checkpoints, None if last == spec.training.epochs else min(last + every, spec.training.epochs))
