"""Parity: lesson_py gives the same numbers in CPython (the build) and in Pyodide (the
browser), bit for bit. Over 1,000 random calls, 204 random run specs trained whole and every
checkpoint of the lesson's six runs go through lesson_py.widgets.calls on both sides; Pyodide
runs under Node from the very npm package and lock the site serves, in one process."""

import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
from build_hooks import runtime
from lesson_py import ACTIVATIONS
from lesson_py.runs import PLANS
from lesson_py.widgets import calls
from parity_cases import differences, random_cases, run_cases

SEED = 20260314


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
    calls_and_runs = random_cases(random.Random(SEED)) + run_cases(random.Random(SEED + 1))
    cases = [(name, json.dumps(args)) for name, args in calls_and_runs]
    cpython = [calls.respond(name, args) for name, args in cases]
    pyodide = run_in_pyodide(cases, tmp_path_factory.mktemp("parity"))
    return cases, cpython, pyodide


def test_enough_cases_of_every_kind(both_sides):
    cases, cpython, _ = both_sides
    assert len(cases) >= 1000
    kinds = {name for name, _ in cases}
    assert {"activation", "fire", "forward", "backpropagate", "training_step", "equivalent_neuron", "softmax",
            "softmax_view", "neuron_step", "one_step_view"} <= kinds
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
