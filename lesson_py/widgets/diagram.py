"""The network diagram of a run of a run spec: every neuron a node, every weight a line.

What the diagram says about a checkpoint is worded here: each weight's value (to 2
decimals, as the widgets show numbers) and its gradient (the slope of the training
objective with respect to that weight, to 2 significant figures, as the gradient
panel shows sizes), the read-out sentence a focused or hovered line shows, and the
diagram's text alternative. The layout (where each node sits) and the rule that turns
a shown weight into a line's width are here too, so the build's static SVG
(build_hooks/network_diagram.py) and the browser (docs/widgets/js/network-diagram.js)
draw from the same numbers. The front end only parses the shown strings to draw
(a line's sign and width) and inserts them.

A checkpoint's entry is compact: the shown weights, then the shown gradients, each a
space-separated string in the order of `weight_names` (layer by layer, input side
first; within a layer neuron by neuron; within a neuron input by input).

>>> from lesson_py.spec import parse
>>> from lesson_py.trainer import train_spec
>>> run = train_spec(parse({"layers": "2", "epochs": "1"}))
>>> head = diagram_head(run.spec)
>>> head["layers"], head["names"][0], head["names"][-1]
([2, 2, 1], 'x1 → hidden 1 neuron 1', 'hidden 1 neuron 2 → output')
>>> checkpoint_diagram(run.checkpoints[0])["weights"]
'-0.73 0.69 0.53 -0.49 0.30 0.58'
"""

from __future__ import annotations

from typing import Any, Sequence

from ..spec import RunSpec
from ..trainer import SpecCheckpoint
from .format import shown
from .spec_runs import significant

__all__ = ["LAYOUT", "WIDTH", "diagram_head", "checkpoint_diagram", "node_names", "weight_names", "weights_shown",
           "gradients_shown", "sign_of", "line_width", "readout", "description", "largest", "layer_sizes"]

# Where the nodes go, in the SVG's user units: columns GAP_X apart, nodes GAP_Y apart, centred.
# The drawing shrinks to its box down to `min_scale` of its size; below that its box scrolls (labels stay legible).
LAYOUT = {"gap_x": 96, "gap_y": 34, "margin_x": 40, "margin_y": 22, "radius": 10, "min_scale": 0.7}
# A line's width from its shown weight: `thinnest` at 0, `thickest` at `full` or more (linear between).
WIDTH = {"thinnest": 0.75, "thickest": 7.0, "full": 3.0}
LARGEST = 3  # the text alternative names the 3 largest weights

NOTE = ("Each line is a weight, from the inputs x1 and x2 on the left to the sigmoid output on the right: "
        "teal for a positive weight, orange for a negative one, grey when it shows as 0.00; the thicker the "
        f"line, the larger the weight (full width at {shown(WIDTH['full'], 0)} or more).")
HINT = "Tab to the lines, then use the arrow keys, or point at a line: its weight and gradient show here."
READOUT = "At epoch {epoch}, {name}: weight {weight}, gradient {gradient}."
LARGEST_ITEM = "{name} ({weight})"  # one of the largest weights in the text alternative
LARGEST_SEPARATOR = ", "


def layer_sizes(spec: RunSpec) -> list[int]:
    """Neurons per layer, the 2 inputs first and the 1 output last: [2, *hidden, 1]."""
    return [2, *spec.network.layers, 1]


def node_names(sizes: Sequence[int]) -> list[list[str]]:
    """Each node's name: x1 and x2, 'hidden L neuron N', then 'output'.

    >>> node_names([2, 2, 1])
    [['x1', 'x2'], ['hidden 1 neuron 1', 'hidden 1 neuron 2'], ['output']]
    """
    names = [[f"x{i + 1}" for i in range(sizes[0])]]
    names += [[f"hidden {layer} neuron {n + 1}" for n in range(size)] for layer, size in enumerate(sizes[1:-1], 1)]
    return names + [["output"]]


def weight_names(sizes: Sequence[int]) -> list[str]:
    """Each weight as 'from → to', in the order of a checkpoint's strings."""
    nodes = node_names(sizes)
    return [f"{source} → {target}" for before, after in zip(nodes, nodes[1:]) for target in after for source in before]


