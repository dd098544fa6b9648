"""lesson_py's math checked along two independent paths: central finite
differences for every gradient, and a separate numpy implementation written
here (it never calls lesson_py) for forward pass, loss and gradients."""

import math
import random

import numpy as np
import pytest

import lesson_py as L
from lesson_py.widgets import format as F
from lesson_py.widgets.wording import ACTIVATION_WORDS

ACTIVATION_NAMES = sorted(L.ACTIVATIONS)
FD_STEP = 1e-6
FD_TOLERANCE = 1e-6       # central differences with h = 1e-6 are accurate to ~1e-9 here
ORACLE_TOLERANCE = 1e-12  # two float64 implementations of the same formulas


def random_network(rng: random.Random, hidden: int | None, hidden_activation: str) -> L.Network:
    def row(n):
        return tuple(rng.uniform(-2, 2) for _ in range(n))
    if hidden is None:
        return (L.Layer((row(2),), row(1), "sigmoid"),)
    return (L.Layer(tuple(row(2) for _ in range(hidden)), row(hidden), hidden_activation),
            L.Layer((row(hidden),), row(1), "sigmoid"))


def random_points(rng: random.Random, n: int) -> list[L.Point]:
    return [L.Point(f"p{i}", rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5), rng.randint(0, 1)) for i in range(n)]


def with_parameter(network: L.Network, layer: int, kind: str, j: int, i: int, delta: float) -> L.Network:
    layers = list(network)
    target = layers[layer]
    if kind == "weight":
        weights = [list(r) for r in target.weights]
        weights[j][i] += delta
        layers[layer] = L.Layer(tuple(tuple(r) for r in weights), target.biases, target.activation)
    else:
        biases = list(target.biases)
        biases[j] += delta
        layers[layer] = L.Layer(target.weights, tuple(biases), target.activation)
    return tuple(layers)


def parameters(network: L.Network):
    for index, layer in enumerate(network):
        for j, row in enumerate(layer.weights):
            for i in range(len(row)):
                yield index, "weight", j, i
            yield index, "bias", j, 0


def near_a_kink(network: L.Network, points) -> bool:
    """ReLU and Step have no derivative at z = 0: skip draws with a hidden score that close."""
    if len(network) == 1 or network[0].activation not in ("relu", "step"):
        return False
    return any(abs(z) < 1e-3 for p in points for z in L.forward(network, p.inputs)[0].z)


# --- activations ---------------------------------------------------------------

@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_activation_derivative_matches_central_differences(name):
    f = L.ACTIVATIONS[name]
    rng = random.Random(name)
    for _ in range(200):
        z = rng.uniform(-6, 6)
        if name in ("relu", "step") and abs(z) < 1e-3:
            continue
        numeric = (f.value(z + FD_STEP) - f.value(z - FD_STEP)) / (2 * FD_STEP)
        assert f.derivative(z) == pytest.approx(numeric, abs=FD_TOLERANCE), z


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_every_activation_has_a_one_line_description(name):
    description = ACTIVATION_WORDS[name].description
    assert description.endswith(".") and "\n" not in description and len(description) < 100


def test_unknown_activation_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown activation 'softsign'.*sigmoid"):
        L.activation("softsign")


def test_sigmoid_never_overflows():
    assert L.sigmoid(-1000.0) == 0.0 and L.sigmoid(1000.0) == 1.0


# --- gradients: central finite differences ----------------------------------------

NETWORK_SHAPES = [(None, "sigmoid")] + [(h, name) for h in (2, 3) for name in ACTIVATION_NAMES]


@pytest.mark.parametrize("hidden, hidden_activation", NETWORK_SHAPES)
def test_backprop_gradients_match_central_differences(hidden, hidden_activation):
    rng = random.Random(f"{hidden}-{hidden_activation}")
    checked = 0
    for _ in range(40):
        network = random_network(rng, hidden, hidden_activation)
        points = random_points(rng, rng.randint(1, 8))
        if near_a_kink(network, points):
            continue
        _, gradients = L.backpropagate(network, points)
        for layer, kind, j, i in parameters(network):
            up = L.backpropagate(with_parameter(network, layer, kind, j, i, FD_STEP), points)[0]
            down = L.backpropagate(with_parameter(network, layer, kind, j, i, -FD_STEP), points)[0]
            numeric = (up - down) / (2 * FD_STEP)
            analytic = gradients[layer].weights[j][i] if kind == "weight" else gradients[layer].biases[j]
            assert analytic == pytest.approx(numeric, abs=FD_TOLERANCE), (layer, kind, j, i)
            checked += 1
    assert checked > 100


# --- an independent numpy oracle ----------------------------------------------------

