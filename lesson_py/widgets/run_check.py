""""Check with Python" for a run of a run spec: retrain it in the page's worker and compare.

The worker's call "spec_replay" takes the run's JSON as the page holds it (an
author's run as the build stored it, or a reader's run as the worker streamed
it) and the epoch shown, trains the run's spec with lesson_py up to that epoch,
writes the same JSON with lesson_py.widgets.spec_json, and compares the two up
to that epoch: every epoch's losses and accuracies, the points, the table, the
run's words and the stored checkpoints' maps, verdicts and words, exactly. The
math is bit-identical between CPython and Pyodide (lesson_py/exact.py), so any
difference at all is a mismatch; the words name the first one.

>>> from lesson_py.spec import parse
>>> from lesson_py.trainer import train_spec
>>> from lesson_py.widgets.spec_json import run_json
>>> stored = run_json(train_spec(parse({"epochs": "3"})), {"epochs": "3"})
>>> check(stored, 2)["sentence"]
'Python retrained this run for 2 epochs in your browser and got what the page stores up to epoch 2: identical, bit for bit.'
>>> stored["losses"][1] += 1e-12
>>> check(stored, 2)["sentence"]
'Python retrained this run for 2 epochs in your browser and got different numbers: the training loss at epoch 1 is not what the page stores.'
"""

from __future__ import annotations

from itertools import islice
from typing import Any, Optional

from ..spec import SpecError, parse as parse_spec
from ..trainer import SpecRun, epochs as spec_epochs
from . import spec_json
from .calls import Args, CallError, integer, register
from .visualizer import plural

__all__ = ["PAGE_KEYS", "retrained", "prefix", "compare", "where_words", "check"]

PAGE_KEYS = ("schema", "version", "grid")  # the page's own, written by the build beside the run
COORDINATES = ("x", "y", "label")
LIST_WORDS = {"losses": "the training loss", "test_losses": "the test loss", "accuracies": "the training accuracy",
              "test_accuracies": "the test accuracy"}


def ends_at(whole: dict[str, Any], epoch: int) -> bool:
    """Whether a run's JSON ends at `epoch`: it is complete (it says where it diverged, or null) and that is its last."""
    return "diverged" in whole and len(whole.get("losses") or ()) - 1 == epoch


def prefix(whole: dict[str, Any], epoch: int, ends: bool) -> dict[str, Any]:
    """The part of a run's JSON that is known at `epoch`: the head, every list up to that epoch, the stored
    checkpoints at or before it, and the words of the whole run (and where it diverged) only if it ends there."""
    cut = {k: v for k, v in whole.items() if k not in PAGE_KEYS and k not in spec_json.LISTS and k != "diverged"}
    words = whole.get("words")
    if isinstance(words, dict):
        cut["words"] = {k: v for k, v in words.items() if ends or k not in spec_json.END_WORDS}
    for key in spec_json.LISTS:
        values = whole.get(key)
        if not isinstance(values, list):
            cut[key] = values
        elif key == "checkpoints":
            cut[key] = [c for c in values if not isinstance(c, dict) or not isinstance(c.get("epoch"), int)
                        or c["epoch"] <= epoch]
        else:
            cut[key] = values[:epoch + 1]
    if ends:
        cut["diverged"] = whole.get("diverged")
    return cut


def retrained(flat: dict[str, Any], epoch: int) -> tuple[dict[str, Any], bool]:
    """The spec trained up to `epoch` (and one epoch beyond, to know whether the run ends there), as the run's
    JSON up to that epoch (spec_json's head, one piece and, if the run ends there, its end), and whether it ends."""
    spec = parse_spec(flat)
    found = list(islice(spec_epochs(spec), epoch + 2))
    ends = len(found) <= epoch + 1
    last = found[-1].epoch if found else -1
    diverged = None if not ends or last == spec.training.epochs else last + 1
    run = SpecRun(spec, tuple(found), diverged)
    upto = min(epoch, last)
    pieces = [spec_json.run_piece(run, range(upto + 1), last if ends else None)] if found else []
    end = spec_json.run_end(run) if ends and found else {"words": {}, "diverged": diverged}
    return prefix(spec_json.join(spec_json.run_head(run, flat), pieces, end), epoch, ends), ends


def compare(computed: Any, expected: Any, path: tuple = ()) -> tuple[int, int, Optional[tuple]]:
    """(numbers compared, texts compared, the first difference or None): a difference is (path, computed,
    expected), numbers equal only when exactly equal, texts only when the same characters.

    >>> compare({"a": [1.0, "x"]}, {"a": [1.0, "y"]})
    (1, 1, (('a', 1), 'x', 'y'))
    """
    if isinstance(computed, bool) or computed is None:
        return 0, 0, None if computed == expected and type(computed) is type(expected) else (path, computed, expected)
    if isinstance(computed, (int, float)):
        same = isinstance(expected, (int, float)) and not isinstance(expected, bool) and computed == expected
        return 1, 0, None if same else (path, computed, expected)
    if isinstance(computed, str):
        return 0, 1, None if computed == expected else (path, computed, expected)
    if isinstance(computed, list):
        if not isinstance(expected, list) or len(expected) != len(computed):
            return 0, 0, (path, computed, expected)
        pairs = [(i, c, e) for i, (c, e) in enumerate(zip(computed, expected))]
    else:
        if not isinstance(expected, dict):
            return 0, 0, (path, computed, expected)
        pairs = [(k, c, expected.get(k, KeyError)) for k, c in computed.items()]
    numbers = texts = 0
    first = None
    for key, c, e in pairs:
        n, t, found = compare(c, e, (*path, key))
        numbers, texts = numbers + n, texts + t
        first = first or found
    return numbers, texts, first


