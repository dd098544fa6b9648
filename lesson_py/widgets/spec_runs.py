"""Everything the Training Loop Visualizer says about a run an author defines with a run spec.

lesson_py.trainer trains the spec; this module words the result from its numbers
only: the run as a whole (its data, network and training, the story of its two
losses, the loss chart's text alternative) and each stored checkpoint (losses,
accuracies on the training and the test points, the fit state and why, the
decision map's text alternative, the confidences of the table's rows). The build
stores these strings (build_hooks/widget_data.py), the snapshot prints them and
the browser only inserts them.

>>> from lesson_py.spec import parse
>>> from lesson_py.trainer import train_spec
>>> run = train_spec(parse({"dataset": "circle", "points": "40", "test": "0.25", "epochs": "4"}))
>>> words = checkpoint_words(run, 0)
>>> words["accuracy"], words["test_accuracy"]
('18 of 30 correct (60%)', '5 of 10 correct (50%)')
"""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence

from ..dataset import Point
from ..network import probability_grid
from ..runs import LEARNING_DROP, RISE_TOLERANCE, fit_state
from ..trainer import SpecCheckpoint, SpecRun, spec_points
from ..training import Judgement, judge, judged
from .format import percent, shown
from .visualizer import (GRID_EXTENT, GRID_SIZE, LOSS_DECIMALS, VERDICTS, barely_changed, plural, rate_text,
                         square_words, two_losses)

__all__ = ["MAX_MAPS", "TABLE_TRAINING", "TABLE_TEST", "WINDOW", "stored_epochs", "table_points", "judgements",
           "run_words", "checkpoint_words", "fit_sentence", "map_description", "spec_fit", "gradient_rows",
           "gradient_ratio", "significant"]

MAX_MAPS = 61        # stored checkpoints (map, verdicts, words) at most; every epoch's losses are kept
TABLE_TRAINING = 8   # the table lists the first 8 training points ...
TABLE_TEST = 4       # ... and the first 4 test points; the read-outs count every point
WINDOW = 10          # with mini-batches the fit state compares the loss with 10 epochs before
DATASET_WORDS = {"lesson": "the lesson's 8 XOR points", "circle": "a circle", "xor": "an XOR pattern",
                 "gauss": "two Gaussian clusters", "spiral": "two spirals", "listed": "points listed on the page"}


# --- Which checkpoints are stored -------------------------------------------------------

def stored_epochs(run: SpecRun) -> list[int]:
    """The epochs whose map and words are stored: evenly spaced, at most MAX_MAPS, first and last included.

    The spacing comes from the planned epochs, not from where a diverging run stopped, so a run
    streamed while it trains (lesson_py.widgets.runs_calls spec_run) knows each epoch's place at once.

    >>> from lesson_py.spec import parse
    >>> from lesson_py.trainer import train_spec
    >>> stored_epochs(train_spec(parse({"epochs": "5"})))
    [0, 1, 2, 3, 4, 5]
    """
    last = run.checkpoints[-1].epoch
    return [e for e in range(last + 1) if is_stored(e, run.spec.training.epochs, last)]


def is_stored(epoch: int, planned: int, last: Optional[int]) -> bool:
    """Whether `epoch` of a run of `planned` epochs is a stored one; `last` is the run's last
    checkpoint when known (a diverging run's last good epoch is stored too).

    >>> [e for e in range(0, 121) if is_stored(e, 120, None)][:3], is_stored(7, 120, 7)
    ([0, 2, 4], True)
    """
    return epoch % max(1, math.ceil(planned / (MAX_MAPS - 1))) == 0 or epoch == last


def table_points(run: SpecRun) -> list[tuple[str, int]]:
    """The table's rows: (set, index in that set) for the first training and test points."""
    train, test = spec_points(run.spec)
    return ([("training", i) for i in range(min(TABLE_TRAINING, len(train)))]
            + [("test", i) for i in range(min(TABLE_TEST, len(test)))])


def judgements(run: SpecRun, epoch: int) -> tuple[list[Judgement], list[Judgement]]:
    """How the checkpoint of `epoch` judges every training point and every test point (from the
    confidences the trainer found for them, when the checkpoint holds them: the same numbers)."""
    cp = run.checkpoints[epoch]
    if LAST_JUDGED[0] is not cp:  # the sentences about one checkpoint ask in turn: judge it once
        train, test = spec_points(run.spec)
        if cp.confidences:
            found = judged(train, cp.confidences[:len(train)]), judged(test, cp.confidences[len(train):])
        else:
            found = judge(cp.network, train), judge(cp.network, test)
        LAST_JUDGED[:] = cp, found
    return LAST_JUDGED[1]


