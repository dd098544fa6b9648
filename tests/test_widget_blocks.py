"""The widget-block Markdown extension on its own, without MkDocs: valid blocks
render their snapshots, and every kind of authoring mistake raises one line
naming the page, the Markdown line, the option and what was expected."""

import json
import re
from html import escape, unescape
from pathlib import Path

import markdown
import pytest

ROOT = Path(__file__).resolve().parent.parent

from build_hooks.widget_blocks import WidgetBlocksExtension, WidgetError, find_blocks
from build_hooks import widget_data
from build_hooks.widget_data import DataStore
from lesson_py.widgets.format import percent

STORE = DataStore()  # one in-memory store: the training runs are computed once for this module
PAGE = "docs/page.md"
PROSE = "# A page\n\nSome prose.\n\n"  # the block under test starts on line 5


def convert(text: str, page: str = PAGE, **config) -> tuple[str, WidgetBlocksExtension]:
    extension = WidgetBlocksExtension(page=page, store=STORE, **config)
    html = markdown.Markdown(extensions=["tables", "pymdownx.superfences", extension]).convert(text)
    return html, extension


def playground(*lines: str) -> str:
    return "/// widget | neuron-playground\n" + "".join(f"{line}\n" for line in lines) + "///\n"


def visualizer(*lines: str) -> str:
    return "/// widget | training-visualizer\n" + "".join(f"{line}\n" for line in lines) + "///\n"


from build_hooks.widget_specs import WIDGETS as WIDGET_NAMES, one_of  # noqa: E402
WIDGETS = one_of(WIDGET_NAMES)  # "neuron-playground, training-visualizer, softmax or ...": every kind the build knows
SYNTAX = "'/// widget | NAME', then 'key: value' lines, then '///'"
PLAYGROUND_OPTIONS = "one of id, mode, hidden, activation, x1, x2, w1, w2 or b"
SLUG = "lowercase letters, digits and single hyphens, starting with a letter (like first-neuron)"
SHALLOW_EPOCHS = "a whole number from 0 to 40 (the shallow balanced run has 40 epochs)"
POINTS = "nw-positive, se-positive, ne-negative, sw-negative, nw-soft, se-soft, ne-soft or sw-soft"
SPEC_FIELDS = "dataset, points, noise, test, seed, data, layers, activation, init, rate, epochs, batch or l2"
VISUALIZER_OPTIONS = f"one of id, network, preset, epoch, highlight, {SPEC_FIELDS[:-len(' or l2')]}, l2 or compare"
COMPARE = "training-visualizer option 'compare'"
OVERRIDES = 'overrides like rate=3 (name=value, separated by spaces), then an optional "label"'
COMPARED = "dataset, points, noise, test, seed, layers, activation, init, rate, batch or l2"


def not_compared(run: int, got: str) -> str:
    return f"{COMPARE}: run {run}: expected an override of {COMPARED} (epochs and data are set once, outside compare), got '{got}'"
BOTH = f"either the lesson's runs (network, preset or highlight) or a run of the block's own ({SPEC_FIELDS}), not both"
GENERATED_ONLY = "applies to a generated dataset (circle, xor, gauss, spiral), not to dataset 'lesson'"

