"""Several runs of one block, compared: how a block writes them, what the compare chart says.

A training-visualizer block's run-spec fields are the base; its `compare` option lists the runs
as overrides of that base, each with an optional label in double quotes:

    compare: rate=0.05 "Too small"; rate=3 "Good"; rate=12 "Too large"

`read_runs` splits that text (build_hooks/widget_specs.py adds the base and validates each run
with lesson_py.spec.parse, so a compared run obeys the rules of every other run). The compare
chart draws every run's training loss on one chart; `description` is its text alternative,
worded from the runs' losses, and `compare_json` the JSON the build stores (every run whole, as
lesson_py.widgets.spec_json writes a single run, plus these words).

>>> read_runs('rate=0.05 "Too small"; rate=3 layers=4,2')
[({'rate': '0.05'}, 'Too small', 'rate 0.05'), ({'rate': '3', 'layers': '4,2'}, 'rate 3, layers 4,2', 'rate 3, layers 4,2')]
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from ..trainer import SpecRun
from .format import shown
from .spec_json import run_json
from .spec_runs import lowest
from .visualizer import LOSS_DECIMALS

MIN_RUNS, MAX_RUNS = 2, 4
LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,+()-]{0,23}\Z")
LABEL_EXPECTED = "1 to 24 letters, digits, spaces or . , + ( ) -, starting with a letter or digit"
OVERRIDE = re.compile(r"([a-z0-9]+)=(\S+)\Z")
OVERRIDE_EXPECTED = 'overrides like rate=3 (name=value, separated by spaces), then an optional "label"'
FIXED = ("epochs", "data")  # set once, in the base: the runs share one epoch axis and one list of points
RUN_KEY = "run"  # the URL key of the run shown (1 for the first), beside the block's epoch


class CompareError(ValueError):
    """What is wrong with a compare option's text: a message after "option 'compare': "."""


def read_runs(text: str) -> list[tuple[dict[str, str], str, str]]:
    """Each run's overrides (name to raw value, in order), its label (the given one, or the
    overrides in words) and the overrides in words. Names are checked by the caller, which knows
    the run-spec fields.

    >>> read_runs("rate=1")
    Traceback (most recent call last):
    ...
    lesson_py.widgets.compare.CompareError: expected 2 to 4 runs separated by semicolons, got 1
    """
    parts = text.split(";")
    if not MIN_RUNS <= len(parts) <= MAX_RUNS:
        raise CompareError(f"expected {MIN_RUNS} to {MAX_RUNS} runs separated by semicolons, got {len(parts)}")
    runs = []
    for number, part in enumerate(parts, start=1):
        body, label = part.strip(), None
        if '"' in body:
            found = re.fullmatch(r'([^"]*)"([^"]*)"', body)
            if not found or not LABEL.match(found.group(2)):
                given = body[body.index('"'):]
                raise CompareError(f"run {number}'s label: expected {LABEL_EXPECTED} in double quotes, "
                                   f"got '{given}'")
            body, label = found.group(1).strip(), found.group(2)
        overrides: dict[str, str] = {}
        for token in body.split() or [""]:
            found = OVERRIDE.match(token)
            if not found:
                raise CompareError(f"run {number}: expected {OVERRIDE_EXPECTED}, got '{token}'")
            name, value = found.groups()
            if name in overrides:
                raise CompareError(f"run {number}: '{name}' is given twice")
            overrides[name] = value
        about = ", ".join(f"{k} {v}" for k, v in overrides.items())
        runs.append((overrides, label or about, about))
    labels = [label for _, label, _ in runs]
    twice = next((label for i, label in enumerate(labels) if label in labels[:i]), None)
    if twice is not None:
        raise CompareError(f"expected every run's label to be different, got '{twice}' twice")
    return runs


def run_name(label: str, about: str) -> str:
    """How the legend and the chart's words name a run: its label, then its overrides if they differ.

    >>> run_name("Good", "rate 3"), run_name("rate 3", "rate 3")
    ('Good (rate 3)', 'rate 3')
    """
    return label if label == about else f"{label} ({about})"


def loss_words(label: str, run: SpecRun) -> str:
    """One run's line of the chart: its loss at the first and last epoch, where it was lowest,
    and, if it ever rose, how often and how high it went."""
    losses = [c.loss for c in run.checkpoints]
    last = run.checkpoints[-1].epoch
    low = lowest(losses)
    text = (f"{label}: {shown(losses[0], LOSS_DECIMALS)} at epoch 0, {shown(losses[-1], LOSS_DECIMALS)} at epoch "
            f"{last}, lowest {shown(losses[low], LOSS_DECIMALS)} at epoch {low}")
    rises = sum(later > earlier for earlier, later in zip(losses, losses[1:]))
    if rises:
        high = max(range(len(losses)), key=losses.__getitem__)
        text += (f"; it rises in {rises} of its {last} epochs"
                 + (f" and is highest at epoch {high}, {shown(losses[high], LOSS_DECIMALS)}" if high else ""))
    else:
        text += "; it never rises"
    if run.diverged_at is not None:
        text += f"; at epoch {run.diverged_at} its numbers grew beyond what a float can hold and it stops"
    return text + "."


def description(labels: Sequence[str], runs: Sequence[SpecRun]) -> str:
    """The compare chart's text alternative: each run's line, in the legend's order."""
    epochs = runs[0].spec.training.epochs
    return (f"The training loss of {len(runs)} runs at each of {epochs} epochs, one line each. "
            + " ".join(loss_words(label, run) for label, run in zip(labels, runs, strict=True)))


def compare_json(runs: Sequence[SpecRun], flats: Sequence[Any], names: Sequence[str]) -> dict[str, Any]:
    """The JSON of a compare block: every run as spec_json stores one, its name (run_name), the chart's words."""
    return {
        "kind": "compare",
        "run_key": RUN_KEY,
        "labels": list(names),
        "words": {"description": description(names, runs),
                  "chart": "Training loss of each run", "pick": "Run shown"},
        "runs": [run_json(run, flat) for run, flat in zip(runs, flats, strict=True)],
    }
