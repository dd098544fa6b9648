"""The data each widget needs, computed with lesson_py and written as strict JSON.

Plain functions: `playground_data(options)` and `training_runs_data()` build
JSON-ready dicts; `dumps` writes them compactly and deterministically (no NaN,
no Infinity, the same bytes on every build). `DataStore` remembers what it
computed, in memory and optionally on disk, keyed on a hash of the sources that
widget's data depends on (see SOURCES) and the options, so a prose edit never recomputes.
The JSON layout is documented in SCHEMA.md next to this file.

>>> decode_grid(encode_grid([[0.0, 0.5], [0.99, 1.0]]))
[0.0078125, 0.5, 0.9921875, 0.9921875]
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Mapping

import lesson_py
from lesson_py import DATASET, probability_grid
from lesson_py.network import Network
from lesson_py.runs import NETWORKS, PLANS, Run, replay
from lesson_py.spec import parse as parse_spec
from lesson_py.trainer import SpecRun, train_spec
from lesson_py.widgets import compare, designer, spec_json, spec_runs, visualizer
from lesson_py.widgets.format import map_rule
from lesson_py.widgets.spec_json import ALPHABET, FENCE, LEVELS, VERDICT_LETTERS, encode_grid  # noqa: F401
from lesson_py.widgets.visualizer import GRID_EXTENT, GRID_SIZE
from lesson_py.widgets.wording import NETWORK_WORDS, PRESET_WORDS

from . import neuron_playground, one_step_widget, softmax_widget, training_visualizer, widget_specs as specs

# --- Data --------------------------------------------------------------------

SCHEMA_VERSION = 2  # 2: the visualizer's checkpoints carry their words (SCHEMA.md)
DATA_DIR = "widgets/data"
RUNS_FILE = f"{DATA_DIR}/training-runs.json"

# Decision maps: GRID_SIZE x GRID_SIZE cells over [-GRID_EXTENT, GRID_EXTENT]² (both set in
# lesson_py.widgets.visualizer, whose map descriptions read the same grid), each the
# confidence of positive in one of LEVELS bins, one character per cell. Cell k covers
# [k/64, (k+1)/64), so k >= 32 exactly when the confidence is 50% or more: the
# predicted class survives quantisation. 24 cells a side is finer than the map's
# 240 px at 10 px a cell, and keeps all 306 checkpoints' maps at about 40 KB gzipped.
# A cell whose confidence shows as 50% (undecided, the words' rule) is written as FENCE and
# decodes to exactly 0.5, which the map colours as undecided: one rule for colour and words.
# LEVELS, ALPHABET and FENCE (the one-character-per-cell code) live in lesson_py.widgets.spec_json,
# which the page's worker runs too: a run trained in the browser writes its maps the same way.
MAP_DECIMALS = 3  # the decoded values are continuous: the undecided band of the words' rule to 3 decimals

HERE = Path(__file__).resolve().parent


# What each widget's numbers and words are made from: lesson_py's core (every
# module of the package itself), the widget's own modules under lesson_py/widgets/,
# and its modules here. Editing the playground's wording leaves the training runs' key alone.
CORE = Path(lesson_py.__file__).resolve().parent
SOURCES: dict[str, tuple[Path, ...]] = {
    "neuron-playground": (
        *(CORE / "widgets" / n for n in ("__init__.py", "controls.py", "format.py", "playground.py", "source.py",
                                          "wording.py")),
        *(HERE / n for n in ("widget_data.py", "widget_specs.py", "neuron_playground.py")),
    ),
    "training-visualizer": (
        *(CORE / "widgets" / n for n in ("__init__.py", "format.py", "wording.py", "visualizer.py", "spec_runs.py",
                                          "spec_json.py", "designer.py", "compare.py",
                                          "spec_steps.py", "diagram.py")),
        *(HERE / n for n in ("widget_data.py", "widget_specs.py", "training_visualizer.py", "compare_view.py",
                             "network_diagram.py")),
    ),
    "softmax": (
        *(CORE / "widgets" / n for n in ("__init__.py", "controls.py", "format.py", "softmax.py")),
        *(HERE / n for n in ("widget_data.py", "widget_specs.py", "softmax_widget.py")),
    ),
    "one-step": (
        *(CORE / "widgets" / n for n in ("__init__.py", "controls.py", "format.py", "one_step.py")),
        *(HERE / n for n in ("widget_data.py", "widget_specs.py", "one_step_widget.py", "neuron_playground.py")),
    ),
}


def source_key(widget: str) -> str:
    """A hash of every source file one widget's data depends on.

    >>> source_key("neuron-playground") != source_key("training-visualizer")
    True
    """
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    for path in [*sorted(CORE.glob("*.py")), *SOURCES[widget]]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


SOURCE_KEYS = {widget: source_key(widget) for widget in SOURCES}


# --- Helpers -----------------------------------------------------------------

def dumps(data: Any) -> str:
    """Strict, compact JSON: floats at full precision (repr round-trips in JavaScript),
    and a ValueError, not NaN or Infinity, if a number is not finite."""
    return json.dumps(data, allow_nan=False, separators=(",", ":"), ensure_ascii=False)


def decode_grid(text: str) -> list[float]:
    """Each cell back to a confidence, at the centre of its bin, FENCE at 0.5 (what the browser does)."""
    return [0.5 if c == FENCE else (ALPHABET.index(c) + 0.5) / LEVELS for c in text]


def grid_spec() -> dict[str, Any]:
    return {"size": GRID_SIZE, "extent": GRID_EXTENT, "levels": LEVELS, "alphabet": ALPHABET, "fence": FENCE,
            **map_rule(MAP_DECIMALS)}


def layers(network: Network) -> list[dict[str, Any]]:
    """A network's parameters, layer by layer, at full precision."""
    return [{"weights": [list(row) for row in layer.weights], "biases": list(layer.biases)} for layer in network]


