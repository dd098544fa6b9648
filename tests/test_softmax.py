"""Softmax: the math (lesson_py.activations.softmax), the widget's words
(lesson_py.widgets.softmax), its worker calls, and every claim of the page's text
and "what to try" beside the widget, checked against what the widget shows."""

import json
import math
import random
import re
from pathlib import Path

import pytest

from lesson_py import exact
from lesson_py.activations import softmax
from lesson_py.widgets import calls
from lesson_py.widgets import softmax as S

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "building-blocks.md"
RNG = random.Random(20261202)


def view(a: float, b: float, c: float) -> dict:
    return S.evaluate({"score1": a, "score2": b, "score3": c})


def shown(v: dict) -> list[str]:
    return [c["probability"] for c in v["classes"]]


def grid_scores(n: int) -> list[tuple[float, float, float]]:
    """Random scores on the widget's grid (-10 to 10 in steps of 0.1)."""
    return [tuple(RNG.randint(-100, 100) / 10 for _ in range(3)) for _ in range(n)]


# --- The math -----------------------------------------------------------------------

@pytest.mark.parametrize("scores", [[0.0], [3.0, 1.0, 0.2], [-5.0, 5.0], [1e-9, -1e-9, 0.0, 2.0],
                                    *[[RNG.uniform(-50, 50) for _ in range(RNG.randint(1, 8))] for _ in range(40)]])
def test_probabilities_are_positive_or_zero_and_sum_to_1(scores):
    p = softmax(scores)
    assert len(p) == len(scores) and all(0.0 <= x <= 1.0 for x in p)
    assert math.isclose(sum(p), 1.0, rel_tol=0, abs_tol=1e-12)


def test_it_is_e_to_each_score_over_their_total():
    scores = [3.0, 1.0, 0.2]
    total = sum(math.exp(s) for s in scores)
    assert all(math.isclose(p, math.exp(s) / total, rel_tol=1e-14) for p, s in zip(softmax(scores), scores))


def test_large_scores_do_not_overflow():
    assert softmax([1000.0, 1000.0, 1000.0]) == (1 / 3, 1 / 3, 1 / 3)
    p = softmax([1000.0, 999.0, -1000.0])
    assert math.isclose(p[0] / p[1], math.e, rel_tol=1e-12) and p[2] == 0.0
    assert math.isclose(sum(softmax([-1000.0, -1001.0])), 1.0)
    with pytest.raises(OverflowError):   # what subtracting the largest score avoids
        exact.exp(1000.0)


@pytest.mark.parametrize("scores", [[3.0, 1.0, 0.2], [0.5, -2.0, 4.0, 4.5], [-1.0, -3.0]])
def test_order_is_kept_and_a_shift_changes_nothing(scores):
    p = softmax(scores)
    assert sorted(range(len(p)), key=lambda i: p[i]) == sorted(range(len(scores)), key=lambda i: scores[i])
    shifted = softmax([s + 7.5 for s in scores])
    assert all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(p, shifted))


def test_no_scores_is_refused():
    with pytest.raises(ValueError, match="at least one score"):
        softmax([])


# --- The words ----------------------------------------------------------------------

@pytest.mark.parametrize("scores", grid_scores(200))
def test_every_shown_number_and_sentence_is_true_of_the_probabilities(scores):
    v = view(*scores)
    p = softmax(list(scores))
    r = v["readouts"]
    assert shown(v) == [f"{x:.2f}" for x in p] == [r["p1"], r["p2"], r["p3"]]
    assert [c["width"] for c in v["classes"]] == [f"{x * 100:.2f}%" for x in p]
    added = sum(round(float(t) * 100) for t in shown(v))
    if added == 100:
        assert r["sum"] == f"The three probabilities add up to 1: {' + '.join(shown(v))} = 1.00."
    else:
        assert r["sum"].startswith(f"Shown to 2 decimals they add up to {added / 100:.2f} ")
        assert "each is rounded on its own. Unrounded, they add up to 1." in r["sum"]
    top = max(scores)
    leaders = [name for name, s in zip(S.DEFAULT_NAMES, scores) if s == top]
    if len(leaders) == 3:
        assert r["winner"].startswith("All three scores are equal") and "0.33" in r["winner"]
    elif len(leaders) == 2:
        assert r["winner"].startswith(f"{leaders[0]} and {leaders[1]} tie for the lead")
    else:
        winner = scores.index(top)
        second = max(s for s in scores if s != top)
        runner = next(i for i, s in enumerate(scores) if s == second)
        lead = round(float(shown(v)[winner]) * 100) - round(float(shown(v)[runner]) * 100)
        assert r["winner"].startswith(f"{leaders[0]} wins with {shown(v)[winner]} ")
        assert f"{lead / 100:.2f} ahead of {S.DEFAULT_NAMES[runner]}" in r["winner"]
        ratio = re.search(r"= ([\d,.]+) times as likely", r["winner"]).group(1)
        assert math.isclose(float(ratio.replace(",", "")), p[winner] / p[runner], rel_tol=5e-3)
    assert r["lead1"] == ("most likely" if leaders == ["cat"] else "tied for the lead" if "cat" in leaders
                          and len(leaders) == 2 else "")


def test_the_working_shows_each_power_and_their_total():
    assert view(3.0, 1.0, 0.2)["readouts"]["working"] == (
        "e^3.00 = 20.09, e^1.00 = 2.72 and e^0.20 = 1.22 add up to 24.03; "
        "each probability is its power divided by 24.03.")


