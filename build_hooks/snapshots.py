"""Static HTML snapshots: each widget's first state, readable without any script.

One renderer per widget, `render_playground` and `render_visualizer`; both take
the block's validated options and the same data that goes into its JSON, so
the snapshot and the JSON cannot disagree. `container` wraps a snapshot in the
element the widget's script finds and hydrates (data-widget, data-src,
data-options). Markup stays plain and semantic: the widget scripts extend it.
Each widget's markup is written by its own module (neuron_playground,
training_visualizer), next to the parts names its script looks for.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any, Mapping

from . import neuron_playground, one_step_widget, softmax_widget, training_visualizer, widget_specs as specs
from .widget_data import SCHEMA_VERSION

# Material's search leaves the widget's read-outs, passes and source out of its index
# (the prose around a widget says what it does). Its parser tells elements apart by tag
# only, so data-search-exclude on a <div> would end at the first inner </div>: the
# widget's inside sits in an element of its own name (laid out as if it were not there).
UNSEARCHED = "nn-unsearched"

TITLES = {specs.PLAYGROUND: "Neuron Playground", specs.VISUALIZER: "Training Loop Visualizer",
          specs.SOFTMAX: "Softmax: scores to probabilities", specs.ONE_STEP: "One training step"}

# The widgets that need Python as soon as a reader sees them (the others ask on a click).
# Their container says so (data-python="in-view"), so python.js can start Python for one
# already in view when the page is parsed, before the widget's own script has mounted.
PYTHON_IN_VIEW = {specs.PLAYGROUND, specs.SOFTMAX, specs.ONE_STEP}


# --- Helpers -----------------------------------------------------------------

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
    if widget in PYTHON_IN_VIEW:
        attributes["data-python"] = "in-view"
    rendered = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())
    title = f'<p class="nn-widget__title" id="{title_id}"><strong>{TITLES[widget]}</strong></p>'
    return f'<div {rendered}><{UNSEARCHED} data-search-exclude>{title}{body}</{UNSEARCHED}></div>'


# --- The Neuron Playground ------------------------------------------------------

def render_playground(options: Mapping[str, Any], data: Mapping[str, Any], src: str) -> str:
    """The Neuron Playground's first state, as neuron_playground.snapshot writes it
    (real controls at their starting values, every read-out, the forward pass)."""
    start = {k: v for k, v in options.items() if k != "id"}
    return container(specs.PLAYGROUND, options, src, neuron_playground.snapshot(options["id"], **start))


# --- The Training Loop Visualizer ------------------------------------------------

def render_visualizer(options: Mapping[str, Any], data: Mapping[str, Any], src: str) -> str:
    """The visualizer at the block's epoch of its run, as training_visualizer.snapshot writes it
    (real controls, loss, accuracy, fit state, the dataset table, a line on what scripts add)."""
    return container(specs.VISUALIZER, options, src, training_visualizer.snapshot(options, data))


# --- The softmax widget ---------------------------------------------------------

def render_softmax(options: Mapping[str, Any], data: Mapping[str, Any], src: str) -> str:
    """The softmax widget at the block's scores, as softmax_widget.snapshot writes it (the score
    controls, each probability as a number and a bar, the winner and the sum in words)."""
    return container(specs.SOFTMAX, options, src, softmax_widget.snapshot(options["id"], data))


# --- The one-step widget --------------------------------------------------------

def render_one_step(options: Mapping[str, Any], data: Mapping[str, Any], src: str) -> str:
    """The one-step widget at the block's label and rate, as one_step_widget.snapshot writes it (the
    label and rate controls, the forward pass, the loss, each gradient and update, the loss after)."""
    return container(specs.ONE_STEP, options, src, one_step_widget.snapshot(options["id"], data))


RENDERERS = {specs.PLAYGROUND: render_playground, specs.VISUALIZER: render_visualizer, specs.SOFTMAX: render_softmax,
             specs.ONE_STEP: render_one_step}