# (malformed Markdown after PROSE, the line named, the rest of the message)
MISTAKES = {
    "unknown widget": ("/// widget | neuron-playgrund\nid: a\n///\n", 5,
                       f"unknown widget 'neuron-playgrund': expected {WIDGETS}"),
    "no widget name": ("/// widget\nid: a\n///\n", 5,
                       f"the block names no widget: expected '/// widget | NAME' with NAME {WIDGETS}"),
    "empty widget name": ("/// widget |\nid: a\n///\n", 5,
                          f"the block names no widget: expected '/// widget | NAME' with NAME {WIDGETS}"),
    "unknown block": ("/// details | Note\nSome text\n///\n", 5,
                      f"unknown block '/// details | Note': expected {SYNTAX}"),
    "stray closing line": ("More prose.\n\n///\n", 7, f"'///' closes no widget block: expected {SYNTAX}"),
    "never closed": ("/// widget | neuron-playground\nid: a\n\nMore prose.\n", 5,
                     "this widget block is never closed: expected a line '///' after its options"),
    "block opened inside a block": (
        "/// widget | neuron-playground\nid: a\n/// widget | training-visualizer\nid: b\n///\n", 7,
        "a new block starts before the block of line 5 is closed: expected '///' on a line of its own first"),
    "line not key: value": (playground("id: a", "mode single"), 7,
                            "expected an option line 'key: value', got 'mode single'"),
    "option given twice": (playground("id: a", "mode: single", "mode: hidden"), 8,
                           "option 'mode' is given twice (first on line 7): expected each option once"),
    "option without value": (playground("id: a", "mode:"), 7, "option 'mode' has no value: expected 'key: value'"),
    "missing id": (playground("mode: single"), 5,
                   f"neuron-playground option 'id' is missing: expected a name unique on the page, in {SLUG}"),
    "id not a slug": (playground("id: First Neuron"), 6,
                      f"neuron-playground option 'id': expected {SLUG}, got 'First Neuron'"),
    "id used twice on the page": (playground("id: a") + "\n" + visualizer("id: a"), 10,
                                  "training-visualizer option 'id': expected an id unique on the page, "
                                  "got 'a' (already used on line 6)"),
    "unknown option": (playground("id: a", "colour: red"), 7,
                       f"neuron-playground option 'colour' is unknown: expected {PLAYGROUND_OPTIONS}"),
    "option of the other widget": (visualizer("id: a", "mode: single"), 7,
                                   f"training-visualizer option 'mode' is unknown: expected {VISUALIZER_OPTIONS}"),
    "option name in capitals": (playground("id: a", "Mode: single"), 7,
                                f"neuron-playground option 'Mode' is unknown: expected {PLAYGROUND_OPTIONS}"),
    "unknown mode": (playground("id: a", "mode: double"), 7,
                     "neuron-playground option 'mode': expected single or hidden, got 'double'"),
    "hidden size in single mode": (playground("id: a", "hidden: 2"), 7,
                                   "neuron-playground option 'hidden' applies only to mode: hidden: "
                                   "expected mode: hidden, or no hidden line"),
    "hidden size out of range": (playground("id: a", "mode: hidden", "hidden: 4"), 8,
                                 "neuron-playground option 'hidden': expected 2 or 3, got '4'"),
    "hidden size in words": (playground("id: a", "mode: hidden", "hidden: two"), 8,
                             "neuron-playground option 'hidden': expected 2 or 3, got 'two'"),
    "unknown activation": (playground("id: a", "activation: softmax"), 7,
                           "neuron-playground option 'activation': "
                           "expected sigmoid, tanh, relu, step or linear, got 'softmax'"),
    "input not a number": (playground("id: a", "x1: abc"), 7,
                           "neuron-playground option 'x1': expected a number from -2 to 2 in steps of 0.01, got 'abc'"),
    "input out of range": (playground("id: a", "x2: -2.5"), 7,
                           "neuron-playground option 'x2': expected a number from -2 to 2 in steps of 0.01, "
                           "got '-2.5'"),
    "weight off the step": (playground("id: a", "w1: 0.125"), 7,
                            "neuron-playground option 'w1': expected a number from -3 to 3 in steps of 0.01, "
                            "got '0.125'"),
    "bias not finite": (playground("id: a", "b: nan"), 7,
                        "neuron-playground option 'b': expected a number from -3 to 3 in steps of 0.01, got 'nan'"),
    "number with exponent": (playground("id: a", "w2: 1e-1"), 7,
                             "neuron-playground option 'w2': expected a number from -3 to 3 in steps of 0.01, "
                             "got '1e-1'"),
    "weight in hidden mode": (playground("id: a", "mode: hidden", "w1: 0.5"), 8,
                              "neuron-playground option 'w1' applies only to mode: single: "
                              "expected mode: single, or no w1 line (hidden mode has fixed weights)"),
    "unknown network": (visualizer("id: a", "network: wide"), 7,
                        "training-visualizer option 'network': expected shallow or deep, got 'wide'"),
    "unknown preset": (visualizer("id: a", "preset: turbo"), 7,
                       "training-visualizer option 'preset': expected gentle, balanced or aggressive, got 'turbo'"),
    "epoch not whole": (visualizer("id: a", "epoch: 3.5"), 7,
                        f"training-visualizer option 'epoch': expected {SHALLOW_EPOCHS}, got '3.5'"),
    "epoch past the run": (visualizer("id: a", "epoch: 41"), 7,
                           f"training-visualizer option 'epoch': expected {SHALLOW_EPOCHS}, got '41'"),
    "epoch past the deep run": (visualizer("id: a", "network: deep", "preset: gentle", "epoch: 61"), 9,
                                "training-visualizer option 'epoch': expected a whole number from 0 to 60 "
                                "(the deep gentle run has 60 epochs), got '61'"),
    "negative epoch": (visualizer("id: a", "epoch: -1"), 7,
                       f"training-visualizer option 'epoch': expected {SHALLOW_EPOCHS}, got '-1'"),
    "unknown point": (visualizer("id: a", "highlight: centre"), 7,
                      f"training-visualizer option 'highlight': expected {POINTS}, got 'centre'"),
    # A run of the block's own: lesson_py.spec.parse's rules and messages, on the option's line.
    "unknown dataset": (visualizer("id: a", "dataset: moons"), 7,
                        "training-visualizer option 'dataset': expected one of lesson, circle, xor, gauss, spiral, "
                        "listed, got 'moons'"),
    "spec field with network": (visualizer("id: a", "network: deep", "dataset: circle"), 7,
                                f"training-visualizer option 'network': expected {BOTH}, got 'deep'"),
    "spec field with preset": (visualizer("id: a", "layers: 4,2", "preset: gentle"), 8,
                               f"training-visualizer option 'preset': expected {BOTH}, got 'gentle'"),
    "spec field with highlight": (visualizer("id: a", "rate: 0.5", "highlight: nw-soft"), 8,
                                  f"training-visualizer option 'highlight': expected {BOTH}, got 'nw-soft'"),
    "too few points": (visualizer("id: a", "dataset: circle", "points: 10"), 8,
                       "training-visualizer option 'points': expected a whole number from 20 to 400, got '10'"),
    "too many points": (visualizer("id: a", "dataset: spiral", "points: 401"), 8,
                        "training-visualizer option 'points': expected a whole number from 20 to 400, got '401'"),
    "points of the lesson's data": (visualizer("id: a", "points: 100"), 7,
                                    f"training-visualizer option 'points': {GENERATED_ONLY}"),
    "test share of the lesson's data": (visualizer("id: a", "layers: 3", "test: 0.2"), 8,
                                        f"training-visualizer option 'test': {GENERATED_ONLY}"),
    "test share too large": (visualizer("id: a", "dataset: xor", "test: 0.95"), 8,
                             "training-visualizer option 'test': expected a number from 0 to 0.9, got '0.95'"),
    "noise not a number": (visualizer("id: a", "dataset: gauss", "noise: some"), 8,
                           "training-visualizer option 'noise': expected a number, got 'some'"),
    "noise too large": (visualizer("id: a", "dataset: gauss", "noise: 0.6"), 8,
                        "training-visualizer option 'noise': expected a number from 0 to 0.5, got '0.6'"),
    "negative seed": (visualizer("id: a", "dataset: circle", "seed: -3"), 8,
                      "training-visualizer option 'seed': expected a whole number from 0 to 2147483647, got '-3'"),
    "too many layers": (visualizer("id: a", "layers: 2,2,2,2,2"), 7,
                        "training-visualizer option 'layers': expected 0 to 4 hidden layers, got 5"),
    "layer too wide": (visualizer("id: a", "layers: 4,9"), 7,
                       "training-visualizer option 'layers': expected 1 to 8 neurons in each hidden layer, "
                       "got 9 in layer 2"),
    "layers in words": (visualizer("id: a", "layers: four"), 7,
                        "training-visualizer option 'layers': expected neuron counts separated by commas (e.g. 4,2) "
                        "or \"none\", got 'four'"),
    "unknown hidden activation": (visualizer("id: a", "activation: step"), 7,
                                  "training-visualizer option 'activation': expected one of sigmoid, tanh, relu, "
                                  "linear, got 'step'"),
    "init not whole": (visualizer("id: a", "init: 1.5"), 7,
                       "training-visualizer option 'init': expected a whole number, got '1.5'"),
    "rate zero": (visualizer("id: a", "rate: 0"), 7,
                  "training-visualizer option 'rate': expected a number from 0.0001 to 20, got '0'"),
    "rate too large": (visualizer("id: a", "dataset: circle", "rate: 25"), 8,
                       "training-visualizer option 'rate': expected a number from 0.0001 to 20, got '25'"),
    "epochs too many": (visualizer("id: a", "epochs: 1001"), 7,
                        "training-visualizer option 'epochs': expected a whole number from 1 to 1000, got '1001'"),
    "epochs zero": (visualizer("id: a", "epochs: 0"), 7,
                    "training-visualizer option 'epochs': expected a whole number from 1 to 1000, got '0'"),
    "batch in words": (visualizer("id: a", "batch: half"), 7,
                       "training-visualizer option 'batch': expected a whole number or \"full\", got 'half'"),
    "batch zero": (visualizer("id: a", "batch: 0"), 7,
                   "training-visualizer option 'batch': expected a whole number from 1 to 400, got '0'"),
    "l2 negative": (visualizer("id: a", "l2: -0.1"), 7,
                    "training-visualizer option 'l2': expected a number from 0 to 1, got '-0.1'"),
    "epoch past the spec's run": (visualizer("id: a", "epochs: 20", "epoch: 21"), 8,
                                  "training-visualizer option 'epoch': expected a whole number from 0 to 20 "
                                  "(the block's run has 20 epochs), got '21'"),
    "listed dataset without data": (visualizer("id: a", "dataset: listed"), 5,
                                    "training-visualizer option 'data': expected the points of dataset listed in data"),
    "data without listed dataset": (visualizer("id: a", "data: 0,0,1; 1,1,0"), 7,
                                    "training-visualizer option 'data': points are listed with dataset listed, "
                                    "not 'lesson'"),
    "listed point outside the square": (visualizer("id: a", "dataset: listed", "data: 0,0,1; 1.5,0,0"), 8,
                                        "training-visualizer option 'data': point 2: expected x and y from -1.2 "
                                        "to 1.2, got '1.5', '0'"),
    "listed point with a bad label": (visualizer("id: a", "dataset: listed", "data: 0,0,2; 1,1,0"), 8,
                                      "training-visualizer option 'data': point 1: expected the label 0 or 1, "
                                      "got '2'"),
    "one listed point": (visualizer("id: a", "dataset: listed", "data: 0,0,1"), 8,
                         "training-visualizer option 'data': expected 2 to 400 points, got 1"),
    "listed names repeated": (visualizer("id: a", "dataset: listed", "data: 0,0,1,p; 1,1,0,p"), 8,
                              "training-visualizer option 'data': expected every point's name to be different"),
    # Several runs to compare (lesson_py.widgets.compare): overrides of the block's fields, each run by spec.parse.
    "compare one run": (visualizer("id: a", "dataset: xor", "compare: rate=3"), 8,
                        f"{COMPARE}: expected 2 to 4 runs separated by semicolons, got 1"),
    "compare five runs": (visualizer("id: a", "compare: rate=1; rate=2; rate=3; rate=4; rate=5"), 7,
                          f"{COMPARE}: expected 2 to 4 runs separated by semicolons, got 5"),
    "compare an empty run": (visualizer("id: a", "rate: 2", "compare: rate=1; ; rate=3"), 8,
                             f"{COMPARE}: run 2: expected {OVERRIDES}, got ''"),
    "compare an override without =": (visualizer("id: a", "compare: rate 3; rate=4"), 7,
                                      f"{COMPARE}: run 1: expected {OVERRIDES}, got 'rate'"),
    "compare an unknown field": (visualizer("id: a", "layers: 4", "compare: speed=3; rate=2"), 8,
                                 not_compared(1, "speed=3")),
    "compare other epochs": (visualizer("id: a", "epochs: 40", "compare: rate=2; epochs=50"), 8,
                             not_compared(2, "epochs=50")),
    "compare a field twice": (visualizer("id: a", "compare: rate=1 rate=2; rate=3"), 7,
                              f"{COMPARE}: run 1: 'rate' is given twice"),
    "compare a rate out of range": (visualizer("id: a", "dataset: xor", "compare: rate=1; rate=30"), 8,
                                    f"{COMPARE}: run 2 field 'rate': expected a number from 0.0001 to 20, got '30'"),
    "compare bad layers": (visualizer("id: a", "compare: layers=4,2; layers=9"), 7,
                           f"{COMPARE}: run 2 field 'layers': expected 1 to 8 neurons in each hidden layer, "
                           "got 9 in layer 1"),
    "compare the same run twice": (visualizer("id: a", "rate: 1", "compare: rate=1; layers=3"), 8,
                                   f"{COMPARE}: expected every run to differ, but runs 1 and 2 are the same run"),
    "compare a label twice": (visualizer("id: a", "compare: rate=1 \"Slow\"; rate=2 \"Slow\""), 7,
                              f"{COMPARE}: expected every run's label to be different, got 'Slow' twice"),
    "compare an unclosed label": (visualizer("id: a", "compare: rate=1 \"Slow; rate=2"), 7,
                                  f"{COMPARE}: run 1's label: expected 1 to 24 letters, digits, spaces or . , + ( ) -, "
                                  "starting with a letter or digit in double quotes, got '\"Slow'"),
    "compare with the lesson's runs": (visualizer("id: a", "network: deep", "compare: rate=1; rate=2"), 7,
                                       f"training-visualizer option 'network': expected {BOTH}, got 'deep'"),
    "compare epoch past the runs": (visualizer("id: a", "epochs: 20", "compare: rate=1; rate=2", "epoch: 21"), 9,
                                    "training-visualizer option 'epoch': expected a whole number from 0 to 20 "
                                    "(the block's runs have 20 epochs), got '21'"),
}


