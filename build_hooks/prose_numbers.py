"""Prose numbers: a number of a stored training run, written into a page's prose by the build.

An author writes, anywhere in a paragraph, a list or a table:

    The deep network gets every point right from epoch {{ run deep/balanced first-epoch correct=all }}.

and the build puts the number there, from the run the Training Loop Visualizer replays
(lesson_py.runs.replay) and formatted as the widget shows it (lesson_py.widgets.format):
"... from epoch 32." A wrong run, field, option, epoch or number is a mistake that stops
`mkdocs build` with "<page>:<line>: <what is wrong>: expected <what>"; under `mkdocs serve`
the page shows that line where the number would stand. Fenced code, inline code and HTML
comments are left alone, so a page can show the syntax itself.

>>> fill("Loss {{ run shallow/balanced loss epoch=0 }}; `{{ run x }}` stays.", "demo.md")
('Loss 0.697; `{{ run x }}` stays.', [])
>>> fill("{{ run deep/balanced correct epoch=61 }}", "demo.md")[1][0].args[0]
"demo.md:1: run 'deep/balanced' option 'epoch': expected a whole number from 0 to 60 or 'last', got '61'"
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape
from typing import Callable

from lesson_py.dataset import POINT_NAMES
from lesson_py.runs import NETWORKS, PLANS, PRESETS, RISE_TOLERANCE, Run, replay
from lesson_py.widgets.controls import NUMBER
from lesson_py.widgets.format import percent, shown
from lesson_py.widgets.visualizer import LOSS_DECIMALS, MAX_LOSS_DECIMALS, VERDICTS, WEIGHT_DECIMALS, rate_text

from .widget_blocks import FENCE, WidgetError, _skip_fence
from .widget_specs import one_of

__all__ = ["FIELDS", "SYNTAX", "fill", "value", "error_mark"]

# --- Data --------------------------------------------------------------------

SYNTAX = "'{{ run NETWORK/PRESET FIELD key=value ... }}'"
USE = re.compile(r"\{\{(?P<inside>.*?)\}\}")
OPENING = "{{"
CODE = re.compile(r"(?<![\\`])(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)")
COMMENT_OPEN, COMMENT_CLOSE = "<!--", "-->"
ALL = "all"    # correct=all: every point
LAST = "last"  # epoch=last: the run's last checkpoint


@dataclass(frozen=True)
class Field:
    """One thing a prose number can say about a run: the options it needs and may take,
    what it means (for AUTHORING.md) and how it is computed and formatted."""

    name: str
    meaning: str
    needs: tuple[str, ...]
    takes: tuple[str, ...]
    compute: Callable[[Run, dict], str]


def _counts(run: Run, epoch: int) -> dict[str, int]:
    verdicts = [j.verdict for j in run.checkpoints[epoch].judgements]
    return {v: verdicts.count(v) for v in VERDICTS}


def _rises(run: Run) -> int:
    losses = [c.loss for c in run.checkpoints]
    return sum(later - earlier > RISE_TOLERANCE for earlier, later in zip(losses, losses[1:]))


def _meets(run: Run, epoch: int, condition: tuple[str, float]) -> bool:
    name, target = condition
    if name == "loss-below":
        return run.checkpoints[epoch].loss < target
    return _counts(run, epoch)[name] == target


def _first_or_last(which: str) -> Callable[[Run, dict], str]:
    def compute(run: Run, options: dict) -> str:
        epochs = [e for e in range(len(run.checkpoints)) if _meets(run, e, options["condition"])]
        if not epochs:
            raise ValueError(f"no epoch of run '{options['label']}' meets {options['condition_text']}: expected a condition "
                             f"that some epoch from 0 to {len(run.checkpoints) - 1} meets")
        return str(epochs[0] if which == "first" else epochs[-1])
    return compute


def _count(verdict: str) -> Callable[[Run, dict], str]:
    return lambda run, options: str(_counts(run, options["epoch"])[verdict])


def _parameter(name: str) -> Callable[[Run, dict], str]:
    def compute(run: Run, options: dict) -> str:
        network = run.checkpoints[options["epoch"]].network
        if len(network) != 1:
            raise ValueError(f"run '{options['label']}' has no single neuron's {name}: expected a shallow run")
        layer = network[0]
        number = layer.biases[0] if name == "b" else layer.weights[0][int(name[1]) - 1]
        return shown(number, options.get("decimals", WEIGHT_DECIMALS))
    return compute


CONDITIONS = ("correct", "wrong", "undecided", "loss-below")

# Every field, in the order AUTHORING.md lists them.
FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("loss", "the loss at an epoch, to 3 decimals as the loss read-out shows it (or `decimals=N`, 0 to 6)",
          ("epoch",), ("decimals",),
          lambda run, o: shown(run.checkpoints[o["epoch"]].loss, o.get("decimals", LOSS_DECIMALS))),
    *(Field(v, f"how many points are {v} at an epoch", ("epoch",), (), _count(v)) for v in VERDICTS),
    Field("confidence", "a point's confidence of positive at an epoch, in whole percent",
          ("epoch", "point"), (), lambda run, o: percent(run.checkpoints[o["epoch"]].judgements[o["point"]].confidence)),
    *(Field(p, f"the single neuron's {p} at an epoch (shallow runs), to 4 decimals as the one-step panel "
            "shows it (or `decimals=N`, 0 to 6)", ("epoch",), ("decimals",), _parameter(p)) for p in ("w1", "w2", "b")),
    Field("most-correct", "the most points correct at any epoch of the run", (), (),
          lambda run, o: str(max(_counts(run, e)["correct"] for e in range(len(run.checkpoints))))),
    Field("first-epoch", "the first epoch that meets one condition: `correct=N`, `wrong=N` or `undecided=N` "
          "(N a count or `all`), or `loss-below=X`", (), CONDITIONS, _first_or_last("first")),
    Field("last-epoch", "the last epoch that meets one condition, as for `first-epoch`", (), CONDITIONS,
          _first_or_last("last")),
    Field("rises", "in how many epochs the loss rises (beyond rounding)", (), (), lambda run, o: str(_rises(run))),
    Field("epochs", "how many epochs the run trains", (), (), lambda run, o: str(len(run.checkpoints) - 1)),
    Field("rate", "the run's learning rate, as the widget writes it", (), (), lambda run, o: rate_text(run.learning_rate)),
    Field("points", "how many points the run is trained and judged on", (), (),
          lambda run, o: str(len(run.checkpoints[0].judgements))),
)}


# --- Helpers -----------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def stored_run(network: str, preset: str) -> Run:
    """The run the visualizer stores for this network and preset (replayed once per process)."""
    return replay(network, preset)


def _read_run(name: str) -> tuple[str, str]:
    network, _, preset = name.partition("/")
    if network not in NETWORKS or preset not in PRESETS:
        raise ValueError(f"unknown run '{name}': expected NETWORK/PRESET with NETWORK {one_of(NETWORKS)} "
                         f"and PRESET {one_of(PRESETS)}")
    return network, preset


def _expected(key: str, run: Run) -> str:
    """What an option takes, in words."""
    return {
        "epoch": f"a whole number from 0 to {len(run.checkpoints) - 1} or '{LAST}'",
        "point": f"a point's name: {one_of(POINT_NAMES)}",
        "decimals": f"a whole number from 0 to {MAX_LOSS_DECIMALS}",
        "loss-below": "a number, such as 0.1",
    }.get(key, f"a whole number from 0 to {len(run.checkpoints[0].judgements)} or '{ALL}'")


def _read_option(key: str, raw: str, run: Run, label: str) -> object:
    """One option's text as its value; ValueError naming the option and what it takes."""
    last = len(run.checkpoints) - 1
    total = len(run.checkpoints[0].judgements)
    if key == "epoch" and (raw == LAST or (raw.isdigit() and int(raw) <= last)):
        return last if raw == LAST else int(raw)
    if key == "point" and raw in POINT_NAMES:
        return POINT_NAMES.index(raw)
    if key == "decimals" and raw.isdigit() and int(raw) <= MAX_LOSS_DECIMALS:
        return int(raw)
    if key == "loss-below" and NUMBER.fullmatch(raw):
        return float(raw.replace(",", "."))
    if key in VERDICTS and (raw == ALL or (raw.isdigit() and int(raw) <= total)):
        return total if raw == ALL else int(raw)
    raise ValueError(f"run '{label}' option '{key}': expected {_expected(key, run)}, got '{raw}'")


