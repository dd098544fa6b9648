"""The network diagram of a run of a run spec: every neuron a node filled by its bias, every weight a line.

What the diagram says about a checkpoint is worded here: each weight's and each bias's
value (to 2 decimals, as the widgets show numbers) and its gradient (the slope of the
training objective with respect to that parameter, to 2 significant figures, as the
gradient panel shows sizes), the read-out sentence a focused or hovered line or neuron
shows, and the diagram's text alternative. The layout (where each node sits) and the
rules that turn a shown weight into a line's width and a shown bias into a neuron's
tint are here too, so the build's static SVG (build_hooks/network_diagram.py) and the
browser (docs/widgets/js/network-diagram.js) draw from the same numbers. The front end
only parses the shown strings to draw (a sign, a width, a tint) and inserts them.

A checkpoint's entry is compact: the shown weights, then the shown gradients, each a
space-separated string in the order of `weight_names` (layer by layer, input side
first; within a layer neuron by neuron; within a neuron input by input); then the
shown biases and their gradients in the order of `bias_names` (every neuron after the
inputs, layer by layer).

>>> from lesson_py.spec import parse
>>> from lesson_py.trainer import train_spec
>>> run = train_spec(parse({"layers": "2", "epochs": "1"}))
>>> head = diagram_head(run.spec)
>>> head["layers"], head["names"][0], head["names"][-1]
([2, 2, 1], 'x1 → hidden 1 neuron 1', 'hidden 1 neuron 2 → output')
>>> entry = checkpoint_diagram(run.checkpoints[0])
>>> entry["weights"], entry["biases"], head["bias_names"][-1]
('-0.73 0.69 0.53 -0.49 0.30 0.58', '0.00 -0.05 0.00', 'the bias of the output neuron')
"""

from __future__ import annotations

from typing import Any, Sequence

from ..spec import RunSpec
from ..trainer import SpecCheckpoint
from .format import shown
from .spec_runs import significant

__all__ = ["LAYOUT", "WIDTH", "diagram_head", "checkpoint_diagram", "node_names", "weight_names", "weights_shown",
           "gradients_shown", "sign_of", "line_width", "readout", "description", "largest", "layer_sizes",
           "TINT", "bias_names", "biases_shown", "bias_gradients_shown", "bias_tint", "bias_readout"]

# Where the nodes go, in the SVG's user units: columns GAP_X apart, nodes GAP_Y apart, centred.
# The drawing shrinks to its box down to `min_scale` of its size; below that its box scrolls (labels stay legible).
LAYOUT = {"gap_x": 96, "gap_y": 34, "margin_x": 40, "margin_y": 22, "radius": 10, "min_scale": 0.7}
# A line's width from its shown weight: `thinnest` at 0, `thickest` at `full` or more (linear between).
WIDTH = {"thinnest": 0.75, "thickest": 7.0, "full": 3.0}
# A neuron's tint from its shown bias: the fill's opacity of its sign's colour, `faintest` just above 0, 1 at
# `full` or more (linear between); a bias that shows as 0.00 leaves the neuron unfilled (opacity 0).
TINT = {"faintest": 0.2, "full": 2.0}
LARGEST = 3  # the text alternative names the 3 largest weights and the 3 largest biases

NOTE = ("Each line is a weight, from the inputs x1 and x2 on the left to the sigmoid output on the right: "
        "teal for a positive weight, orange for a negative one, grey when it shows as 0.00; the thicker the "
        f"line, the larger the weight (full width at {shown(WIDTH['full'], 0)} or more). Each circle after the "
        "inputs is a neuron, filled by its bias in the same colours: the deeper the fill, the larger the bias "
        f"(full colour at {shown(TINT['full'], 0)} or more; unfilled when it shows as 0.00).")
HINT = ("Tab to the lines and neurons, then use the arrow keys, or point at one: its weight or bias and its "
        "gradient show here.")
READOUT = "At epoch {epoch}, {name}: weight {weight}, gradient {gradient}."
BIAS_READOUT = "At epoch {epoch}, {name}: {bias}, gradient {gradient}."
BIAS_NAME = "the bias of {node}"
OUTPUT_NODE = "the output neuron"  # how a bias's name calls the output (its label in the drawing is "output")
LARGEST_ITEM = "{name} ({weight})"  # one of the largest weights or biases in the text alternative
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


def bias_names(sizes: Sequence[int]) -> list[str]:
    """Each bias (one per neuron after the inputs), in the order of a checkpoint's bias strings.

    >>> bias_names([2, 2, 1])
    ['the bias of hidden 1 neuron 1', 'the bias of hidden 1 neuron 2', 'the bias of the output neuron']
    """
    *hidden, _ = node_names(sizes)[1:]
    return [BIAS_NAME.format(node=node) for layer in hidden for node in layer] + [BIAS_NAME.format(node=OUTPUT_NODE)]


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
            "names": weight_names(sizes), "bias_names": bias_names(sizes), "width": WIDTH, "tint": TINT,
            "words": {"note": NOTE, "hint": HINT, "readout": READOUT, "bias_readout": BIAS_READOUT,
                      "description": description_template(sizes),
                      "largest_item": LARGEST_ITEM, "largest_separator": LARGEST_SEPARATOR}}


