"""Everything the Training Loop Visualizer says about a run, worded from that run's numbers.

The build stores these strings with each checkpoint (build_hooks/widget_data.py),
the no-script snapshot prints them (build_hooks/training_visualizer.py) and the
browser only inserts them, so the three can never disagree. Every sentence is
computed from the run's data at that epoch: counts of correct, wrong and
undecided points, losses, gradients and the weights before and after the step.

>>> from lesson_py.runs import replay
>>> run = replay("shallow", "balanced")
>>> words = checkpoint_words(run, 0)
>>> words["loss"], words["accuracy"], words["confidence"][0]
('0.697', '2 of 8 correct (25%)', '44%')
>>> fit_sentence(run, 8)
'The loss fell by less than 0.1% in the last epoch (0.6933 at epoch 7, 0.6932 now), and 0 of 8 points are right, 8 undecided: the model does not fit the data, and training is barely improving it.'
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from ..dataset import DATASET, Point
from ..network import Network, probability_grid
from ..neuron import FENCE_PERCENT, POSITIVE, UNDECIDED, probability_verdict
from ..runs import LEARNING_DROP, RISE_TOLERANCE, Checkpoint, Run
from ..training import Gradients
from .format import percent, shown

__all__ = ["GRID_SIZE", "GRID_EXTENT", "LOSS_DECIMALS", "WEIGHT_DECIMALS", "VERDICTS",
           "rate_text", "label_word", "checkpoint_words", "run_words", "story", "fit_sentence", "step_sentences",
           "map_description", "square_words", "check_words", "plural", "two_losses"]

# The decision map: GRID_SIZE x GRID_SIZE cells over [-GRID_EXTENT, GRID_EXTENT]².
GRID_SIZE = 24
GRID_EXTENT = 1.2
LOSS_DECIMALS = 3    # the loss read-out
WEIGHT_DECIMALS = 4  # weights and gradients in the one-step sentences
MAX_LOSS_DECIMALS = 6
VERDICTS = ("correct", "wrong", "undecided")
INPUTS = ("x1", "x2")  # as the Neuron Playground names them
LOG_2 = math.log(2)   # the loss of a model that says 50% for every point


# --- Small helpers ---------------------------------------------------------------

def rate_text(rate: float) -> str:
    """A learning rate as the widget writes it: 0.25, 1, 12."""
    return f"{rate:g}"


def listing(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def counts(checkpoint: Checkpoint) -> dict[str, int]:
    """How many points are correct, wrong and undecided at this checkpoint."""
    verdicts = [j.verdict for j in checkpoint.judgements]
    return {v: verdicts.count(v) for v in VERDICTS}


def tally(checkpoint: Checkpoint) -> str:
    """'2 of 8 points are right, 2 wrong, 4 undecided' (categories with no point left out)."""
    c = counts(checkpoint)
    total = len(checkpoint.judgements)
    rest = [f"{c[v]} {v}" for v in ("wrong", "undecided") if c[v]]
    return ", ".join([f"{c['correct']} of {total} points are right", *rest])


def two_losses(earlier: float, later: float) -> tuple[str, str]:
    """Two losses with enough decimals (3 to 6) to tell them apart, when they differ."""
    decimals = LOSS_DECIMALS
    while decimals < MAX_LOSS_DECIMALS and shown(earlier, decimals) == shown(later, decimals):
        decimals += 1
    return shown(earlier, decimals), shown(later, decimals)


def barely_changed(earlier: float, later: float, span: str, then: str) -> str:
    """How a loss that moved by less than LEARNING_DROP moved over `span`, never as two equal numbers:
    'fell by less than 0.1% in the last epoch (0.6933 at epoch 7, 0.6932 now)', or, when the two read the
    same even to MAX_LOSS_DECIMALS decimals, 'changed by less than 0.1% ...: it reads 0.693096 ... and now'.

    >>> barely_changed(0.6930962, 0.6930958, "in the last epoch", "at epoch 39")
    'changed by less than 0.1% in the last epoch: it reads 0.693096 at epoch 39 and now, to 6 decimals'
    >>> barely_changed(0.5, 0.5001, "since epoch 20", "then")
    'rose by less than 0.1% since epoch 20 (0.5000 then, 0.5001 now)'
    """
    before, now = two_losses(earlier, later)
    limit = f"less than {LEARNING_DROP:.1%}"
    if before == now:
        return f"changed by {limit} {span}: it reads {now} {then} and now, to {MAX_LOSS_DECIMALS} decimals"
    return f"{'rose' if later > earlier else 'fell'} by {limit} {span} ({before} {then}, {now} now)"


def parameters(network: Network) -> list[tuple[str, int, str, int, int]]:
    """Every parameter's name and place: (label, layer, "weights" or "biases", neuron, input)."""
    single, last = len(network) == 1, len(network) - 1
    found = []
    for l, layer in enumerate(network):
        for j, row in enumerate(layer.weights):
            for i in range(len(row)):
                if single:
                    label = f"w{i + 1}"
                elif l == last:
                    label = f"output weight from hidden neuron {i + 1}"
                else:
                    label = f"hidden neuron {j + 1}'s weight from {INPUTS[i]}"
                found.append((label, l, "weights", j, i))
            bias = "b" if single else "output bias" if l == last else f"hidden neuron {j + 1}'s bias"
            found.append((bias, l, "biases", j, 0))
    return found


