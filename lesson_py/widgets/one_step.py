"""One training step of the article's worked-example neuron, worded in Python.

The reader sets the example's label (1 or 0) and the learning rate; the neuron starts
from the block's inputs, weights and bias (the article's: inputs 0.90 and 0.30, weights
1.20 and -0.80, bias -0.15). lesson_py.training.neuron_step computes the step; this
module words it. The build writes the first state with `evaluate`, and the browser's
worker runs the same function in Pyodide after each change (the call "one_step_view").

Every written-out calculation is true as shown: worked with the numbers it shows, it
gives the result it shows (to 2 decimals). An operand is shown to 2 decimals when that
is enough, and to more when rounding it would change the result (`-ln(0.666) = 0.41`,
not `-ln(0.67) = 0.41`).

>>> r = evaluate({})["readouts"]
>>> r["forward"], r["loss-working"], r["error-working"]
('z = 0.90 × 1.20 + 0.30 × (-0.80) - 0.15 = 0.69, then a = sigmoid(0.69) = 0.67', 'loss = -ln(a) = -ln(0.666) = 0.41', 'a - y = 0.67 - 1 = -0.33')
>>> r["g-w1-working"], r["new-w1-working"], r["new-b-working"]
('-0.33 × 0.90 = -0.30', '1.20 - 0.50 × (-0.30) = 1.35', '-0.15 - 0.50 × (-0.334) = 0.02')
>>> r["change"]
'The loss falls from 0.41 to 0.31. The output moves from 0.67 to 0.73, towards the label 1.'
"""

from typing import Any, Callable, Sequence

from .. import exact
from ..activations import sigmoid
from ..neuron import DECIMALS, probability_verdict
from ..training import NeuronStep, neuron_step
from .controls import CONTROLS as NEURON_CONTROLS, Control, accept_all
from .format import shown

# --- The controls -------------------------------------------------------------------

# The neuron the step starts from: the playground's table (its ranges and the article's
# example as defaults); a block may start elsewhere, the reader changes label and rate.
NEURON = ("x1", "x2", "w1", "w2", "b")
INPUTS, WEIGHTS = ("x1", "x2"), ("w1", "w2")
PARAMETERS = ("w1", "w2", "b")

LABELS = (1, 0)
DEFAULT_LABEL = 1
LABEL_WORDS = {1: "1 (yes)", 0: "0 (no)"}
LABEL_EXPECTED = "1 or 0 (the example's right answer: 1 for yes, 0 for no)"

# A rate of 0 moves nothing; 5 already pushes the worked example close to a sure answer.
# The default is the article's worked example.
RATE = Control("rate", "Learning rate", 0.0, 5.0, 0.05, 0.5)
CONTROLS: dict[str, Control] = {"rate": RATE, **{name: NEURON_CONTROLS[name] for name in NEURON}}
STATE_NAMES = ("label", *CONTROLS)

NUMBER_HELP = "Slide, or type an exact rate in the box (a decimal comma works too)."

MOST_DECIMALS = 6   # how far an operand's decimals may grow before a calculation is shown as it is


def read_label(text: str) -> int:
    """An author's `label: 1` as the label; ValueError(LABEL_EXPECTED) otherwise."""
    if text.strip() not in ("0", "1"):
        raise ValueError(LABEL_EXPECTED)
    return int(text.strip())


def normalise(state: dict[str, Any]) -> dict[str, Any]:
    """A complete state: defaults for what is missing, each number as its control accepts it.

    >>> normalise({"label": 0, "rate": 1})
    {'label': 0, 'rate': 1.0, 'x1': 0.9, 'x2': 0.3, 'w1': 1.2, 'w2': -0.8, 'b': -0.15}
    >>> normalise({"rate": 0.07})
    Traceback (most recent call last):
    ...
    ValueError: rate must be a number from 0 to 5 in steps of 0.05, got 0.07
    """
    unknown = set(state) - set(STATE_NAMES)
    if unknown:
        raise ValueError(f"unknown setting(s) for one-step: {', '.join(sorted(unknown))}")
    label = state.get("label", DEFAULT_LABEL)
    if isinstance(label, bool) or label not in LABELS:
        raise ValueError(f"label must be {LABEL_EXPECTED}, got {label!r}")
    result: dict[str, Any] = {"label": int(label), **accept_all(CONTROLS.values(), state)}
    return result


# --- Calculations true as shown ---------------------------------------------------------


def on_a_tie(value: float) -> bool:
    """Whether a value sits (within float error) halfway between two shown values."""
    scaled = abs(value) * 10 ** DECIMALS
    return abs(scaled - int(scaled) - 0.5) < 1e-6


