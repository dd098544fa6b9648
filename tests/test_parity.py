"""Parity: lesson_py gives the same numbers in CPython (the build) and in Pyodide (the
browser), bit for bit. Over 1,000 random calls, 204 random run specs trained whole, every
checkpoint of the lesson's six runs and "Check with Python" of stored spec runs (spec_replay)
go through lesson_py.widgets.calls on both sides; Pyodide runs under Node from the very npm
package and lock the site serves, in one process."""

import json
import math
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
from build_hooks import runtime
from build_hooks.widget_data import dumps, spec_run_data
from lesson_py import ACTIVATIONS
from lesson_py.runs import PLANS
from lesson_py.spec import parse, to_flat
from lesson_py.trainer import train_spec
from lesson_py.widgets import calls
from parity_cases import differences, random_cases, run_cases

SEED = 20260314

# "Check with Python" for a run of a spec: the build (CPython) stores the run, the call retrains it up to
# an epoch and compares. Pyodide's answer can equal CPython's ("identical, bit for bit") only if Pyodide
# retrains every number and word the page stores to the same bits.
REPLAYED = {
    "test points, two hidden layers, mini-batches": {"dataset": "circle", "points": "40", "noise": "0.1",
                                                     "test": "0.25", "layers": "3,2", "activation": "tanh",
                                                     "rate": "0.3", "batch": "8", "epochs": "12"},
    "L2": {"dataset": "xor", "points": "30", "layers": "4", "activation": "sigmoid", "rate": "1",
           "batch": "5", "epochs": "10", "l2": "0.01"},
    "deep relu spiral, full batch": {"dataset": "spiral", "points": "24", "noise": "0.05", "test": "0.2",
                                     "layers": "2,3,2", "activation": "relu", "epochs": "6", "init": "7"},
}
TAMPERED = "L2"  # also sent with one loss changed in its last bit: both sides must name the same difference


def stored_spec_run(spec: dict) -> dict:
    """A run's JSON as the page holds it: the build's, through JSON text."""
    flat = to_flat(parse(spec))
    return json.loads(dumps(spec_run_data(flat, train_spec(parse(flat)))))


