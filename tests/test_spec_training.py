"""Training a run spec, checked along independent paths: a numpy implementation written here
(it never calls lesson_py's math) for mini-batch steps with L2, central finite differences for
the gradients of the loss plus the L2 penalty, and the lesson's own stored runs."""

import json
import random

import numpy as np
import pytest

import lesson_py as L
from lesson_py.network import seeded
from lesson_py.runs import replay
from lesson_py.spec import parse
from lesson_py.trainer import ORDER_SEED, epochs, spec_points, train_spec
from lesson_py.training import backpropagate, l2_penalty, train_epoch
from lesson_py.widgets.calls import call, respond

ORACLE_TOLERANCE = 1e-12
FD_STEP, FD_TOLERANCE = 1e-6, 1e-7
NP_ACTIVATIONS = {
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


def arrays(network):
    return [(np.array(layer.weights), np.array(layer.biases), layer.activation) for layer in network]


def numpy_objective_and_gradients(network, points, l2):
    """Mean cross-entropy + (l2/2)·Σw² over the points, and its gradient, by matrix algebra."""
    x = np.array([p.inputs for p in points])
    y = np.array([p.label for p in points], dtype=float)
    layers = arrays(network)
    activations, scores = [x], []
    for w, b, name in layers:
        z = activations[-1] @ w.T + b
        scores.append(z)
        activations.append(NP_ACTIVATIONS[name][0](z))
    p = activations[-1][:, 0]
    loss = np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))
    loss += 0.5 * l2 * sum(np.sum(w * w) for w, _, _ in layers)
    delta = ((p - y) / len(points))[:, None]
    gradients = [None] * len(layers)
    for index in range(len(layers) - 1, -1, -1):
        w = layers[index][0]
        gradients[index] = (delta.T @ activations[index] + l2 * w, delta.sum(axis=0))
        if index > 0:
            delta = (delta @ w) * NP_ACTIVATIONS[layers[index - 1][2]][1](scores[index - 1])
    return loss, gradients


def random_points(rng, n):
    return [L.Point(f"p{i}", rng.uniform(-1.2, 1.2), rng.uniform(-1.2, 1.2), rng.randint(0, 1)) for i in range(n)]


CASES = [((4, 2), "tanh", 0.01), ((3,), "sigmoid", 0.1), ((5, 3, 2), "relu", 0.0), ((), "sigmoid", 0.3),
         ((8, 8, 8, 8), "tanh", 0.05), ((2,), "linear", 1.0)]


@pytest.mark.parametrize("layers, name, l2", CASES)
def test_loss_and_gradients_with_l2_match_numpy(layers, name, l2):
    rng = random.Random(str(layers) + name)
    net, points = seeded(layers, name, rng.randint(0, 999)), random_points(rng, 13)
    loss, gradients = backpropagate(net, points, l2)
    expected_loss, expected = numpy_objective_and_gradients(net, points, l2)
    assert loss == pytest.approx(expected_loss, abs=ORACLE_TOLERANCE)
    for ours, (w, b) in zip(gradients, expected):
        assert np.allclose(ours.weights, w, rtol=0, atol=ORACLE_TOLERANCE)
        assert np.allclose(ours.biases, b, rtol=0, atol=ORACLE_TOLERANCE)


@pytest.mark.parametrize("layers, name, l2", [c for c in CASES if c[1] != "relu"])
def test_gradients_with_l2_match_central_differences(layers, name, l2):
    rng = random.Random(name + str(l2))
    net, points = seeded(layers, name, 3), random_points(rng, 9)
    _, gradients = backpropagate(net, points, l2)
    for index, layer in enumerate(net):
        for j, row in enumerate(layer.weights):
            for i in range(len(row)):
                def objective(delta):
                    rows = [list(r) for r in layer.weights]
                    rows[j][i] += delta
                    changed = L.Layer(tuple(map(tuple, rows)), layer.biases, layer.activation)
                    return backpropagate(net[:index] + (changed,) + net[index + 1:], points, l2)[0]
                numeric = (objective(FD_STEP) - objective(-FD_STEP)) / (2 * FD_STEP)
                assert gradients[index].weights[j][i] == pytest.approx(numeric, abs=FD_TOLERANCE)


