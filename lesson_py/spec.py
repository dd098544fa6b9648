"""A run spec: the one description of a training run, for Markdown blocks, URLs and worker calls.

FIELDS is the single table of options: each has a flat name (what a block or a
URL writes), a path in the spec, a kind, a default and a range. `parse` reads
options given as strings (a block's "key: value" lines, URL parameters) or as
JSON values (a worker call) by the same rules and says what is wrong with each
one; `to_flat` writes a spec back as strings that `parse` reads to the same spec.

>>> spec = parse({"dataset": "circle", "points": "200", "noise": "0.1", "test": "0.2",
...               "layers": "4,2", "rate": "0.03", "batch": "10"})
>>> spec.dataset.kind, spec.network.layers, spec.training.batch, spec.training.epochs
('circle', (4, 2), 10, 60)
>>> parse({"layers": "1,2,3,4,5"})
Traceback (most recent call last):
...
lesson_py.spec.SpecError: network.layers: expected 0 to 4 hidden layers, got 5
"""

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from .dataset import Point

GENERATED = ("circle", "xor", "gauss", "spiral")
DATASETS = ("lesson", *GENERATED, "listed")  # listed: the points an author lists in `data`
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
MAX_LAYERS, MAX_NEURONS = 4, 8
MAX_LISTED = 400
EXTENT = 1.2  # listed points lie in the decision map's square [-1.2, 1.2]²


@dataclass(frozen=True)
class Field:
    """One option: flat name, path in the spec, kind, default and range (low..high, or choices).

    Kinds: "choice", "integer", "number", "layers" (a list of neuron counts),
    "batch" (an integer, or None for the full batch), "points" (listed points).
    """

    name: str
    path: str
    kind: str
    default: Any
    low: Optional[float] = None
    high: Optional[float] = None
    choices: tuple[str, ...] = ()
    step: Optional[float] = None  # a form control's step


FIELDS: tuple[Field, ...] = (
    # lesson: the 8 XOR points; circle, xor, gauss, spiral: generated (lesson_py.datasets); listed: `data`
    Field("dataset", "dataset.kind", "choice", "lesson", choices=DATASETS),
    Field("points", "dataset.points", "integer", 200, 20, 400, step=10),  # generated points, test ones included
    Field("noise", "dataset.noise", "number", 0.0, 0.0, 0.5, step=0.05),  # std. deviation of each coordinate's shift
    Field("test", "dataset.test", "number", 0.0, 0.0, 0.9, step=0.1),  # the share held out as test points
    Field("seed", "dataset.seed", "integer", 1, 0, 2**31 - 1, step=1),  # the generator's random.Random seed
    Field("data", "dataset.listed", "points", (), 2, MAX_LISTED),  # "x,y,label[,name]; ..." in [-1.2, 1.2]²
    Field("layers", "network.layers", "layers", (3,), 0, MAX_LAYERS),  # neurons per hidden layer, input side first
    Field("activation", "network.activation", "choice", "tanh", choices=HIDDEN_ACTIVATIONS),  # of the hidden layers
    Field("init", "network.init", "integer", 1, 0, 2**31 - 1, step=1),  # seed of the weights and batch orders
    Field("rate", "training.rate", "number", 1.0, 0.0001, 20.0, step=0.01),  # the learning rate
    Field("epochs", "training.epochs", "integer", 60, 1, 1000, step=10),
    Field("batch", "training.batch", "batch", None, 1, 400, step=1),  # points per step; None ("full"): all
    Field("l2", "training.l2", "number", 0.0, 0.0, 1.0, step=0.001),  # L2 strength: loss + (l2/2)·Σw²
)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
DEFAULTS: dict[str, Any] = {f.name: f.default for f in FIELDS}
GENERATOR_FIELDS = ("points", "noise", "test", "seed")  # apply to generated datasets only


@dataclass(frozen=True)
class DatasetSpec:
    """Which points: the lesson's 8, a generated set (kind, count, noise, test share, seed) or listed ones."""

    kind: str = DEFAULTS["dataset"]
    points: int = DEFAULTS["points"]
    noise: float = DEFAULTS["noise"]
    test: float = DEFAULTS["test"]
    seed: int = DEFAULTS["seed"]
    listed: tuple[Point, ...] = DEFAULTS["data"]


@dataclass(frozen=True)
class NetworkSpec:
    """Hidden layer sizes (input side first), their activation and the seed of the starting weights."""

    layers: tuple[int, ...] = DEFAULTS["layers"]
    activation: str = DEFAULTS["activation"]
    init: int = DEFAULTS["init"]