def value_at(layers: Network | Gradients, place: tuple[str, int, str, int, int]) -> float:
    _, l, kind, j, i = place
    return layers[l].weights[j][i] if kind == "weights" else layers[l].biases[j]


# --- A run ----------------------------------------------------------------------

def rises(losses: Sequence[float]) -> list[int]:
    """The epochs whose loss is higher than the epoch before's (beyond rounding)."""
    return [e for e in range(1, len(losses)) if losses[e] - losses[e - 1] > RISE_TOLERANCE]


def story(run: Run) -> str:
    """What the whole run shows, in two sentences: its loss, then its points."""
    losses = [c.loss for c in run.checkpoints]
    last = run.checkpoints[-1]
    up = rises(losses)
    start, end = shown(losses[0], LOSS_DECIMALS), shown(losses[-1], LOSS_DECIMALS)
    if not up:
        loss = f"The loss never rises: it falls from {start} to {end} over {plural(last.epoch, 'epoch')}"
        loss += ", the cost of saying 50% for every point." if abs(losses[-1] - LOG_2) < 5e-4 else "."
    else:
        high = max(range(len(losses)), key=losses.__getitem__)
        loss = (f"The steps overshoot: the loss rises in {len(up)} of the {last.epoch} epochs, "
                f"up to {shown(losses[high], LOSS_DECIMALS)} at epoch {high}, and ends at {end}.")
    right = [counts(c)["correct"] for c in run.checkpoints]
    total = len(last.judgements)
    best = max(right)
    first_best = right.index(best)
    if best == total:
        kept = all(r == total for r in right[first_best:])
        points = (f"All {total} points are right from epoch {first_best}"
                  + (" to the end." if kept else f", though not at every epoch after it; at epoch {last.epoch}: "
                     f"{tally(last)}."))
    else:
        points = (f"It never gets more than {best} of {total} points right (first at epoch {first_best}); "
                  f"at epoch {last.epoch}: {tally(last)}.")
    return f"{loss} {points}"


def loss_description(run: Run) -> str:
    """The loss chart's text alternative."""
    losses = [c.loss for c in run.checkpoints]
    low = min(range(len(losses)), key=losses.__getitem__)
    high = max(range(len(losses)), key=losses.__getitem__)
    up = rises(losses)
    text = (f"The loss starts at {shown(losses[0], LOSS_DECIMALS)} and ends at {shown(losses[-1], LOSS_DECIMALS)} "
            f"after {plural(len(losses) - 1, 'epoch')}, lowest {shown(losses[low], LOSS_DECIMALS)} (epoch {low}), "
            f"highest {shown(losses[high], LOSS_DECIMALS)} (epoch {high}). ")
    return text + (f"It rises from one epoch to the next {plural(len(up), 'time')}." if up
                   else "It never rises from one epoch to the next.")


def trend(run: Run, index: int) -> str:
    """How one point's confidence moves over the run (its sparkline's text)."""
    series = [c.judgements[index].confidence for c in run.checkpoints]
    turns = sum((series[e] - series[e - 1]) * (series[e - 1] - series[e - 2]) < 0 for e in range(2, len(series)))
    shape = f", changing direction {turns} times: it wobbles" if turns >= 3 else ""
    return (f"Over the run (dashed line: {FENCE_PERCENT}%): from {percent(series[0])} at epoch 0 to "
            f"{percent(series[-1])} at epoch {len(series) - 1}, between {percent(min(series))} and "
            f"{percent(max(series))}{shape}.")


def run_words(run: Run, points: Sequence[Point] = DATASET) -> dict[str, Any]:
    """The sentences about a whole run: its story, its loss chart, each point's trend."""
    return {"rate": rate_text(run.learning_rate), "story": story(run), "loss_description": loss_description(run),
            "trends": [trend(run, i) for i in range(len(points))]}


# --- One checkpoint ---------------------------------------------------------------

