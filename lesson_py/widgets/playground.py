"""The Neuron Playground: everything the widget shows, worked out and worded in Python.

The build writes the playground's first state with these functions, and the
reader's browser runs the very same ones in Pyodide after every change, so
the page, the build and the tests read the same numbers in the same words.

Single-neuron mode: two inputs, two weights, a bias and an activation.

>>> view = single_neuron(0.90, 0.30, 1.20, -0.80, -0.15, "sigmoid")
>>> view["readouts"]["forward"]
'(0.90 × 1.20) + (0.30 × -0.80) - 0.15 = 0.69, then Sigmoid(0.69) = 0.67'
>>> view["readouts"]["confidence"], view["readouts"]["class"]
('67%', 'Positive')

Hidden-layer mode: the same two inputs feed a small hidden layer (fixed
weights, below) whose activation the reader picks, then one sigmoid neuron.

>>> view = hidden_layer(0.90, 0.30, 2, "linear")
>>> view["readouts"]["equivalent-line"]
'0.25·x1 + 2.25·x2 + 0.75 = 0'
"""

import functools
import math
from typing import Any

from .. import neuron
from ..activations import ACTIVATIONS, activation
from ..network import Layer, Network, equivalent_neuron, forward, probability_grid
from ..neuron import fire, probability_verdict
from . import controls
from .format import map_rule, percent, shown, signed
from .source import functions_behind
from .wording import ACTIVATION_WORDS, short_name

# --- The controls ---------------------------------------------------------------


# The controls' table and the rule for what each accepts: lesson_py.widgets.controls.
CONTROLS = controls.CONTROLS

MODES = ("single", "hidden")
SINGLE_CONTROLS = ("x1", "x2", "w1", "w2", "b")
HIDDEN_CONTROLS = ("x1", "x2")
HIDDEN_SIZES = (2, 3)
DEFAULT_ACTIVATION = {"single": "sigmoid", "hidden": "tanh"}
DEFAULT_HIDDEN = 3

# The hidden-layer network, fixed so that only the activation changes.
# Per hidden size: each hidden neuron's weights (for x1, x2) and bias, then the
# output neuron's weights (one per hidden neuron) and bias. They were picked so
# that, over the map's square, Sigmoid, Tanh and ReLU bend the boundary far
# from any straight line (2 neurons: a wedge; 3 neurons: two opposite lobes),
# while Linear collapses to one neuron whose line crosses the square.
HIDDEN_WEIGHTS: dict[int, tuple[tuple[tuple[float, float], ...], tuple[float, ...], tuple[float, ...], float]] = {
    2: (((-2.5, -1.5), (-2.0, -0.5)), (2.5, 2.5), (-2.5, 3.0), -0.5),
    3: (((-3.0, 2.5), (2.5, 2.5), (-1.0, -0.5)), (-1.0, -3.0, 0.5), (-2.5, 2.0, 1.5), -1.0),
}

# The decision map: a MAP_SIZE x MAP_SIZE grid over the square of the inputs' range.
MAP_SIZE = 24
MAP_EXTENT = CONTROLS["x1"].maximum
MAP_DECIMALS = 3  # the map only colours cells: three decimals keep its JSON small

CLASS_NAMES = {neuron.POSITIVE: "Positive", neuron.NEGATIVE: "Negative", neuron.UNDECIDED: "Undecided"}

# Why an activation's output is, or is not, a confidence.
CONFIDENCE_NOTES = {
    "sigmoid": "Sigmoid's output lies between 0 and 1, so it reads as the chance that the input is positive.",
    "tanh": "Tanh's output runs from -1 to 1 around 0: its sign says which side, but it is no probability.",
    "relu": "ReLU gives 0 for every negative score and has no upper limit, so its output is no probability.",
    "step": "Step only ever says 0 or 1: a yes-or-no vote with no degree of certainty in it.",
    "linear": "Linear passes the raw score on, and a score can be any number, so it is no probability.",
}


# --- Single-neuron mode ---------------------------------------------------------