def test_a_mini_batch_epoch_with_l2_matches_numpy_step_by_step():
    rng = random.Random(11)
    net, points = seeded((4, 2), "tanh", 5), random_points(rng, 23)
    ours = train_epoch(net, points, learning_rate=0.3, batch=5, l2=0.02, order_seed=42)
    order = list(range(len(points)))
    random.Random(42).shuffle(order)  # the documented order: random.Random(order_seed).shuffle
    params = [(w.copy(), b.copy(), name) for w, b, name in arrays(net)]
    for start in range(0, len(order), 5):
        batch = [points[k] for k in order[start:start + 5]]
        as_network = tuple(L.Layer(tuple(map(tuple, w)), tuple(b), n) for w, b, n in params)
        _, grads = numpy_objective_and_gradients(as_network, batch, 0.02)
        params = [(w - 0.3 * gw, b - 0.3 * gb, n) for (w, b, n), (gw, gb) in zip(params, grads)]
    assert len(range(0, 23, 5)) == 5  # five steps, the last on 3 points
    for layer, (w, b, _) in zip(ours, params):
        assert np.allclose(layer.weights, w, rtol=0, atol=1e-12) and np.allclose(layer.biases, b, rtol=0, atol=1e-12)


def test_l2_penalty_is_half_the_strength_times_the_sum_of_squared_weights():
    net = seeded((3,), "tanh", 2)
    squares = sum(w * w for layer in net for row in layer.weights for w in row)
    assert l2_penalty(net, 0.1) == pytest.approx(0.05 * squares, rel=1e-15)


# --- The trainer ----------------------------------------------------------------------


def test_the_default_spec_is_the_lessons_deep_balanced_run_bit_for_bit():
    stored = replay("deep", "balanced")
    run = train_spec(parse({}))
    assert len(run.checkpoints) == len(stored.checkpoints) == 61
    for ours, theirs in zip(run.checkpoints, stored.checkpoints):
        assert ours.network == theirs.network and ours.loss == theirs.loss
        assert ours.gradients == theirs.gradients and ours.accuracy == theirs.accuracy
        assert ours.test_loss is None and ours.test_accuracy is None and ours.penalty == 0.0


TF_LIKE = {"dataset": "circle", "points": 60, "noise": 0.1, "test": 0.25, "layers": "4,2", "batch": 7,
           "rate": 0.3, "epochs": 6, "l2": 0.01, "init": 4}


def test_each_checkpoint_reports_train_and_test_numbers_that_numpy_confirms():
    spec = parse(TF_LIKE)
    train, test = spec_points(spec)
    assert (len(train), len(test)) == (45, 15)
    for c in epochs(spec):
        loss_and_penalty, grads = numpy_objective_and_gradients(c.network, train, 0.01)
        assert c.loss + c.penalty == pytest.approx(loss_and_penalty, abs=ORACLE_TOLERANCE)
        test_loss, _ = numpy_objective_and_gradients(c.network, test, 0.0)
        assert c.test_loss == pytest.approx(test_loss, abs=ORACLE_TOLERANCE)
        for ours, (w, _), size in zip(c.gradients, grads, c.gradient_sizes):
            assert np.allclose(ours.weights, w, rtol=0, atol=ORACLE_TOLERANCE)
            assert size == pytest.approx(np.sqrt(np.mean(w ** 2)), rel=1e-12)
        for points, share in ((train, c.accuracy), (test, c.test_accuracy)):
            confidences = [L.predict(c.network, p.inputs) for p in points]
            right = [round(q * 100) != 50 and (q > 0.5) == (p.label == 1) for q, p in zip(confidences, points)]
            assert share == sum(right) / len(points)