@pytest.mark.parametrize("case", list(MISTAKES))
def test_each_mistake_is_one_line_with_page_line_option_and_expectation(case):
    block, line, message = MISTAKES[case]
    with pytest.raises(WidgetError) as caught:
        convert(PROSE + block)
    assert str(caught.value) == f"{PAGE}:{line}: {message}"
    assert "\n" not in str(caught.value)
    assert (caught.value.page, caught.value.line) == (PAGE, line)


def test_the_table_covers_at_least_twenty_distinct_blocks():
    assert len({block for block, _, _ in MISTAKES.values()}) >= 20


def test_the_table_has_twenty_blocks_with_run_spec_mistakes():
    from lesson_py.spec import BY_NAME
    spec_blocks = {block for block, _, _ in MISTAKES.values()
                   if any(line.split(":")[0] in BY_NAME for line in block.splitlines()[1:-1])}
    assert len(spec_blocks) >= 20


def test_a_spec_mistake_reads_as_a_url_or_worker_call_would_say_it():
    """The block's message is lesson_py.spec.parse's, after the option's name: one rule set."""
    from lesson_py.spec import SpecError, parse
    for raw in ({"layers": "4,9"}, {"rate": "0"}, {"dataset": "circle", "points": "10"}, {"batch": "half"}):
        with pytest.raises(SpecError) as spec_error:
            parse(raw)
        name, text = spec_error.value.problems[0]
        block = visualizer("id: a", *(f"{k}: {v}" for k, v in raw.items()))
        with pytest.raises(WidgetError) as caught:
            convert(PROSE + block)
        assert caught.value.message == f"training-visualizer option '{name}': {text.partition(': ')[2]}"


