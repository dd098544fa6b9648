"""The softmax widget: three class scores in, three probabilities out, worded in Python.

The build writes the widget's first state with `evaluate`, and the reader's browser
runs the same function in Pyodide after every change (the worker's call
"softmax_view"), so the snapshot and the live widget say the same words.

>>> view = evaluate({"score1": 3.0, "score2": 1.0, "score3": 0.2})
>>> [c["probability"] for c in view["classes"]]
['0.84', '0.11', '0.05']
>>> view["readouts"]["sum"]
'The three probabilities add up to 1: 0.84 + 0.11 + 0.05 = 1.00.'
>>> evaluate({"score1": 1.0, "score2": 1.0, "score3": 1.0})["readouts"]["sum"]
'Shown to 2 decimals they add up to 0.99 (0.33 + 0.33 + 0.33), not 1.00: each is rounded on its own. Unrounded, they add up to 1.'
"""

import re
from dataclasses import replace
from typing import Any, Sequence

from .. import exact
from ..activations import softmax
from ..neuron import DECIMALS
from .controls import Control, accept_all
from .format import percent, shown

# --- The controls ---------------------------------------------------------------

CLASSES = 3
SCORE_NAMES = tuple(f"score{i + 1}" for i in range(CLASSES))
DEFAULT_NAMES = ("cat", "dog", "fox")

# One table of the scores: a range wide enough for one class to take nearly all the
# probability, a step of 0.1 so that a few arrow presses make a visible change. The
# defaults are the example in docs/building-blocks.md's table.
CONTROLS: dict[str, Control] = {
    c.name: c
    for c in (
        Control("score1", "Score 1", -10.0, 10.0, 0.1, 3.0),
        Control("score2", "Score 2", -10.0, 10.0, 0.1, 1.0),
        Control("score3", "Score 3", -10.0, 10.0, 0.1, 0.2),
    )
}

NAME = re.compile(r"[A-Za-z][A-Za-z0-9 -]{0,15}\Z")
NAMES_EXPECTED = (f"{CLASSES} different class names separated by commas, each 1 to 16 letters, digits, "
                  "spaces or hyphens, starting with a letter (like cat, dog, fox)")

COUNT_WORDS = {2: "two", 3: "three"}
# What a class's row says beside its bar, by how many classes share the top score.
LEAD_WORDS = {1: "most likely", 2: "tied for the lead", 3: ""}

NUMBER_HELP = "Slide, or type an exact score in a box (a decimal comma works too)."


def controls_for(names: Sequence[str]) -> dict[str, Control]:
    """The score controls labelled with the class names: 'Score of cat'."""
    return {key: replace(c, label=f"Score of {name}") for (key, c), name in zip(CONTROLS.items(), names, strict=True)}


def read_names(text: str) -> tuple[str, ...]:
    """An author's `names: cat, dog, fox` as the class names; ValueError(NAMES_EXPECTED) if wrong.

    >>> read_names("cat, dog , red fox")
    ('cat', 'dog', 'red fox')
    """
    return accept_names([part.strip() for part in text.split(",")])


def accept_names(names: Any) -> tuple[str, ...]:
    """Three distinct names by the rule above (the block's and the worker's alike)."""
    if (not isinstance(names, (list, tuple)) or len(names) != CLASSES
            or not all(isinstance(n, str) and NAME.match(n) for n in names) or len(set(names)) != CLASSES):
        raise ValueError(NAMES_EXPECTED)
    return tuple(names)


def normalise(state: dict[str, Any]) -> dict[str, Any]:
    """A complete state: defaults for what is missing, each score as its control accepts it.

    >>> normalise({"score2": 2})
    {'score1': 3.0, 'score2': 2.0, 'score3': 0.2, 'names': ['cat', 'dog', 'fox']}
    >>> normalise({"score1": 0.25})
    Traceback (most recent call last):
    ...
    ValueError: score1 must be a number from -10 to 10 in steps of 0.1, got 0.25
    """
    unknown = set(state) - {*SCORE_NAMES, "names"}
    if unknown:
        raise ValueError(f"unknown setting(s) for softmax: {', '.join(sorted(unknown))}")
    result: dict[str, Any] = accept_all(CONTROLS.values(), state)
    try:
        result["names"] = list(accept_names(state.get("names", DEFAULT_NAMES)))
    except ValueError as error:
        raise ValueError(f"names must be {error}, got {state.get('names')!r}") from None
    return result


# --- The words --------------------------------------------------------------------


def score_text(value: float) -> str:
    """A score as its number box writes it: '3.00', '-0.50' (DECIMALS, like every number the widgets show)."""
    return shown(value)


def hundredths(text: str) -> int:
    """A shown value ('0.84') as a whole number of its last decimal (84), so sums are exact."""
    return int(text.replace(".", ""))


def from_hundredths(units: int) -> str:
    """The inverse of hundredths: 99 -> '0.99', 101 -> '1.01'."""
    scale = 10 ** DECIMALS
    return f"{units // scale}.{units % scale:0{DECIMALS}d}"


def times(ratio: float) -> str:
    """How many times as likely: '7.39', or whole and grouped from 1,000 on ('485,165,195')."""
    return shown(ratio) if ratio < 1000 else f"{round(ratio):,}"