@dataclass(frozen=True)
class TrainingSpec:
    """Learning rate, epochs, batch size (None: the full batch) and L2 strength."""

    rate: float = DEFAULTS["rate"]
    epochs: int = DEFAULTS["epochs"]
    batch: Optional[int] = DEFAULTS["batch"]
    l2: float = DEFAULTS["l2"]


@dataclass(frozen=True)
class RunSpec:
    """A whole run. The default is the lesson's Deep run at Balanced: 8 points, 3 tanh neurons, rate 1."""

    dataset: DatasetSpec = field(default_factory=DatasetSpec)
    network: NetworkSpec = field(default_factory=NetworkSpec)
    training: TrainingSpec = field(default_factory=TrainingSpec)


class SpecError(ValueError):
    """Everything wrong with the options, one message per problem; `problems` holds (name, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


# --- Reading one value ------------------------------------------------------------


def shown(v: float) -> str:
    """A bound as a message writes it: 2147483647, 20, 0.0001."""
    return str(int(v)) if float(v).is_integer() else repr(v)


def read(f: Field, value: Any) -> Any:
    """One option's value, from a string or a JSON value; raises ValueError with the message."""
    text = value.strip() if isinstance(value, str) else None
    if f.kind == "choice":
        if value not in f.choices:
            raise ValueError(f"{f.path}: expected one of {', '.join(f.choices)}, got {value!r}")
        return value
    if f.kind in ("integer", "batch", "number"):
        if f.kind == "batch" and (value is None or text == "full"):
            return None
        whole = f.kind != "number"
        number = (_integer if whole else _number)(text if text is not None else value)
        what = "a whole number" if whole else "a number"
        if number is None:
            full = ' or "full"' if f.kind == "batch" else ""
            raise ValueError(f"{f.path}: expected {what}{full}, got {value!r}")
        if not f.low <= number <= f.high:
            raise ValueError(f"{f.path}: expected {what} from {shown(f.low)} to {shown(f.high)}, got {value!r}")
        return number
    if f.kind == "layers":
        return _layers(f, value, text)
    return _listed(f, value, text)


def _integer(value: Any) -> Optional[int]:
    if isinstance(value, str):
        return int(value) if value.lstrip("-").isdigit() else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if value == value and value == int(value) else None


def _number(value: Any) -> Optional[float]:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _layers(f: Field, value: Any, text: Optional[str]) -> tuple[int, ...]:
    if text is not None:
        parts = [] if text in ("", "none") else [p.strip() for p in text.split(",")]
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        parts = None
    sizes = None if parts is None else [_integer(p) for p in parts]
    if sizes is None or None in sizes:
        raise ValueError(f'{f.path}: expected neuron counts separated by commas (e.g. 4,2) or "none", got {value!r}')
    if not len(sizes) <= MAX_LAYERS:
        raise ValueError(f"{f.path}: expected 0 to {MAX_LAYERS} hidden layers, got {len(sizes)}")
    for index, size in enumerate(sizes):
        if not 1 <= size <= MAX_NEURONS:
            raise ValueError(f"{f.path}: expected 1 to {MAX_NEURONS} neurons in each hidden layer, "
                             f"got {size} in layer {index + 1}")
    return tuple(sizes)


def _listed(f: Field, value: Any, text: Optional[str]) -> tuple[Point, ...]:
    """Points as "x,y,label[,name]; ..." or as a list of {"x", "y", "label", "name"?}."""
    if text is not None:
        rows = [[p.strip() for p in row.split(",")] for row in text.split(";") if row.strip()]
        given = [dict(zip(("x", "y", "label", "name"), row)) if 3 <= len(row) <= 4 else row for row in rows]
    elif isinstance(value, (list, tuple)):
        given = list(value)
    else:
        raise ValueError(f'{f.path}: expected points as "x,y,label[,name]; ...", got {value!r}')
    if not f.low <= len(given) <= f.high:
        raise ValueError(f"{f.path}: expected {shown(f.low)} to {shown(f.high)} points, got {len(given)}")
    points = []
    for index, p in enumerate(given):
        where = f"{f.path}: point {index + 1}"
        if not isinstance(p, dict):
            raise ValueError(f"{where}: expected x, y, label and an optional name, got {p!r}")
        x, y, label = _number(p.get("x")), _number(p.get("y")), _integer(p.get("label"))
        if x is None or y is None or not (-EXTENT <= x <= EXTENT and -EXTENT <= y <= EXTENT):
            raise ValueError(f"{where}: expected x and y from {shown(-EXTENT)} to {shown(EXTENT)}, "
                             f"got {p.get('x')!r}, {p.get('y')!r}")
        if label not in (0, 1) or isinstance(p.get("label"), bool):
            raise ValueError(f"{where}: expected the label 0 or 1, got {p.get('label')!r}")
        name = p.get("name", f"point-{index + 1}")
        if not isinstance(name, str) or not name.strip() or any(c in name for c in ",;"):
            raise ValueError(f"{where}: expected a name without commas or semicolons, got {name!r}")
        points.append(Point(name.strip(), x, y, label))
    if len({p.name for p in points}) < len(points):
        raise ValueError(f"{f.path}: expected every point's name to be different")
    return tuple(points)


