"""Static HTML snapshots: each widget's first state, readable without any script.

One renderer per widget, `render_playground` and `render_visualizer`; both take
the block's validated options and the same data that goes into its JSON, so
the snapshot and the JSON cannot disagree. `container` wraps a snapshot in the
element the widget's script finds and hydrates (data-widget, data-src,
data-options). Markup stays plain and semantic: the widget scripts extend it.
Elements the scripts update carry data-readout="<name>".
"""

from __future__ import annotations

import json
from html import escape
from typing import Any, Mapping

from lesson_py.neuron import percent, shown

try:
    from . import neuron_playground, widget_specs as specs
    from .widget_data import SCHEMA_VERSION, decode_grid
except ImportError:  # pragma: no cover - imported from within build_hooks/
    import neuron_playground  # type: ignore[no-redef]
    import widget_specs as specs  # type: ignore[no-redef]
    from widget_data import SCHEMA_VERSION, decode_grid  # type: ignore[no-redef]

TITLES = {specs.PLAYGROUND: "Neuron Playground", specs.VISUALIZER: "Training Loop Visualizer"}


# --- Helpers -----------------------------------------------------------------

def item(term: str, value: str, readout: str | None = None) -> str:
    """One term/value pair of a description list (value already HTML)."""
    attribute = f' data-readout="{readout}"' if readout else ""
    return f"<div><dt>{escape(term)}</dt><dd{attribute}>{value}</dd></div>"


def description_list(css: str, items: list[str]) -> str:
    return f'<dl class="{css}">{"".join(items)}</dl>'


def static_note(text: str) -> str:
    return f'<p class="nn-widget__static-note" data-static-note>{escape(text)}</p>'


def container(widget: str, options: Mapping[str, Any], src: str, body: str) -> str:
    """The element a widget's script mounts on, holding the static snapshot."""
    ident = options["id"]
    title_id = f"widget-{ident}-title"
    attributes = {
        "class": f"nn-widget nn-widget--{widget}",
        "id": f"widget-{ident}",
        "role": "group",
        "aria-labelledby": title_id,
        "data-widget": widget,
        "data-widget-id": ident,
        "data-src": src,
        "data-schema-version": str(SCHEMA_VERSION),
        "data-options": json.dumps(dict(options), separators=(",", ":")),
    }
    rendered = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())
    title = f'<p class="nn-widget__title" id="{title_id}"><strong>{TITLES[widget]}</strong></p>'
    return f"<div {rendered}>{title}{body}</div>"


# --- The Neuron Playground ------------------------------------------------------

def render_playground(options: Mapping[str, Any], data: Mapping[str, Any], src: str) -> str:
    """The Neuron Playground's first state, as neuron_playground.snapshot writes it
    (real controls at their starting values, every read-out, the forward pass)."""
    start = {k: v for k, v in options.items() if k != "id"}
    return container(specs.PLAYGROUND, options, src, neuron_playground.snapshot(options["id"], **start))


# --- The Training Loop Visualizer ------------------------------------------------

def describe_map(cells: list[float]) -> str:
    share = round(100 * sum(p >= 0.5 for p in cells) / len(cells))
    return f"About {share}% of the input square is predicted positive."


def render_visualizer(options: Mapping[str, Any], data: Mapping[str, Any], src: str) -> str:
    """The visualizer at the block's epoch of its run: loss, accuracy, fit state, the dataset table."""
    network, preset = data["networks"][options["network"]], data["presets"][options["preset"]]
    run = data["runs"][options["network"]][options["preset"]]
    last = len(run["checkpoints"]) - 1
    checkpoint = run["checkpoints"][min(options["epoch"], last)]
    correct = checkpoint["verdicts"].count("correct")
    total = len(checkpoint["verdicts"])
    summary = [
        item("Run", f"{escape(network['label'])} network, {escape(preset['label'])} preset "
                    f"(learning rate {run['learning_rate']:g})", "run"),
        item("Epoch", f"{checkpoint['epoch']} of {run['epochs']}", "epoch"),
        item("Loss", shown(checkpoint["loss"], 3), "loss"),
        item("Accuracy", f"{correct} of {total} correct ({percent(checkpoint['accuracy'])})", "accuracy"),
        item("Fit state", escape(checkpoint["fit"]), "fit"),
    ]
    rows = []
    for index, point in enumerate(data["dataset"]):
        highlighted = point["name"] == options["highlight"]
        css = ' class="nn-visualizer__highlight"' if highlighted else ""
        rows.append(
            f'<tr data-point="{escape(point["name"])}"{css}>'
            f'<th scope="row">{escape(point["name"])}</th>'
            f'<td>{"positive (1)" if point["label"] == 1 else "negative (0)"}</td>'
            f'<td>({point["x"]:g}, {point["y"]:g})</td>'
            f'<td>{percent(checkpoint["confidence"][index])}</td>'
            f'<td>{escape(checkpoint["verdicts"][index])}</td></tr>'
        )
    highlight = next(i for i, p in enumerate(data["dataset"]) if p["name"] == options["highlight"])
    table = (
        '<table class="nn-visualizer__dataset">'
        f'<caption>The 8 points at epoch {checkpoint["epoch"]}</caption>'
        '<thead><tr><th scope="col">Point</th><th scope="col">Label</th><th scope="col">Position (x, y)</th>'
        '<th scope="col">Confidence</th><th scope="col">Verdict</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )
    diverged = ""
    if run["diverged"] is not None:
        diverged = f'<p data-readout="diverged">{escape(run["diverged"]["message"])}</p>'
    body = "".join([
        f'<p data-readout="expect">{escape(preset["label"])}: {escape(preset["expect"])} '
        f"{escape(run['story'])}</p>",
        description_list("nn-visualizer__summary", summary),
        diverged,
        f'<p data-readout="highlight">Highlighted point {escape(options["highlight"])}: confidence '
        f'{percent(checkpoint["confidence"][highlight])} ({escape(checkpoint["verdicts"][highlight])}).</p>',
        f'<p data-readout="map">{escape(describe_map(decode_grid(checkpoint["map"])))}</p>',
        table,
    ])
    note = static_note(f"A still of epoch {checkpoint['epoch']} of this run. Scripts make it interactive: "
                       "with JavaScript on you can scrub through the epochs, switch runs and pick a point.")
    return container(specs.VISUALIZER, options, src,
                     f'<div class="nn-widget__snapshot" data-snapshot>{body}</div>{note}')


RENDERERS = {specs.PLAYGROUND: render_playground, specs.VISUALIZER: render_visualizer}
