"""One training step of the worked-example neuron: the math (lesson_py.training.neuron_step),
the widget's words (lesson_py.widgets.one_step), its worker calls, and every number of the
page's worked example and claim of its "what to try", checked against what the widget shows."""

import json
import math
import random
import re
from pathlib import Path

import pytest

from lesson_py.training import neuron_step
from lesson_py.widgets import calls
from lesson_py.widgets import one_step as O

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "how-it-learns.md"
RNG = random.Random(20261202)
RATES = [round(k * O.RATE.step, 2) for k in range(int(O.RATE.maximum / O.RATE.step) + 1)]
EXAMPLE = {"x1": 0.9, "x2": 0.3, "w1": 1.2, "w2": -0.8, "b": -0.15}


def view(**state) -> dict:
    return O.evaluate(state)


def readouts(**state) -> dict:
    return view(**state)["readouts"]


def random_start() -> dict:
    """A starting neuron on the controls' grid (inputs -2 to 2, weights and bias -3 to 3, steps of 0.01)."""
    return {name: RNG.randint(round(c.minimum * 100), round(c.maximum * 100)) / 100
            for name, c in O.CONTROLS.items() if name != "rate"}


STARTS = [EXAMPLE] + [random_start() for _ in range(24)]


# --- The math -------------------------------------------------------------------------

def loss_of(x, w, b, y) -> float:
    a = 1 / (1 + math.exp(-(x[0] * w[0] + x[1] * w[1] + b)))
    return -math.log(a) if y == 1 else -math.log(1 - a)


@pytest.mark.parametrize("start", STARTS[:8])
@pytest.mark.parametrize("label", O.LABELS)
def test_each_gradient_is_the_losss_slope(start, label):
    """Finite differences of the cross-entropy agree with the step's gradients."""
    x, w, b = (start["x1"], start["x2"]), [start["w1"], start["w2"]], start["b"]
    step = neuron_step(x, w, b, label, 0.5)
    h = 1e-6
    for i in range(2):
        up, down = list(w), list(w)
        up[i] += h
        down[i] -= h
        slope = (loss_of(x, up, b, label) - loss_of(x, down, b, label)) / (2 * h)
        assert math.isclose(step.weight_gradients[i], slope, rel_tol=1e-5, abs_tol=1e-8)
    slope = (loss_of(x, w, b + h, label) - loss_of(x, w, b - h, label)) / (2 * h)
    assert math.isclose(step.bias_gradient, slope, rel_tol=1e-5, abs_tol=1e-8)
    assert math.isclose(step.loss, loss_of(x, w, b, label), rel_tol=1e-12)
    assert step.error == step.a - label and step.bias_gradient == step.error


def test_the_update_is_old_minus_rate_times_gradient_and_the_after_pass_uses_it():
    step = neuron_step((0.9, 0.3), (1.2, -0.8), -0.15, 1, 0.5)
    assert step.weights_after == tuple(w - 0.5 * g for w, g in zip((1.2, -0.8), step.weight_gradients))
    assert step.bias_after == -0.15 - 0.5 * step.bias_gradient
    assert math.isclose(step.loss_after, loss_of((0.9, 0.3), step.weights_after, step.bias_after, 1), rel_tol=1e-12)


# --- Every shown calculation is true as shown ---------------------------------------------

def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def worked(expression: str) -> float:
    """A written-out calculation's left side as a reader works it, with the numbers it shows."""
    python = expression.replace("×", "*").replace("ln(", "math.log(").replace("e^(", "math.exp(")
    assert set(re.sub(r"math\.log|math\.exp|sigmoid", "", python)) <= set("0123456789. ()+*-"), expression
    return eval(python, {"math": math, "sigmoid": sigmoid})   # noqa: S307 - digits and operators only, checked above


def check(text: str) -> None:
    """'left = result': the left worked out shows as the result (to its decimals), not on a rounding tie."""
    left, result = text.rsplit(" = ", 1)
    value = worked(left.split(" = ")[-1])
    places = len(result.split(".")[1])
    assert places >= 2 and f"{value:.{places}f}".replace("-0.00", "0.00") == result.replace("-0.00", "0.00"), text
    scaled = abs(value) * 10 ** places
    assert abs(scaled - int(scaled) - 0.5) > 1e-9, f"on a rounding tie: {text}"


def calculations(r: dict) -> list[str]:
    found = [r["loss-working"], r["error-working"].replace("a - y = ", ""), r["after-loss"]]
    for key in ("forward", "after-forward"):
        z_part, a_part = r[key].split(", then ")
        found += [z_part.replace("z = ", ""), a_part.replace("a = ", "")]
    for name in O.PARAMETERS:
        found.append(r[f"new-{name}-working"])
        if name != "b":
            found.append(r[f"g-{name}-working"])
    return found


@pytest.mark.parametrize("start", STARTS, ids=lambda s: ",".join(f"{v:g}" for v in s.values()))
def test_every_calculation_worked_with_its_shown_numbers_gives_its_shown_result(start):
    for label in O.LABELS:
        for rate in RATES[::5] + [RATES[1], RATES[-1]]:
            r = readouts(label=label, rate=rate, **start)
            for text in calculations(r):
                check(text)


