"""The one-step block: its options validated with page:line messages, its no-script snapshot
(the label and rate controls, the forward pass, the loss, each gradient and update, the loss
after) and its JSON (strict, deterministic, the same view as the snapshot)."""

import json
import re
from html import unescape

import markdown
import pytest

from build_hooks import one_step_widget, widget_data
from build_hooks.widget_blocks import WidgetBlocksExtension, WidgetError
from build_hooks.widget_data import DataStore
from lesson_py.widgets import one_step as O

PAGE = "docs/page.md"
PROSE = "# A page\n\nSome prose.\n\n"  # the block starts on line 5
RATE = "a number from 0 to 5 in steps of 0.05"
LABEL = "1 or 0 (the example's right answer: 1 for yes, 0 for no)"
OPTIONS = "one of id, label, rate, x1, x2, w1, w2 or b"


def block(*lines: str) -> str:
    return "/// widget | one-step\n" + "".join(f"{line}\n" for line in lines) + "///\n"


def convert(text: str, **config) -> tuple[str, WidgetBlocksExtension]:
    extension = WidgetBlocksExtension(page=PAGE, store=DataStore(), **config)
    return markdown.Markdown(extensions=["tables", extension]).convert(text), extension


# (the block after PROSE, the line named, the rest of the message)
MISTAKES = {
    "missing id": (block("rate: 1"), 5, "one-step option 'id' is missing: expected a name unique on the page, in "
                   "lowercase letters, digits and single hyphens, starting with a letter (like first-neuron)"),
    "bad id": (block("id: Step_1"), 6, "one-step option 'id': expected lowercase letters, digits and single hyphens, "
               "starting with a letter (like first-neuron), got 'Step_1'"),
    "unknown option": (block("id: a", "epochs: 3"), 7, f"one-step option 'epochs' is unknown: expected {OPTIONS}"),
    "label 2": (block("id: a", "label: 2"), 7, f"one-step option 'label': expected {LABEL}, got '2'"),
    "label in words": (block("id: a", "label: yes"), 7, f"one-step option 'label': expected {LABEL}, got 'yes'"),
    "label with a point": (block("id: a", "label: 1.0"), 7, f"one-step option 'label': expected {LABEL}, got '1.0'"),
    "rate too large": (block("id: a", "rate: 5.05"), 7, f"one-step option 'rate': expected {RATE}, got '5.05'"),
    "rate below 0": (block("id: a", "rate: -0.5"), 7, f"one-step option 'rate': expected {RATE}, got '-0.5'"),
    "rate off the step": (block("id: a", "rate: 0.07"), 7, f"one-step option 'rate': expected {RATE}, got '0.07'"),
    "rate with exponent": (block("id: a", "rate: 5e-1"), 7, f"one-step option 'rate': expected {RATE}, got '5e-1'"),
    "input out of range": (block("id: a", "x1: 2.5"), 7,
                           "one-step option 'x1': expected a number from -2 to 2 in steps of 0.01, got '2.5'"),
    "weight not a number": (block("id: a", "label: 0", "w2: big"), 8,
                            "one-step option 'w2': expected a number from -3 to 3 in steps of 0.01, got 'big'"),
    "bias off the step": (block("id: a", "b: 0.125"), 7,
                          "one-step option 'b': expected a number from -3 to 3 in steps of 0.01, got '0.125'"),
    "option given twice": (block("id: a", "rate: 1", "rate: 2"), 8,
                           "option 'rate' is given twice (first on line 7): expected each option once"),
    "no value": (block("id: a", "label:"), 7, "option 'label' has no value: expected 'key: value'"),
    "two blocks, one id": (block("id: a") + "\n" + block("id: a"), 10,
                           "one-step option 'id': expected an id unique on the page, got 'a' (already used on line 6)"),
}


@pytest.mark.parametrize("case", list(MISTAKES))
def test_each_mistake_is_one_line_with_page_line_option_and_expectation(case):
    text, line, message = MISTAKES[case]
    with pytest.raises(WidgetError) as error:
        convert(PROSE + text)
    assert str(error.value) == f"{PAGE}:{line}: {message}"


@pytest.mark.parametrize("case", list(MISTAKES))
def test_shown_errors_replace_the_bad_block_and_keep_the_rest(case):
    text, line, message = MISTAKES[case]
    html, _ = convert(PROSE + text + "\nAfter.\n", show_errors=True)
    assert f"{PAGE}:{line}: {message}" in unescape(html) and "After." in html


def test_a_valid_block_gets_its_options_with_defaults():
    html, ext = convert(PROSE + block("id: step", "label: 0", "rate: 1,5", "w1: -0.5"))
    options = json.loads(unescape(re.search(r'data-options="([^"]+)"', html).group(1)))
    assert options == {"id": "step", "label": 0, "rate": 1.5, "x1": 0.9, "x2": 0.3, "w1": -0.5, "w2": -0.8, "b": -0.15}
    assert sorted(ext.files) == ["widgets/data/docs/page/step.json"]
    assert 'data-python="in-view"' in html and "One training step" in html