def operands(result: float, compute: Callable[..., float], values: Sequence[float]) -> list[str] | None:
    """`values` written with the fewest decimals (2 or more) such that `compute` of the written
    numbers shows as `result` does, and not on a rounding tie; None if no MOST_DECIMALS do.

    >>> operands(0.4065, lambda a: -exact.log1p(a - 1), [0.66597])
    ['0.666']
    >>> operands(20.0, lambda a: -exact.log1p(a - 1), [2e-9]) is None
    True
    """
    for decimals in range(DECIMALS, MOST_DECIMALS + 1):
        texts = [trimmed(v, decimals) for v in values]
        try:
            worked = compute(*(float(t) for t in texts))
        except (ValueError, OverflowError, ZeroDivisionError):   # ln(0): the operand needs more decimals
            continue
        if shown(worked) == shown(result) and not on_a_tie(worked):
            return texts
    return None


def written(result: float, compute: Callable[..., float], values: Sequence[float]) -> tuple[list[str], str]:
    """The operands and the result of a calculation that needs no logarithm: operands() and the result
    to 2 decimals; or, when the result sits on (or within float error of) a rounding tie, the operands to
    MOST_DECIMALS and what they give, to the fewest decimals (3 or more) that are no tie.

    >>> written(-1.575, lambda x, w, b: x * w + b, [-1.41, -0.1, -1.716])
    (['-1.41', '-0.10', '-1.716'], '-1.575')
    """
    texts = operands(result, compute, values)
    if texts is not None:
        return texts, shown(result)
    texts = [trimmed(v, MOST_DECIMALS) for v in values]
    worked = compute(*(float(t) for t in texts))
    places = next(p for p in range(DECIMALS + 1, 16) if not on_a_tie(worked * 10 ** (p - DECIMALS)))
    return texts, trimmed(worked, places)


def trimmed(value: float, decimals: int) -> str:
    """A value to `decimals` decimals without zeros beyond the usual 2: '-0.150' is '-0.15'.

    >>> trimmed(-0.15, 3), trimmed(0.66597, 3), trimmed(2.0, 4)
    ('-0.15', '0.666', '2.00')
    """
    text = shown(value, decimals)
    while decimals > DECIMALS and text.endswith("0"):
        text, decimals = text[:-1], decimals - 1
    return text


def term(text: str) -> str:
    """A number after an operator: '(-0.80)' in brackets, '0.30' as it is."""
    return f"({text})" if text.startswith("-") else text


def plus(text: str) -> str:
    """A number added last: '+ 0.02', '- 0.15'."""
    return f"- {text[1:]}" if text.startswith("-") else f"+ {text}"


def weighted(inputs: Sequence[float], weights: Sequence[float], bias: float, z: float) -> str:
    """'0.90 × 1.20 + 0.30 × (-0.80) - 0.15 = 0.69', true as shown."""
    count = len(inputs)

    def total(*numbers: float) -> float:
        xs, ws, b = numbers[:count], numbers[count:2 * count], numbers[-1]
        return sum(x * w for x, w in zip(xs, ws)) + b

    texts, result = written(z, total, [*inputs, *weights, bias])
    xs, ws, b = texts[:count], texts[count:2 * count], texts[-1]
    products = " + ".join(f"{x} × {term(w)}" for x, w in zip(xs, ws))
    return f"{products} {plus(b)} = {result}"


def activated(z: float, a: float) -> str:
    """'a = sigmoid(0.69) = 0.67', true as shown."""
    (zt,), at = written(a, sigmoid, [z])
    return f"a = sigmoid({zt}) = {at}"


def cross_entropy(z: float, a: float, label: int, loss: float) -> str:
    """'loss = -ln(a) = -ln(0.666) = 0.41', or for label 0 '-ln(1 - a) = -ln(1 - 0.666) = 1.10'.
    When a (or 1 - a) is too close to 0 to show, the same loss from z: ln(1 + e^(-z)) for label 1,
    ln(1 + e^(z)) for label 0 (the form lesson_py.loss computes it in).

    >>> cross_entropy(-25.0, sigmoid(-25.0), 1, 25.0)
    'loss = -ln(a) = ln(1 + e^(25.00)) = 25.00'
    """
    side = "-ln(a)" if label == 1 else "-ln(1 - a)"
    (at,) = operands(loss, lambda v: -exact.log1p(v - 1.0 if label == 1 else -v), [a]) or ("",)
    if at:
        return f"loss = {side} = -ln({at if label == 1 else f'1 - {at}'}) = {shown(loss)}"
    (t,), lt = written(loss, lambda v: exact.log1p(exact.exp(v)), [-z if label == 1 else z])
    return f"loss = {side} = ln(1 + e^({t})) = {lt}"


def apart(before: float, after: float) -> tuple[str, str]:
    """Two values with the fewest decimals (2 or more, up to MOST_DECIMALS) that tell them apart."""
    for decimals in range(DECIMALS, MOST_DECIMALS + 1):
        texts = (shown(before, decimals), shown(after, decimals))
        if texts[0] != texts[1]:
            return texts
    return texts


