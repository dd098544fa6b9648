"""Every sentence the article says about a stored run that is not a filled-in number,
checked against the run (the numbers themselves come from build_hooks.prose_numbers).

Each test first finds its sentence in the page as built (numbers filled in), so a claim
that is reworded or removed fails here until its test follows it."""

import math
from itertools import combinations
from pathlib import Path

import pytest

from build_hooks.prose_numbers import fill
from lesson_py.dataset import DATASET
from lesson_py.loss import mean_loss  # of scores: a score of 0 is a confidence of 50%
from lesson_py.runs import DEEP_HIDDEN, NETWORKS, PLANS, RISE_TOLERANCE, replay
from lesson_py.training import backpropagate, update
from lesson_py.widgets.format import shown

ROOT = Path(__file__).resolve().parent.parent
RUNS = {key: replay(*key) for key in PLANS}
PAGES = ("index.md", "interactive.md", "how-it-learns.md", "key-terms.md", "misconceptions.md")


def page(name: str) -> str:
    """The page's Markdown as the build fills it, on one line (sentences wrap in the source)."""
    text, errors = fill((ROOT / "docs" / name).read_text(encoding="utf-8"), f"docs/{name}")
    assert errors == []
    return " ".join(text.split())


def says(name: str, *phrases: str) -> None:
    text = page(name)
    for phrase in phrases:
        assert phrase in text, f"docs/{name} no longer says {phrase!r}: update its test"


def run(network: str, preset: str):
    return RUNS[(network, preset)]


def losses(key) -> list[float]:
    return [c.loss for c in RUNS[key].checkpoints]


def correct(key) -> list[int]:
    return [[j.verdict for j in c.judgements].count("correct") for c in RUNS[key].checkpoints]


def rises(key) -> list[int]:
    values = losses(key)
    return [e for e in range(1, len(values)) if values[e] - values[e - 1] > RISE_TOLERANCE]


def turns(series) -> int:
    return sum((c - b) * (b - a) < 0 for a, b, c in zip(series, series[1:], series[2:]))


def best_line(labels=tuple(p.label for p in DATASET)) -> int:
    """The most of the 8 points any straight line puts on their own side (positive on one
    side, negative on the other), found exactly: a line's split of the points changes only
    where its direction is perpendicular to a pair of points, so one direction between each
    two such critical ones, with every threshold between the points' projections, tries
    every split a line can make."""
    points = [(p.x, p.y) for p in DATASET]
    critical = sorted({(math.atan2(b[1] - a[1], b[0] - a[0]) + math.pi / 2) % (2 * math.pi)
                       for a, b in combinations(points, 2)}
                      | {(math.atan2(b[1] - a[1], b[0] - a[0]) - math.pi / 2) % (2 * math.pi)
                         for a, b in combinations(points, 2)})
    directions = [(a + b) / 2 for a, b in zip(critical, critical[1:] + [critical[0] + 2 * math.pi])]
    best = 0
    for angle in directions:
        ux, uy = math.cos(angle), math.sin(angle)
        projected = [ux * x + uy * y for x, y in points]
        levels = sorted(set(projected))
        thresholds = [levels[0] - 1] + [(a + b) / 2 for a, b in zip(levels, levels[1:])] + [levels[-1] + 1]
        for t in thresholds:
            best = max(best, sum((s > t) == (label == 1) for s, label in zip(projected, labels)))
    return best


# --- interactive.md ------------------------------------------------------------------

def test_the_positive_points_sit_top_left_and_bottom_right():
    says("interactive.md", "Points in the top-left and bottom-right corners are positive, while points in the "
                           "top-right and bottom-left corners are negative.")
    for p in DATASET:
        assert (p.x * p.y < 0) == (p.label == 1), p.name  # top-left (x < 0 < y) and bottom-right (y < 0 < x)


@pytest.mark.parametrize("key", list(PLANS))
def test_every_update_uses_all_the_points(key):
    says("interactive.md", "all 8 points are used for every update")
    says("key-terms.md", "so every update uses all 8 at once")
    start = NETWORKS[key[0]]()
    _, gradients = backpropagate(start, DATASET)  # one full-batch step from the run's start
    expected = update(start, gradients, PLANS[key].learning_rate)
    assert RUNS[key].checkpoints[1].network == expected


def test_epoch_0_is_close_to_saying_50_percent():
    says("interactive.md", "The loss is 0.697, near 0.693, what saying 50% for every point scores")
    assert shown(math.log(2), 3) == "0.693"
    assert mean_loss([0.0] * len(DATASET), [p.label for p in DATASET]) == pytest.approx(math.log(2))
    assert abs(losses(("shallow", "balanced"))[0] - math.log(2)) < 0.01


def test_no_line_gets_more_than_6_of_the_8_points_right():
    says("interactive.md", "No straight line can separate the XOR pattern: even the best possible line gets only "
                           "6 of the 8 points right.")
    says("key-terms.md", "however long it trains, one straight line cannot fit those points")
    assert len(DATASET) == 8 and best_line() == 6
    # The search can find a perfect line where there is one: label by the side of x = 0, or of y = x.
    assert best_line(tuple(int(p.x > 0) for p in DATASET)) == 8 == best_line(tuple(int(p.y > p.x) for p in DATASET))


