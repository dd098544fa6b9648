"""The visualizer's JSON of a run an author or a reader defines with a run spec.

The build stores a run whole (build_hooks/widget_data.py spec_run_data); the page's
worker streams the same JSON while it trains (lesson_py.widgets.runs_calls
spec_run): a head, pieces of epochs, an end. `join` puts them together into the
very dict the build stores (without the page's own "schema", "version" and
"grid", which the build writes first). The words come from
lesson_py.widgets.spec_runs.

>>> from lesson_py.spec import parse
>>> from lesson_py.trainer import train_spec
>>> whole = run_json(train_spec(parse({"epochs": "3"})), {"epochs": "3"})
>>> len(whole["losses"]), [c["epoch"] for c in whole["checkpoints"]]
(4, [0, 1, 2, 3])
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from ..network import probability_grid
from ..neuron import UNDECIDED, probability_verdict
from ..trainer import SpecRun, spec_points
from .spec_runs import (checkpoint_words, is_stored, judgements, loss_description, point_row, run_words, spec_fit,
                        story, table_points)
from .spec_steps import step_sentences
from .diagram import checkpoint_diagram, diagram_head
from .visualizer import GRID_EXTENT, GRID_SIZE


# Decision maps: one character per cell, the confidence of positive in one of LEVELS bins. Cell k
# covers [k/64, (k+1)/64), so k >= 32 exactly when the confidence is 50% or more; a cell whose
# confidence shows as 50% (undecided, the words' rule) is FENCE and decodes to exactly 0.5.
LEVELS = 64
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
FENCE = "~"
VERDICT_LETTERS = {"correct": "c", "wrong": "w", "undecided": "u"}  # one letter per point and checkpoint
LISTS = ("losses", "test_losses", "accuracies", "test_accuracies", "checkpoints")  # what the pieces extend
END_WORDS = ("story", "loss_description")  # the run's words that need the whole run; the head has the rest


def encode_grid(rows: Sequence[Sequence[float]]) -> str:
    """Confidences (0..1) row by row as one character each: bin k = floor(p·64), capped at 63,
    or FENCE when the confidence shows as 50%.

    >>> encode_grid([[0.0, 0.5, 0.99]])
    'A~_'
    """
    return "".join(FENCE if probability_verdict(p) == UNDECIDED else ALPHABET[min(LEVELS - 1, int(p * LEVELS))]
                   for row in rows for p in row)


def run_head(run: SpecRun, flat: Any) -> dict[str, Any]:
    """What a run is before it trains: its spec (the flat options as given), its points, the table's rows,
    the planned epochs, the words about its setup, and empty lists for the pieces to extend."""
    train, test = spec_points(run.spec)
    has_test = bool(test)
    words = {k: v for k, v in run_words(run).items() if k not in END_WORDS}
    return {
        "kind": "spec",
        "spec": dict(flat),
        "verdict_letters": VERDICT_LETTERS,
        "points": {"training": [[p.x, p.y, p.label] for p in train], "test": [[p.x, p.y, p.label] for p in test]},
        "table": [{"set": s, "index": i, "cells": list(point_row((train if s == "training" else test)[i]))}
                  for s, i in table_points(run)],
        "epochs": run.spec.training.epochs,
        "words": words,
        "losses": [], "test_losses": [] if has_test else None,
        "accuracies": [], "test_accuracies": [] if has_test else None,
        "checkpoints": [],
        "diagram": diagram_head(run.spec),  # the network diagram (lesson_py.widgets.diagram)
    }


def run_piece(run: SpecRun, epochs: range, last: Optional[int],
              maps: Optional[dict[int, Any]] = None) -> dict[str, Any]:
    """The epochs `epochs` of run (indexes into run.checkpoints): their losses and accuracies, and the
    stored ones among them with map, verdicts and words; `last` is the run's last epoch if this piece ends it.
    `maps` holds decision maps already worked out elsewhere, by epoch (the second Python's, spec_train)."""
    found = [run.checkpoints[e] for e in epochs]
    has_test = bool(spec_points(run.spec)[1])
    stored = []
    for c in found:
        if not is_stored(c.epoch, run.spec.training.epochs, last):
            continue
        grid = maps[c.epoch] if maps and c.epoch in maps else probability_grid(c.network, GRID_SIZE, GRID_EXTENT)
        judged_train, judged_test = judgements(run, c.epoch)
        stored.append({
            "epoch": c.epoch,
            "fit": spec_fit(run, c.epoch),
            "map": encode_grid(grid),
            "verdicts": "".join(VERDICT_LETTERS[j.verdict] for j in (*judged_train, *judged_test)),
            "words": {**checkpoint_words(run, c.epoch, grid), "steps": step_sentences(run, c.epoch, judged_train)},
            "diagram": checkpoint_diagram(c),
        })
    return {
        "losses": [c.loss for c in found],
        "test_losses": [c.test_loss for c in found] if has_test else None,
        "accuracies": [c.accuracy for c in found],
        "test_accuracies": [c.test_accuracy for c in found] if has_test else None,
        "checkpoints": stored,
    }


def run_end(run: SpecRun) -> dict[str, Any]:
    """What only the whole run can say: its story, the chart's text alternative, where it diverged."""
    return {"words": {"story": story(run), "loss_description": loss_description(run)},  # END_WORDS
            "diverged": None if run.diverged_at is None else {"epoch": run.diverged_at}}


def join(head: dict[str, Any], pieces: Sequence[dict[str, Any]], end: dict[str, Any]) -> dict[str, Any]:
    """A run's JSON from its head, its pieces in order and its end (the same steps in the browser)."""
    whole = {**head, "words": dict(head["words"]), **{k: None if head[k] is None else list(head[k]) for k in LISTS}}
    for piece in pieces:
        for key in LISTS:
            if whole[key] is not None:
                whole[key] += piece[key]
    whole["words"].update(end["words"])
    whole["diverged"] = end["diverged"]
    return whole


def run_json(run: SpecRun, flat: Any) -> dict[str, Any]:
    """A whole trained run as the visualizer's JSON, in one piece (what the build stores)."""
    last = run.checkpoints[-1].epoch
    return join(run_head(run, flat), [run_piece(run, range(last + 1), last)], run_end(run))
