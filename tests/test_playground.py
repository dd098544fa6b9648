"""lesson_py.widgets.playground checked against numbers worked out here: by hand for the
spec's example, and by a separate numpy forward pass (it never calls lesson_py)
for random states of both modes, the equivalent neuron and the decision map."""

import json
import math
import random
import re
from pathlib import Path

import numpy as np
import pytest

from lesson_py.widgets import calls, playground as P

ROOT = Path(__file__).resolve().parent.parent
ACTIVATIONS = ("sigmoid", "tanh", "relu", "step", "linear")
SHOWN = re.compile(r"^-?\d+\.\d\d$")
TOLERANCE = 1e-12


def np_activation(name: str, z):
    z = np.asarray(z, dtype=float)
    return {
        "sigmoid": lambda: 1.0 / (1.0 + np.exp(-z)),
        "tanh": lambda: np.tanh(z),
        "relu": lambda: np.maximum(z, 0.0),
        "step": lambda: (z >= 0).astype(float),
        "linear": lambda: z,
    }[name]()


def close_to(text: str, value: float) -> bool:
    """A shown number: two decimals, and the nearest two-decimal number to `value`
    (within a hair more than half a hundredth, for values that sit on a tie)."""
    return bool(SHOWN.match(text)) and abs(float(text) - value) <= 0.005 + 1e-9 and text != "-0.00"


def random_state(rng: random.Random, mode: str) -> dict:
    names = P.SINGLE_CONTROLS if mode == "single" else P.HIDDEN_CONTROLS
    state = {"mode": mode, "activation": rng.choice(ACTIVATIONS)}
    for name in names:
        control = P.CONTROLS[name]
        state[name] = rng.randint(round(control.minimum * 100), round(control.maximum * 100)) / 100
    if mode == "hidden":
        state["hidden"] = rng.choice(P.HIDDEN_SIZES)
    return state


# --- The spec's example, by hand -------------------------------------------------

def test_default_state_matches_the_spec():
    view = P.evaluate({"mode": "single"})
    r = view["readouts"]
    # 0.90·1.20 + 0.30·(-0.80) - 0.15 = 1.08 - 0.24 - 0.15 = 0.69; 1 / (1 + e^-0.69) = 0.6660
    assert (r["z"], r["a"], r["confidence"], r["class"]) == ("0.69", "0.67", "67%", "Positive")
    assert r["change"] == "The linear score 0.69 becomes 0.67 after Sigmoid."
    assert r["forward"] == "(0.90 × 1.20) + (0.30 × -0.80) - 0.15 = 0.69, then Sigmoid(0.69) = 0.67"
    assert r["description"] == "Squashes any score into a value between 0 and 1 that reads like a probability."
    assert view["summary"] == "z = 0.69, a = 0.67, confidence 67%: Positive."


@pytest.mark.parametrize("name, a, change", [
    ("tanh", "0.60", "The linear score 0.69 becomes 0.60 after Tanh."),     # tanh(0.69) = 0.5980
    ("relu", "0.69", "The linear score 0.69 stays 0.69 after ReLU."),
    ("step", "1.00", "The linear score 0.69 becomes 1.00 after Step."),
    ("linear", "0.69", "Linear changes nothing: the score 0.69 stays 0.69."),
])
def test_other_activations_have_no_confidence_and_say_why(name, a, change):
    r = P.evaluate({"mode": "single", "activation": name})["readouts"]
    assert (r["z"], r["a"], r["change"]) == ("0.69", a, change)
    assert r["confidence"] == "not a probability"
    assert "%" not in r["confidence"] and "no probability" in r["confidence-note"] or name == "step"
    assert r["class"] == "Positive" and r["class-reason"] == "z = 0.69 is above 0."


def test_every_activation_has_its_own_honest_note():
    notes = [P.CONFIDENCE_NOTES[name] for name in ACTIVATIONS]
    assert len(set(notes)) == len(ACTIVATIONS)
    for name, note in zip(ACTIVATIONS, notes):
        assert P.short_name(name) in note


@pytest.mark.parametrize("b, expected", [
    (-0.84, ("0.00", "Undecided", "50%")),    # 1.08 - 0.24 = 0.84, so z = 0: sigmoid 0.5
    (-0.85, ("-0.01", "Undecided", "50%")),   # sigmoid(-0.01) = 0.4975, shows as 50%
    (-0.95, ("-0.11", "Negative", "47%")),    # sigmoid(-0.11) = 0.4725
])
def test_the_class_follows_the_shown_confidence(b, expected):
    r = P.evaluate({"mode": "single", "b": b})["readouts"]
    assert (r["z"], r["class"], r["confidence"]) == expected