def positions(sizes: Sequence[int]) -> tuple[list[list[list[int]]], list[int]]:
    """Every node's (x, y) centre, layer by layer, and the drawing's [width, height]."""
    g = LAYOUT
    tallest = max(sizes)
    height = 2 * g["margin_y"] + g["gap_y"] * (tallest - 1)
    nodes = [[[g["margin_x"] + g["gap_x"] * column, height // 2 + (2 * row - (size - 1)) * g["gap_y"] // 2]
              for row in range(size)] for column, size in enumerate(sizes)]
    return nodes, [2 * g["margin_x"] + g["gap_x"] * (len(sizes) - 1), height]


def diagram_head(spec: RunSpec) -> dict[str, Any]:
    """What the diagram of a run needs before any checkpoint: the layers, the nodes' places, the weights'
    names, the width rule and the sentences that do not change with the epoch."""
    sizes = layer_sizes(spec)
    nodes, size = positions(sizes)
    return {"layers": sizes, "nodes": nodes, "size": size, "radius": LAYOUT["radius"], "min_scale": LAYOUT["min_scale"],
            "labels": {"inputs": node_names(sizes)[0], "output": "output"},
            "names": weight_names(sizes), "width": WIDTH,
            "words": {"note": NOTE, "hint": HINT, "readout": READOUT, "description": description_template(sizes),
                      "largest_item": LARGEST_ITEM, "largest_separator": LARGEST_SEPARATOR}}


def flat_weights(layers: Sequence[Any]) -> list[float]:
    return [v for layer in layers for row in layer.weights for v in row]


def weights_shown(cp: SpecCheckpoint) -> list[str]:
    """Each weight as the widgets show a number: 2 decimals, never '-0.00'."""
    return [shown(w) for w in flat_weights(cp.network)]


def gradients_shown(cp: SpecCheckpoint) -> list[str]:
    """Each weight's gradient to 2 significant figures, written plainly ('-0.012', '0.000029')."""
    return [significant(g) for g in flat_weights(cp.gradients)]


def checkpoint_diagram(cp: SpecCheckpoint) -> dict[str, Any]:
    """A stored checkpoint's diagram: the shown weights, the shown gradients and which weights the text
    alternative names (the largest, by index into the weights' names)."""
    weights = weights_shown(cp)
    return {"weights": " ".join(weights), "gradients": " ".join(gradients_shown(cp)), "largest": largest(weights)}


def sign_of(text: str) -> str:
    """A line's class from its shown weight: 'positive', 'negative', or 'zero' when it shows as 0.00.

    >>> sign_of("0.83"), sign_of("-1.20"), sign_of("0.00")
    ('positive', 'negative', 'zero')
    """
    value = float(text)
    return "positive" if value > 0 else "negative" if value < 0 else "zero"


def line_width(text: str) -> float:
    """A line's width from its shown weight (WIDTH): line_width('1.50') = 3.875."""
    share = min(1.0, abs(float(text)) / WIDTH["full"])
    return WIDTH["thinnest"] + (WIDTH["thickest"] - WIDTH["thinnest"]) * share


def readout(epoch: int, name: str, weight: str, gradient: str) -> str:
    """The sentence a focused or hovered line shows (the browser fills READOUT the same way)."""
    return READOUT.format(epoch=epoch, name=name, weight=weight, gradient=gradient)


def largest(weights: Sequence[str]) -> list[int]:
    """The indexes of the LARGEST largest shown weights (by size; the first on a tie).

    >>> largest(["0.50", "-2.00", "0.00", "0.50"])
    [1, 0, 3]
    """
    return sorted(range(len(weights)), key=lambda i: (-abs(float(weights[i])), i))[:LARGEST]


def description_template(sizes: Sequence[int]) -> str:
    """The text alternative with a place for the largest weights: '9 weights, the largest first: {largest}.'"""
    count = len(weight_names(sizes))
    return f"{count} weight{'s' if count != 1 else ''}, the largest first: {{largest}}."


def description(sizes: Sequence[int], weights: Sequence[str]) -> str:
    """The diagram's text alternative at a checkpoint, as the browser fills it in.

    >>> description([2, 1], ["0.50", "-2.00"])
    '2 weights, the largest first: x2 → output (-2.00), x1 → output (0.50).'
    """
    names = weight_names(sizes)
    items = [LARGEST_ITEM.format(name=names[i], weight=weights[i]) for i in largest(weights)]
    return description_template(sizes).format(largest=LARGEST_SEPARATOR.join(items))