def value(inside: str) -> str:
    """The text between '{{' and '}}' as the number it stands for; ValueError with what is wrong.

    >>> value(" run deep/balanced first-epoch correct=all ")
    '32'
    """
    words = inside.split()
    if not words or words[0] != "run":
        raise ValueError(f"expected {SYNTAX}, got '{{{{{inside}}}}}'")
    if len(words) < 2:
        raise ValueError(f"the number names no run: expected {SYNTAX}")
    network, preset = _read_run(words[1])
    label, run = words[1], stored_run(network, preset)
    if len(words) < 3:
        raise ValueError(f"run '{label}' names no field: expected one of {one_of(FIELDS)}")
    field = FIELDS.get(words[2])
    if field is None:
        raise ValueError(f"unknown field '{words[2]}' of run '{label}': expected {one_of(FIELDS)}")
    options: dict = {"label": label}
    allowed = field.needs + field.takes
    for word in words[3:]:
        key, equals, raw = word.partition("=")
        if not equals or not key or not raw:
            raise ValueError(f"run '{label}' {field.name}: expected key=value after the field, got '{word}'")
        if key not in allowed:
            takes = one_of(allowed) if allowed else "no options"
            raise ValueError(f"run '{label}' {field.name} takes no option '{key}': expected {takes}")
        if key in options:
            raise ValueError(f"run '{label}' option '{key}' is given twice: expected each option once")
        options[key] = _read_option(key, raw, run, label)
    for key in field.needs:
        if key not in options:
            raise ValueError(f"run '{label}' {field.name} needs option '{key}': expected {key}=VALUE, "
                             f"VALUE {_expected(key, run)}")
    if field.takes == CONDITIONS:
        given = [k for k in CONDITIONS if k in options]
        if len(given) != 1:
            raise ValueError(f"run '{label}' {field.name} needs one condition: expected one of "
                             f"{one_of(c + '=...' for c in CONDITIONS)}, got {', '.join(given) or 'none'}")
        options["condition"] = (given[0], options[given[0]])
        options["condition_text"] = next(w for w in words[3:] if w.startswith(given[0] + "="))
    return field.compute(run, options)