def test_a_score_on_the_boundary_is_undecided_without_a_probability():
    r = P.evaluate({"mode": "single", "b": -0.84, "activation": "relu"})["readouts"]
    assert (r["z"], r["class"], r["class-reason"]) == ("0.00", "Undecided", "z = 0.00 sits on the boundary.")


# --- Random states against numpy --------------------------------------------------

@pytest.mark.parametrize("seed", range(200))
def test_single_mode_against_numpy(seed):
    rng = random.Random(seed)
    state = random_state(rng, "single")
    view = P.evaluate(state)
    r = view["readouts"]
    x = np.array([state["x1"], state["x2"]])
    w = np.array([state["w1"], state["w2"]])
    z = float(x @ w + state["b"])
    a = float(np_activation(state["activation"], z))
    assert close_to(r["z"], z) and close_to(r["a"], a)
    assert r["forward"] == (f"({state['x1']:.2f} × {state['w1']:.2f}) + ({state['x2']:.2f} × {state['w2']:.2f})"
                            f" {'-' if state['b'] < 0 else '+'} {abs(state['b']):.2f} = {r['z']}, then {P.short_name(state['activation'])}({r['z']}) = {r['a']}")
    if state["activation"] == "sigmoid":
        assert re.fullmatch(r"\d+%", r["confidence"]) and abs(int(r["confidence"][:-1]) - 100 * a) <= 0.5 + 1e-9
        shown_percent = int(r["confidence"][:-1])
        expected = "Undecided" if shown_percent == 50 else "Positive" if shown_percent > 50 else "Negative"
    else:
        assert r["confidence"] == "not a probability"
        expected = "Undecided" if float(r["z"]) == 0 else "Positive" if z > 0 else "Negative"
    assert r["class"] == expected
    assert view["verdict"] == expected.lower()


@pytest.mark.parametrize("seed", range(100))
def test_hidden_mode_against_numpy(seed):
    rng = random.Random(1000 + seed)
    state = random_state(rng, "hidden")
    view = P.evaluate(state)
    r = view["readouts"]
    weights, biases, v, d = (np.array(t, dtype=float) for t in P.HIDDEN_WEIGHTS[state["hidden"]])
    x = np.array([state["x1"], state["x2"]])
    hz = weights @ x + biases
    ha = np_activation(state["activation"], hz)
    out_z = float(v @ ha + d)
    out_a = 1 / (1 + math.exp(-out_z))
    assert view["hidden"] == state["hidden"] == len(hz)
    for j in range(state["hidden"]):
        assert close_to(r[f"h{j + 1}-z"], hz[j]) and close_to(r[f"h{j + 1}-a"], ha[j])
    assert f"h{state['hidden'] + 1}-z" not in r
    assert close_to(r["out-z"], out_z) and close_to(r["out-a"], out_a)
    assert abs(int(r["confidence"][:-1]) - 100 * out_a) <= 0.5 + 1e-9
    assert r["out-pass"].endswith(f"= {r['out-z']}, then Sigmoid({r['out-z']}) = {r['out-a']}")
    assert view["map"]["marker"] == {"x": state["x1"], "y": state["x2"]}


@pytest.mark.parametrize("hidden", P.HIDDEN_SIZES)
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_decision_map_against_numpy(hidden, name):
    grid = P.evaluate({"mode": "hidden", "hidden": hidden, "activation": name})["map"]
    size, extent = grid["size"], grid["extent"]
    assert (size, extent) == (24, 2.0) and len(grid["values"]) == size * size
    weights, biases, v, d = (np.array(t, dtype=float) for t in P.HIDDEN_WEIGHTS[hidden])
    centres = -extent + (np.arange(size) + 0.5) * (2 * extent / size)
    xs, ys = np.meshgrid(centres, centres[::-1])          # rows from the top (y = +extent)
    points = np.stack([xs.ravel(), ys.ravel()])            # 2 x n
    hidden_out = np_activation(name, weights @ points + biases[:, None])
    expected = 1 / (1 + np.exp(-(v @ hidden_out + d)))
    assert np.max(np.abs(np.array(grid["values"]) - expected)) <= 0.0005 + 1e-12


# --- The lesson: Linear collapses, the others bend ---------------------------------

def boundary_points(values: list[float], size: int, extent: float) -> np.ndarray:
    """Midpoints between neighbouring cells of different classes."""
    grid = np.array(values).reshape(size, size) > 0.5
    step = 2 * extent / size
    centre = lambda i: -extent + step * (i + 0.5)  # noqa: E731
    found = []
    for r in range(size):
        for c in range(size):
            if c + 1 < size and grid[r, c] != grid[r, c + 1]:
                found.append((centre(c) + step / 2, -centre(r)))
            if r + 1 < size and grid[r, c] != grid[r + 1, c]:
                found.append((centre(c), -(centre(r) + step / 2)))
    return np.array(found)