LAST_JUDGED: list = [None, None]  # the checkpoint judged last, and its judgements


# --- Small helpers --------------------------------------------------------------------------

def fraction(share: float, total: int) -> str:
    """'147 of 150 correct (98%)' from an accuracy and the number of points."""
    return f"{round(share * total)} of {total} correct ({percent(share)})"


def tally(found: Sequence[Judgement], what: str) -> str:
    """'140 of 150 training points right, 6 wrong, 4 undecided' (empty categories left out)."""
    verdicts = [j.verdict for j in found]
    rest = [f"{verdicts.count(v)} {v}" for v in ("wrong", "undecided") if verdicts.count(v)]
    return ", ".join([f"{verdicts.count('correct')} of {len(found)} {what} points right", *rest])


def spec_fit(run: SpecRun, epoch: int) -> str:
    """The fit state at `epoch`: the lesson's rule (lesson_py.runs.fit_state) on the training losses, one
    epoch apart with the full batch, WINDOW epochs apart with mini-batches (whose single epochs wobble)."""
    spaced = [run.checkpoints[e].loss for e in spaced_epochs(run, epoch)]
    return fit_state(spaced, run.checkpoints[epoch].accuracy == 1.0)


def spaced_epochs(run: SpecRun, epoch: int) -> list[int]:
    """The epochs the fit state compares: epoch - 2·window, epoch - window and epoch (none before 0).

    >>> from lesson_py.spec import parse
    >>> from lesson_py.trainer import train_spec
    >>> run = train_spec(parse({"dataset": "xor", "points": "20", "batch": "5", "epochs": "25"}))
    >>> spaced_epochs(run, 25), spaced_epochs(run, 3), spaced_epochs(run, 0)
    ([5, 15, 25], [0, 3], [0])
    """
    window = window_of(run)
    return sorted({max(0, e) for e in (epoch - 2 * window, epoch - window, epoch)})


def window_of(run: SpecRun) -> int:
    train, _ = spec_points(run.spec)
    batch = run.spec.training.batch
    return 1 if batch is None or batch >= len(train) else WINDOW


# --- A run ----------------------------------------------------------------------------

def setup_words(run: SpecRun) -> dict[str, str]:
    """The run's data, network and training, a sentence each."""
    spec = run.spec
    d, n, t = spec.dataset, spec.network, spec.training
    train, test = spec_points(spec)
    data = f"Data: {DATASET_WORDS[d.kind]}"
    if d.kind not in ("lesson", "listed"):
        data += f", {d.points} points generated with noise {d.noise:g} (seed {d.seed})"
    data += (f"; {len(train)} for training (filled shapes) and {len(test)} held out for testing (hollow shapes)."
             if test else f"; all {len(train)} are training points.")
    if n.layers:
        sizes = " and ".join(str(s) for s in n.layers) if len(n.layers) == 2 else ", ".join(map(str, n.layers))
        network = (f"Network: 2 inputs, {plural(len(n.layers), 'hidden layer')} of {sizes} {n.activation} "
                   f"neurons, 1 sigmoid output (starting weights seeded with {n.init}).")
    else:
        network = "Network: 2 inputs straight into 1 sigmoid output neuron (no hidden layer)."
    batch = "the full batch" if t.batch is None or t.batch >= len(train) else f"mini-batches of {t.batch} in a seeded order"
    training = (f"Training: learning rate {rate_text(t.rate)}, {plural(t.epochs, 'epoch')}, {batch}"
                + (f", L2 strength {t.l2:g}." if t.l2 else "."))
    return {"data": data, "network": network, "training": training}


def lowest(values: Sequence[float]) -> int:
    return min(range(len(values)), key=values.__getitem__)


def story(run: SpecRun) -> str:
    """What the whole run shows: its training loss, its test loss, its accuracies at the end."""
    losses = [c.loss for c in run.checkpoints]
    last = run.checkpoints[-1]
    text = (f"The training loss goes from {shown(losses[0], LOSS_DECIMALS)} at epoch 0 to "
            f"{shown(losses[-1], LOSS_DECIMALS)} at epoch {last.epoch}")
    low = lowest(losses)
    text += "." if low == len(losses) - 1 else f" (lowest {shown(losses[low], LOSS_DECIMALS)} at epoch {low})."
    if last.test_loss is not None:
        tests = [c.test_loss for c in run.checkpoints]
        best = lowest(tests)
        text += (f" The test loss goes from {shown(tests[0], LOSS_DECIMALS)} to {shown(tests[-1], LOSS_DECIMALS)}"
                 + ("." if best == len(tests) - 1 else
                    f", lowest {shown(tests[best], LOSS_DECIMALS)} at epoch {best}."))
    train, test = judgements(run, len(run.checkpoints) - 1)
    text += f" At epoch {last.epoch}: {tally(train, 'training')}"
    text += f"; {tally(test, 'test')}." if test else "."
    if run.diverged_at is not None:
        text += f" At epoch {run.diverged_at} the numbers grew beyond what a float can hold: the run stops there."
    return text