def data_path(widget: str, page: str, options: Mapping[str, Any]) -> str:
    """Where a block's JSON goes in the built site: one file per playground or softmax block and per
    visualizer with a run of its own, one file shared by every visualizer of the lesson's runs."""
    if widget == specs.VISUALIZER and "run" not in options and specs.COMPARE not in options:
        return RUNS_FILE
    stem = page[:-3] if page.endswith(".md") else (page or "page")
    return f"{DATA_DIR}/{stem}/{options['id']}.json"


# --- The Neuron Playground ------------------------------------------------------

def playground_data(options: Mapping[str, Any]) -> dict[str, Any]:
    """A neuron-playground block's data: its controls' table, the activations, its
    start and that start's read-outs, all from lesson_py.widgets.playground (through
    neuron_playground.data, the same payload its snapshot embeds)."""
    start = {k: v for k, v in options.items() if k != "id"}
    return {"schema": specs.PLAYGROUND, "version": SCHEMA_VERSION, **neuron_playground.data(**start)}


# --- The softmax widget ---------------------------------------------------------

def softmax_data(options: Mapping[str, Any]) -> dict[str, Any]:
    """A softmax block's data: its scores' table, its class names, its start and that start's
    view, all from lesson_py.widgets.softmax (through softmax_widget.data, as its snapshot)."""
    start = {k: v for k, v in options.items() if k != "id"}
    return {"schema": specs.SOFTMAX, "version": SCHEMA_VERSION, **softmax_widget.data(start)}


# --- The one-step widget --------------------------------------------------------

def one_step_data(options: Mapping[str, Any]) -> dict[str, Any]:
    """A one-step block's data: the rate's rule, the labels, its start and that start's view,
    all from lesson_py.widgets.one_step (through one_step_widget.data, as its snapshot)."""
    start = {k: v for k, v in options.items() if k != "id"}
    return {"schema": specs.ONE_STEP, "version": SCHEMA_VERSION, **one_step_widget.data(start)}


# --- The Training Loop Visualizer ------------------------------------------------

def run_data(run: Run, epochs: int) -> dict[str, Any]:
    """One replayed run as JSON: a checkpoint per epoch with the words the widget shows
    for it (lesson_py.widgets.visualizer), or where it diverged."""
    checkpoints = []
    for c in run.checkpoints:
        grid = probability_grid(c.network, GRID_SIZE, GRID_EXTENT)
        checkpoints.append({
            "epoch": c.epoch,
            "loss": c.loss,
            "accuracy": c.accuracy,
            "fit": c.fit,
            "parameters": layers(c.network),
            "gradients": [{"weights": [list(row) for row in g.weights], "biases": list(g.biases)}
                          for g in c.gradients],
            "confidence": [j.confidence for j in c.judgements],
            "verdicts": [j.verdict for j in c.judgements],
            "map": encode_grid(grid),
            "words": visualizer.checkpoint_words(run, c.epoch, grid),
        })
    return {
        "learning_rate": run.learning_rate,
        "epochs": epochs,
        "words": visualizer.run_words(run),
        "diverged": None if run.diverged_at is None else {"epoch": run.diverged_at},
        "after_last": layers(run.after_last) if run.after_last is not None else None,
        "checkpoints": checkpoints,
    }


# The run whose markup becomes the view of a reader's run (training_visualizer.live_view): short, with test points.
VIEW_SPEC = {"dataset": "circle", "points": "20", "test": "0.25", "epochs": "2"}


