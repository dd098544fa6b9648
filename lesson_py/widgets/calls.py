"""The calls the browser may make: JSON in, JSON out, each named after a lesson_py function.

The widgets' Web Worker runs `respond(name, json_text)` in Pyodide; the tests
run the same in CPython, so both sides compute with exactly this code. Every
result is plain JSON: dataclasses become objects, tuples become lists, and a
number that is not finite is an error rather than an invalid document.

>>> call("fire", '{"inputs": [0.9, 0.3], "weights": [1.2, -0.8], "bias": -0.15}')
'{"z":0.6900000000000001,"a":0.6659669267518202,"confidence":0.6659669267518202,"verdict":"positive"}'

A network travels as a list of layers, input side first:
[{"weights": [[w11, w12], ...], "biases": [b1, ...], "activation": "tanh"}, ...].
Points travel as {"name", "x", "y", "label"}; where a call takes "points",
leaving them out means the lesson's dataset.

To add a call: write a function taking the parsed arguments (a dict) and
returning plain data, and decorate it with @register("lesson_py_function_name").
"""

import dataclasses
import json
import math
from typing import Any, Callable

from ..activations import ACTIVATIONS, activation as find_activation, softmax
from ..dataset import DATASET, Point
from ..loss import binary_cross_entropy, mean_loss
from ..network import Layer, Network, deep, equivalent_neuron, forward, predict, probability_grid, shallow
from ..neuron import fire, weighted_sum
from ..training import accuracy, backpropagate, judge, neuron_step, train, training_step
from . import one_step, playground, softmax as softmax_widget
from .wording import ACTIVATION_WORDS

Args = dict[str, Any]

CALLS: dict[str, Callable[[Args], Any]] = {}

# Bounds that keep one call to well under a second in the browser.
MAX_EPOCHS = 5000
MAX_GRID = 200
MAX_HIDDEN = 16


class CallError(ValueError):
    """A call the module cannot answer: unknown name or a bad argument."""


def register(name: str) -> Callable[[Callable[[Args], Any]], Callable[[Args], Any]]:
    """Add a function to CALLS under `name` (the lesson_py function it runs)."""
    def add(function: Callable[[Args], Any]) -> Callable[[Args], Any]:
        if name in CALLS:
            raise ValueError(f"call {name!r} is registered twice")
        CALLS[name] = function
        return function
    return add