@pytest.mark.parametrize("case", list(MISTAKES))
def test_shown_errors_replace_the_bad_block_and_keep_the_rest(case):
    """What `mkdocs serve` does: the page still renders, with the message in place of the block."""
    block, _, _ = MISTAKES[case]
    text = PROSE + block + "\nClosing words.\n\n" + playground("id: after")
    with pytest.raises(WidgetError) as caught:
        convert(text)
    html, _ = convert(text, show_errors=True)
    assert html.count('role="alert"') == 1
    assert escape(str(caught.value)) in html
    assert 'id="widget-after"' in html
    if case != "never closed":  # an unclosed block runs on to the next block
        assert "<p>Closing words.</p>" in html


def test_line_numbers_count_the_lines_the_host_stripped():
    with pytest.raises(WidgetError) as caught:
        convert(PROSE + playground("id: a", "mode: double"), line_offset=4)
    assert caught.value.line == 11


def test_the_default_playground_shows_the_known_good_numbers():
    html, ext = convert(PROSE + playground("id: first-neuron") + "\nAfter.\n")
    assert 'data-widget="neuron-playground"' in html and 'id="widget-first-neuron"' in html
    for shown in ('data-out="z">0.69<', 'data-out="a">0.67<', 'data-out="confidence">67%<',
                  'data-out="class">Positive<', "(0.90 × 1.20) + (0.30 × -0.80) - 0.15 = 0.69"):
        assert shown in html
    assert "<p>After.</p>" in html and "///" not in html
    data = json.loads(ext.files["widgets/data/docs/page/first-neuron.json"])
    assert (data["schema"], data["version"]) == ("neuron-playground", widget_data.SCHEMA_VERSION)
    assert data["start"]["x1"] == 0.9 and data["start"]["activation"] == "sigmoid"