def spec_replay_cases() -> list[tuple[str, dict]]:
    """Each REPLAYED run checked at epoch 0, at a middle stored epoch and at its last; the TAMPERED one
    once more with its epoch-1 training loss one bit off."""
    cases = []
    for spec in REPLAYED.values():
        data = stored_spec_run(spec)
        epochs = sorted({0, data["checkpoints"][len(data["checkpoints"]) // 2]["epoch"], data["checkpoints"][-1]["epoch"]})
        cases += [("spec_replay", {"run": data, "epoch": epoch}) for epoch in epochs]
    changed = stored_spec_run(REPLAYED[TAMPERED])
    changed["losses"][1] = math.nextafter(changed["losses"][1], math.inf)
    return cases + [("spec_replay", {"run": changed, "epoch": changed["checkpoints"][-1]["epoch"]})]


def test_differences_catches_a_last_digit_change_but_allows_none_beyond_tolerance():
    assert differences({"a": [0.1, "x"]}, {"a": [0.1 + 2e-12, "x"]})
    assert differences({"a": 1}, {"b": 1}) and differences([1], [1, 2]) and differences("x", "y")
    assert not differences({"a": [0.1, None, True]}, {"a": [0.1 + 1e-17, None, True]})


# --- Running Pyodide under Node ----------------------------------------------------------


def node() -> str:
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node (Node.js 20 or newer) is needed to run Pyodide for the parity test")
        pytest.skip("no node on PATH")
    return found


def runtime_folder(target: Path) -> Path:
    """The site's assets/pyodide/<version>/ laid out on disk: core files, lock, wheel."""
    prepared = runtime.prepare_runtime(runtime.cache_dir())
    for name, source in prepared.files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / name)
    return target


def run_in_pyodide(cases: list[tuple[str, str]], tmp: Path) -> dict:
    folder = runtime_folder(tmp / "runtime")
    (tmp / "cases.json").write_text(json.dumps(cases))
    result = subprocess.run([node(), str(ROOT / "tests" / "pyodide_node.mjs"), str(folder),
                             str(tmp / "cases.json"), str(tmp / "results.json")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"Pyodide under Node failed:\n{result.stdout}\n{result.stderr}"
    return json.loads((tmp / "results.json").read_text())


@pytest.fixture(scope="module")
def both_sides(tmp_path_factory):
    calls_and_runs = random_cases(random.Random(SEED)) + run_cases(random.Random(SEED + 1)) + spec_replay_cases()
    cases = [(name, json.dumps(args)) for name, args in calls_and_runs]
    cpython = [calls.respond(name, args) for name, args in cases]
    pyodide = run_in_pyodide(cases, tmp_path_factory.mktemp("parity"))
    return cases, cpython, pyodide


def test_enough_cases_of_every_kind(both_sides):
    cases, cpython, _ = both_sides
    assert len(cases) >= 1000
    kinds = {name for name, _ in cases}
    assert {"activation", "fire", "forward", "backpropagate", "training_step", "equivalent_neuron", "softmax",
            "softmax_view", "neuron_step", "one_step_view", "spec_replay"} <= kinds
    for name in ACTIVATIONS:
        assert any(n == "activation" and json.loads(a)["name"] == name for n, a in cases)
    # Nearly all cases are real computations, not refusals.
    assert sum('"error"' in answer[:10] for answer in cpython) == 4


def test_pyodide_runs_the_pinned_version(both_sides):
    _, _, pyodide = both_sides
    assert pyodide["version"] == runtime.PYODIDE_VERSION
    assert pyodide["python"].startswith("3.")


def test_cpython_and_pyodide_agree_within_tolerance(both_sides):
    cases, cpython, pyodide = both_sides
    assert len(pyodide["results"]) == len(cases)
    problems = []
    for (name, args), ours, theirs in zip(cases, cpython, pyodide["results"]):
        found = differences(json.loads(ours), json.loads(theirs))
        if found:
            problems.append(f"{name} {args}: {found[:3]}")
    assert not problems, f"{len(problems)} of {len(cases)} cases differ:\n" + "\n".join(problems[:10])


def test_every_answer_is_bit_identical(both_sides):
    """The answers are the same text, so every double has the same bits (JSON writes the
    shortest repr that round-trips). Before lesson_py.exact, math.tanh was the exception:
    CPython here calls glibc's tanh and Pyodide its Emscripten libm, and they disagreed in
    the last bit for a few percent of inputs (50 of 1,099 answers). exp, log1p and tanh now
    come from lesson_py.exact, built from IEEE basic operations."""
    cases, cpython, pyodide = both_sides
    unequal = [(name, args) for (name, args), ours, theirs in zip(cases, cpython, pyodide["results"]) if ours != theirs]
    assert not unequal, f"{len(unequal)} of {len(cases)} answers are not bit-identical: {unequal[:3]}"


def test_the_run_specs_and_the_lessons_runs_were_all_trained(both_sides):
    cases, cpython, _ = both_sides
    runs = [(name, json.loads(args), json.loads(answer)) for (name, args), answer in zip(cases, cpython)
            if name in ("train_spec", "replay")]
    specs = [(args["spec"], answer["result"]) for name, args, answer in runs if name == "train_spec"]
    assert len(specs) >= 200 and all("checkpoints" in result for _, result in specs)
    assert {spec["dataset"] for spec, _ in specs} == {"lesson", "circle", "xor", "gauss", "spiral", "listed"}
    assert sum(len(result["checkpoints"]) for _, result in specs) >= 1000
    assert any(result["checkpoints"][-1]["test_loss"] is not None for _, result in specs)
    replays = {(args["network"], args["preset"], args["epoch"]) for name, args, answer in runs if name == "replay"}
    assert len(replays) == sum(plan.epochs + 1 for plan in PLANS.values())


def test_the_spec_runs_were_checked_and_each_check_found_what_it_should(both_sides):
    """CPython's own answers: every untouched run is identical at each epoch checked, the tampered one names
    its changed loss, so Pyodide's equal answers (test_every_answer_is_bit_identical) mean the same."""
    cases, cpython, _ = both_sides
    checks = [(json.loads(args), json.loads(answer)["result"]) for (name, args), answer in zip(cases, cpython)
              if name == "spec_replay"]
    assert len(checks) == len(spec_replay_cases())
    *untouched, (changed, found) = checks
    for args, result in untouched:
        assert result["matches"], (args["run"]["spec"], args["epoch"], result["details"])
        assert result["sentence"].endswith(f"up to epoch {args['epoch']}: identical, bit for bit.")
        assert result["numbers"] > 0 and result["texts"] > 0
    specs = [args["run"]["spec"] for args, _ in untouched]
    assert any(s["test"] != "0.0" and len(s["layers"].split(",")) == 2 and s["batch"] != "full" for s in specs)
    assert any(s["l2"] != "0.0" for s in specs)
    assert {args["epoch"] for args, _ in untouched if args["run"]["spec"] == specs[0]} >= {0, 12}
    assert not found["matches"] and found["where"] == "the training loss at epoch 1"
