"""Random cases for lesson_py.widgets.calls and a tolerant comparison of their answers, shared
by the parity tests (CPython against Pyodide under Node, and in the browser)."""

import math
import random

from lesson_py import ACTIVATIONS
from lesson_py.runs import PLANS
from lesson_py.spec import GENERATED, HIDDEN_ACTIVATIONS

TOLERANCE = 1e-12


def layer(rng: random.Random, inputs: int, neurons: int, activation: str) -> dict:
    return {"weights": [[rng.uniform(-3, 3) for _ in range(inputs)] for _ in range(neurons)],
            "biases": [rng.uniform(-1, 1) for _ in range(neurons)], "activation": activation}


def network(rng: random.Random, hidden_activation: str) -> list:
    """A 2 -> n -> 1 network like the lesson's Deep one, or (a quarter of the time) Shallow."""
    if rng.random() < 0.25:
        return [layer(rng, 2, 1, "sigmoid")]
    hidden = rng.randint(1, 4)
    return [layer(rng, 2, hidden, hidden_activation), layer(rng, hidden, 1, "sigmoid")]


def points(rng: random.Random) -> dict:
    """Either the lesson's dataset (no "points") or a few random labelled points."""
    if rng.random() < 0.5:
        return {}
    return {"points": [{"name": f"p{i}", "x": rng.uniform(-1.5, 1.5), "y": rng.uniform(-1.5, 1.5),
                        "label": rng.randint(0, 1)} for i in range(rng.randint(1, 10))]}


def score(rng: random.Random) -> float:
    """Mostly everyday scores, sometimes large ones where exp and tanh saturate."""
    return rng.choice([rng.uniform(-6, 6), rng.uniform(-6, 6), rng.uniform(-60, 60), rng.gauss(0, 1e-3)])


def random_cases(rng: random.Random) -> list[tuple[str, dict]]:
    names = list(ACTIVATIONS)
    cases: list[tuple[str, dict]] = []
    for name in names:
        cases += [("activation", {"name": name, "z": score(rng)}) for _ in range(60)]
        cases += [("activation", {"name": name, "z": z}) for z in (0.0, -0.0, 1e-300, 709.0, -745.0)]
        cases += [("fire", {"inputs": [rng.uniform(-2, 2), rng.uniform(-2, 2)],
                            "weights": [rng.uniform(-3, 3), rng.uniform(-3, 3)],
                            "bias": rng.uniform(-2, 2), "activation": name}) for _ in range(40)]
        cases += [("forward", {"network": network(rng, name), "inputs": [rng.uniform(-1.5, 1.5) for _ in range(2)]})
                  for _ in range(30)]
        cases += [("backpropagate", {"network": network(rng, name), **points(rng)}) for _ in range(30)]
        cases += [("training_step", {"network": network(rng, name), "learning_rate": rng.choice([0.1, 0.5, 1.5, 4.0]),
                                     **points(rng)}) for _ in range(20)]
        cases += [("train", {"network": network(rng, name), "learning_rate": rng.uniform(0.05, 3),
                             "epochs": rng.randint(1, 25)}) for _ in range(4)]
        cases += [("deep", {"hidden": rng.randint(1, 5), "hidden_activation": name, "seed": rng.randint(0, 10**6)})
                  for _ in range(4)]
        cases += [("probability_grid", {"network": network(rng, name), "size": 7, "extent": 1.5}) for _ in range(2)]
        cases += [("judge", {"network": network(rng, name)}) for _ in range(4)]
    for _ in range(60):
        hidden = rng.randint(1, 4)
        net = [layer(rng, 2, hidden, "linear"), layer(rng, hidden, 1, "sigmoid")]
        cases.append(("equivalent_neuron", {"network": net}))
    cases += [("binary_cross_entropy", {"z": score(rng), "label": rng.randint(0, 1)}) for _ in range(40)]
    # Softmax: everyday, huge (1000: stable only by subtracting the largest) and tiny scores, and the
    # widget's words for random scores on its grid (lesson_py.widgets.softmax's range and step).
    cases += [("softmax", {"scores": [score(rng) for _ in range(rng.randint(1, 5))]}) for _ in range(60)]
    cases += [("softmax", {"scores": s}) for s in ([1000.0, 999.0, -5.0], [-1000.0, -1000.0], [709.0, -745.0, 0.0])]
    cases += [("softmax_view", {f"score{i}": rng.randint(-100, 100) / 10 for i in (1, 2, 3)}) for _ in range(40)]
    # One neuron's training step on one example (lesson_py.training.neuron_step), and the one-step widget's
    # words for random labels and rates on its grid from random starting neurons on the playground's grid.
    cases += [("neuron_step", {"inputs": [rng.uniform(-2, 2), rng.uniform(-2, 2)],
                               "weights": [rng.uniform(-3, 3), rng.uniform(-3, 3)], "bias": rng.uniform(-3, 3),
                               "label": rng.randint(0, 1), "learning_rate": rng.uniform(0, 5)}) for _ in range(40)]
    cases += [("one_step_view", {"label": rng.randint(0, 1), "rate": rng.randint(0, 100) / 20,
                                 **{k: rng.randint(-200, 200) / 100 for k in ("x1", "x2")},
                                 **{k: rng.randint(-300, 300) / 100 for k in ("w1", "w2", "b")}}) for _ in range(40)]
    # Refusals must read the same on both sides too.
    cases += [("fire", {"inputs": [1, 2], "weights": [1], "bias": 0}), ("no_such_call", {}),
              ("activation", {"name": "swish", "z": 1}), ("train", {"network": [], "learning_rate": 1, "epochs": 1})]
    return cases