NUMPY_ACTIVATIONS = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
    "step": (lambda z: (z >= 0).astype(float), lambda z: np.zeros_like(z)),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}


def numpy_forward_loss_gradients(network, points):
    """Matrix form: Z1 = X W1ᵀ + b1, A1 = f(Z1), z = A1 vᵀ + c; BCE via log(1 + e^-|z|)."""
    X = np.array([p.inputs for p in points])
    y = np.array([p.label for p in points], dtype=float)
    Ws = [np.array(layer.weights) for layer in network]
    bs = [np.array(layer.biases) for layer in network]
    As, Zs = [X], []
    for W, b, layer in zip(Ws, bs, network):
        Z = As[-1] @ W.T + b
        Zs.append(Z)
        As.append(NUMPY_ACTIVATIONS[layer.activation][0](Z))
    z = Zs[-1][:, 0]
    losses = np.logaddexp(0.0, z) - y * z
    delta = (As[-1] - y[:, None]) / len(points)
    grads = []
    for k in range(len(network) - 1, -1, -1):
        grads.append((delta.T @ As[k], delta.sum(axis=0)))
        if k > 0:
            delta = (delta @ Ws[k]) * NUMPY_ACTIVATIONS[network[k - 1].activation][1](Zs[k - 1])
    return As[-1][:, 0], losses.mean(), list(reversed(grads))


def test_forward_loss_and_gradients_agree_with_numpy_on_1000_random_cases():
    rng = random.Random(2026)
    for case in range(1000):
        hidden = rng.choice([None, 1, 2, 3, 4])
        network = random_network(rng, hidden, rng.choice(ACTIVATION_NAMES))
        points = random_points(rng, rng.randint(1, 8))
        probabilities, loss, grads = numpy_forward_loss_gradients(network, points)
        ours_loss, ours_grads = L.backpropagate(network, points)
        ours_probabilities = [L.predict(network, p.inputs) for p in points]
        np.testing.assert_allclose(ours_probabilities, probabilities, rtol=0, atol=ORACLE_TOLERANCE)
        assert ours_loss == pytest.approx(loss, abs=ORACLE_TOLERANCE), case
        for ours, (gw, gb) in zip(ours_grads, grads):
            np.testing.assert_allclose(np.array(ours.weights), gw, rtol=0, atol=ORACLE_TOLERANCE)
            np.testing.assert_allclose(np.array(ours.biases), gb, rtol=0, atol=ORACLE_TOLERANCE)


def test_training_step_moves_every_parameter_against_its_gradient():
    rng = random.Random(5)
    network = random_network(rng, 3, "tanh")
    points = random_points(rng, 8)
    step = L.training_step(network, points, learning_rate=0.3)
    _, _, grads = numpy_forward_loss_gradients(network, points)
    for before, after, (gw, gb) in zip(step.before, step.after, grads):
        np.testing.assert_allclose(np.array(after.weights), np.array(before.weights) - 0.3 * gw, atol=1e-12)
        np.testing.assert_allclose(np.array(after.biases), np.array(before.biases) - 0.3 * gb, atol=1e-12)
    assert L.backpropagate(step.after, points)[0] < step.loss


# --- loss ---------------------------------------------------------------------------

@pytest.mark.parametrize("z", [-800.0, -40.0, 40.0, 800.0, 1e300, -1e300])
@pytest.mark.parametrize("label", [0, 1])
def test_cross_entropy_stays_finite_when_the_prediction_saturates(z, label):
    loss = L.binary_cross_entropy(z, label)
    assert math.isfinite(loss) and loss >= 0
    a = float(1 / (1 + np.exp(np.float64(-z)))) if abs(z) < 700 else float(z > 0)
    if a in (0.0, 1.0) and (a == label):
        assert loss < 1e-15


def test_cross_entropy_matches_its_textbook_form():
    rng = random.Random(3)
    for _ in range(200):
        z, y = rng.uniform(-8, 8), rng.randint(0, 1)
        a = 1 / (1 + math.exp(-z))
        assert L.binary_cross_entropy(z, y) == pytest.approx(-(y * math.log(a) + (1 - y) * math.log(1 - a)), rel=1e-12)


# --- the spec's numbers ---------------------------------------------------------------

def test_default_neuron_is_the_lessons_known_good_example():
    out = L.fire((0.90, 0.30), (1.20, -0.80), -0.15, "sigmoid")
    assert (F.shown(out.z), F.shown(out.a), F.percent(out.confidence), out.verdict) == ("0.69", "0.67", "67%", "positive")


