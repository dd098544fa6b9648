"""lesson_py.widgets.calls: each call returns what the lesson_py function it names returns,
as plain strict JSON, and refuses bad arguments with a message that says which."""

import json
import math

import pytest

from lesson_py import DATASET, deep, equivalent_neuron, fire, forward, shallow, train, training_step
from lesson_py.widgets import calls
from lesson_py.network import Layer

LINEAR_NET = [{"weights": [[1.0, 2.0], [0.5, -1.0]], "biases": [0.1, 0.2], "activation": "linear"},
              {"weights": [[2.0, -1.0]], "biases": [0.3], "activation": "sigmoid"}]


def run(call_name: str, /, **args):
    return json.loads(calls.call(call_name, json.dumps(args)))


def as_json(value):
    return json.loads(json.dumps(calls.plain(value)))


def test_fire_is_lesson_pys_fire_as_an_object():
    assert run("fire", inputs=[0.9, 0.3], weights=[1.2, -0.8], bias=-0.15, activation="relu") == {
        "z": fire((0.9, 0.3), (1.2, -0.8), -0.15, "relu").z, "a": fire((0.9, 0.3), (1.2, -0.8), -0.15, "relu").a,
        "confidence": None, "verdict": "positive"}


def test_forward_gives_one_trace_per_layer():
    net = deep(3, "tanh", seed=5)
    traces = run("forward", network=as_json(net), inputs=[0.4, -0.2])
    assert traces == as_json(forward(net, (0.4, -0.2)))
    assert [sorted(t) for t in traces] == [["a", "inputs", "z"]] * 2


def test_a_network_travels_as_layers_and_back():
    net = deep(2, "relu", seed=1)
    assert run("deep", hidden=2, hidden_activation="relu", seed=1) == as_json(net)
    rebuilt = calls.network({"network": as_json(net)})
    assert rebuilt == net


def test_training_step_and_train_match_lesson_py():
    net = shallow((0.12, -0.12), 0.0)
    step = run("training_step", network=as_json(net), learning_rate=0.5)
    expected = training_step(net, DATASET, 0.5)
    assert step == as_json(expected)
    assert round(step["loss"], 3) == 0.697
    assert run("train", network=as_json(net), learning_rate=0.5, epochs=3) == as_json(train(net, DATASET, 0.5, 3))


def test_backpropagate_on_given_points():
    net = shallow((1.0, 0.0), 0.0)
    result = run("backpropagate", network=as_json(net), points=[{"x": 0.0, "y": 0.0, "label": 1}])
    # One point at the origin: z = 0, a = 0.5, the loss is log 2 and the bias gradient a - y = -0.5.
    assert math.isclose(result["loss"], math.log(2)) and result["gradients"][0]["biases"] == [-0.5]
    assert result["gradients"][0]["weights"] == [[0.0, 0.0]]


def test_equivalent_neuron_matches_its_docstring():
    assert run("equivalent_neuron", network=LINEAR_NET) == {"weights": [1.5, 5.0], "bias": 0.3}
    net = tuple(Layer(tuple(map(tuple, layer["weights"])), tuple(layer["biases"]), layer["activation"])
                for layer in LINEAR_NET)
    assert equivalent_neuron(net) == ((1.5, 5.0), 0.3)


def test_probability_grid_and_judge():
    grid = run("probability_grid", network=LINEAR_NET, size=3, extent=1.0)
    assert len(grid) == 3 and all(len(row) == 3 and all(0 < p < 1 for p in row) for row in grid)
    judged = run("judge", network=as_json(shallow((0.12, -0.12), 0.0)))
    assert [j["point"]["name"] for j in judged][:2] == ["nw-positive", "se-positive"]
    assert f"{judged[0]['confidence']:.0%}" == "44%"
    assert run("accuracy", network=as_json(shallow((0.12, -0.12), 0.0))) == sum(
        j["verdict"] == "correct" for j in judged) / 8


def test_activation_reports_value_slope_and_words():
    out = run("activation", name="sigmoid", z=0.0)
    assert (out["value"], out["derivative"], out["probability"], out["label"]) == (0.5, 0.25, True, "Sigmoid")


@pytest.mark.parametrize("name, args, message", [
    ("nope", {}, "unknown call 'nope'; known calls: accuracy, activation"),
    ("fire", {"inputs": [1, 2], "weights": [1], "bias": 0}, "'weights' must be a list of 2 numbers"),
    ("fire", {"inputs": [1], "weights": [1], "bias": "x"}, "'bias' must be a finite number, got 'x'"),
    ("fire", {"inputs": [1], "weights": [1], "bias": True}, "'bias' must be a finite number, got True"),
    ("fire", {"inputs": [1], "weights": [1], "bias": 0, "activation": "swish"}, "'activation' must be one of sigmoid"),
    ("activation", {"name": "relu"}, "'z' must be a finite number, got None"),
    ("forward", {"network": [], "inputs": [1, 2]}, "'network' must be a non-empty list of layers"),
    ("forward", {"network": [{"weights": [[1, 2], [1]], "biases": [0, 0], "activation": "relu"}], "inputs": [1, 2]},
     "'weights' must be a list of 2 numbers"),
    ("forward", {"network": LINEAR_NET[:1], "inputs": [1, 2]}, "last layer must be one output neuron, got 2"),
    ("forward", {"network": LINEAR_NET, "inputs": [1]}, "'inputs' has 1 numbers but the network reads 2"),
    ("training_step", {"network": [{**LINEAR_NET[1], "activation": "tanh", "weights": [[1, 1]]}], "learning_rate": 1},
     "must end in a sigmoid neuron"),
    ("train", {"network": LINEAR_NET, "learning_rate": 1, "epochs": 10**6}, "'epochs' must be a whole number from 0 to"),
    ("equivalent_neuron", {"network": [{**LINEAR_NET[0], "activation": "tanh"}, LINEAR_NET[1]]},
     "only a linear hidden layer collapses"),
    ("backpropagate", {"network": LINEAR_NET, "points": [{"x": 0, "y": 0, "label": 2}]}, "'label' must be a whole number"),
    ("probability_grid", {"network": LINEAR_NET, "size": 3, "extent": 0}, "'extent' must be positive"),
])
def test_bad_arguments_are_refused_with_a_clear_message(name, args, message):
    with pytest.raises(calls.CallError) as failure:
        calls.call(name, json.dumps(args))
    assert message in str(failure.value)
    reply = json.loads(calls.respond(name, json.dumps(args)))
    assert set(reply) == {"error"} and message in reply["error"]


def test_arguments_must_be_a_json_object():
    for text in ("[1, 2]", "{not json"):
        assert "error" in json.loads(calls.respond("fire", text))


def test_a_result_that_overflows_is_an_error_not_invalid_json():
    huge = {"weights": [[1e308, 1e308]], "biases": [0.0], "activation": "linear"}
    reply = json.loads(calls.respond("forward", json.dumps({"network": [huge], "inputs": [10.0, 10.0]})))
    assert reply == {"error": "forward: the result is not finite (a value overflowed); try smaller numbers"}


def test_respond_wraps_results():
    assert json.loads(calls.respond("weighted_sum", '{"inputs": [2], "weights": [3], "bias": 1}')) == {"result": 7.0}


def test_a_name_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        calls.register("fire")(lambda args: None)
    assert calls.CALLS["fire"].__name__ == "_fire"