def training_runs_data() -> dict[str, Any]:
    """Every network x preset run, replayed with lesson_py, plus what the widget needs to show them."""
    runs: dict[str, dict[str, Any]] = {}
    for (network, preset), plan in PLANS.items():
        runs.setdefault(network, {})[preset] = run_data(replay(network, preset), plan.epochs)
    return {
        "schema": specs.VISUALIZER,
        "version": SCHEMA_VERSION,
        "dataset": [{"name": p.name, "x": p.x, "y": p.y, "label": p.label, "label_word": visualizer.label_word(p)}
                    for p in DATASET],
        "grid": grid_spec(),
        "networks": {
            name: {"label": NETWORK_WORDS[name].label, "description": NETWORK_WORDS[name].description,
                   "activations": [layer.activation for layer in build()]}
            for name, build in NETWORKS.items()
        },
        "presets": {name: {"label": w.label, "expect": w.description} for name, w in PRESET_WORDS.items()},
        "runs": runs,
        # The "Design your own run" panel's controls, from lesson_py.spec.FIELDS (docs/widgets/js/run-designer.js).
        "designer": {"fields": designer.designer_fields(), "view_id": f"widget-{training_visualizer.VIEW_ID}",
                     "view": training_visualizer.live_view(spec_run_data(VIEW_SPEC))},
    }


# --- A visualizer's run of its own ----------------------------------------------------

def spec_run_data(flat: Mapping[str, str], run: SpecRun | None = None) -> dict[str, Any]:
    """A run spec trained with lesson_py.trainer, as the visualizer's JSON: every epoch's losses and
    accuracies, and for the stored epochs (spec_runs.stored_epochs, at most MAX_MAPS) the map, each
    point's verdict and the words (lesson_py.widgets.spec_json run_json, the shape the page's worker
    streams for a reader's run). Points are [x, y, label]. `run`: the spec already trained, when the
    caller has it (tests that read both)."""
    if run is None:
        run = train_spec(parse_spec(flat))
    return {"schema": specs.VISUALIZER, "version": SCHEMA_VERSION, "grid": grid_spec(), **spec_json.run_json(run, flat)}


def compare_data(runs: list[Mapping[str, Any]]) -> dict[str, Any]:
    """A compare block's runs (widget_specs: each a label and a flat spec), each trained with lesson_py.trainer
    and stored whole, as a run of its own is, with the compare chart's words (lesson_py.widgets.compare)."""
    trained = [train_spec(parse_spec(r["run"])) for r in runs]
    return {"schema": specs.VISUALIZER, "version": SCHEMA_VERSION, "grid": grid_spec(),
            **compare.compare_json(trained, [r["run"] for r in runs],
                                   [compare.run_name(r["label"], r["about"]) for r in runs])}


def widget_data(widget: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON-ready data of one block (the lesson's runs do not depend on the options)."""
    if widget == specs.PLAYGROUND:
        return playground_data(options)
    if widget == specs.SOFTMAX:
        return softmax_data(options)
    if widget == specs.ONE_STEP:
        return one_step_data(options)
    if "run" in options:
        return spec_run_data(options["run"])
    if specs.COMPARE in options:
        return compare_data(options[specs.COMPARE])
    return training_runs_data()


def data_options(widget: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a block's options its data depends on (its cache key)."""
    if widget in (specs.PLAYGROUND, specs.SOFTMAX, specs.ONE_STEP):
        return {k: v for k, v in options.items() if k != "id"}
    if "run" in options:
        return {"run": dict(options["run"])}
    if specs.COMPARE in options:
        return {specs.COMPARE: [{**r, "run": dict(r["run"])} for r in options[specs.COMPARE]]}
    return {}


# --- The store ---------------------------------------------------------------

class DataStore:
    """Computed widget data, remembered in memory and (if given a folder) on disk.

    Entries are keyed on the widget's SOURCE_KEYS entry and the options, so they stay valid until
    lesson_py, this module or the options change. The disk copy makes a fresh
    `mkdocs build` fast; a corrupt or foreign file is simply recomputed.
    """

    def __init__(self, directory: Path | None = None,
                 compute: Callable[[str, Mapping[str, Any]], dict[str, Any]] = widget_data):
        self.directory = directory
        self.compute = compute
        self.memory: dict[str, tuple[dict[str, Any], str]] = {}
        self.computed = 0   # how many entries this store had to compute (for tests and timing)

    def key(self, widget: str, options: Mapping[str, Any]) -> str:
        wanted = json.dumps([widget, data_options(widget, options)], sort_keys=True)
        return hashlib.sha256(f"{SOURCE_KEYS[widget]}\n{wanted}".encode()).hexdigest()

    def get(self, widget: str, options: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        """The block's data and its JSON text."""
        key = self.key(widget, options)
        if key in self.memory:
            return self.memory[key]
        entry = self._read(key)
        if entry is None:
            data = self.compute(widget, options)
            entry = (data, dumps(data))
            self.computed += 1
            self._write(key, entry[1])
        self.memory[key] = entry
        return entry

    def _file(self, key: str) -> Path | None:
        return self.directory / f"{key}.json" if self.directory else None

    def _read(self, key: str) -> tuple[dict[str, Any], str] | None:
        path = self._file(key)
        if path is None or not path.is_file():
            return None
        try:
            text = path.read_text(encoding="utf-8")
            return json.loads(text), text
        except (OSError, ValueError):
            return None

    def _write(self, key: str, text: str) -> None:
        path = self._file(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                             suffix=".tmp") as handle:
                handle.write(text)
            os.replace(handle.name, path)
        except OSError:
            pass  # a cache that cannot be written is only slower
