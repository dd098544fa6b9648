"""The Training Loop Visualizer without a browser: its static snapshot (build_hooks/
training_visualizer.py) and the `replay` call behind "Check with Python"."""

import json
import re
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
from build_hooks import training_visualizer
from build_hooks.widget_data import training_runs_data
from lesson_py.widgets import calls
from lesson_py.runs import PLANS, replay
from lesson_py.widgets import visualizer
from lesson_py.widgets.format import percent

SCRIPTS = [ROOT / "docs" / "widgets" / "js" / f"{name}.js"
           for name in ("training-visualizer", "scrubbed-widget", "spec-visualizer")]


@pytest.fixture(scope="module")
def data():
    return training_runs_data()


def options(**given):
    return {"id": "loop", "network": "shallow", "preset": "balanced", "epoch": 0, "highlight": "nw-positive", **given}


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def part(html: str, name: str) -> str:
    found = re.search(rf'data-tv="{name}"[^>]*>(.*?)</', html, re.S)
    assert found, name
    return unescape(found.group(1))


def rows(html: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*)</tbody>", html, re.S).group(1)
    return [[unescape(re.sub(r"<[^>]+>", "", cell)).replace("\u00ad", "")
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)]


def test_the_default_snapshot_is_epoch_0_of_shallow_balanced(data):
    html = training_visualizer.snapshot(options(), data)
    assert part(html, "loss") == "0.697" and part(html, "epoch") == "0"
    assert part(html, "accuracy") == "2 of 8 correct (25%)" and part(html, "fit") == "underfitting"
    table = rows(html)
    assert table[0] == ["nw-positive", "positive", "(-1.00, 1.00)", "44%", "wrong"]
    assert "Scripts make it interactive" in text_of(html)
    assert "Confidence it is positive" in text_of(html).replace("\u00ad", "")
    assert re.search(r'value="shallow" data-tv-choice="network" aria-describedby="([a-z-]+)" checked disabled', html)
    assert re.search(r'value="balanced" data-tv-choice="preset" aria-describedby="([a-z-]+)" checked disabled', html)
    hint = re.search(r'value="gentle" data-tv-choice="preset" aria-describedby="([a-z-]+)"', html).group(1)
    assert f'id="{hint}">Small, careful steps' in html