def distance_from_best_line(points: np.ndarray) -> float:
    """The largest distance of a point from the straight line that fits them best."""
    centred = points - points.mean(axis=0)
    normal = np.linalg.svd(centred)[2][-1]
    return float(np.max(np.abs(centred @ normal)))


@pytest.mark.parametrize("hidden", P.HIDDEN_SIZES)
def test_linear_hidden_layer_is_one_neuron_with_one_straight_boundary(hidden):
    view = P.evaluate({"mode": "hidden", "hidden": hidden, "activation": "linear"})
    weights, biases, v, d = (np.array(t, dtype=float) for t in P.HIDDEN_WEIGHTS[hidden])
    eq = view["equivalent"]
    assert np.allclose(eq["weights"], v @ weights, atol=TOLERANCE) and abs(eq["bias"] - (v @ biases + d)) < TOLERANCE
    # The map is that neuron's: every cell on the side its line says.
    size, extent, values = view["map"]["size"], view["map"]["extent"], view["map"]["values"]
    points = boundary_points(values, size, extent)
    assert len(points) >= size                              # the line really crosses the square
    assert distance_from_best_line(points) <= 2 * extent / size   # within a cell of one line
    share = sum(p > 0.5 for p in values) / len(values)
    assert 0.2 <= share <= 0.8
    # The dashed line the map draws: both ends on the square's edge, and on the neuron's line.
    line = view["map"]["line"]
    for end in (line["from"], line["to"]):
        assert abs(eq["weights"][0] * end["x"] + eq["weights"][1] * end["y"] + eq["bias"]) < 1e-9
        assert max(abs(end["x"]), abs(end["y"])) == pytest.approx(extent)
    assert math.dist(line["from"].values(), line["to"].values()) > extent / 2
    r = view["readouts"]
    assert r["equivalent-line"] == P.line_equation(eq["weights"], eq["bias"])
    assert "one straight line" in r["boundary"] and "one straight line" in r["map-text"]


@pytest.mark.parametrize("hidden", P.HIDDEN_SIZES)
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_non_linear_hidden_layer_bends_the_boundary(hidden, name):
    view = P.evaluate({"mode": "hidden", "hidden": hidden, "activation": name})
    size, extent, values = view["map"]["size"], view["map"]["extent"], view["map"]["values"]
    share = sum(p > 0.5 for p in values) / len(values)
    assert 0.2 <= share <= 0.8
    # Far from any straight line: at least a tenth of the square's width.
    assert distance_from_best_line(boundary_points(values, size, extent)) >= 0.4
    assert view["equivalent"] is None and "equivalent-line" not in view["readouts"]
    assert view["map"]["line"] is None


@pytest.mark.parametrize("weights, bias, expected", [
    ((0.0, 1.0), -1.0, ((-2.0, 1.0), (2.0, 1.0))),          # x2 = 1, across
    ((1.0, 0.0), 0.5, ((-0.5, -2.0), (-0.5, 2.0))),         # x1 = -0.5, down
    ((1.0, 1.0), -3.0, ((1.0, 2.0), (2.0, 1.0))),           # clips the top-right corner
    ((1.0, 1.0), -5.0, None),                               # misses the square
    ((0.0, 0.0), 1.0, None),                                # no line at all
])
def test_boundary_segment_by_hand(weights, bias, expected):
    segment = P.boundary_segment(weights, bias, 2.0)
    if expected is None:
        assert segment is None
    else:
        got = ((segment["from"]["x"], segment["from"]["y"]), (segment["to"]["x"], segment["to"]["y"]))
        assert got == expected


def test_equivalent_neuron_gives_the_network_score_everywhere():
    rng = random.Random(5)
    for _ in range(50):
        state = random_state(rng, "hidden") | {"activation": "linear"}
        view = P.evaluate(state)
        w, b = view["equivalent"]["weights"], view["equivalent"]["bias"]
        score = w[0] * state["x1"] + w[1] * state["x2"] + b
        assert close_to(view["readouts"]["out-z"], score)
        out_z = view["readouts"]["out-z"]
        assert view["readouts"]["equivalent-check"] == (
            f"At this input the single neuron's score is {out_z}, the same as the network's output score.")


def test_map_text_names_the_share_corners_and_input():
    view = P.evaluate({"mode": "hidden", "hidden": 3, "activation": "tanh", "x1": -1.5, "x2": 1.25})
    values, size = view["map"]["values"], view["map"]["size"]
    # cells whose confidence shows above 50% (one that shows as 50% is undecided)
    share = round(100 * sum(round(100 * p) > 50 for p in values) / len(values))
    text = view["readouts"]["map-text"]
    assert f"about {share}% of the square" in text
    corner = "positive" if values[0] > 0.5 else "negative"
    assert f"top left {corner}" in text
    assert "(-1.50, 1.25)" in text and f"at {view['readouts']['confidence']} positive" in text