def fit_sentence(run: Run, epoch: int) -> str:
    """Why the checkpoint has its fit state, from the losses and the points at that epoch."""
    cp = run.checkpoints[epoch]
    losses = [c.loss for c in run.checkpoints[:epoch + 1]]
    if cp.fit == "unstable":
        rose = max(e for e in rises(losses) if e >= epoch - 1)
        before, after = two_losses(losses[rose - 1], losses[rose])
        when = "in this epoch" if rose == epoch else f"in epoch {rose}"
        return f"The loss rose {when}, from {before} to {after}: the updates overshoot ({tally(cp)})."
    if cp.fit == "fitted":
        return f"All {len(cp.judgements)} points are on the right side of the boundary."
    if epoch == 0:
        return f"Before any training {tally(cp)}: the model does not fit the data yet."
    before, now = two_losses(losses[-2], losses[-1])
    if cp.fit == "learning":
        drop = (losses[-2] - losses[-1]) / losses[-2] * 100
        return (f"The loss fell by {drop:.2f}% in the last epoch, from {before} to {now} "
                f"(a fall of {LEARNING_DROP:.1%} or more counts as learning); {tally(cp)}.")
    return (f"The loss {barely_changed(losses[-2], losses[-1], 'in the last epoch', f'at epoch {epoch - 1}')}, "
            f"and {tally(cp)}: the model does not fit the data, and training is barely improving it.")


def step_sentences(run: Run, epoch: int) -> list[str]:
    """The one-training-step panel: forward pass, loss, backpropagation, weight update."""
    cp = run.checkpoints[epoch]
    network = cp.network
    single = len(network) == 1
    n = len(cp.judgements)
    confidences = [j.confidence for j in cp.judgements]
    low, high = confidences.index(min(confidences)), confidences.index(max(confidences))
    spread = (f"from {percent(confidences[low])} for {cp.judgements[low].point.name} "
              f"to {percent(confidences[high])} for {cp.judgements[high].point.name}.")
    w = lambda v: shown(v, WEIGHT_DECIMALS)  # noqa: E731
    if single:
        (w1, w2), b = network[0].weights[0], network[0].biases[0]
        forward = (f"Forward pass: the neuron scores each of the {n} points with z = w1·x1 + w2·x2 + b, using "
                   f"w1 = {w(w1)}, w2 = {w(w2)} and b = {w(b)}, and sigmoid turns each score into a confidence "
                   f"that the point is positive: {spread}")
    else:
        units = len(network[0].weights)
        forward = (f"Forward pass: each point's x1 and x2 go to {units} hidden {network[0].activation} neurons, "
                   f"each with two weights and a bias of its own; the output neuron weighs their {units} outputs, "
                   f"adds its bias and sigmoid turns the sum into a confidence that the point is positive: {spread}")

    loss = f"Loss: the mean binary cross-entropy over the {n} points is "
    if epoch == 0:
        loss += f"{shown(cp.loss, LOSS_DECIMALS)} before any training (saying 50% for every point scores {shown(LOG_2, LOSS_DECIMALS)})."
    else:
        previous = run.checkpoints[epoch - 1].loss
        before, now = two_losses(previous, cp.loss)
        if before == now:
            loss += f"{now}, the same as at epoch {epoch - 1} to {MAX_LOSS_DECIMALS} decimals: training has stalled."
        elif cp.loss < previous:
            loss += f"{now}, down from {before} at epoch {epoch - 1}."
        else:
            loss += f"{now}, up from {before} at epoch {epoch - 1}: the last step overshot."

    places = parameters(network)
    grad = lambda p: w(value_at(cp.gradients, p))  # noqa: E731
    outputs = [p for p in places if p[1] == len(network) - 1 and p[2] == "weights"]
    blamed = None if single else max((p for p in places if p[1] < len(network) - 1),
                                     key=lambda p: abs(value_at(cp.gradients, p)))
    if single:
        backprop = ("Backpropagation: working back from each point's error (confidence minus label), the gradients "
                    f"are {listing([f'∂L/∂{p[0]} = {grad(p)}' for p in places])}. ")
    else:
        backprop = ("Backpropagation: the output's error flows back through the output weights into the hidden "
                    f"layer, giving all {len(places)} parameters a gradient. For the {len(outputs)} output weights "
                    f"they are {listing([grad(p) for p in outputs])}; in the hidden layer the largest in size is "
                    f"that of {blamed[0]}: {grad(blamed)}. ")
    backprop += "A negative gradient means that raising the parameter lowers the loss."

    update = (f"Weight update with learning rate {rate_text(run.learning_rate)}, "
              "new = old − rate × gradient: ")
    following = run.checkpoints[epoch + 1].network if epoch + 1 < len(run.checkpoints) else run.after_last
    if following is None:
        update += (f"at epoch {run.diverged_at} the numbers grew beyond what a float can hold: "
                   "the run diverged, so it stops here.")
    else:
        old = lambda p: w(value_at(network, p))  # noqa: E731
        new = lambda p: w(value_at(following, p))  # noqa: E731
        if single:
            update += listing([f"{p[0]} {old(p)} → {new(p)}" for p in places]) + ". "
        else:
            update += (f"the output weights go from {listing([old(p) for p in outputs])} to "
                       f"{listing([new(p) for p in outputs])}, and {blamed[0]} from {old(blamed)} to "
                       f"{new(blamed)}; all {len(places)} parameters move this way. ")
        update += ("This was the run's last step: training ends with these weights."
                   if epoch + 1 >= len(run.checkpoints) else f"These are the weights of epoch {epoch + 1}.")
    return [forward, loss, backprop, update]