def test_the_playground_options_reach_the_snapshot():
    html, _ = convert(playground("id: p", "activation: relu", "x1: -1.5", "w2: 2.25", "b: 0"))
    options = json.loads(re.search(r'data-options="([^"]*)"', html).group(1).replace("&quot;", '"'))
    assert options == {"id": "p", "mode": "single", "activation": "relu",
                       "x1": -1.5, "x2": 0.3, "w1": 1.2, "w2": 2.25, "b": 0.0}
    assert "not a probability" in html


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_visualizer_shows_its_run_at_its_epoch():
    html, ext = convert(visualizer("id: loop", "network: deep", "preset: balanced", "epoch: 60",
                                   "highlight: ne-soft"), page="docs/sub/page.md")
    assert 'data-widget="training-visualizer"' in html and 'data-src="widgets/data/training-runs.json"' in html
    data = json.loads(ext.files["widgets/data/training-runs.json"])
    last = data["runs"]["deep"]["balanced"]["checkpoints"][60]
    text = text_of(html)
    for expected in (f"{last['loss']:.3f}", "100%", "ne-soft", percent(last["confidence"][6]),
                     "Scripts make it interactive"):
        assert expected in text
    assert list(ext.files) == ["widgets/data/training-runs.json"]


def test_the_default_visualizer_shows_epoch_zero_of_shallow_balanced():
    html, _ = convert(visualizer("id: loop"))
    text = text_of(html)
    assert "0.697" in text and "44%" in text and "25%" in text and "nw-positive" in text


