"""The network diagram's panel in a run of a run spec's snapshot: a static SVG of one checkpoint.

Every node sits where the run's JSON says (lesson_py.widgets.diagram diagram_head), every
weight is a line whose class is its sign and whose width is its size, every neuron after
the inputs a circle tinted by its bias (its sign's class, its size's opacity), drawn from
the checkpoint's shown weights and biases (the strings the read-out shows). Without scripts
this is a still of the first shown epoch with its text alternative;
docs/widgets/js/network-diagram.js redraws the same SVG from the same JSON, makes each line
and neuron focusable and updates it per epoch.

>>> from lesson_py.spec import parse
>>> from lesson_py.trainer import train_spec
>>> from lesson_py.widgets.spec_json import run_json
>>> data = run_json(train_spec(parse({"layers": "2", "epochs": "1"})), {})
>>> svg = diagram_svg(data["diagram"], data["checkpoints"][0]["diagram"])
>>> svg.count("<line "), svg.count('<circle class="nn-nd-node"'), svg.count('<circle class="nn-nd-bias')
(6, 5, 3)
"""

from __future__ import annotations

from html import escape
from typing import Any, Mapping

from lesson_py.widgets.diagram import bias_tint, description, line_width, sign_of


def lines(head: Mapping[str, Any], weights: list[str]) -> list[tuple[list[int], list[int], str]]:
    """(from, to, shown weight) for every weight, in the order of the weights' names."""
    nodes = head["nodes"]
    found = [(source, target) for before, after in zip(nodes, nodes[1:]) for target in after for source in before]
    assert len(found) == len(weights), f"{len(found)} lines for {len(weights)} weights"
    return [(a, b, w) for (a, b), w in zip(found, weights)]


def tint_circle(x: int, y: int, radius: int, bias: str, i: int) -> str:
    """A neuron's bias as a circle inside its ring: its class the bias's sign, its opacity the bias's size."""
    return (f'<circle class="nn-nd-bias nn-nd-bias--{sign_of(bias)}" data-bias="{i}" cx="{x}" cy="{y}" '
            f'r="{radius - 1}" fill-opacity="{bias_tint(bias)}"/>')


def diagram_svg(head: Mapping[str, Any], checkpoint: Mapping[str, Any]) -> str:
    """The SVG's inner markup: the weights' lines under the nodes (each neuron's tinted by its bias),
    the inputs' and the output's labels."""
    weights, biases = checkpoint["weights"].split(" "), checkpoint["biases"].split(" ")
    neurons = [place for column in head["nodes"][1:] for place in column]
    assert len(neurons) == len(biases), f"{len(neurons)} neurons for {len(biases)} biases"
    radius = head["radius"]
    parts = ['<g class="nn-nd-weights">']
    for i, ((x1, y1), (x2, y2), w) in enumerate(lines(head, weights)):
        parts.append(f'<line class="nn-nd-line nn-nd-line--{sign_of(w)}" data-weight="{i}" x1="{x1}" y1="{y1}" '
                     f'x2="{x2}" y2="{y2}" stroke-width="{line_width(w):.2f}"/>')
    parts.append('</g><g class="nn-nd-nodes">')
    for column in head["nodes"]:
        parts += [f'<circle class="nn-nd-node" cx="{x}" cy="{y}" r="{radius}"/>' for x, y in column]
    parts += [tint_circle(x, y, radius, b, i) for i, ((x, y), b) in enumerate(zip(neurons, biases))]
    parts.append("</g>")
    for (x, y), label in zip(head["nodes"][0], head["labels"]["inputs"]):
        parts.append(f'<text class="nn-nd-label" x="{x - radius - 4}" y="{y}" text-anchor="end">{escape(label)}</text>')
    (x, y), = head["nodes"][-1]
    parts.append(f'<text class="nn-nd-label" x="{x}" y="{y + radius + 14}" text-anchor="middle">'
                 f'{escape(head["labels"]["output"])}</text>')
    return "".join(parts)


def diagram_panel(title_id: str, data: Mapping[str, Any], checkpoint: Mapping[str, Any], still: bool = True) -> str:
    """The panel: its heading, the note on colours and widths, the SVG, the read-out and the text alternative.
    `still` False leaves the SVG and the text empty (the view of a reader's run, which the script fills)."""
    head = data["diagram"]
    words = head["words"]
    width, height = head["size"]
    drawn = diagram_svg(head, checkpoint["diagram"]) if still else ""
    entry = checkpoint["diagram"]
    text = description(head["layers"], entry["weights"].split(" "), entry["biases"].split(" ")) if still else ""
    note, hint = (words["note"], words["hint"]) if still else ("", "")
    return (f'<div role="group" class="nn-tv-panel nn-tv-panel--wide nn-nd" aria-labelledby="{title_id}">'
            f'<h3 id="{title_id}">The network at epoch <span data-tv="diagram-epoch">{checkpoint["epoch"]}</span></h3>'
            f'<p class="nn-tv-table-note" data-tv="diagram-note">{escape(note)}</p>'
            f'<div class="nn-nd-box"><svg class="nn-nd-svg" data-tv="diagram" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" style="min-width: {round(width * head["min_scale"])}px" role="img" '
            f'aria-labelledby="{title_id} {title_id}-desc">{drawn}</svg></div>'
            f'<p class="nn-nd-readout nn-tv-live-only" data-tv="diagram-readout">'
            f'{escape(hint)}</p>'
            f'<p class="nn-tv-described" id="{title_id}-desc" data-tv="diagram-description">{escape(text)}</p></div>')