def loss_description(run: SpecRun) -> str:
    """The loss chart's text alternative: both lines, where they start, end and are lowest."""
    def line(name: str, values: Sequence[float]) -> str:
        low, high = lowest(values), max(range(len(values)), key=values.__getitem__)
        return (f"{name} starts at {shown(values[0], LOSS_DECIMALS)} and ends at {shown(values[-1], LOSS_DECIMALS)}, "
                f"lowest {shown(values[low], LOSS_DECIMALS)} (epoch {low}), highest "
                f"{shown(values[high], LOSS_DECIMALS)} (epoch {high}).")
    losses = [c.loss for c in run.checkpoints]
    text = f"Loss at each of the {plural(len(losses) - 1, 'epoch')}. " + line("The training loss (solid line)", losses)
    if run.checkpoints[-1].test_loss is not None:
        text += " " + line("The test loss (dashed line)", [c.test_loss for c in run.checkpoints])
    return text


def table_caption(run: SpecRun) -> str:
    train, test = spec_points(run.spec)
    rows = table_points(run)
    shown_train = sum(1 for s, _ in rows if s == "training")
    shown_test = len(rows) - shown_train
    text = f"The first {shown_train} of the {len(train)} training points"
    if test:
        text += f" and the first {shown_test} of the {len(test)} test points"
    return text + "; the read-outs above count every point."


def run_words(run: SpecRun) -> dict[str, Any]:
    """The sentences about the whole run."""
    return {"rate": rate_text(run.spec.training.rate), **setup_words(run), "story": story(run),
            "loss_description": loss_description(run), "table": table_caption(run), "gradient_note": GRADIENT_NOTE}


# --- One checkpoint -------------------------------------------------------------------

def fit_sentence(run: SpecRun, epoch: int) -> str:
    """Why the checkpoint has its fit state, from the training losses and both sets' points."""
    cp = run.checkpoints[epoch]
    train, test = judgements(run, epoch)
    points = tally(train, "training") + (f"; {tally(test, 'test')}" if test else "")
    state = spec_fit(run, epoch)
    if epoch == 0:
        return f"Before any training: {points}."
    window = window_of(run)
    start = spaced_epochs(run, epoch)[-2]
    before, now = two_losses(run.checkpoints[start].loss, cp.loss)
    if state == "unstable":
        spaced = spaced_epochs(run, epoch)
        since, rose = max((a, b) for a, b in zip(spaced, spaced[1:])
                          if run.checkpoints[b].loss - run.checkpoints[a].loss > RISE_TOLERANCE)
        a, b = two_losses(run.checkpoints[since].loss, run.checkpoints[rose].loss)
        why = ("the updates overshoot" if window == 1 else
               "each step follows only a mini-batch's gradient, which can raise the loss over all the points")
        return (f"The training loss rose from epoch {since} to epoch {rose}, from {a} to {b}: "
                f"{why} ({points}).")
    if state == "fitted":
        return f"All {len(train)} training points are on the right side of the boundary ({points})."
    if state == "learning":
        drop = (run.checkpoints[start].loss - cp.loss) / run.checkpoints[start].loss * 100
        return (f"The training loss fell by {drop:.2f}% from epoch {start} to epoch {epoch}, from {before} to {now} "
                f"(a fall of {LEARNING_DROP:.1%} or more counts as learning); {points}.")
    return (f"The training loss {barely_changed(run.checkpoints[start].loss, cp.loss, f'since epoch {start}', 'then')}, "
            f"and not every training point is right: training is barely improving the model ({points}).")


def verdict_counts(found: Sequence[Judgement]) -> str:
    verdicts = [j.verdict for j in found]
    return ", ".join(f"{verdicts.count(v)} {v}" for v in VERDICTS)


def map_description(run: SpecRun, epoch: int, grid: Sequence[Sequence[float]]) -> str:
    """The decision map's text alternative: the square (as for the lesson's runs), then both sets of points."""
    train, test = judgements(run, epoch)
    text = (f"At epoch {run.checkpoints[epoch].epoch}: {square_words(grid)} "
            f"The {len(train)} training points (filled shapes): {verdict_counts(train)}.")
    if test:
        text += f" The {len(test)} test points (hollow shapes): {verdict_counts(test)}."
    return text