def test_the_checker_would_catch_a_rounded_operand_or_a_tie():
    with pytest.raises(AssertionError):
        check("-ln(0.67) = 0.41")      # -ln(0.67) is 0.40: why the widget writes -ln(0.666)
    check("-ln(0.666) = 0.41")
    with pytest.raises(AssertionError):
        check("-1.41 × (-0.10) + 0.92 × (-0.30) - 1.44 = -1.57")   # -1.575: why the widget writes it out
    check("-1.41 × (-0.10) + 0.92 × (-0.30) - 1.44 = -1.575")


@pytest.mark.parametrize("start", STARTS[:10])
def test_every_shown_value_is_the_steps_value_rounded(start):
    for label in O.LABELS:
        for rate in RATES[::10]:
            r = readouts(label=label, rate=rate, **start)
            s = neuron_step((start["x1"], start["x2"]), (start["w1"], start["w2"]), start["b"], label, rate)
            two = lambda v: f"{v:.2f}".replace("-0.00", "0.00")   # noqa: E731
            assert [r["z"], r["a"], r["loss"]] == [two(s.z), two(s.a), two(s.loss)]
            assert [r["z-after"], r["a-after"], r["loss-after"]] == [two(s.z_after), two(s.a_after), two(s.loss_after)]
            assert [r["new-w1"], r["new-w2"], r["new-b"]] == [two(v) for v in (*s.weights_after, s.bias_after)]
            assert [r["old-w1"], r["old-w2"], r["old-b"]] == [two(start[k]) for k in O.PARAMETERS]
            assert r["g-w1-working"].endswith(f"= {two(s.weight_gradients[0])}")
            assert r["g-b-working"] == f"{two(s.bias_gradient)} (the error itself)"


@pytest.mark.parametrize("start", STARTS)
def test_the_change_sentence_is_true_of_the_step(start):
    for label in O.LABELS:
        for rate in RATES[::4]:
            r = readouts(label=label, rate=rate, **start)
            s = neuron_step((start["x1"], start["x2"]), (start["w1"], start["w2"]), start["b"], label, rate)
            if rate == 0:
                assert r["change"].startswith("A learning rate of 0 moves nothing") and s.loss_after == s.loss
                continue
            found = re.match(r"The loss (falls|rises|stays) (?:from )?([\d.]+)(?: to ([\d.]+))?\.", r["change"])
            assert found, r["change"]
            word, before, after = found.groups()
            assert word == ("falls" if s.loss_after < s.loss else "rises" if s.loss_after > s.loss else "stays")
            if after:
                assert before != after and math.isclose(float(before), s.loss, abs_tol=0.5 * 10 ** -len(before.split(".")[1]))
            moved = re.search(r"The output moves from ([\d.]+) to ([\d.]+), (towards|away from) the label (\d)", r["change"])
            if moved:
                assert moved.group(3) == ("towards" if (s.a_after > s.a) == (label == 1) else "away from")
                assert int(moved.group(4)) == label
            assert ("answer turns from" in r["change"]) == (O.probability_verdict(s.a) != O.probability_verdict(s.a_after))


def test_on_one_example_a_larger_rate_only_lowers_the_loss_further():
    """The page's claim, for the worked example and every starting neuron tried, at every rate on the slider."""
    for start in STARTS:
        for label in O.LABELS:
            x, w, b = (start["x1"], start["x2"]), (start["w1"], start["w2"]), start["b"]
            losses = [neuron_step(x, w, b, label, rate).loss_after for rate in RATES]
            assert all(later <= earlier for earlier, later in zip(losses, losses[1:]))
            assert losses[-1] < losses[0] or losses[0] < 1e-12


def test_the_summary_names_label_rate_losses_and_the_new_values():
    assert view()["summary"] == ("Label 1, learning rate 0.50: the loss goes from 0.41 to 0.31; "
                                 "new w1 1.35, w2 -0.75, b 0.02.")


@pytest.mark.parametrize("state, message", [
    ({"rate": 5.05}, "rate must be a number from 0 to 5 in steps of 0.05, got 5.05"),
    ({"rate": 0.07}, "rate must be a number from 0 to 5 in steps of 0.05, got 0.07"),
    ({"rate": "0.5"}, "rate must be a number from 0 to 5 in steps of 0.05, got '0.5'"),
    ({"label": 2}, "label must be 1 or 0"),
    ({"label": True}, "label must be 1 or 0"),
    ({"x1": 2.5}, "x1 must be a number from -2 to 2 in steps of 0.01, got 2.5"),
    ({"colour": "red"}, "unknown setting(s) for one-step: colour"),
])
def test_bad_states_are_refused(state, message):
    with pytest.raises(ValueError) as error:
        O.evaluate(state)
    assert str(error.value).startswith(message)


# --- The worker's calls -------------------------------------------------------------------