def _prose_parts(line: str, in_comment: bool) -> tuple[list[tuple[int, int]], bool]:
    """The stretches of one line that are prose (not inline code, not an HTML comment),
    as (start, end) pairs, and whether an HTML comment is still open at the line's end."""
    parts: list[tuple[int, int]] = []
    i = 0
    while i < len(line):
        if in_comment:
            close = line.find(COMMENT_CLOSE, i)
            if close < 0:
                return parts, True
            i, in_comment = close + len(COMMENT_CLOSE), False
            continue
        comment = line.find(COMMENT_OPEN, i)
        code = CODE.search(line, i)
        stops = [p for p in (comment, code.start() if code else -1) if p >= 0]
        stop = min(stops) if stops else len(line)
        if stop > i:
            parts.append((i, stop))
        if not stops:
            break
        if stop == comment:
            i, in_comment = stop + len(COMMENT_OPEN), True
        else:
            i = code.end()
    return parts, in_comment


def _fill_part(text: str, page: str, line: int, errors: list[WidgetError], show: Callable) -> str:
    out, position = [], 0
    for use in USE.finditer(text):
        out.append(text[position:use.start()])
        try:
            out.append(value(use.group("inside")))
        except ValueError as problem:
            errors.append(WidgetError(page, line, str(problem)))
            out.append(show(errors[-1]))
        position = use.end()
    rest = text[position:]
    if OPENING in rest:
        errors.append(WidgetError(page, line, f"'{{{{' is never closed on its line: expected {SYNTAX}"))
        rest = rest.replace(OPENING, show(errors[-1]), 1)
    out.append(rest)
    return "".join(out)


def error_mark(error: WidgetError) -> str:
    """What a wrong prose number shows under `mkdocs serve`, where the number would stand."""
    return ('<mark class="nn-prose-error" role="alert"><strong>This number has a mistake:</strong> '
            f"<code>{escape(str(error), quote=False)}</code></mark>")


def fill(markdown: str, page: str = "", line_offset: int = 0,
         show: Callable[[WidgetError], str] = error_mark) -> tuple[str, list[WidgetError]]:
    """A page's Markdown with every prose number filled in, and the mistakes found.

    Each mistake is replaced by `show(error)` (the host raises instead when it builds).
    `line_offset` is how many lines of the file precede `markdown` (front matter)."""
    lines = markdown.split("\n")
    errors: list[WidgetError] = []
    in_comment = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if not in_comment and FENCE.match(line):
            index = _skip_fence(lines, index)
            continue
        parts, after = _prose_parts(line, in_comment)
        if OPENING in line:
            pieces, position = [], 0
            for start, end in parts:
                pieces.append(line[position:start])
                pieces.append(_fill_part(line[start:end], page, index + 1 + line_offset, errors, show))
                position = end
            lines[index] = "".join(pieces) + line[position:]
        in_comment = after
        index += 1
    return "\n".join(lines), errors