def flat_weights(layers: Sequence[Any]) -> list[float]:
    return [v for layer in layers for row in layer.weights for v in row]


def flat_biases(layers: Sequence[Any]) -> list[float]:
    return [v for layer in layers for v in layer.biases]


def weights_shown(cp: SpecCheckpoint) -> list[str]:
    """Each weight as the widgets show a number: 2 decimals, never '-0.00'."""
    return [shown(w) for w in flat_weights(cp.network)]


def gradients_shown(cp: SpecCheckpoint) -> list[str]:
    """Each weight's gradient to 2 significant figures, written plainly ('-0.012', '0.000029')."""
    return [significant(g) for g in flat_weights(cp.gradients)]


def biases_shown(cp: SpecCheckpoint) -> list[str]:
    """Each bias as the widgets show a number: 2 decimals, never '-0.00'."""
    return [shown(b) for b in flat_biases(cp.network)]


def bias_gradients_shown(cp: SpecCheckpoint) -> list[str]:
    """Each bias's gradient to 2 significant figures, as the weights' gradients."""
    return [significant(g) for g in flat_biases(cp.gradients)]


def checkpoint_diagram(cp: SpecCheckpoint) -> dict[str, Any]:
    """A stored checkpoint's diagram: the shown weights and their gradients, the shown biases and theirs, and
    which of each the text alternative names (the largest, by index into the weights' or the biases' names)."""
    weights, biases = weights_shown(cp), biases_shown(cp)
    return {"weights": " ".join(weights), "gradients": " ".join(gradients_shown(cp)), "largest": largest(weights),
            "biases": " ".join(biases), "bias_gradients": " ".join(bias_gradients_shown(cp)),
            "largest_biases": largest(biases)}


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


def bias_tint(text: str) -> float:
    """A neuron's fill opacity from its shown bias (TINT): 0 when it shows as 0.00, else faintest to 1.

    >>> bias_tint("0.00"), bias_tint("-1.00"), bias_tint("4.00")
    (0.0, 0.6, 1.0)
    """
    size = abs(float(text))
    if size == 0:
        return 0.0
    return round(TINT["faintest"] + (1 - TINT["faintest"]) * min(1.0, size / TINT["full"]), 2)


def readout(epoch: int, name: str, weight: str, gradient: str) -> str:
    """The sentence a focused or hovered line shows (the browser fills READOUT the same way)."""
    return READOUT.format(epoch=epoch, name=name, weight=weight, gradient=gradient)


def bias_readout(epoch: int, name: str, bias: str, gradient: str) -> str:
    """The sentence a focused or hovered neuron shows (the browser fills BIAS_READOUT the same way)."""
    return BIAS_READOUT.format(epoch=epoch, name=name, bias=bias, gradient=gradient)


def largest(weights: Sequence[str]) -> list[int]:
    """The indexes of the LARGEST largest shown weights (by size; the first on a tie).

    >>> largest(["0.50", "-2.00", "0.00", "0.50"])
    [1, 0, 3]
    """
    return sorted(range(len(weights)), key=lambda i: (-abs(float(weights[i])), i))[:LARGEST]


def description_template(sizes: Sequence[int]) -> str:
    """The text alternative with places for the largest weights and biases:
    '9 weights, the largest first: {largest}. 3 biases, the largest first: {largest_biases}.'"""
    count, biases = len(weight_names(sizes)), len(bias_names(sizes))
    said = "1 bias:" if biases == 1 else f"{biases} biases, the largest first:"
    return f"{count} weight{'s' if count != 1 else ''}, the largest first: {{largest}}. {said} {{largest_biases}}."


def description(sizes: Sequence[int], weights: Sequence[str], biases: Sequence[str]) -> str:
    """The diagram's text alternative at a checkpoint, as the browser fills it in.

    >>> description([2, 1], ["0.50", "-2.00"], ["0.10"])
    '2 weights, the largest first: x2 → output (-2.00), x1 → output (0.50). 1 bias: the bias of the output neuron (0.10).'
    """
    def items(names: Sequence[str], shown_values: Sequence[str]) -> str:
        return LARGEST_SEPARATOR.join(LARGEST_ITEM.format(name=names[i], weight=shown_values[i])
                                      for i in largest(shown_values))
    return description_template(sizes).format(largest=items(weight_names(sizes), weights),
                                              largest_biases=items(bias_names(sizes), biases))