def single_neuron(x1: float, x2: float, w1: float, w2: float, b: float, activation_name: str) -> dict[str, Any]:
    """Everything the single-neuron playground shows, ready to display.

    The neuron weighs its inputs, adds the bias (z), and activates (a = f(z)).
    Only a sigmoid's output reads as a confidence; for the others the sign of z
    decides the class, and the confidence read-out says why there is no number.

    >>> view = single_neuron(0.90, 0.30, 1.20, -0.80, -0.15, "relu")
    >>> view["readouts"]["change"]
    'The linear score 0.69 stays 0.69 after ReLU.'
    >>> view["readouts"]["confidence"], view["readouts"]["class-reason"]
    ('not a probability', 'z = 0.69 is above 0.')
    """
    out = fire((x1, x2), (w1, w2), b, activation_name)
    name = short_name(activation_name)
    z, a = shown(out.z), shown(out.a)
    forward_pass = written_out((x1, x2), (w1, w2), b, out.z, activation_name, out.a)
    confidence = percent(out.confidence) if out.confidence is not None else "not a probability"
    readouts = {
        "z": z,
        "a": a,
        "confidence": confidence,
        "confidence-note": CONFIDENCE_NOTES[activation_name],
        "class": CLASS_NAMES[out.verdict],
        "class-reason": class_reason(out.z, out.confidence, out.a if activation_name == "step" else None),
        "change": change_sentence(z, a, activation_name),
        "forward": forward_pass,
        "description": ACTIVATION_WORDS[activation_name].description,
    }
    if out.confidence is not None:
        summary = f"z = {z}, a = {a}, confidence {confidence}: {readouts['class']}."
    else:
        summary = f"z = {z}, a = {a}, no confidence for {name}: {readouts['class']}, by the sign of z."
    return {
        "mode": "single",
        "state": {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b, "activation": activation_name},
        "verdict": out.verdict,
        "readouts": readouts,
        "summary": summary,
    }


def class_reason(z: float, confidence: float | None, step_output: float | None = None) -> str:
    """Why the class is what it is: the confidence against 50%, or the sign of z.
    Step's output jumps at exactly 0, so a score that rounds to 0.00 may already
    have fired: the words then say why the class stays undecided.

    >>> class_reason(0.69, 0.666), class_reason(-0.004, None)
    ('67% is above 50%.', 'z = 0.00 sits on the boundary.')
    >>> class_reason(1.1e-16, None, 1.0)
    'z = 0.00 sits on the boundary: Step fired (a = 1.00), but a score this close to 0 decides no class.'
    """
    if confidence is not None:
        verdict = probability_verdict(confidence)
        if verdict == neuron.UNDECIDED:
            return f"{percent(confidence)} sits on the fence at 50%."
        return f"{percent(confidence)} is {'above' if verdict == neuron.POSITIVE else 'below'} 50%."
    verdict = neuron.score_verdict(z)
    if verdict == neuron.UNDECIDED:
        if step_output is not None:
            return (f"z = {shown(z)} sits on the boundary: Step fired (a = {shown(step_output)}), "
                    f"but a score this close to 0 decides no class.")
        return f"z = {shown(z)} sits on the boundary."
    return f"z = {shown(z)} is {'above' if verdict == neuron.POSITIVE else 'below'} 0."


def change_sentence(z: str, a: str, activation_name: str) -> str:
    """What the activation did to the score, from the shown numbers.

    >>> change_sentence("0.69", "0.67", "sigmoid")
    'The linear score 0.69 becomes 0.67 after Sigmoid.'
    >>> change_sentence("-1.25", "-1.25", "linear")
    'Linear changes nothing: the score -1.25 stays -1.25.'
    """
    name = short_name(activation_name)
    if activation_name == "linear":
        return f"Linear changes nothing: the score {z} stays {a}."
    verb = "stays" if z == a else "becomes"
    return f"The linear score {z} {verb} {a} after {name}."


# --- Hidden-layer mode ----------------------------------------------------------


def hidden_network(hidden: int, activation_name: str) -> Network:
    """The playground's tiny network: 2 inputs -> `hidden` neurons -> 1 sigmoid output.

    >>> net = hidden_network(3, "relu")
    >>> len(net[0].weights), net[0].activation, net[1].activation
    (3, 'relu', 'sigmoid')
    """
    weights, biases, output_weights, output_bias = HIDDEN_WEIGHTS[hidden]
    activation(activation_name)  # an unknown name fails here, with the list of known ones
    return (Layer(weights, biases, activation_name), Layer((output_weights,), (output_bias,), "sigmoid"))


def written_out(inputs, weights, bias: float, z: float, activation_name: str, a: float) -> str:
    """One neuron's forward pass in numbers: '(0.90 × -2.50) + (0.30 × -1.50) + 2.50 = -0.20, then Tanh(-0.20) = -0.20'."""
    terms = " + ".join(f"({shown(x)} × {shown(w)})" for x, w in zip(inputs, weights, strict=True))
    name = short_name(activation_name)
    return f"{terms} {signed(bias)} = {shown(z)}, then {name}({shown(z)}) = {shown(a)}"