# --- The snapshot ---------------------------------------------------------------------

def snapshot(*lines: str) -> str:
    html, _ = convert(PROSE + block("id: step", *lines))
    return html


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_snapshot_reads_well_without_scripts():
    html = snapshot()
    text = text_of(html)
    r = O.evaluate({})["readouts"]
    for part in ("1. Forward pass", "Weighted sum z 0.69", "Output a 0.67", "2. Loss", "Loss 0.41",
                 "3. Gradients and the update", "4. After the step", "Weighted sum z 1.01", "Output a 0.73",
                 "Loss 0.31", r["start"], r["forward"], r["loss-working"], r["error-working"], r["after-forward"],
                 r["after-loss"], r["change"], "With JavaScript turned on you can change both"):
        assert part in text, part
    rows = re.findall(r"<tr><th scope=\"row\"><code>(\w+)</code></th>(.*?)</tr>", html)
    assert [name for name, _ in rows] == list(O.PARAMETERS)
    for name, cells in rows:
        cells = text_of(cells)
        assert r[f"old-{name}"] in cells and r[f"new-{name}-working"] in cells and r[f"new-{name}"] in cells
    assert "Gradient -0.33 × 0.90 = -0.30 Old value 1.20 New value 1.35" in text   # each cell names its column


def test_the_snapshot_has_real_labelled_controls_at_the_start():
    html = snapshot("label: 0", "rate: 2.25")
    assert "<legend>Label y (the right answer)</legend>" in html
    assert re.search(r'<input type="radio" name="step-label" value="1" data-os-control="label" disabled> 1 \(yes\)', html)
    assert re.search(r'<input type="radio" name="step-label" value="0" data-os-control="label" checked disabled> '
                     r"0 \(no\)", html)
    assert '<label for="step-rate">Learning rate</label>' in html
    assert re.search(r'<input type="range" id="step-rate" [^>]*min="0" max="5" step="0.05" value="2.25" disabled>', html)
    assert re.search(r'<input type="text" role="spinbutton" id="step-rate-box" [^>]*value="2.25"', html)
    assert 'aria-label="Learning rate, exact value"' in html
    assert 'role="status" aria-live="polite" data-os="live">' in html
    r = O.evaluate({"label": 0, "rate": 2.25})["readouts"]
    assert r["change"] in text_of(html) and "answer turns from positive to negative" in r["change"]


def test_the_snapshot_holds_every_read_out_the_script_fills():
    keys = set(re.findall(r'data-out="([\w-]+)"', snapshot()))
    assert keys == set(O.evaluate({})["readouts"])


# --- The JSON -----------------------------------------------------------------------

def test_the_json_is_strict_deterministic_and_what_the_snapshot_shows():
    options = {"id": "step", "label": 1, "rate": 0.5, "x1": 0.9, "x2": 0.3, "w1": 1.2, "w2": -0.8, "b": -0.15}
    first = widget_data.dumps(widget_data.widget_data("one-step", options))
    assert first == widget_data.dumps(widget_data.widget_data("one-step", dict(options)))
    data = json.loads(first)
    assert (data["schema"], data["version"]) == ("one-step", widget_data.SCHEMA_VERSION)
    assert data["view"] == json.loads(json.dumps(O.evaluate({k: v for k, v in options.items() if k != "id"})))
    assert data["start"] == {k: v for k, v in options.items() if k != "id"} and data["decimals"] == 2
    assert data["controls"]["rate"]["step"] == 0.05 and data["controls"]["rate"]["label"] == "Learning rate"
    assert data["labels"] == [{"value": 1, "text": "1 (yes)"}, {"value": 0, "text": "0 (no)"}]
    assert "NaN" not in first and "Infinity" not in first


def test_the_data_key_changes_with_the_options_and_not_with_the_id():
    store = DataStore()
    base = {"id": "a", "label": 1, "rate": 0.5, "x1": 0.9, "x2": 0.3, "w1": 1.2, "w2": -0.8, "b": -0.15}
    assert store.key("one-step", base) == store.key("one-step", base | {"id": "b"})
    assert store.key("one-step", base) != store.key("one-step", base | {"rate": 0.55})
    assert store.key("one-step", base) != store.key("one-step", base | {"label": 0})


def test_the_snapshot_and_json_agree():
    info = one_step_widget.data({"label": 0, "rate": 5.0})
    html = one_step_widget.snapshot("x", info)
    assert info["view"]["readouts"]["change"] in unescape(html)
    assert info["view"]["summary"] in unescape(html)