def test_shallow_start_has_the_spec_loss_and_confidence():
    network = L.shallow((0.12, -0.12), 0.0)
    loss, _ = L.backpropagate(network, L.DATASET)
    assert f"{loss:.3f}" == "0.697"
    nw = next(j for j in L.judge(network, L.DATASET) if j.point.name == "nw-positive")
    assert F.percent(nw.confidence) == "44%"


@pytest.mark.parametrize("probability, verdict", [
    (0.504999, "undecided"), (0.495001, "undecided"), (0.5051, "positive"), (0.4949, "negative"), (0.5, "undecided"),
])
def test_a_confidence_that_shows_as_50_percent_is_undecided(probability, verdict):
    assert L.probability_verdict(probability) == verdict


def test_the_verdict_is_the_shown_percent_next_to_50_down_to_the_last_bit():
    """probability_verdict compares instead of rounding: it must agree with the percent a reader sees
    (Python's round, ties to even) on every double around both edges of 50%, and elsewhere."""
    import math
    import random
    values = [random.Random(3).random() for _ in range(20000)]
    for edge in (0.495, 0.505):
        for direction in (0.0, 1.0):
            x = edge
            for _ in range(40):
                values.append(x)
                x = math.nextafter(x, direction)
    for p in values:
        shown = round(p * 100)  # whole_percent's rule, written here again to compare with
        expected = "undecided" if shown == 50 else "positive" if shown > 50 else "negative"
        assert L.probability_verdict(p) == expected, p
    with pytest.raises(ValueError):
        L.probability_verdict(math.nan)


def test_an_undecided_point_is_not_correct():
    # A sigmoid neuron that ignores its inputs and says 50% for everything.
    network = L.shallow((0.0, 0.0), 0.0)
    judgements = L.judge(network, L.DATASET)
    assert {j.verdict for j in judgements} == {"undecided"}
    assert L.accuracy(judgements) == 0.0


def test_shown_never_prints_negative_zero():
    assert F.shown(-0.001) == "0.00" and F.shown(-0.006) == "-0.01"


# --- collapse of a linear hidden layer ------------------------------------------------

def test_linear_hidden_layer_equals_its_single_equivalent_neuron():
    rng = random.Random(11)
    for _ in range(300):
        network = random_network(rng, rng.choice([2, 3]), "linear")
        weights, bias = L.equivalent_neuron(network)
        single = L.shallow(weights, bias)
        for _ in range(5):
            x = (rng.uniform(-1, 1), rng.uniform(-1, 1))
            assert L.forward(single, x)[-1].z[0] == pytest.approx(L.forward(network, x)[-1].z[0], abs=1e-12)


def test_only_a_linear_hidden_layer_collapses():
    with pytest.raises(ValueError, match="linear"):
        L.equivalent_neuron(L.deep(2, "tanh", seed=1))


# --- what a line can and cannot do on the XOR data ---------------------------------

def line_score(w1, w2, b) -> int:
    return sum((w1 * p.x + w2 * p.y + b > 0) == (p.label == 1) for p in L.DATASET)


def candidate_lines():
    """Every way a line can split 8 points is reached by a line through two of them,
    nudged a little; the dense sweep of angles and offsets adds the rest."""
    pts = [(p.x, p.y) for p in L.DATASET]
    for (x1, y1) in pts:
        for (x2, y2) in pts:
            if (x1, y1) == (x2, y2):
                continue
            w1, w2 = y2 - y1, x1 - x2
            b = -(w1 * x1 + w2 * y1)
            for db in (-1e-6, 1e-6):
                for turn in (-1e-6, 0.0, 1e-6):
                    yield w1 + turn, w2 - turn, b + db
    for k in range(720):
        angle = math.pi * k / 360
        for offset in np.linspace(-2, 2, 161):
            yield math.cos(angle), math.sin(angle), float(offset)


def test_no_single_line_classifies_more_than_6_of_the_8_points():
    best = max(max(line_score(w1, w2, b), line_score(-w1, -w2, -b)) for w1, w2, b in candidate_lines())
    assert best == 6


def test_a_deep_network_with_a_balanced_learning_rate_classifies_all_8():
    network = L.train(L.deep(3, "tanh", seed=1), L.DATASET, learning_rate=1.0, epochs=100)[-1]
    assert L.accuracy(L.judge(network, L.DATASET)) == 1.0


def test_shallow_training_never_gets_past_6_of_8():
    for network in L.train(L.shallow((0.12, -0.12), 0.0), L.DATASET, learning_rate=1.0, epochs=200):
        assert L.accuracy(L.judge(network, L.DATASET)) <= 6 / 8


def test_seeded_initialisation_repeats_and_seeds_differ():
    assert L.deep(3, "tanh", seed=4) == L.deep(3, "tanh", seed=4)
    assert L.deep(3, "tanh", seed=4) != L.deep(3, "tanh", seed=5)