def test_a_run_resumed_from_any_checkpoint_gives_the_same_numbers():
    spec = parse(TF_LIKE)
    whole = list(epochs(spec))
    resumed = list(epochs(spec, start=3, network=whole[3].network))
    assert resumed == whole[3:]
    assert ORDER_SEED * spec.network.init + 3 != ORDER_SEED * (spec.network.init + 1) + 3


def test_a_diverging_spec_stops_and_says_where():
    run = train_spec(parse({"layers": "3", "activation": "linear", "rate": 20, "epochs": 300}))
    assert run.diverged_at is not None and len(run.checkpoints) == run.diverged_at


# --- The train_spec call ---------------------------------------------------------------


def test_the_call_streams_in_chunks_that_join_into_the_whole_run():
    whole = json.loads(call("train_spec", json.dumps({"spec": TF_LIKE})))
    assert [c["epoch"] for c in whole["checkpoints"]] == list(range(7)) and whole["next"] is None
    assert len(whole["points"]["train"]) == 45 and len(whole["points"]["test"]) == 15
    chunks, args = [], {"spec": TF_LIKE, "count": 3}
    while True:
        reply = json.loads(call("train_spec", json.dumps(args)))
        chunks += reply["checkpoints"]
        if reply["next"] is None:
            break
        args = {"spec": TF_LIKE, "count": 3, **reply["next"]}
    assert chunks == whole["checkpoints"]
    assert whole["spec"]["layers"] == [4, 2] and whole["diverged_at"] is None


def test_the_call_refuses_a_bad_spec_with_the_specs_message():
    answer = json.loads(respond("train_spec", json.dumps({"spec": {"layers": "1,2,3,4,5"}})))
    assert answer == {"error": "spec: network.layers: expected 0 to 4 hidden layers, got 5"}
    answer = json.loads(respond("train_spec", json.dumps({"spec": {}, "from": 2})))
    assert "network" in answer["error"]


def test_checkpoints_every_few_epochs_are_those_of_the_full_run():
    spec = parse(TF_LIKE)
    whole = list(epochs(spec))
    assert list(epochs(spec, every=4)) == [whole[0], whole[4], whole[6]]
    args, chunks = {"spec": TF_LIKE, "count": 1, "every": 4}, []
    while args:
        reply = json.loads(call("train_spec", json.dumps(args)))
        chunks += [c["epoch"] for c in reply["checkpoints"]]
        args = reply["next"] and {"spec": TF_LIKE, "count": 1, "every": 4, **reply["next"]}
    assert chunks == [0, 4, 6]


@pytest.mark.parametrize("name", sorted(L.ACTIVATIONS))
def test_a_columns_outputs_and_slopes_are_the_value_and_derivative_bit_for_bit(name):
    """A forward pass takes f of a column of scores at once, and backpropagation f'(z) from those scores
    and outputs: each must be the very number f.value(z) and f.derivative(z) give."""
    f, rng = L.ACTIVATIONS[name], random.Random(name)
    zs = [rng.uniform(-8, 8) for _ in range(2000)] + [0.0, -0.0, 30.0, -30.0]
    outputs = f.column(zs)
    assert [repr(a) for a in outputs] == [repr(f.value(z)) for z in zs]  # repr: -0.0 apart from 0.0
    assert f.slopes(zs, outputs) == [f.derivative(z) for z in zs]


def test_the_call_refuses_a_network_that_is_not_the_specs():
    first = json.loads(call("train_spec", json.dumps({"spec": TF_LIKE, "count": 1})))
    network = first["next"]["network"]
    for layer in network[:-1]:
        layer["activation"] = "relu"
    answer = json.loads(respond("train_spec", json.dumps({"spec": TF_LIKE, **first["next"], "network": network})))
    assert answer["error"].startswith("'network' is not the spec's: hidden layers [4, 2] of ['relu', 'relu']")