# --- The words ---------------------------------------------------------------------------


def rate_text(rate: float) -> str:
    """The rate as its box writes it: '0.50'."""
    return shown(rate, RATE.decimals)


def start_sentence(state: dict[str, Any]) -> str:
    """Where the step starts: 'The neuron starts from the inputs 0.90 and 0.30, ...'."""
    x1, x2, w1, w2, b = (shown(state[k]) for k in NEURON)
    return (f"The neuron starts from the inputs x1 = {x1} and x2 = {x2}, the weights w1 = {w1} and "
            f"w2 = {w2} and the bias b = {b}; the example's label is y = {state['label']}.")


def change_sentence(step: NeuronStep, label: int, rate: float) -> str:
    """What the step did to the loss and the output, from the numbers before and after."""
    if rate == 0:
        return (f"A learning rate of 0 moves nothing: every weight and the bias stay where they were, "
                f"and so does the loss, {shown(step.loss)}.")
    loss_before, loss_after = apart(step.loss, step.loss_after)
    if step.loss_after < step.loss:
        loss = f"The loss falls from {loss_before} to {loss_after}."
    elif step.loss_after > step.loss:
        loss = f"The loss rises from {loss_before} to {loss_after}."
    else:
        loss = f"The loss stays {loss_before}."
    a_before, a_after = apart(step.a, step.a_after)
    if a_before == a_after:
        output = f"The output stays {a_before}."
    else:
        towards = (step.a_after > step.a) == (label == 1)
        output = (f"The output moves from {a_before} to {a_after}, "
                  f"{'towards' if towards else 'away from'} the label {label}")
        said, says = probability_verdict(step.a), probability_verdict(step.a_after)
        output += f", and the neuron's answer turns from {said} to {says}." if said != says else "."
    return f"{loss} {output}"


def evaluate(state: dict[str, Any]) -> dict[str, Any]:
    """Check a state and compute everything the widget shows; the build and the worker both call this.

    >>> view = evaluate({"label": 0, "rate": 1.0})
    >>> view["readouts"]["loss-working"], view["readouts"]["a-after"]
    ('loss = -ln(1 - a) = -ln(1 - 0.666) = 1.10', '0.36')
    >>> view["readouts"]["change"].split(", and ")[1]
    "the neuron's answer turns from positive to negative."
    """
    state = normalise(state)
    label, rate = state["label"], state["rate"]
    inputs = [state[k] for k in INPUTS]
    weights = [state[k] for k in WEIGHTS]
    step = neuron_step(inputs, weights, state["b"], label, rate)
    r: dict[str, str] = {
        "start": start_sentence(state),
        "z": shown(step.z), "a": shown(step.a),
        "forward": f"z = {weighted(inputs, weights, state['b'], step.z)}, then {activated(step.z, step.a)}",
        "loss": shown(step.loss), "loss-working": cross_entropy(step.z, step.a, label, step.loss),
    }
    (at,), et = written(step.error, lambda a: a - label, [step.a])
    r["error-working"] = f"a - y = {at} - {label} = {et}"
    gradients = {"w1": step.weight_gradients[0], "w2": step.weight_gradients[1], "b": step.bias_gradient}
    after = {"w1": step.weights_after[0], "w2": step.weights_after[1], "b": step.bias_after}
    rate_shown = rate_text(rate)
    for name in PARAMETERS:
        g = gradients[name]
        if name == "b":
            r["g-b-working"] = f"{shown(step.error)} (the error itself)"
        else:
            x = state[INPUTS[WEIGHTS.index(name)]]
            (et, xt), gt = written(g, lambda e, v: e * v, [step.error, x])
            r[f"g-{name}-working"] = f"{et} × {term(xt)} = {gt}"
        r[f"old-{name}"] = shown(state[name])
        r[f"new-{name}"] = shown(after[name])
        (old, gt), nt = written(after[name], lambda w, d: w - rate * d, [state[name], g])
        r[f"new-{name}-working"] = f"{old} - {rate_shown} × {term(gt)} = {nt}"
    r["z-after"], r["a-after"], r["loss-after"] = shown(step.z_after), shown(step.a_after), shown(step.loss_after)
    r["after-forward"] = (f"z = {weighted(inputs, list(step.weights_after), step.bias_after, step.z_after)}, "
                          f"then {activated(step.z_after, step.a_after)}")
    r["after-loss"] = cross_entropy(step.z_after, step.a_after, label, step.loss_after)
    r["change"] = change_sentence(step, label, rate)
    summary = (f"Label {label}, learning rate {rate_shown}: the loss goes from {r['loss']} to {r['loss-after']}; "
               f"new w1 {r['new-w1']}, w2 {r['new-w2']}, b {r['new-b']}.")
    return {"state": state, "readouts": r, "summary": summary}