def hidden_layer(x1: float, x2: float, hidden: int, activation_name: str) -> dict[str, Any]:
    """Everything the hidden-layer playground shows, ready to display.

    Each hidden neuron computes its own z and a; the output neuron reads those
    a's like inputs. With Linear hidden neurons the network equals one neuron
    (lesson_py.network.equivalent_neuron), and its boundary is one straight line.

    >>> view = hidden_layer(0.90, 0.30, 3, "tanh")
    >>> view["readouts"]["h1-z"], view["readouts"]["out-a"], view["readouts"]["confidence"]
    ('-2.95', '0.68', '68%')
    >>> view["equivalent"] is None
    True
    """
    net = hidden_network(hidden, activation_name)
    hidden_trace, output_trace = forward(net, (x1, x2))
    readouts: dict[str, str] = {"description": ACTIVATION_WORDS[activation_name].description}
    for j in range(hidden):
        key = f"h{j + 1}"
        readouts[f"{key}-z"] = shown(hidden_trace.z[j])
        readouts[f"{key}-a"] = shown(hidden_trace.a[j])
        readouts[f"{key}-pass"] = written_out(hidden_trace.inputs, net[0].weights[j], net[0].biases[j],
                                             hidden_trace.z[j], activation_name, hidden_trace.a[j])
    z_out, a_out = output_trace.z[0], output_trace.a[0]
    verdict = probability_verdict(a_out)
    readouts.update({
        "out-z": shown(z_out),
        "out-a": shown(a_out),
        "out-pass": written_out(output_trace.inputs, net[1].weights[0], net[1].biases[0], z_out, "sigmoid", a_out),
        "confidence": percent(a_out),
        "class": CLASS_NAMES[verdict],
        "class-reason": class_reason(z_out, a_out),
    })
    equivalent = None
    if activation_name == "linear":
        weights, bias = equivalent_neuron(net)
        equivalent = {"weights": list(weights), "bias": bias}
        single_z = neuron.weighted_sum((x1, x2), weights, bias)
        if math.isclose(single_z, z_out, rel_tol=1e-9, abs_tol=1e-9):
            check = f"At this input the single neuron's score is {shown(z_out)}, the same as the network's output score."
        else:  # never expected: say so rather than hide it
            check = f"At this input the single neuron's score is {shown(single_z)}, the network's {shown(z_out)}."
        readouts.update({
            "equivalent-weights": f"w1 = {shown(weights[0])}, w2 = {shown(weights[1])}",
            "equivalent-bias": shown(bias),
            "equivalent-line": line_equation(weights, bias),
            "equivalent-check": check,
            "boundary": (f"With Linear hidden neurons, {hidden} neurons are no better than one: the whole "
                         f"network is the single neuron below, so its boundary is one straight line."),
        })
    else:
        readouts["boundary"] = (f"{short_name(activation_name)} bends each hidden neuron's score before the "
                                f"output neuron adds them up, so the boundary can curve and break.")
    grid = decision_grid(hidden, activation_name)   # as the map gets it: the words read what is coloured
    readouts["map-text"] = describe_map(grid, (x1, x2), a_out, equivalent)
    summary = f"Output z = {shown(z_out)}, a = {shown(a_out)}, confidence {percent(a_out)}: {readouts['class']}."
    return {
        "mode": "hidden",
        "state": {"x1": x1, "x2": x2, "hidden": hidden, "activation": activation_name},
        "hidden": hidden,
        "verdict": verdict,
        "readouts": readouts,
        "summary": summary,
        "equivalent": equivalent,
        "map": {
            "size": MAP_SIZE,
            "extent": MAP_EXTENT,
            "values": [p for row in grid for p in row],
            **map_rule(MAP_DECIMALS),
            "marker": {"x": x1, "y": x2},
            "line": boundary_segment(equivalent["weights"], equivalent["bias"], MAP_EXTENT) if equivalent else None,
        },
    }


@functools.lru_cache(maxsize=None)
def decision_grid(hidden: int, activation_name: str) -> tuple[tuple[float, ...], ...]:
    """The hidden-layer network's probability grid, rounded as the map's JSON holds it: it depends on the network only, not on
    the input, so it is computed once per (hidden size, activation) and then reused: moving
    an input slider costs one forward pass instead of MAP_SIZE² of them."""
    grid = probability_grid(hidden_network(hidden, activation_name), MAP_SIZE, MAP_EXTENT)
    return tuple(tuple(round(p, MAP_DECIMALS) for p in row) for row in grid)


def line_equation(weights, bias: float) -> str:
    """A boundary line as the reader can check it: line_equation((1.2, -0.8), -0.15) = '1.20·x1 - 0.80·x2 - 0.15 = 0'."""
    return f"{shown(weights[0])}·x1 {signed(weights[1])}·x2 {signed(bias)} = 0"


