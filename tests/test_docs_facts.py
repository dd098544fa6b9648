"""The README's and AUTHORING.md's lists of options, names and ranges, checked against the code.

AUTHORING.md is the one page that lists every option (the README shows the syntax
and links to it). It is written by hand for readers, so these tests read it the way
a reader does: the table row about an option, and the values it names.
"""

import re
from pathlib import Path

import pytest

from build_hooks import widget_specs as specs
from lesson_py import ACTIVATIONS, POINT_NAMES
from lesson_py.runs import NETWORKS, PLANS, PRESETS
from lesson_py.widgets import playground, softmax

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("build_hooks/AUTHORING.md",)
# The one option of each widget whose values are the lesson's point names.
POINT_OPTION = next(o for o in specs.OPTIONS[specs.VISUALIZER] if o not in ("id", "network", "preset", "epoch"))

CHOICES = {
    (specs.PLAYGROUND, "mode"): set(playground.MODES),
    (specs.PLAYGROUND, "hidden"): {str(n) for n in playground.HIDDEN_SIZES},
    (specs.PLAYGROUND, "activation"): set(ACTIVATIONS),
    (specs.VISUALIZER, "network"): set(NETWORKS),
    (specs.VISUALIZER, "preset"): set(PRESETS),
    (specs.VISUALIZER, POINT_OPTION): set(POINT_NAMES),
}


def section(text: str, widget: str) -> str:
    """The part of a doc about one widget: from its example block to the next widget's."""
    start = text.index(f"/// widget | {widget}")
    others = [text.find(f"/// widget | {w}", start + 1) for w in specs.WIDGETS if w != widget]
    ends = [i for i in others if i > start]
    return text[start:min(ends) if ends else len(text)]


def about(text: str, option: str) -> str:
    """The bullet or table row that opens with `option` (a bullet may wrap onto indented lines)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(rf"^(- |\| )`{re.escape(option)}`", line) or re.match(rf"^(- |\| )`[^`]+`, `{option}`", line):
            more = []
            for follow in lines[i + 1:]:
                if not follow.startswith("  "):
                    break
                more.append(follow)
            return " ".join([line, *more])
    raise AssertionError(f"no line about option {option!r}")


def named(line: str, option: str) -> set[str]:
    """The values a line names in backticks, without the option itself and `key: value` examples."""
    return {t for t in re.findall(r"`([^`]+)`", line) if t != option and ":" not in t}


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("widget", specs.WIDGETS)
def test_every_option_is_described(doc, widget):
    text = section((ROOT / doc).read_text(encoding="utf-8"), widget)
    for option in specs.OPTIONS[widget]:
        about(text, option)


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("widget, option", CHOICES)
def test_a_choice_lists_exactly_its_values(doc, widget, option):
    line = about(section((ROOT / doc).read_text(encoding="utf-8"), widget), option)
    assert named(line, option) == CHOICES[(widget, option)], line


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("name", list(playground.CONTROLS))
def test_a_number_states_its_range_and_default(doc, name):
    control = playground.CONTROLS[name]
    line = about(section((ROOT / doc).read_text(encoding="utf-8"), specs.PLAYGROUND), name).replace("−", "-")
    assert f"{control.minimum:g} to {control.maximum:g}" in line, line
    assert re.search(rf"(?<![\d.]){re.escape(f'{control.default:g}')}(?![\d])", line), line


@pytest.mark.parametrize("doc", DOCS)
def test_the_epoch_option_states_each_networks_run_length(doc):
    line = about(section((ROOT / doc).read_text(encoding="utf-8"), specs.VISUALIZER), "epoch")
    for network in NETWORKS:
        epochs = {plan.epochs for (n, _), plan in PLANS.items() if n == network}
        assert len(epochs) == 1 and re.search(rf"\b{epochs.pop()}\b[^,;)]*{network}", line, re.I), (network, line)


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("name", list(softmax.CONTROLS))
def test_a_softmax_score_states_its_range_step_and_default(doc, name):
    control = softmax.CONTROLS[name]
    line = about(section((ROOT / doc).read_text(encoding="utf-8"), specs.SOFTMAX), name).replace("−", "-")
    assert f"{control.minimum:g} to {control.maximum:g}, in steps of {control.step:g}" in line, line
    assert named(line, name) == {f"{control.default:g}"}, line


@pytest.mark.parametrize("doc", DOCS)
def test_the_softmax_names_state_their_default_and_rule(doc):
    line = about(section((ROOT / doc).read_text(encoding="utf-8"), specs.SOFTMAX), "names")
    assert named(line, "names") == {", ".join(softmax.DEFAULT_NAMES)}, line
    assert "1 to 16 letters, digits, spaces or hyphens, starting with a letter" in line, line
    assert "1 to 16 letters, digits, spaces or hyphens, starting with a letter" in softmax.NAMES_EXPECTED


def test_authorings_table_of_runs_matches_the_plans():
    text = (ROOT / "build_hooks/AUTHORING.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\w+) \| (\w+) \| ([\d.]+) \| (\d+) \|", text, re.M)
    assert {(n.lower(), p.lower()): (float(lr), int(e)) for n, p, lr, e in rows} == {
        key: (plan.learning_rate, plan.epochs) for key, plan in PLANS.items()}


def test_a_stale_value_would_be_caught():
    line = "- `activation`: `sigmoid`, `tanh`, `relu`, `softplus` or `linear`"
    assert named(line, "activation") != CHOICES[(specs.PLAYGROUND, "activation")]