def test_blocks_in_fenced_code_and_comments_are_left_alone():
    text = ("```markdown\n" + playground("id: shown-as-code", "mode: nonsense") + "```\n\n"
            "~~~~\n/// widget | nothing\n~~~~\n\n"
            "<!--\n" + playground("id: commented-out", "colour: red") + "-->\n\n" + playground("id: real"))
    html, _ = convert(text)
    assert "mode: nonsense" in html and "/// widget | nothing" in html
    assert 'id="widget-real"' in html and 'id="widget-shown-as-code"' not in html
    assert [b.options["id"] for b in find_blocks(text)] == ["real"]


def test_a_block_in_a_list_item_renders_in_place():
    html, _ = convert("1. First step:\n\n    " + playground("id: listed").replace("\n", "\n    ") + "\n2. Next\n")
    assert re.search(r"<li>.*id=\"widget-listed\".*</li>", html, re.S)


def test_blank_lines_and_spaces_around_options_are_fine():
    blocks = find_blocks("///   widget|training-visualizer  \n\n  id:   loop  \n\n  epoch : 3\n   ///  \n")
    assert [(b.widget, b.options["id"], b.options["epoch"], b.line) for b in blocks] == [
        ("training-visualizer", "loop", 3, 1)]


def test_the_extension_loads_by_name_with_python_markdown():
    html = markdown.markdown(playground("id: by-name"), extensions=["build_hooks.widget_blocks"],
                             extension_configs={"build_hooks.widget_blocks": {"page": "x.md", "store": STORE}})
    assert 'id="widget-by-name"' in html and 'data-src="widgets/data/x/by-name.json"' in html


def test_the_authoring_guide_examples_are_valid_and_its_ranges_match_the_code():
    from lesson_py.widgets.playground import CONTROLS
    from lesson_py.runs import PLANS

    guide = (ROOT / "build_hooks" / "AUTHORING.md").read_text(encoding="utf-8")
    examples = re.findall(r"```text\n(/// widget.*?)```", guide, re.S)
    blocks = [find_blocks(example)[0] for example in examples]
    assert {b.widget for b in blocks} == set(WIDGET_NAMES)   # an example of every widget
    for name, control in CONTROLS.items():
        row = next(line for line in guide.splitlines() if line.startswith("|") and f"`{name}`" in line.split("|")[1])
        assert f"{control.minimum:g} to {control.maximum:g}, in steps of {control.step:g}" in row, name
    for (network, preset), plan in PLANS.items():
        assert f"| {network.title()} | {preset.title()} | {plan.learning_rate} | {plan.epochs} |" in guide


def test_an_unclosed_unknown_block_costs_only_its_own_line():
    text = PROSE + "/// note | Careful\n\nSome words.\n\n" + playground("id: after")
    with pytest.raises(WidgetError) as caught:
        convert(text)
    assert str(caught.value) == f"{PAGE}:5: unknown block '/// note | Careful': expected {SYNTAX}"
    html, _ = convert(text, show_errors=True)
    assert "<p>Some words.</p>" in html and 'id="widget-after"' in html