def square_words(grid: Sequence[Sequence[float]]) -> str:
    """The map's square in words: the share predicted positive (and on the fence), its corners and
    centre. Cells are classed by the words' rule (a confidence that shows as 50% is undecided), the
    rule the map colours them by."""
    cells = [p for row in grid for p in row]
    classes = [probability_verdict(p) for p in cells]
    def share(kind: str) -> str:
        count = classes.count(kind)
        rounded = round(100 * count / len(cells))
        if count == 0:
            return "none"
        if rounded == 0:
            return "under 1%"
        if rounded == 100 and count < len(cells):
            return "over 99%"
        return f"about {rounded}%"
    fence = f"; {share(UNDECIDED)} is on the fence (50%)" if UNDECIDED in classes else ""
    last, mid = len(grid) - 1, len(grid) // 2
    spots = [("top-left", grid[0][0]), ("top-right", grid[0][last]), ("bottom-left", grid[last][0]),
             ("bottom-right", grid[last][last]), ("centre", grid[mid][mid])]
    corners = ", ".join(f"{where} {probability_verdict(p)} ({percent(p)})" for where, p in spots)
    return (f"{share(POSITIVE)} of the square is predicted positive{fence}. Corners and centre "
            f"(confidence of positive): {corners}.")


def map_description(cp: Checkpoint, grid: Sequence[Sequence[float]]) -> str:
    """The decision map's text alternative: the square (square_words), then the points."""
    names = {v: [j.point.name for j in cp.judgements if j.verdict == v] for v in VERDICTS}
    points = ", ".join(f"{len(names[v])} {v}" + (f" ({', '.join(names[v])})" if names[v] and v != "correct" else "")
                       for v in VERDICTS)
    return f"At epoch {cp.epoch}: {square_words(grid)} The {len(cp.judgements)} points: {points}."


def label_word(point: Point) -> str:
    """A point's label in words: 'positive' (label 1) or 'negative'."""
    return "positive" if point.label == 1 else "negative"


def checkpoint_words(run: Run, epoch: int, grid: Sequence[Sequence[float]] | None = None) -> dict[str, Any]:
    """Every string the visualizer shows for one checkpoint (the map's grid is computed if not given)."""
    cp = run.checkpoints[epoch]
    c = counts(cp)
    total = len(cp.judgements)
    last = len(run.checkpoints) - 1
    loss = shown(cp.loss, LOSS_DECIMALS)
    if grid is None:
        grid = probability_grid(cp.network, GRID_SIZE, GRID_EXTENT)
    return {
        "loss": loss,
        "accuracy": f"{c['correct']} of {total} correct ({percent(cp.accuracy)})",
        "valuetext": f"epoch {epoch} of {last}: loss {loss}, {c['correct']} of {total} correct",
        "fit": fit_sentence(run, epoch),
        "steps": step_sentences(run, epoch),
        "map": map_description(cp, grid),
        "confidence": [percent(j.confidence) for j in cp.judgements],
    }


# --- "Check with Python" --------------------------------------------------------------

def check_words(epoch: int, compared: int, largest: float, where: str) -> dict[str, Any]:
    """The result of retraining a checkpoint in the browser: a plain sentence, then the details.

    The math is bit-identical between CPython and Pyodide (lesson_py/exact.py), so the numbers match only
    when they are identical: any difference at all, however small, is a mismatch.
    """
    work = "rebuilt the starting network" if epoch == 0 else f"retrained {plural(epoch, 'epoch')}"
    matches = largest == 0
    if matches:
        sentence = f"Python {work} in your browser and got the same numbers as the stored checkpoint: identical, bit for bit."
        details = (f"Largest difference over {compared} numbers (loss, weights, gradients, confidences): 0. "
                   "The build and your browser compute with the same operations, so any difference would count.")
    else:
        sentence = f"Python {work} in your browser and got different numbers: they do not match the stored checkpoint."
        details = (f"Largest difference over {compared} numbers (loss, weights, gradients, confidences): "
                   f"{largest:.1e}, at {where}. Any difference counts: the build and your browser compute with "
                   "the same operations.")
    return {"matches": matches, "sentence": sentence, "details": details}