def winner_sentence(names: Sequence[str], scores: Sequence[float], shown_p: Sequence[str]) -> str:
    """Which class wins and by how much, from the scores (who leads) and the shown probabilities.
    How much: the difference of the two shown values (what a reader's subtraction gives),
    and the ratio e^(score gap), which is exactly how many times as likely the winner is.

    >>> winner_sentence(("cat", "dog", "fox"), (3.0, 1.0, 0.2), ("0.84", "0.11", "0.05"))
    'cat wins with 0.84 (84%), 0.73 ahead of dog at 0.11: its score is 2.00 higher, which makes it e^2.00 = 7.39 times as likely.'
    >>> winner_sentence(("cat", "dog", "fox"), (2.0, 2.0, -1.0), ("0.49", "0.49", "0.02"))
    'cat and dog tie for the lead at 0.49 each: equal scores get equal shares.'
    >>> winner_sentence(("cat", "dog", "fox"), (5.0, 0.0, 0.0), ("0.99", "0.01", "0.01")).split(":")[0]
    'cat wins with 0.99 (99%), 0.98 ahead of dog and fox at 0.01 each'
    """
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    first, second = order[0], order[1]
    if scores[first] == scores[order[-1]]:
        return f"All {COUNT_WORDS[len(scores)]} scores are equal, so softmax splits the probability evenly: each class gets {shown_p[first]}."
    if scores[first] == scores[second]:
        return (f"{names[first]} and {names[second]} tie for the lead at {shown_p[first]} each: "
                "equal scores get equal shares.")
    gap = scores[first] - scores[second]
    lead = hundredths(shown_p[first]) - hundredths(shown_p[second])
    ahead = (f"{from_hundredths(lead)} ahead of" if lead > 0
             else f"only just ahead of (both show {shown_p[first]})")
    runners_up = [names[i] for i in order[1:] if scores[i] == scores[second]]
    each = " each" if len(runners_up) > 1 else ""
    return (f"{names[first]} wins with {shown_p[first]} ({percent_of(shown_p[first])}), {ahead} "
            f"{listing(runners_up)} at {shown_p[second]}{each}: its score is {score_text(gap)} higher, which makes it "
            f"e^{score_text(gap)} = {times(exact.exp(gap))} times as likely.")


def listing(words: Sequence[str]) -> str:
    """'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def percent_of(text: str) -> str:
    """A shown probability as a percentage: '0.84' -> '84%' (the same figure, no second rounding)."""
    return percent(hundredths(text) / 10 ** DECIMALS)


def sum_sentence(shown_p: Sequence[str], total: float) -> str:
    """What the shown probabilities add up to, honestly: 1.00, or why not.
    `total` is the unrounded sum, which the words say is 1 only when it is."""
    added = sum(hundredths(p) for p in shown_p)
    terms = " + ".join(shown_p)
    exact_one = from_hundredths(10 ** DECIMALS)
    if added == 10 ** DECIMALS:
        return f"The {COUNT_WORDS[len(shown_p)]} probabilities add up to 1: {terms} = {exact_one}."
    unrounded = "they add up to 1" if abs(total - 1.0) < 1e-12 else f"they add up to {total!r}"
    return (f"Shown to {DECIMALS} decimals they add up to {from_hundredths(added)} ({terms}), not {exact_one}: "
            f"each is rounded on its own. Unrounded, {unrounded}.")


def working_sentence(names: Sequence[str], scores: Sequence[float]) -> str:
    """The computation as the page's table writes it: each e^score, their total.

    >>> working_sentence(("cat", "dog", "fox"), (3.0, 1.0, 0.2))
    'e^3.00 = 20.09, e^1.00 = 2.72 and e^0.20 = 1.22 add up to 24.03; each probability is its power divided by 24.03.'
    """
    powers = [exact.exp(s) for s in scores]
    total = shown(sum(powers))
    parts = [f"e^{score_text(s)} = {shown(p)}" for s, p in zip(scores, powers)]
    return f"{listing(parts)} add up to {total}; each probability is its power divided by {total}."


def evaluate(state: dict[str, Any]) -> dict[str, Any]:
    """Check a state and compute everything the widget shows; the build and the worker both call this.

    >>> view = evaluate({"score1": 5.0, "score2": 0.0, "score3": 0.0, "names": ["yes", "no", "maybe"]})
    >>> view["readouts"]["p1"], view["readouts"]["sum"].split(" (")[0]
    ('0.99', 'Shown to 2 decimals they add up to 1.01')
    """
    state = normalise(state)
    names = state["names"]
    scores = [state[k] for k in SCORE_NAMES]
    probabilities = softmax(scores)
    shown_p = [shown(p) for p in probabilities]
    top = max(scores)
    classes = [{"name": n, "score": score_text(s), "probability": t, "percent": percent_of(t), "share": p,
                "width": f"{p * 100:.2f}%", "leads": s == top}   # width: its bar's, in CSS
               for n, s, t, p in zip(names, scores, shown_p, probabilities)]
    leaders = [n for n, c in zip(names, classes) if c["leads"]]
    readouts: dict[str, str] = {}
    for i, c in enumerate(classes, start=1):
        readouts[f"p{i}"] = c["probability"]
        readouts[f"percent{i}"] = c["percent"]
        readouts[f"lead{i}"] = LEAD_WORDS[len(leaders)] if c["leads"] else ""
    readouts["winner"] = winner_sentence(names, scores, shown_p)
    readouts["sum"] = sum_sentence(shown_p, sum(probabilities))
    readouts["working"] = working_sentence(names, scores)
    summary = (", ".join(f"{n} {t}" for n, t in zip(names, shown_p))
               + (f": {leaders[0]} is most likely." if len(leaders) == 1 else f": {listing(leaders)} tie."))
    return {"state": state, "classes": classes, "readouts": readouts, "summary": summary}