def test_the_neuron_step_call_is_lesson_pys_neuron_step():
    args = {"inputs": [0.9, 0.3], "weights": [1.2, -0.8], "bias": -0.15, "label": 0, "learning_rate": 1.5}
    answer = json.loads(calls.call("neuron_step", json.dumps(args)))
    step = neuron_step((0.9, 0.3), (1.2, -0.8), -0.15, 0, 1.5)
    assert answer["weights_after"] == list(step.weights_after) and answer["loss_after"] == step.loss_after
    assert "'label' must be a whole number from 0 to 1" in calls.respond("neuron_step", json.dumps(args | {"label": 3}))
    assert "'inputs' must be a list of 2 numbers" in calls.respond("neuron_step", json.dumps(args | {"inputs": [1]}))


def test_the_view_call_is_the_widgets_evaluate():
    args = {"label": 0, "rate": 2.5, "x1": -1.0, "x2": 0.5, "w1": 0.3, "w2": 2.0, "b": 1.0}
    assert json.loads(calls.call("one_step_view", json.dumps(args))) == json.loads(json.dumps(O.evaluate(args)))
    assert "rate must be" in calls.respond("one_step_view", '{"rate": 9}')


# --- The page: its worked example and its "what to try" --------------------------------------

def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def worked_example() -> str:
    text = page_text()
    return text[text.index("## Step 1: the forward pass"):text.index("### The learning rate")]


def test_the_block_starts_at_the_worked_example():
    block = re.search(r"/// widget \| one-step\n(.*?)///", worked_example(), re.S).group(1)
    options = dict(line.split(": ", 1) for line in block.strip().splitlines())
    assert options == {"id": "worked-step", "label": "1", "rate": "0.5"}
    assert O.DEFAULT_LABEL == 1 and O.RATE.default == 0.5
    assert {k: O.CONTROLS[k].default for k in EXAMPLE} == EXAMPLE
    assert "Its inputs were `(0.90, 0.30)`, and the\nforward pass gave an output of `0.67`" in worked_example()
    assert '"yes", which we write as the label `1`' in worked_example()


def test_the_pages_numbers_are_what_the_widget_shows_at_its_start():
    r = readouts()
    text = " ".join(worked_example().split())
    assert r["a"] == "0.67" and r["loss"] == "0.41"
    assert "| 0.666 (our neuron, shown rounded as 0.67) | 0.41 |" in text and "-ln(0.666)" in r["loss-working"]
    assert f"the error `{r['error-working'].removeprefix('a - y = ')}`" in text
    rows = re.findall(r"^\| `(\w+)` \| `([^`]+)` \| ([-\d.]+) \| ([-\d.]+) \|$", worked_example(), re.M)
    assert [row[0] for row in rows] == list(O.PARAMETERS)
    assert "New value (learning rate 0.5)" in text and O.RATE.default == 0.5
    for name, gradient, old, new in rows:
        working = r["g-b-working"].split(" (")[0] if name == "b" else r[f"g-{name}-working"]
        assert (gradient, old, new) == (working, r[f"old-{name}"], r[f"new-{name}"]), name
    assert (f"`z` rises from {r['z']} to {r['z-after']}, the output from {r['a']} to {r['a-after']}, "
            f"and the loss falls from {r['loss']} to {r['loss-after']}") in text


def what_to_try() -> str:
    text = worked_example()
    return " ".join(text[text.index("/// widget | one-step"):].split())


def test_try_label_0():
    assert ("Set the label to 0. Now the output 0.67 is too high: the loss is 1.10, every gradient turns positive, "
            "and the step lowers both weights and the bias, so the output falls to 0.51 and the loss to 0.72.") in what_to_try()
    r = readouts(label=0)
    s = neuron_step((0.9, 0.3), (1.2, -0.8), -0.15, 0, 0.5)
    assert (r["a"], r["loss"], r["a-after"], r["loss-after"]) == ("0.67", "1.10", "0.51", "0.72")
    assert all(g > 0 for g in (*s.weight_gradients, s.bias_gradient))
    assert all(new < old for new, old in zip((*s.weights_after, s.bias_after), (1.2, -0.8, -0.15)))


def test_try_label_0_rate_1():
    assert ("With the label at 0, set the rate to 1: the output falls to 0.36 and the neuron's answer turns from "
            "positive to negative.") in what_to_try()
    r = readouts(label=0, rate=1.0)
    assert r["a-after"] == "0.36" and "the neuron's answer turns from positive to negative" in r["change"]


def test_try_rate_0_and_rate_5():
    assert "Set the rate to 0: nothing moves, and the loss stays 0.41." in what_to_try()
    r = readouts(rate=0.0)
    assert [r[f"new-{n}"] for n in O.PARAMETERS] == [r[f"old-{n}"] for n in O.PARAMETERS] and r["loss-after"] == "0.41"
    assert "a larger rate only lowers the loss further (at 5 it is 0.02)" in what_to_try()
    assert readouts(rate=5.0)["loss-after"] == "0.02" and O.RATE.maximum == 5