# --- States: defaults, steps and refusals -----------------------------------------

def test_defaults_and_steps():
    assert P.normalise({}) == {"mode": "single", "x1": 0.9, "x2": 0.3, "w1": 1.2, "w2": -0.8, "b": -0.15,
                               "activation": "sigmoid"}
    assert P.normalise({"mode": "hidden"}) == {"mode": "hidden", "x1": 0.9, "x2": 0.3, "activation": "tanh",
                                               "hidden": 3}
    assert P.normalise({"x1": 0.12000000001})["x1"] == 0.12     # within float error of a step
    assert P.normalise({"w2": 0.1 + 0.2})["w2"] == 0.3   # a float that sits on a step is its exact step value


@pytest.mark.parametrize("text, value", [("1.25", 1.25), ("-.5", -0.5), ("2,5", None), ("1,5", 1.5), ("+0", 0.0)])
def test_a_number_box_and_a_block_read_text_by_one_rule(text, value):
    control = P.CONTROLS["x1"]
    if value is None:   # 2.5 is outside -2..2
        with pytest.raises(ValueError, match="from -2 to 2 in steps of 0.01"):
            control.read(text)
    else:
        assert control.read(text) == value


@pytest.mark.parametrize("text", ["1e9", "99", "0.125", "abc", "", "nan", "1.2.3"])
def test_what_the_rule_refuses_it_names(text):
    with pytest.raises(ValueError, match="a number from -3 to 3 in steps of 0.01"):
        P.CONTROLS["w1"].read(text)


def test_step_on_the_boundary_says_why_it_fired_but_decides_nothing():
    r = P.evaluate({"b": -0.84, "activation": "step"})["readouts"]   # z = 1.1e-16 with the defaults
    assert (r["z"], r["a"], r["class"]) == ("0.00", "1.00", "Undecided")
    assert "Step fired (a = 1.00)" in r["class-reason"] and "decides no class" in r["class-reason"]


@pytest.mark.parametrize("state, message", [
    ({"mode": "double"}, "mode must be one of single, hidden"),
    ({"x1": 2.5}, "x1 must be a number from -2 to 2 in steps of 0.01, got 2.5"),
    ({"b": -3.01}, "b must be a number from -3 to 3 in steps of 0.01"),
    ({"x1": 0.123456}, "x1 must be a number from -2 to 2 in steps of 0.01, got 0.123456"),
    ({"w1": "1"}, "w1 must be a number"),
    ({"w1": True}, "w1 must be a number"),
    ({"w1": float("nan")}, "w1 must be a number"),
    ({"activation": "softmax"}, "activation must be one of sigmoid, tanh, relu, step, linear"),
    ({"mode": "hidden", "hidden": 4}, "hidden must be one of 2, 3"),
    ({"mode": "hidden", "w1": 1.0}, "unknown setting(s) for hidden mode: w1"),
    ({"z": 1}, "unknown setting(s) for single mode: z"),
])
def test_bad_states_are_refused(state, message):
    with pytest.raises(ValueError) as error:
        P.evaluate(state)
    assert message in str(error.value)


# --- Show the Python and the worker's calls ----------------------------------------

@pytest.mark.parametrize("mode", ["single", "hidden"])
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_source_is_the_modules_own_text(mode, name):
    parts = P.source({"mode": mode, "activation": name})
    for part in parts:
        text = (ROOT / part["file"]).read_text()
        body = part["code"].splitlines()
        # every line, as it stands in the file (indentation aside)
        stripped = [line.strip() for line in text.splitlines()]
        assert all(line.strip() in stripped for line in body), part["name"]
    names = [p["name"] for p in parts]
    assert f"activations.{name}" in names
    if mode == "single":
        assert names[:2] == ["neuron.fire", "neuron.weighted_sum"]
    else:
        assert names[:2] == ["network.forward", "network.layer_forward"]
        assert ("network.equivalent_neuron" in names) == (name == "linear")
    if name == "sigmoid":
        assert "activations.sigmoid" in names


def test_worker_calls_return_the_same_view():
    rng = random.Random(9)
    for mode in ("single", "hidden"):
        state = random_state(rng, mode)
        reply = json.loads(calls.respond("playground", json.dumps(state)))
        assert reply["result"] == json.loads(json.dumps(P.evaluate(state)))
    reply = json.loads(calls.respond("playground", json.dumps({"x1": 7})))
    assert "x1 must be a number from -2 to 2 in steps of 0.01" in reply["error"]
    reply = json.loads(calls.respond("playground_source", json.dumps({"mode": "hidden", "activation": "linear"})))
    assert [p["name"] for p in reply["result"]] == [p["name"] for p in P.source({"mode": "hidden", "activation": "linear"})]
