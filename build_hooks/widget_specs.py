"""What each widget block accepts: its options, their defaults and allowed values.

The block parser validates against these tables, the data builder hands the
Neuron Playground's slider ranges to the browser from them, and AUTHORING.md
describes them. An option that is wrong raises OptionError, which says which
option and what was expected; the parser adds the page and the line.

>>> playground_options({"id": "first-neuron", "w1": "1.5"})["w1"]
1.5
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from lesson_py import ACTIVATIONS, POINT_NAMES
from lesson_py import spec as run_spec
from lesson_py.widgets import compare, one_step, playground, softmax
from lesson_py.widgets.controls import Control
from lesson_py.runs import NETWORKS, PLANS, PRESETS

# --- Data --------------------------------------------------------------------

PLAYGROUND = "neuron-playground"
VISUALIZER = "training-visualizer"
SOFTMAX = "softmax"
ONE_STEP = "one-step"
WIDGETS = (PLAYGROUND, VISUALIZER, SOFTMAX, ONE_STEP)


# The playground's table of controls (ranges, steps, defaults), modes and hidden
# sizes live in lesson_py.widgets.playground, the one place the build, the browser's
# sliders and its worker all read them from.
CONTROLS = playground.CONTROLS
MODES = playground.MODES
HIDDEN_SIZES = playground.HIDDEN_SIZES

VISUALIZER_DEFAULTS: dict[str, Any] = {
    "network": "shallow", "preset": "balanced", "epoch": 0, "highlight": "nw-positive",
}

PLAYGROUND_OPTIONS = ("id", "mode", "hidden", "activation", *CONTROLS)
LESSON_RUN_OPTIONS = ("network", "preset", "highlight")  # the lesson's stored runs only
# A run of the author's own: the flat names of lesson_py.spec.FIELDS, validated by lesson_py.spec.parse.
SPEC_OPTIONS = tuple(f.name for f in run_spec.FIELDS)
COMPARE = "compare"  # several runs of the block's own, as overrides of its fields (lesson_py.widgets.compare)
VISUALIZER_OPTIONS = ("id", *LESSON_RUN_OPTIONS[:2], "epoch", LESSON_RUN_OPTIONS[2], *SPEC_OPTIONS, COMPARE)
# The softmax widget's scores (range, step, defaults) and class names: lesson_py.widgets.softmax.
SOFTMAX_OPTIONS = ("id", "names", *softmax.CONTROLS)
# The one-step widget's label, rate and starting neuron: lesson_py.widgets.one_step.
ONE_STEP_OPTIONS = ("id", "label", *one_step.CONTROLS)
OPTIONS: dict[str, tuple[str, ...]] = {PLAYGROUND: PLAYGROUND_OPTIONS, VISUALIZER: VISUALIZER_OPTIONS,
                                      SOFTMAX: SOFTMAX_OPTIONS, ONE_STEP: ONE_STEP_OPTIONS}

SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
SLUG_EXPECTED = "lowercase letters, digits and single hyphens, starting with a letter (like first-neuron)"
INTEGER = re.compile(r"[+-]?\d+\Z")


class OptionError(ValueError):
    """One wrong option: which one, what was expected and what was given (None if missing);
    with no `expected`, `problem` is the whole message (a run spec's, from lesson_py.spec)."""

    def __init__(self, option: str, expected: str, got: str | None = None, problem: str = ""):
        self.option, self.expected, self.got = option, expected, got
        if not expected:  # a message of lesson_py.spec's, as it stands
            super().__init__(f"option '{option}': {problem}")
            return
        text = f"option '{option}'{' ' + problem if problem else ''}: expected {expected}"
        super().__init__(text if got is None else f"{text}, got '{got}'")


# --- Helpers -----------------------------------------------------------------

def one_of(values) -> str:
    """'a', 'a or b', 'a, b or c': how a message lists the allowed values."""
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def choice(option: str, raw: str, allowed) -> str:
    if raw not in allowed:
        raise OptionError(option, one_of(allowed), raw)
    return raw


def number(option: str, raw: str, control: Control) -> float:
    """A number as the control accepts it (lesson_py.widgets.controls: the worker's rule too)."""
    try:
        return control.read(raw)
    except ValueError:
        raise OptionError(option, control.expected, raw) from None


def integer(option: str, raw: str, lo: int, hi: int, why: str = "") -> int:
    expected = f"a whole number from {lo} to {hi}{why}"
    if not INTEGER.match(raw) or not lo <= int(raw) <= hi:
        raise OptionError(option, expected, raw)
    return int(raw)


def identifier(raw: Mapping[str, str]) -> str:
    if "id" not in raw:
        raise OptionError("id", f"a name unique on the page, in {SLUG_EXPECTED}", problem="is missing")
    if not SLUG.match(raw["id"]):
        raise OptionError("id", SLUG_EXPECTED, raw["id"])
    return raw["id"]


def _check_known(widget: str, raw: Mapping[str, str]) -> None:
    for option in raw:
        if option not in OPTIONS[widget]:
            raise OptionError(option, f"one of {one_of(OPTIONS[widget])}", problem="is unknown")


# --- Validation, one function per widget ---------------------------------------

def playground_options(raw: Mapping[str, str]) -> dict[str, Any]:
    """Validate a neuron-playground block's options; fill in the defaults.

    >>> opts = playground_options({"id": "net", "mode": "hidden", "activation": "relu"})
    >>> opts["hidden"], opts["activation"], "w1" in opts
    (3, 'relu', False)
    >>> try:
    ...     playground_options({"id": "net", "w1": "3.5"})
    ... except OptionError as error:
    ...     print(error)
    option 'w1': expected a number from -3 to 3 in steps of 0.01, got '3.5'
    """
    _check_known(PLAYGROUND, raw)
    options: dict[str, Any] = {"id": identifier(raw)}
    mode = options["mode"] = choice("mode", raw.get("mode", MODES[0]), MODES)
    if mode == "hidden":
        sizes = tuple(str(n) for n in HIDDEN_SIZES)
        options["hidden"] = int(choice("hidden", raw.get("hidden", str(playground.DEFAULT_HIDDEN)), sizes))
    elif "hidden" in raw:
        raise OptionError("hidden", "mode: hidden, or no hidden line", problem="applies only to mode: hidden")
    options["activation"] = choice("activation", raw.get("activation", playground.DEFAULT_ACTIVATION[mode]),
                                   tuple(ACTIVATIONS))
    names = playground.SINGLE_CONTROLS if mode == "single" else playground.HIDDEN_CONTROLS
    for name, control in CONTROLS.items():
        if name in names:
            options[name] = number(name, raw[name], control) if name in raw else control.default
        elif name in raw:
            raise OptionError(name, f"mode: single, or no {name} line (hidden mode has fixed weights)",
                              problem="applies only to mode: single")
    return options


def visualizer_options(raw: Mapping[str, str]) -> dict[str, Any]:
    """Validate a training-visualizer block's options; fill in the defaults.

    A block shows the lesson's runs (network, preset, highlight) or a run of its own, given
    by run-spec fields (spec_run_options); never both.

    >>> visualizer_options({"id": "loop", "network": "deep", "epoch": "12"})["epoch"]
    12
    """
    _check_known(VISUALIZER, raw)
    if any(name in raw for name in (*SPEC_OPTIONS, COMPARE)):
        return spec_run_options(raw)
    options: dict[str, Any] = {"id": identifier(raw)}
    network = options["network"] = choice("network", raw.get("network", VISUALIZER_DEFAULTS["network"]),
                                          tuple(NETWORKS))
    preset = options["preset"] = choice("preset", raw.get("preset", VISUALIZER_DEFAULTS["preset"]),
                                        tuple(PRESETS))
    epochs = PLANS[(network, preset)].epochs
    options["epoch"] = integer("epoch", raw.get("epoch", "0"), 0, epochs,
                               f" (the {network} {preset} run has {epochs} epochs)")
    options["highlight"] = choice("highlight", raw.get("highlight", VISUALIZER_DEFAULTS["highlight"]),
                                  POINT_NAMES)
    return options


def spec_run_options(raw: Mapping[str, str]) -> dict[str, Any]:
    """A training-visualizer block that defines its own run: the spec's fields, read by
    lesson_py.spec.parse (the rules and messages of URLs and worker calls too), and the first epoch.
    The options keep the spec as to_flat writes it, under "run".

    >>> options = spec_run_options({"id": "mine", "dataset": "xor", "layers": "4,2"})
    >>> options["run"]["layers"], options["epoch"]
    ('4,2', 0)
    >>> try:
    ...     spec_run_options({"id": "mine", "layers": "9"})
    ... except OptionError as error:
    ...     print(error)
    option 'layers': expected 1 to 8 neurons in each hidden layer, got 9 in layer 1
    """
    ident = identifier(raw)
    for name in LESSON_RUN_OPTIONS:
        if name in raw:
            raise OptionError(name, f"either the lesson's runs ({one_of(LESSON_RUN_OPTIONS)}) or a run of "
                              f"the block's own ({one_of(SPEC_OPTIONS)}), not both", raw[name])
    base = {k: v for k, v in raw.items() if k in SPEC_OPTIONS}
    spec = _spec(base)
    runs = _compared(base, raw[COMPARE]) if COMPARE in raw else None
    epochs = spec.training.epochs
    what = "the block's runs have" if runs else "the block's run has"
    epoch = integer("epoch", raw.get("epoch", "0"), 0, epochs, f" ({what} {epochs} epochs)")
    if runs:
        return {"id": ident, "epoch": epoch, COMPARE: runs}
    return {"id": ident, "run": run_spec.to_flat(spec), "epoch": epoch}


def _spec(flat: Mapping[str, str], run: int = 0) -> run_spec.RunSpec:
    """lesson_py.spec.parse's spec, or its first message as the field's OptionError (`run`: a compared run's number)."""
    try:
        return run_spec.parse(flat)
    except run_spec.SpecError as error:
        name, message = error.problems[0]
        _, _, text = message.partition(": ")  # the field's path, then what is wrong with it
        if run:
            raise OptionError(COMPARE, "", problem=f"run {run} field '{name}': {text}") from None
        raise OptionError(name, "", problem=text) from None


COMPARED = tuple(name for name in SPEC_OPTIONS if name not in compare.FIXED)


def _compared(base: Mapping[str, str], text: str) -> list[dict[str, Any]]:
    """A compare option's runs: each the base with its overrides, parsed by lesson_py.spec, and its label.

    >>> [r["label"] for r in _compared({"dataset": "xor"}, 'rate=0.5 "Slow"; rate=3')]
    ['Slow', 'rate 3']
    """
    try:
        read = compare.read_runs(text)
    except compare.CompareError as error:
        raise OptionError(COMPARE, "", problem=str(error)) from None
    runs, seen = [], {}
    for number, (overrides, label, about) in enumerate(read, start=1):
        for name, value in overrides.items():
            if name not in COMPARED:
                fixed = f" ({' and '.join(compare.FIXED)} are set once, outside compare)"
                raise OptionError(COMPARE, "", problem=f"run {number}: expected an override of "
                                  f"{one_of(COMPARED)}{fixed}, got '{name}={value}'")
        flat = run_spec.to_flat(_spec({**base, **overrides}, number))
        key = tuple(sorted(flat.items()))
        if key in seen:
            raise OptionError(COMPARE, "", problem=f"expected every run to differ, but runs {seen[key]} and "
                              f"{number} are the same run")
        seen[key] = number
        runs.append({"label": label, "about": about, "run": flat})
    return runs


def softmax_options(raw: Mapping[str, str]) -> dict[str, Any]:
    """Validate a softmax block's options; fill in the defaults.

    >>> softmax_options({"id": "pick", "names": "red, green, blue", "score2": "-1,5"})
    {'id': 'pick', 'names': ['red', 'green', 'blue'], 'score1': 3.0, 'score2': -1.5, 'score3': 0.2}
    """
    _check_known(SOFTMAX, raw)
    options: dict[str, Any] = {"id": identifier(raw)}
    try:
        names = softmax.read_names(raw["names"]) if "names" in raw else softmax.DEFAULT_NAMES
    except ValueError:
        raise OptionError("names", softmax.NAMES_EXPECTED, raw["names"]) from None
    options["names"] = list(names)
    for name, control in softmax.CONTROLS.items():
        options[name] = number(name, raw[name], control) if name in raw else control.default
    return options


def one_step_options(raw: Mapping[str, str]) -> dict[str, Any]:
    """Validate a one-step block's options; fill in the defaults (the article's worked example).

    >>> one_step_options({"id": "step", "label": "0", "rate": "1,5"})
    {'id': 'step', 'label': 0, 'rate': 1.5, 'x1': 0.9, 'x2': 0.3, 'w1': 1.2, 'w2': -0.8, 'b': -0.15}
    """
    _check_known(ONE_STEP, raw)
    options: dict[str, Any] = {"id": identifier(raw)}
    try:
        options["label"] = one_step.read_label(raw["label"]) if "label" in raw else one_step.DEFAULT_LABEL
    except ValueError:
        raise OptionError("label", one_step.LABEL_EXPECTED, raw["label"]) from None
    for name, control in one_step.CONTROLS.items():
        options[name] = number(name, raw[name], control) if name in raw else control.default
    return options


VALIDATORS: dict[str, Callable[[Mapping[str, str]], dict[str, Any]]] = {
    PLAYGROUND: playground_options,
    VISUALIZER: visualizer_options,
    SOFTMAX: softmax_options,
    ONE_STEP: one_step_options,
}
