"""The softmax block: its options validated with page:line messages, its no-script
snapshot (scores, probabilities as text and bars, the winner and the sum in words) and
its JSON (strict, deterministic, the same view as the snapshot)."""

import json
import re
from html import unescape

import markdown
import pytest

from build_hooks import softmax_widget, widget_data
from build_hooks.widget_blocks import WidgetBlocksExtension, WidgetError
from build_hooks.widget_data import DataStore
from lesson_py.widgets import softmax as S

PAGE = "docs/page.md"
PROSE = "# A page\n\nSome prose.\n\n"  # the block starts on line 5
SCORES = "a number from -10 to 10 in steps of 0.1"


def block(*lines: str) -> str:
    return "/// widget | softmax\n" + "".join(f"{line}\n" for line in lines) + "///\n"


def convert(text: str, **config) -> tuple[str, WidgetBlocksExtension]:
    extension = WidgetBlocksExtension(page=PAGE, store=DataStore(), **config)
    return markdown.Markdown(extensions=["tables", extension]).convert(text), extension


# (the block after PROSE, the line named, the rest of the message)
MISTAKES = {
    "missing id": (block("score1: 1"), 5, "softmax option 'id' is missing: expected a name unique on the page, in "
                   "lowercase letters, digits and single hyphens, starting with a letter (like first-neuron)"),
    "unknown option": (block("id: a", "score4: 1"), 7,
                       "softmax option 'score4' is unknown: expected one of id, names, score1, score2 or score3"),
    "score out of range": (block("id: a", "score1: 10.5"), 7, f"softmax option 'score1': expected {SCORES}, got '10.5'"),
    "score off the step": (block("id: a", "score2: 0.25"), 7, f"softmax option 'score2': expected {SCORES}, got '0.25'"),
    "score not a number": (block("id: a", "score3: high"), 7, f"softmax option 'score3': expected {SCORES}, got 'high'"),
    "score with exponent": (block("id: a", "score3: 1e1"), 7, f"softmax option 'score3': expected {SCORES}, got '1e1'"),
    "two names": (block("id: a", "names: cat, dog"), 7, f"softmax option 'names': expected {S.NAMES_EXPECTED}, "
                  "got 'cat, dog'"),
    "a name twice": (block("id: a", "names: cat, cat, dog"), 7,
                     f"softmax option 'names': expected {S.NAMES_EXPECTED}, got 'cat, cat, dog'"),
    "an empty name": (block("id: a", "names: cat, , dog"), 7,
                      f"softmax option 'names': expected {S.NAMES_EXPECTED}, got 'cat, , dog'"),
    "a name with markup": (block("id: a", "names: <b>cat</b>, dog, fox"), 7,
                           f"softmax option 'names': expected {S.NAMES_EXPECTED}, got '<b>cat</b>, dog, fox'"),
    "a name too long": (block("id: a", "names: cat, dog, a-very-long-fox-name"), 7,
                        f"softmax option 'names': expected {S.NAMES_EXPECTED}, got 'cat, dog, a-very-long-fox-name'"),
    "option given twice": (block("id: a", "score1: 1", "score1: 2"), 8,
                           "option 'score1' is given twice (first on line 7): expected each option once"),
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
    html, ext = convert(PROSE + block("id: pick", "names: red, green, blue", "score2: -1,5"))
    options = json.loads(unescape(re.search(r'data-options="([^"]+)"', html).group(1)))
    assert options == {"id": "pick", "names": ["red", "green", "blue"], "score1": 3.0, "score2": -1.5, "score3": 0.2}
    assert sorted(ext.files) == ["widgets/data/docs/page/pick.json"]


# --- The snapshot ---------------------------------------------------------------------

def snapshot(*lines: str) -> str:
    html, _ = convert(PROSE + block("id: pick", *lines))
    return html


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_snapshot_reads_well_without_scripts():
    html = snapshot()
    text = text_of(html)
    view = S.evaluate({})
    inline = unescape(re.sub(r"<[^>]+>", "", html))   # the read-outs' own spans run on as a reader sees them
    for part in ("Probability of cat: 0.84 (84%) most likely", "Probability of dog: 0.11 (11%)",
                 "Probability of fox: 0.05 (5%)"):
        assert part in inline, part
    for part in ("Score of cat", "Score of dog", "Score of fox", view["readouts"]["winner"], view["readouts"]["sum"], view["readouts"]["working"],
                 "With JavaScript turned on you can change each score"):
        assert part in text, part
    widths = re.findall(r'data-sm-bar="(\d)" data-leads="(\w+)" style="width: ([\d.]+%)"', html)
    assert widths == [("1", "true", "83.60%"), ("2", "false", "11.31%"), ("3", "false", "5.08%")]


def test_the_snapshot_has_real_labelled_controls_at_the_start():
    html = snapshot("names: red, green, blue", "score1: -2", "score3: 9.9")
    for key, name, value in (("score1", "red", "-2.00"), ("score2", "green", "1.00"), ("score3", "blue", "9.90")):
        assert f'<label for="pick-{key}">Score of {name}</label>' in html
        assert re.search(rf'<input type="range" id="pick-{key}" [^>]*min="-10" max="10" step="0.1" value="{re.escape(value)}" '
                         r"disabled>", html), key
        assert re.search(rf'<input type="text" role="spinbutton" id="pick-{key}-box" [^>]*value="{re.escape(value)}"', html)
        assert f'aria-label="Score of {name}, exact value"' in html
    assert 'role="status" aria-live="polite" data-sm="live">' in html
    view = S.evaluate({"score1": -2.0, "score3": 9.9, "names": ["red", "green", "blue"]})
    assert view["readouts"]["winner"].startswith("blue wins") and view["readouts"]["winner"] in text_of(html)


def test_the_snapshot_holds_every_read_out_the_script_fills():
    html = snapshot()
    keys = set(re.findall(r'data-out="([\w-]+)"', html))
    assert keys == set(S.evaluate({})["readouts"])


# --- The JSON -----------------------------------------------------------------------

def test_the_json_is_strict_deterministic_and_what_the_snapshot_shows():
    options = {"id": "pick", "names": ["cat", "dog", "fox"], "score1": 3.0, "score2": 1.0, "score3": 0.2}
    first = widget_data.dumps(widget_data.widget_data("softmax", options))
    assert first == widget_data.dumps(widget_data.widget_data("softmax", dict(options)))
    data = json.loads(first)
    assert (data["schema"], data["version"]) == ("softmax", widget_data.SCHEMA_VERSION)
    assert data["view"] == json.loads(json.dumps(S.evaluate({k: v for k, v in options.items() if k != "id"})))
    assert data["start"] == {"score1": 3.0, "score2": 1.0, "score3": 0.2} and data["decimals"] == 2
    assert data["controls"]["score2"]["label"] == "Score of dog" and data["controls"]["score2"]["step"] == 0.1
    assert "NaN" not in first and "Infinity" not in first


def test_the_data_key_changes_with_the_scores_and_not_with_the_id():
    store = DataStore()
    base = {"id": "a", "names": ["cat", "dog", "fox"], "score1": 3.0, "score2": 1.0, "score3": 0.2}
    assert store.key("softmax", base) == store.key("softmax", base | {"id": "b"})
    assert store.key("softmax", base) != store.key("softmax", base | {"score1": 3.1})


def test_the_snapshot_and_json_agree():
    info = softmax_widget.data({"score1": 5.0, "score2": 0.0, "score3": 0.0})
    html = softmax_widget.snapshot("x", info)
    assert info["view"]["readouts"]["sum"] in unescape(html)
    assert "1.01" in info["view"]["readouts"]["sum"]