@pytest.mark.parametrize("network, preset", list(PLANS))
def test_every_run_and_epoch_is_written_from_its_checkpoint(data, network, preset):
    run = data["runs"][network][preset]
    fresh = replay(network, preset)
    for epoch in (0, PLANS[(network, preset)].epochs // 2, PLANS[(network, preset)].epochs):
        cp = run["checkpoints"][epoch]
        html = training_visualizer.snapshot(options(network=network, preset=preset, epoch=epoch, highlight="se-soft"), data)
        # The snapshot writes the strings lesson_py words for this checkpoint, computed here afresh.
        words = visualizer.checkpoint_words(fresh, epoch)
        assert part(html, "loss") == words["loss"]
        assert part(html, "fit") == cp["fit"] == fresh.checkpoints[epoch].fit
        assert part(html, "fit-words") == words["fit"]
        assert part(html, "run-summary") == visualizer.story(fresh)
        assert part(html, "map-description") == words["map"]
        assert [part(html, f"step-{name}") for name in training_visualizer.STEPS] == words["steps"]
        assert f'aria-valuetext="{words["valuetext"]}"' in html
        assert part(html, "epoch-out") == f"{epoch} of {PLANS[(network, preset)].epochs}"
        table = rows(html)
        correct = sum(row[4] == "correct" for row in table)
        assert part(html, "accuracy") == words["accuracy"] == f"{correct} of 8 correct ({percent(cp['accuracy'])})"
        assert cp["accuracy"] == correct / 8
        assert [row[3] for row in table] == words["confidence"]
        assert [row[4] for row in table] == cp["verdicts"] == [j.verdict for j in fresh.checkpoints[epoch].judgements]
        assert part(html, "highlight-confidence") == words["confidence"][5]
        assert '<tr data-point="se-soft" data-verdict="' in html and 'class="nn-tv-row--highlight"' in html
        assert f"(learning rate {run['learning_rate']:g})" in html


def script_of(name: str) -> str:
    """One class of the visualizer's scripts: from its `class` line to the next top-level one."""
    text = next(t for t in (p.read_text() for p in SCRIPTS) if re.search(rf"^(export )?class {name} ", t, re.M))
    start = text.index(f"class {name} ")
    rest = re.search(r"^(class |async function |function )", text[start + 1:], re.M)
    return text[start:start + 1 + rest.start()] if rest else text[start:]


def test_the_snapshot_has_every_part_the_script_looks_for(data):
    """The script finds its parts by data-tv name: each one the lesson's runs ask for (the shared
    transport's and the TrainingVisualizer's) must be in the markup."""
    wanted = set(re.findall(r'part\("([a-z-]+)"\)', script_of("ScrubbedWidget") + script_of("TrainingVisualizer")))
    wanted |= {f"step-{name}" for name in training_visualizer.STEPS}
    assert len(wanted) > 20
    html = training_visualizer.snapshot(options(), data)
    present = set(re.findall(r'data-tv="([a-z-]+)"', html))
    assert wanted <= present, wanted - present


# --- The replay call ----------------------------------------------------------------


def stored(data, network, preset, epoch):
    cp = data["runs"][network][preset]["checkpoints"][epoch]
    return {"loss": cp["loss"], "network": cp["parameters"], "gradients": cp["gradients"],
            "confidences": cp["confidence"]}


@pytest.mark.parametrize("network, preset", list(PLANS))
def test_replay_matches_the_stored_runs_bit_for_bit_in_cpython(data, network, preset):
    last = PLANS[(network, preset)].epochs
    for epoch in (0, 1, last):
        args = {"network": network, "preset": preset, "epoch": epoch, "expected": stored(data, network, preset, epoch)}
        answer = json.loads(calls.call("replay", json.dumps(args)))
        hidden = len(data["runs"][network][preset]["checkpoints"][0]["parameters"][0]["weights"])
        parameters = 3 if network == "shallow" else 4 * hidden + 1
        assert answer["compared"] == 1 + 2 * parameters + 8
        assert answer["max_difference"] == 0.0 and answer["epoch"] == epoch
        assert answer["matches"] and answer["sentence"].endswith("got the same numbers as the stored checkpoint: identical, bit for bit.")
        assert f"over {answer['compared']} numbers" in answer["details"]


def test_replay_names_the_number_that_differs(data):
    expected = stored(data, "deep", "balanced", 12)
    expected["gradients"][0]["biases"][2] += 3e-9
    expected["confidences"][4] -= 1e-10
    answer = json.loads(calls.call("replay", json.dumps(
        {"network": "deep", "preset": "balanced", "epoch": 12, "expected": expected})))
    assert answer["where"] == "gradients[0].biases[2]"
    assert answer["max_difference"] == pytest.approx(3e-9, rel=1e-6)
    # Plain words first, the details after: the sentence names no number, the details name the largest.
    assert not answer["matches"] and answer["sentence"].startswith("Python retrained 12 epochs in your browser and got different numbers")
    assert "3.0e-09, at gradients[0].biases[2]" in answer["details"]


@pytest.mark.parametrize("args, message", [
    ({"network": "wide", "preset": "balanced", "epoch": 1}, "no run 'wide'/'balanced'"),
    ({"network": "deep", "preset": "balanced", "epoch": 61}, "'epoch' must be a whole number from 0 to 60"),
    ({"network": "deep", "preset": "balanced", "epoch": 2, "expected": [1]}, "'expected' must be an object"),
    ({"network": "deep", "preset": "balanced", "epoch": 2, "expected": {"loss": "x"}}, "expected a number at loss"),
    ({"network": "deep", "preset": "balanced", "epoch": 2, "expected": {"confidences": [0.5]}},
     "expected a list of 8 at confidences"),
])
def test_replay_refuses_bad_arguments_with_a_reason(args, message):
    reply = json.loads(calls.respond("replay", json.dumps(args)))
    assert message in reply["error"]


def test_the_scripts_word_nothing_python_words():
    """The visualizer's scripts insert Python's strings: no count of points, no number
    formatting of their own (only the loss chart's round axis ticks), no rounding code."""
    scripts = {name: (ROOT / "docs" / "widgets" / "js" / name).read_text()
               for name in ("training-visualizer.js", "spec-visualizer.js", "scrubbed-widget.js", "training-runs.js",
                            "line-chart.js")}
    for name, text in scripts.items():
        assert not re.search(r"\b8 points\b|\bof 8\b", text), name
        assert "py-format" not in text and "toExponential" not in text and "toPrecision" not in text, name
    assert scripts["scrubbed-widget.js"].count("toFixed(") == 1  # the axis ticks: 0.0, 0.2, ...
    assert not (ROOT / "docs" / "widgets" / "js" / "py-format.js").exists()