def call(name: str, json_text: str) -> str:
    """Run the call `name` on the JSON-encoded arguments; return the JSON-encoded result."""
    if name not in CALLS:
        raise CallError(f"unknown call {name!r}; known calls: {', '.join(sorted(CALLS))}")
    try:
        args = json.loads(json_text)
    except json.JSONDecodeError as error:
        raise CallError(f"{name}: the arguments are not valid JSON ({error})") from None
    if not isinstance(args, dict):
        raise CallError(f"{name}: the arguments must be a JSON object, got {type(args).__name__}")
    result = CALLS[name](args)
    try:
        return json.dumps(plain(result), separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise CallError(f"{name}: the result is not finite (a value overflowed); try smaller numbers") from None


def respond(name: str, json_text: str) -> str:
    """Like call(), but never raises: '{"result": ...}' or '{"error": "what went wrong"}'."""
    try:
        return '{"result":' + call(name, json_text) + "}"
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        message = str(error) if isinstance(error, CallError) else f"{name}: {type(error).__name__}: {error}"
        return json.dumps({"error": message})


def plain(value: Any) -> Any:
    """Dataclasses to dicts, tuples to lists, recursively; numbers and strings as they are."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


# --- Reading arguments ---------------------------------------------------------


def number(args: Args, key: str, default: float | None = None) -> float:
    value = args.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CallError(f"{key!r} must be a finite number, got {value!r}")
    return float(value)


def integer(args: Args, key: str, low: int, high: int, default: int | None = None) -> int:
    value = args.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CallError(f"{key!r} must be a whole number from {low} to {high}, got {value!r}")
    return value


def numbers(args: Args, key: str, length: int | None = None) -> tuple[float, ...]:
    values = args.get(key)
    if not isinstance(values, list) or (length is not None and len(values) != length):
        size = f"{length} " if length is not None else ""
        raise CallError(f"{key!r} must be a list of {size}numbers, got {values!r}")
    return tuple(number({key: v}, key) for v in values)


def activation_name(args: Args, key: str = "activation", default: str | None = None) -> str:
    name = args.get(key, default)
    if name not in ACTIVATIONS:
        raise CallError(f"{key!r} must be one of {', '.join(ACTIVATIONS)}, got {name!r}")
    return name


def network(args: Args, *, trainable: bool = False) -> Network:
    """A network from [{"weights": [[...]], "biases": [...], "activation": name}, ...].

    Like every network of the lesson it ends in one output neuron; one that is
    to be trained (backpropagation) must end in a sigmoid, as the loss assumes.
    """
    layers = args.get("network")
    if not isinstance(layers, list) or not layers:
        raise CallError(f"'network' must be a non-empty list of layers, got {layers!r}")
    result = []
    for index, layer in enumerate(layers):
        if not isinstance(layer, dict) or not isinstance(layer.get("weights"), list) or not layer["weights"]:
            raise CallError(f"network layer {index} must be an object with a non-empty list of weight rows")
        rows = layer["weights"]
        width = len(result[-1].weights) if result else len(rows[0]) if isinstance(rows[0], list) else 0
        if width < 1:
            raise CallError(f"network layer {index}: a weight row must be a non-empty list of numbers")
        weights = tuple(numbers({"weights": row}, "weights", width) for row in rows)
        result.append(Layer(weights, numbers(layer, "biases", len(weights)), activation_name(layer)))
    if len(result[-1].weights) != 1:
        raise CallError(f"the network's last layer must be one output neuron, got {len(result[-1].weights)}")
    if trainable and result[-1].activation != "sigmoid":
        raise CallError("a network to train must end in a sigmoid neuron (the loss reads its output as a probability)")
    return tuple(result)


def points(args: Args) -> tuple[Point, ...]:
    """The points of a call, or the lesson's dataset when it names none."""
    given = args.get("points")
    if given is None:
        return DATASET
    if not isinstance(given, list) or not given:
        raise CallError(f"'points' must be a non-empty list, got {given!r}")
    result = []
    for index, p in enumerate(given):
        if not isinstance(p, dict):
            raise CallError(f"point {index} must be an object with x, y and label, got {p!r}")
        label = integer(p, "label", 0, 1)
        result.append(Point(str(p.get("name", f"point-{index}")), number(p, "x"), number(p, "y"), label))
    return tuple(result)


def check_inputs(net: Network, inputs: tuple[float, ...]) -> tuple[float, ...]:
    if len(inputs) != len(net[0].weights[0]):
        raise CallError(f"'inputs' has {len(inputs)} numbers but the network reads {len(net[0].weights[0])}")
    return inputs


# --- The calls ----------------------------------------------------------------


@register("activation")
def _activation(args: Args) -> Args:
    """{"name": "tanh", "z": 0.5} -> the activation's value and slope at z, and what it is."""
    f = find_activation(activation_name(args, "name"))
    z = number(args, "z")
    words = ACTIVATION_WORDS[f.name]
    return {"name": f.name, "label": words.label, "description": words.description, "probability": f.probability,
            "midpoint": f.midpoint, "z": z, "value": f.value(z), "derivative": f.derivative(z)}


@register("weighted_sum")
def _weighted_sum(args: Args) -> float:
    """{"inputs": [...], "weights": [...], "bias": b} -> z."""
    inputs = numbers(args, "inputs")
    return weighted_sum(inputs, numbers(args, "weights", len(inputs)), number(args, "bias"))


@register("fire")
def _fire(args: Args) -> Any:
    """{"inputs", "weights", "bias", "activation" (default sigmoid)} -> {z, a, confidence, verdict}."""
    inputs = numbers(args, "inputs")
    return fire(inputs, numbers(args, "weights", len(inputs)), number(args, "bias"),
                activation_name(args, default="sigmoid"))


@register("binary_cross_entropy")
def _binary_cross_entropy(args: Args) -> float:
    """{"z": score, "label": 0 or 1} -> that prediction's loss."""
    return binary_cross_entropy(number(args, "z"), integer(args, "label", 0, 1))


@register("mean_loss")
def _mean_loss(args: Args) -> float:
    """{"scores": [...], "labels": [...]} -> the average loss."""
    labels = args.get("labels")
    if not isinstance(labels, list) or not all(v in (0, 1) and not isinstance(v, bool) for v in labels):
        raise CallError(f"'labels' must be a list of 0s and 1s, got {labels!r}")
    return mean_loss(numbers(args, "scores", len(labels)), labels)


@register("shallow")
def _shallow(args: Args) -> Any:
    """{"weights": [w1, w2], "bias": b} -> the one-neuron network."""
    return shallow(numbers(args, "weights"), number(args, "bias"))


@register("deep")
def _deep(args: Args) -> Any:
    """{"hidden": n, "hidden_activation": name, "seed": s} -> a seeded 2 -> n -> 1 network."""
    return deep(integer(args, "hidden", 1, MAX_HIDDEN), activation_name(args, "hidden_activation"),
                integer(args, "seed", -2**63, 2**63))


@register("forward")
def _forward(args: Args) -> Any:
    """{"network", "inputs"} -> one {inputs, z, a} per layer."""
    net = network(args)
    return forward(net, check_inputs(net, numbers(args, "inputs")))


@register("predict")
def _predict(args: Args) -> float:
    """{"network", "inputs"} -> the confidence that the input is positive."""
    net = network(args)
    return predict(net, check_inputs(net, numbers(args, "inputs")))


@register("equivalent_neuron")
def _equivalent_neuron(args: Args) -> Args:
    """{"network": [linear hidden layer, output layer]} -> {"weights", "bias"} of the one neuron it equals."""
    net = network(args)
    if len(net) != 2:
        raise CallError(f"equivalent_neuron needs a network of 2 layers, got {len(net)}")
    try:
        weights, bias = equivalent_neuron(net)
    except ValueError as error:
        raise CallError(f"equivalent_neuron: {error}") from None
    return {"weights": weights, "bias": bias}


@register("probability_grid")
def _probability_grid(args: Args) -> Any:
    """{"network", "size", "extent"} -> rows (top first) of the confidence of positive."""
    extent = number(args, "extent")
    if extent <= 0:
        raise CallError(f"'extent' must be positive, got {extent!r}")
    return probability_grid(network(args), integer(args, "size", 1, MAX_GRID), extent)


@register("backpropagate")
def _backpropagate(args: Args) -> Args:
    """{"network", "points"?} -> {"loss", "gradients": [{weights, biases} per layer]}."""
    loss, gradients = backpropagate(network(args, trainable=True), points(args))
    return {"loss": loss, "gradients": gradients}


@register("training_step")
def _training_step(args: Args) -> Any:
    """{"network", "points"?, "learning_rate"} -> {before, loss, gradients, after}."""
    return training_step(network(args, trainable=True), points(args), number(args, "learning_rate"))


@register("train")
def _train(args: Args) -> Any:
    """{"network", "points"?, "learning_rate", "epochs"} -> the networks after 0..epochs steps."""
    return train(network(args, trainable=True), points(args), number(args, "learning_rate"),
                 integer(args, "epochs", 0, MAX_EPOCHS))


@register("judge")
def _judge(args: Args) -> Any:
    """{"network", "points"?} -> each point with its confidence and verdict."""
    return judge(network(args), points(args))


@register("accuracy")
def _accuracy(args: Args) -> float:
    """{"network", "points"?} -> the share of points judged correct."""
    return accuracy(judge(network(args), points(args)))


@register("playground")
def _playground(args: Args) -> Args:
    """A Neuron Playground state {"mode", "x1", "x2", ...} -> everything the widget shows (playground.evaluate)."""
    return playground.evaluate(args)


@register("playground_source")
def _playground_source(args: Args) -> Any:
    """A Neuron Playground state -> the lesson_py source behind its read-outs (playground.source)."""
    return playground.source(args)


@register("softmax")
def _softmax(args: Args) -> Any:
    """{"scores": [...]} -> the probabilities softmax gives them (lesson_py.activations.softmax)."""
    scores = numbers(args, "scores")
    if not scores:
        raise CallError("'scores' must hold at least one number")
    return softmax(scores)


@register("softmax_view")
def _softmax_view(args: Args) -> Args:
    """A softmax widget state {"score1", "score2", "score3", "names"?} -> everything it shows (softmax.evaluate)."""
    return softmax_widget.evaluate(args)


@register("neuron_step")
def _neuron_step(args: Args) -> Any:
    """{"inputs": [x1, x2], "weights": [w1, w2], "bias", "label", "learning_rate"} -> one sigmoid
    neuron's step on that one example (lesson_py.training.neuron_step)."""
    inputs = numbers(args, "inputs", 2)
    return neuron_step(inputs, numbers(args, "weights", 2), number(args, "bias"), integer(args, "label", 0, 1),
                       number(args, "learning_rate"))


@register("one_step_view")
def _one_step_view(args: Args) -> Args:
    """A one-step widget state {"label", "rate", "x1", "x2", "w1", "w2", "b"} -> everything it shows
    (one_step.evaluate)."""
    return one_step.evaluate(args)


# The calls about whole runs (the lesson's replays and any run spec) are in runs_calls;
# importing it registers them.
from . import runs_calls  # noqa: E402,F401