def test_gentle_and_balanced_never_find_the_best_line():
    says("interactive.md", "Under Gentle and Balanced, training does not even find that line")
    for preset in ("gentle", "balanced"):
        assert max(correct(("shallow", preset))) < best_line()


def test_balanced_hedges_near_the_cost_of_50_percent():
    says("interactive.md", "every point's confidence ends within two percent of 50% and the loss settles near "
                           "0.693, the cost of saying 50% for every point")
    last = run("shallow", "balanced").checkpoints[-1]
    assert all(abs(j.confidence - 0.5) <= 0.02 for j in last.judgements)
    assert abs(last.loss - math.log(2)) < 5e-4


def test_every_point_is_undecided_for_one_stretch_of_epochs():
    says("interactive.md", "from epoch 8 to epoch 14 every point sits on the fence, undecided, so the accuracy "
                           "falls to 0 of 8")
    verdicts = [[j.verdict for j in c.judgements] for c in run("shallow", "balanced").checkpoints]
    on_fence = [e for e, v in enumerate(verdicts) if v.count("undecided") == len(v)]
    assert on_fence == list(range(8, 15))  # one stretch, with no point correct in it
    assert all(correct(("shallow", "balanced"))[e] == 0 for e in on_fence)


def test_aggressive_touches_the_best_line_twice_and_loses_it_each_time():
    says("interactive.md", "Aggressive does reach 6 of 8, at epochs 4 and 6, but loses it at the next step each time.")
    right = correct(("shallow", "aggressive"))
    at_best = [e for e, r in enumerate(right) if r == best_line()]
    assert at_best == [4, 6]
    assert all(right[e + 1] < best_line() for e in at_best)


def test_the_single_neuron_underfits():
    says("interactive.md", "This is underfitting, and no amount of training fixes it.")
    says("key-terms.md", "The loss stays high even on the training data.")
    assert run("shallow", "balanced").checkpoints[-1].fit == "underfitting"
    for preset in ("gentle", "balanced", "aggressive"):
        assert min(losses(("shallow", preset))) > math.log(2) - 1e-4  # never below the cost of 50%


def test_deep_balanced_keeps_every_point_from_its_first_all_correct_epoch():
    says("interactive.md", "Under the Balanced preset it classifies all 8 points correctly from epoch 32 to the end.")
    says("key-terms.md", "with a hidden layer of three neurons, gets every point right from epoch 32 at the same rate")
    right = correct(("deep", "balanced"))
    first = right.index(8)
    assert all(r == 8 for r in right[first:])
    assert DEEP_HIDDEN == len(run("deep", "balanced").checkpoints[0].network[0].weights) == 3
    assert run("deep", "balanced").learning_rate == run("shallow", "balanced").learning_rate


def test_gentle_is_slower_and_stays_at_6():
    says("interactive.md", "*Gentle* takes small steps, so the loss falls slowly",
         "and it stays at 6 of 8 right from epoch 4 on")
    assert PLANS[("deep", "gentle")].learning_rate < PLANS[("deep", "balanced")].learning_rate
    assert losses(("deep", "gentle"))[-1] > losses(("deep", "balanced"))[-1]
    assert rises(("deep", "gentle")) == []  # slow, but falling
    right = correct(("deep", "gentle"))
    assert all(r == 6 for r in right[right.index(6):])


def test_balanced_never_overshoots():
    says("interactive.md", "descends without overshooting: its loss never rises")
    says("how-it-learns.md", "without a single rise")
    assert rises(("deep", "balanced")) == [] and rises(("shallow", "balanced")) == []


def test_deep_aggressive_overshoots_only_before_it_fits():
    says("interactive.md", "all before it gets every point right at epoch 10; from there it only falls")
    says("how-it-learns.md", "overshoots: its loss rises in 5 of the first 10 epochs before it settles")
    first = correct(("deep", "aggressive")).index(8)
    up = rises(("deep", "aggressive"))
    assert up and max(up) < first
    after = losses(("deep", "aggressive"))[first:]
    assert all(b < a for a, b in zip(after, after[1:]))


def test_shallow_aggressive_flips_back_and_forth():
    says("interactive.md", "and its predictions flip back and forth",
         "under Shallow + Aggressive it jumps up and down as the line flips")
    checkpoints = run("shallow", "aggressive").checkpoints
    followed = [c.judgements[0].confidence for c in checkpoints]
    assert turns(followed) >= 10
    sides = [c.judgements[0].verdict for c in checkpoints]
    assert sum(a != b for a, b in zip(sides, sides[1:])) >= 10  # nw-positive changes side again and again


def test_deep_balanced_grows_surer_of_nw_positive_at_every_epoch():
    says("interactive.md", "*nw-positive* grows more confident at every epoch, from 23% to 90%")
    followed = [c.judgements[0].confidence for c in run("deep", "balanced").checkpoints]
    assert DATASET[0].name == "nw-positive" and all(b > a for a, b in zip(followed, followed[1:]))


# --- Every page --------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_of_8_is_the_datasets_size(name):
    # "N of 8" and "of the 8" count the lesson's points, the number every run is judged on.
    text = page(name)
    if " of 8" in text or "of the 8 " in text:
        assert len(DATASET) == 8 == len(run("deep", "balanced").checkpoints[0].judgements)