# --- Gradient sizes ---------------------------------------------------------------------

GRADIENT_FIGURES = 2  # a gradient size is shown to 2 significant figures, without an exponent
GRADIENT_NOTE = ("How large each layer's gradient is, input side first: the root-mean-square of the slopes of "
                 "the training loss with respect to that layer's weights. A layer with a tiny gradient barely "
                 "changes in a step.")


def significant(value: float, figures: int = GRADIENT_FIGURES) -> str:
    """A size of any magnitude to `figures` significant figures, written plainly.

    >>> significant(0.0000287), significant(0.0161), significant(1.5), significant(0.0)
    ('0.000029', '0.016', '1.5', '0')
    """
    if value == 0:
        return "0"
    decimals = max(0, figures - 1 - math.floor(math.log10(abs(value))))
    text = f"{value:.{decimals}f}"
    if decimals and len(text.lstrip("-").replace(".", "").lstrip("0")) > figures:  # rounding carried (0.0999 -> 0.10)
        text = f"{value:.{max(0, decimals - 1)}f}"
    return text


def layer_names(count: int) -> list[str]:
    """The layers of a network with `count` weight layers, input side first: hidden layers, then the output."""
    return [f"Hidden layer {i + 1}" for i in range(count - 1)] + ["Output layer"]


def gradient_rows(cp: SpecCheckpoint) -> list[str]:
    """Each layer's gradient size (the root-mean-square of its weight gradients), input side first:
    'Hidden layer 1: 0.000029', ..., 'Output layer: 0.016'."""
    return [f"{name}: {significant(size)}" for name, size in zip(layer_names(len(cp.gradient_sizes)), cp.gradient_sizes)]


def gradient_ratio(cp: SpecCheckpoint) -> str:
    """How the first layer's gradient compares with the output layer's, in a sentence."""
    sizes = cp.gradient_sizes
    if len(sizes) == 1:
        return "With no hidden layer, the output layer's weights are the only ones a step changes."
    first, last = sizes[0], sizes[-1]
    if first == 0 or last == 0:
        zero = "hidden layer 1's" if first == 0 else "the output layer's"
        return f"The gradient of {zero} weights is 0 here: a step leaves them where they are."
    ratio = last / first if last >= first else first / last
    times = f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"
    if times == "1.0":
        return "Hidden layer 1's gradient is about as large as the output layer's."
    side = "smaller" if last >= first else "larger"
    return f"Hidden layer 1's gradient is {times} times {side} than the output layer's."


def checkpoint_words(run: SpecRun, epoch: int, grid: Optional[Sequence[Sequence[float]]] = None) -> dict[str, Any]:
    """Every string the visualizer shows for the checkpoint at `epoch` (its index in run.checkpoints)."""
    cp: SpecCheckpoint = run.checkpoints[epoch]
    train_points, test_points = spec_points(run.spec)
    train, test = judgements(run, epoch)
    if grid is None:
        grid = probability_grid(cp.network, GRID_SIZE, GRID_EXTENT)
    loss = shown(cp.loss, LOSS_DECIMALS)
    last = run.spec.training.epochs  # the planned epochs: known while the run still trains
    valuetext = f"epoch {cp.epoch} of {last}: training loss {loss}, {fraction(cp.accuracy, len(train_points))}"
    words = {
        "loss": loss,
        "accuracy": fraction(cp.accuracy, len(train_points)),
        "test_loss": "no test points" if cp.test_loss is None else shown(cp.test_loss, LOSS_DECIMALS),
        "test_accuracy": "no test points" if cp.test_accuracy is None else fraction(cp.test_accuracy, len(test_points)),
        "fit": fit_sentence(run, epoch),
        "map": map_description(run, epoch, grid),
        "confidence": [percent((train if s == "training" else test)[i].confidence) for s, i in table_points(run)],
        "gradients": gradient_rows(cp),
        "gradient_ratio": gradient_ratio(cp),
    }
    if cp.test_loss is not None:
        valuetext += f"; test loss {words['test_loss']}, {words['test_accuracy']}"
    words["valuetext"] = valuetext
    return words


def point_row(point: Point) -> tuple[str, str, str]:
    """A table row's fixed cells: name, label in words, position."""
    return point.name, "positive" if point.label == 1 else "negative", f"({shown(point.x, 2)}, {shown(point.y, 2)})"