def boundary_segment(weights, bias: float, extent: float) -> dict[str, dict[str, float]] | None:
    """Where the line w1·x1 + w2·x2 + b = 0 crosses the square [-extent, extent]²: the
    part of the boundary the map draws, or None when the line misses the square.

    >>> boundary_segment((1.0, -1.0), 0.0, 2.0)        # the diagonal x2 = x1
    {'from': {'x': -2.0, 'y': -2.0}, 'to': {'x': 2.0, 'y': 2.0}}
    """
    w1, w2 = weights
    crossings = []
    if w2 != 0:  # the left and right edges: x1 = ±extent, solve for x2
        crossings += [(x, -(w1 * x + bias) / w2) for x in (-extent, extent)]
    if w1 != 0:  # the bottom and top edges: x2 = ±extent, solve for x1
        crossings += [(-(w2 * y + bias) / w1, y) for y in (-extent, extent)]
    inside = sorted({(round(x, 12), round(y, 12)) for x, y in crossings
                     if -extent - 1e-12 <= x <= extent + 1e-12 and -extent - 1e-12 <= y <= extent + 1e-12})
    if len(inside) < 2:
        return None
    (xa, ya), (xb, yb) = inside[0], inside[-1]
    return {"from": {"x": xa, "y": ya}, "to": {"x": xb, "y": yb}}


def describe_map(grid: list[list[float]], inputs, confidence: float, equivalent: dict | None) -> str:
    """The decision map in words: how much is positive, each corner and the centre,
    the boundary's shape and where the current input falls."""
    size = len(grid)
    cells = [p for row in grid for p in row]
    share = sum(probability_verdict(p) == neuron.POSITIVE for p in cells) * 100 / len(cells)
    low, high = shown(-MAP_EXTENT, 0), shown(MAP_EXTENT, 0)
    mid = size // 2
    spots = (("top left", grid[0][0]), ("top right", grid[0][-1]), ("bottom left", grid[-1][0]),
             ("bottom right", grid[-1][-1]), ("centre", grid[mid][mid]))
    corners = ", ".join(f"{where} {probability_verdict(p)}" for where, p in spots)
    if equivalent is not None:
        shape = f"The boundary is one straight line, {line_equation(equivalent['weights'], equivalent['bias'])}."
    else:
        shape = "The boundary is free to bend."
    where = f"({shown(inputs[0])}, {shown(inputs[1])})"
    return (f"Decision map of x1 and x2 from {low} to {high}: about {share:.0f}% of the square is predicted "
            f"positive; {corners}. {shape} The current input {where} is marked, at {percent(confidence)} positive.")


# --- One entry point for the build and the browser --------------------------------


def evaluate(state: dict[str, Any]) -> dict[str, Any]:
    """Check a widget state and compute its view; the build and the worker both call this.

    >>> evaluate({"mode": "single"})["readouts"]["z"]
    '0.69'
    >>> evaluate({"mode": "single", "w1": 9})
    Traceback (most recent call last):
    ...
    ValueError: w1 must be a number from -3 to 3 in steps of 0.01, got 9
    """
    state = normalise(state)
    if state["mode"] == "single":
        return single_neuron(*(state[k] for k in SINGLE_CONTROLS), state["activation"])
    return hidden_layer(state["x1"], state["x2"], state["hidden"], state["activation"])


def normalise(state: dict[str, Any]) -> dict[str, Any]:
    """A complete state: defaults for what is missing, each number as its control accepts it, bad values refused."""
    mode = state.get("mode", "single")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    names = SINGLE_CONTROLS if mode == "single" else HIDDEN_CONTROLS
    unknown = set(state) - {"mode", "activation", "hidden", *names}
    if unknown:
        raise ValueError(f"unknown setting(s) for {mode} mode: {', '.join(sorted(unknown))}")
    result: dict[str, Any] = {"mode": mode, **controls.accept_all((CONTROLS[name] for name in names), state)}
    result["activation"] = state.get("activation", DEFAULT_ACTIVATION[mode])
    if result["activation"] not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {result['activation']!r}")
    if mode == "hidden":
        result["hidden"] = state.get("hidden", DEFAULT_HIDDEN)
        if result["hidden"] not in HIDDEN_SIZES or isinstance(result["hidden"], bool):
            raise ValueError(f"hidden must be one of {', '.join(map(str, HIDDEN_SIZES))}, got {result['hidden']!r}")
    return result


# --- "Show the Python" --------------------------------------------------------------


def source(state: dict[str, Any]) -> list[dict[str, str]]:
    """The lesson_py code behind a state's read-outs, read from the modules themselves.

    >>> [part["name"] for part in source({"mode": "single", "activation": "relu"})]
    ['neuron.fire', 'neuron.weighted_sum', 'activations.relu', 'neuron.score_verdict']
    """
    state = normalise(state)
    return functions_behind(state["mode"], state["activation"])