# --- A whole spec -----------------------------------------------------------------


def parse(options: Mapping[str, Any]) -> RunSpec:
    """A RunSpec from flat options (strings or JSON values); SpecError lists every problem."""
    values, problems = dict(DEFAULTS), []
    for name, value in options.items():
        if name not in BY_NAME:
            problems.append((name, f"unknown option {name!r}; expected one of: {', '.join(BY_NAME)}"))
            continue
        try:
            values[name] = read(BY_NAME[name], value)
        except ValueError as error:
            problems.append((name, str(error)))
    kind = values["dataset"]
    for name in options:
        if name in GENERATOR_FIELDS and kind not in GENERATED and not any(n == "dataset" for n, _ in problems):
            problems.append((name, f"{BY_NAME[name].path}: applies to a generated dataset "
                                   f"({', '.join(GENERATED)}), not to dataset {kind!r}"))
        if name == "data" and kind != "listed":
            problems.append((name, f"dataset.listed: points are listed with dataset listed, not {kind!r}"))
    if kind == "listed" and "data" not in options:
        problems.append(("data", "dataset.listed: expected the points of dataset listed in data"))
    if problems:
        raise SpecError(problems)
    return RunSpec(
        DatasetSpec(kind, values["points"], values["noise"], values["test"], values["seed"], values["data"]),
        NetworkSpec(values["layers"], values["activation"], values["init"]),
        TrainingSpec(values["rate"], values["epochs"], values["batch"], values["l2"]),
    )


def options_from_lines(text: str) -> dict[str, str]:
    """A block's "key: value" lines as flat options for `parse` (blank lines and # comments skipped).

    URL parameters are flat options already (URLSearchParams, urllib.parse.parse_qsl).

    >>> options_from_lines("# the lesson's data, two layers" + chr(10) + "layers: 4, 2")
    {'layers': '4, 2'}
    """
    options: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or not key:
            problems.append((key, f'line {number}: expected "option: value", got {line.strip()!r}'))
        elif key in options:
            problems.append((key, f"line {number}: {key} is given twice"))
        else:
            options[key] = value.strip()
    if problems:
        raise SpecError(problems)
    return options


def flat_values(spec: RunSpec) -> dict[str, Any]:
    """The spec's options that apply to it, as JSON values: what `parse` reads back to the same spec.

    >>> flat_values(RunSpec())
    {'dataset': 'lesson', 'layers': [3], 'activation': 'tanh', 'init': 1, 'rate': 1.0, 'epochs': 60, 'batch': None, 'l2': 0.0}
    """
    d, n, t = spec.dataset, spec.network, spec.training
    values: dict[str, Any] = {"dataset": d.kind}
    if d.kind in GENERATED:
        values.update(points=d.points, noise=d.noise, test=d.test, seed=d.seed)
    if d.kind == "listed":
        values["data"] = [{"x": p.x, "y": p.y, "label": p.label, "name": p.name} for p in d.listed]
    values.update(layers=list(n.layers), activation=n.activation, init=n.init,
                  rate=t.rate, epochs=t.epochs, batch=t.batch, l2=t.l2)
    return values


def to_flat(spec: RunSpec) -> dict[str, str]:
    """The spec as strings, for a URL or a block: every float written so that it reads back exactly.

    >>> to_flat(parse({"dataset": "xor", "layers": "none", "batch": "10"}))["layers"]
    'none'
    """
    strings = {}
    for name, value in flat_values(spec).items():
        if name == "layers":
            strings[name] = ",".join(map(str, value)) or "none"
        elif name == "batch":
            strings[name] = "full" if value is None else str(value)
        elif name == "data":
            strings[name] = "; ".join(f"{p['x']!r},{p['y']!r},{p['label']},{p['name']}" for p in value)
        else:
            strings[name] = value if isinstance(value, str) else repr(value)
    return strings