def random_spec(rng: random.Random, largest: bool = False) -> dict:
    """A run spec of every kind of dataset, depth, activation, batch and L2, as JSON values.
    Small (at most 60 points, 10 epochs) unless `largest`: then TensorFlow Playground's size."""
    kind = rng.choice(("lesson", *GENERATED, "listed"))
    spec: dict = {"dataset": kind}
    if kind in GENERATED:
        spec.update(points=200 if largest else rng.randint(20, 60), noise=rng.choice([0.0, 0.05, 0.2, 0.5]),
                    test=rng.choice([0.0, 0.2, 0.5]), seed=rng.randint(0, 10**6))
    if kind == "listed":
        spec["data"] = [{"x": rng.uniform(-1.2, 1.2), "y": rng.uniform(-1.2, 1.2), "label": rng.randint(0, 1)}
                        for _ in range(rng.randint(2, 12))]
    depth = rng.choice([0, 1, 1, 2, 2, 3, 4])
    spec.update(layers=[rng.randint(1, 8 if depth < 3 else 4) for _ in range(depth)],
                activation=rng.choice(HIDDEN_ACTIVATIONS), init=rng.randint(0, 10**6),
                rate=rng.choice([0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]), epochs=30 if largest else rng.randint(1, 10),
                batch=rng.choice([None, None, 1, 5, 10, 32]), l2=rng.choice([0.0, 0.0, 0.001, 0.01, 0.1]))
    return spec


def run_cases(rng: random.Random, specs: int = 200) -> list[tuple[str, dict]]:
    """`specs` random run specs trained whole (train_spec), a few larger ones, and every
    checkpoint of the lesson's six runs retrained (replay)."""
    cases = [("train_spec", {"spec": random_spec(rng)}) for _ in range(specs)]
    cases += [("train_spec", {"spec": random_spec(rng, largest=True)}) for _ in range(4)]
    cases += [("replay", {"network": network, "preset": preset, "epoch": epoch})
              for (network, preset), plan in PLANS.items() for epoch in range(plan.epochs + 1)]
    return cases


def differences(left, right, where="") -> list[str]:
    """Where two answers differ beyond TOLERANCE (numbers) or at all (anything else)."""
    if isinstance(left, bool) or isinstance(right, bool) or left is None or isinstance(left, str):
        return [] if left == right and type(left) is type(right) else [f"{where}: {left!r} != {right!r}"]
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        ok = math.isclose(left, right, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
        return [] if ok else [f"{where}: {left!r} != {right!r}"]
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        return [d for i, (a, b) in enumerate(zip(left, right)) for d in differences(a, b, f"{where}[{i}]")]
    if isinstance(left, dict) and isinstance(right, dict) and left.keys() == right.keys():
        return [d for k in left for d in differences(left[k], right[k], f"{where}.{k}")]
    return [f"{where}: {left!r} != {right!r}"]