def epoch_of(whole: dict[str, Any], index: Any) -> str:
    try:
        return f"epoch {whole['checkpoints'][index]['epoch']}"
    except (KeyError, IndexError, TypeError):
        return f"stored checkpoint {index}"


def where_words(path: tuple, computed: dict[str, Any]) -> str:
    """A place in a run's JSON in words: ('losses', 12) -> 'the training loss at epoch 12'.

    >>> where_words(("checkpoints", 2, "words", "fit"), {"checkpoints": [{"epoch": 0}, {"epoch": 5}, {"epoch": 10}]})
    "the words of epoch 10 ('fit')"
    """
    head, rest = (path[0], path[1:]) if path else ("", ())
    if head in LIST_WORDS:
        return f"{LIST_WORDS[head]} at epoch {rest[0]}" if rest else f"how many epochs {LIST_WORDS[head]} covers"
    if head == "checkpoints":
        if not rest:
            return "which epochs have a stored checkpoint"
        at, what = epoch_of(computed, rest[0]), rest[1:]
        if not what:
            return f"the stored checkpoint of {at}"
        names = {"map": "the decision map", "verdicts": "the points' verdicts", "fit": "the fit state",
                 "epoch": "the epoch"}
        if what[0] == "words":
            return f"the words of {at}" + (f" ({what[1]!r})" if len(what) > 1 else "")
        return f"{names.get(what[0], f'the stored {what[0]!r}')} of {at}"
    if head == "points" and len(rest) == 3:
        return f"{rest[0]} point {rest[1] + 1}'s {COORDINATES[rest[2]] if rest[2] < 3 else rest[2]}"
    if head == "diverged":
        return "the epoch where the run stops"
    if head == "words":
        return "the run's words" + (f" ({rest[0]!r})" if rest else "")
    if head in ("points", "table", "spec"):
        return {"points": "the points", "table": "the table's rows", "spec": "the run's spec"}[head]
    return ".".join(str(p) for p in path) or "the run"


def told(value: Any) -> str:
    """A value as the details quote it: numbers in full (repr), texts shortened, a missing one said so."""
    if value is KeyError:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def check(whole: Any, epoch: int) -> dict[str, Any]:
    """Retrain the run of `whole` (a run's JSON as the page holds it) to `epoch` and compare: {"matches",
    "sentence", "details", "numbers", "texts", "where"} (where: the first difference in words, or "")."""
    if not isinstance(whole, dict) or not isinstance(whole.get("spec"), dict):
        raise CallError("'run' must be a run's JSON with its 'spec'")
    try:
        computed, ends = retrained(whole["spec"], epoch)
    except SpecError as error:
        raise CallError(f"run.spec: {error}") from None
    expected = prefix(whole, epoch, ends_at(whole, epoch))
    numbers, texts, first = compare(computed, expected)
    work = ("rebuilt this run's starting network" if epoch == 0 else
            f"retrained this run for {plural(epoch, 'epoch')}")
    stored = sum(1 for c in computed.get("checkpoints") or ())
    counted = (f"Compared {numbers} numbers (every epoch's losses and accuracies, the points) and {texts} texts "
               f"(the {plural(stored, 'stored checkpoint')}' maps, verdicts and words, the run's words) up to epoch {epoch}")
    if first is None:
        return {"matches": True, "where": "", "numbers": numbers, "texts": texts,
                "sentence": f"Python {work} in your browser and got what the page stores up to epoch {epoch}: "
                            "identical, bit for bit.",
                "details": f"{counted}: no difference at all. The build and your browser compute with the same "
                           "operations (lesson_py/exact.py), so any difference would count."}
    path, mine, theirs = first
    where = where_words(path, computed)
    spot = ""
    if isinstance(mine, str) and isinstance(theirs, str):
        at = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
        spot = f" (from character {at + 1})"
    return {"matches": False, "where": where, "numbers": numbers, "texts": texts,
            "sentence": f"Python {work} in your browser and got different numbers: {where} is not what the page stores.",
            "details": f"{counted}. The first difference is {where}{spot}: the page stores {told(theirs)}, Python "
                       f"computed {told(mine)}. Any difference counts: the build and your browser compute with the "
                       "same operations."}


@register("spec_replay")
def _spec_replay(args: Args) -> Args:
    """{"run": the run's JSON as the page holds it (its "spec" is what is retrained), "epoch": the epoch shown} ->
    check's answer: {"matches", "sentence", "details", "numbers", "texts", "where"}. The spec visualizer's
    "Check with Python" button makes this call and shows the words."""
    whole = args.get("run")
    if not isinstance(whole, dict) or not isinstance(whole.get("spec"), dict):
        raise CallError("'run' must be a run's JSON with its 'spec'")
    planned = whole.get("epochs")
    top = planned if isinstance(planned, int) and not isinstance(planned, bool) and planned >= 0 else 0
    return check(whole, integer(args, "epoch", 0, top))