def test_the_summary_names_each_probability_and_the_leader():
    assert view(3.0, 1.0, 0.2)["summary"] == "cat 0.84, dog 0.11, fox 0.05: cat is most likely."
    assert view(2.0, 2.0, 0.0)["summary"].endswith(": cat and dog tie.")


@pytest.mark.parametrize("state, message", [
    ({"score1": 10.5}, "score1 must be a number from -10 to 10 in steps of 0.1, got 10.5"),
    ({"score2": 0.05}, "score2 must be a number from -10 to 10 in steps of 0.1, got 0.05"),
    ({"score3": True}, "score3 must be a number from -10 to 10 in steps of 0.1, got True"),
    ({"names": ["a", "a", "b"]}, "names must be 3 different class names"),
    ({"names": ["a", "b"]}, "names must be 3 different class names"),
    ({"colour": "red"}, "unknown setting(s) for softmax: colour"),
])
def test_bad_states_are_refused(state, message):
    with pytest.raises(ValueError) as error:
        S.evaluate(state)
    assert str(error.value).startswith(message)


def test_a_state_that_was_not_refused_would_be_caught():
    assert S.evaluate({"score1": 9.9})["state"]["score1"] == 9.9


# --- The worker's calls -------------------------------------------------------------

def test_the_softmax_call_is_lesson_pys_softmax():
    answer = json.loads(calls.call("softmax", '{"scores": [1000, 999, -5]}'))
    assert answer == list(softmax([1000.0, 999.0, -5.0]))
    assert "at least one number" in calls.respond("softmax", '{"scores": []}')
    assert "must be a list" in calls.respond("softmax", '{"scores": 3}')


def test_the_view_call_is_the_widgets_evaluate():
    args = {"score1": 4.0, "score2": -1.5, "score3": 0.0, "names": ["red", "green", "blue"]}
    assert json.loads(calls.call("softmax_view", json.dumps(args))) == json.loads(json.dumps(S.evaluate(args)))
    assert "score1 must be" in calls.respond("softmax_view", '{"score1": 12}')


# --- The page: its table and its "what to try" ---------------------------------------

def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_the_pages_table_is_what_softmax_gives():
    rows = re.findall(r"^\| (\w+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) / ([\d.]+) = ([\d.]+) \|$", page_text(), re.M)
    assert [r[0] for r in rows] == list(S.DEFAULT_NAMES)
    scores = [float(r[1]) for r in rows]
    p = softmax(scores)
    total = f"{sum(math.exp(s) for s in scores):.2f}"
    for (name, score, power, power_again, over, prob), s, x in zip(rows, scores, p):
        assert power == power_again == f"{math.exp(s):.2f}" and over == total and prob == f"{x:.2f}", name
    assert re.search(rf"^\| total \| \| {re.escape(total)} \| 1\.00 \|$", page_text(), re.M)


def what_to_try() -> str:
    text = page_text()
    start = text.index("/// widget | softmax")
    return text[start:text.index("## ", start)]


def test_the_block_starts_at_the_tables_scores():
    block = what_to_try()
    for key, value in zip(S.SCORE_NAMES, (3.0, 1.0, 0.2)):
        assert re.search(rf"^{key}: {value}$", block, re.M)
        assert S.CONTROLS[key].default == value


def test_try_three_arrow_presses_on_cat():
    assert "Press the right arrow key three times on cat's slider" in what_to_try()
    assert "rises from 0.84 to 0.87 while dog's and fox's both fall" in what_to_try()
    step = S.CONTROLS["score1"].step
    views = [view(round(3.0 + k * step, 1), 1.0, 0.2) for k in range(4)]
    assert shown(views[0])[0] == "0.84" and shown(views[-1])[0] == "0.87"
    for before, after in zip(views, views[1:]):
        p0, p1 = [c["share"] for c in before["classes"]], [c["share"] for c in after["classes"]]
        assert p1[0] > p0[0] and p1[1] < p0[1] and p1[2] < p0[2]


def test_try_adding_2_to_every_score():
    assert "Set the scores to 5, 3 and 2.2" in what_to_try()
    assert "probabilities stay 0.84, 0.11 and 0.05" in what_to_try()
    assert shown(view(5.0, 3.0, 2.2)) == shown(view(3.0, 1.0, 0.2)) == ["0.84", "0.11", "0.05"]


def test_try_dog_one_below_cat():
    assert "Set dog to 2, one below cat. The widget says cat is e^1.00 = 2.72 times as" in what_to_try()
    assert "stays 2.72 when you raise both by the same amount" in what_to_try()
    for k in range(0, 71):   # raising both as far as the range allows
        words = view(round(3.0 + k / 10, 1), round(2.0 + k / 10, 1), 0.2)["readouts"]["winner"]
        assert words.startswith("cat wins") and "ahead of dog" in words
        assert "its score is 1.00 higher, which makes it e^1.00 = 2.72 times as likely" in words, words


def test_try_equal_scores_and_five_zero_zero():
    text = " ".join(what_to_try().split())
    assert "each class gets 0.33, and the shown values add up to 0.99, not 1.00" in text
    assert "Scores of 5, 0 and 0 round the other way: 0.99 + 0.01 + 0.01 = 1.01." in text
    for score in (-10.0, -2.5, 0.0, 1.0, 7.3, 10.0):
        v = view(score, score, score)
        assert shown(v) == ["0.33"] * 3
        assert "add up to 0.99 (0.33 + 0.33 + 0.33), not 1.00: each is rounded on its own" in v["readouts"]["sum"]
    v = view(5.0, 0.0, 0.0)
    assert shown(v) == ["0.99", "0.01", "0.01"]
    assert "add up to 1.01 (0.99 + 0.01 + 0.01), not 1.00" in v["readouts"]["sum"]
