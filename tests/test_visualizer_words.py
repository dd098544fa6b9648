"""Every sentence the Training Loop Visualizer says about a run is true of that run's
data at that epoch (lesson_py.widgets.visualizer), and so are the numbers the
article's visualizer paragraphs (docs/interactive.md) claim."""

import math
import re
from pathlib import Path

import pytest

from build_hooks.prose_numbers import fill
from lesson_py.runs import LEARNING_DROP, PLANS, replay
from lesson_py.widgets import visualizer
from lesson_py.widgets.format import percent, shown

ROOT = Path(__file__).resolve().parent.parent
RUNS = {key: replay(*key) for key in PLANS}


def tally(cp) -> dict[str, int]:
    verdicts = [j.verdict for j in cp.judgements]
    return {v: verdicts.count(v) for v in ("correct", "wrong", "undecided")}


def said_tally(sentence: str) -> dict[str, int]:
    """The counts a sentence states: '2 of 8 points are right, 2 wrong, 4 undecided'."""
    found = re.search(r"(\d+) of (\d+) points are right((?:, \d+ (?:wrong|undecided))*)", sentence)
    assert found, sentence
    said = {"correct": int(found.group(1)), "wrong": 0, "undecided": 0}
    for count, verdict in re.findall(r"(\d+) (wrong|undecided)", found.group(3)):
        said[verdict] = int(count)
    return said


def sampled(run):
    """(epoch, checkpoint) at the first epochs, the middle and the last one."""
    last = len(run.checkpoints) - 1
    return [(epoch, run.checkpoints[epoch]) for epoch in sorted({0, 1, 2, 3, 8, last // 2, last})]


@pytest.mark.parametrize("key", list(PLANS))
def test_every_story_is_true_of_its_run(key):
    run = RUNS[key]
    text = visualizer.story(run)
    losses = [c.loss for c in run.checkpoints]
    right = [tally(c)["correct"] for c in run.checkpoints]
    rises = [e for e in range(1, len(losses)) if losses[e] > losses[e - 1] + 1e-12]
    if "never rises" in text:
        assert not rises
        assert f"falls from {shown(losses[0], 3)} to {shown(losses[-1], 3)} over {len(losses) - 1} epochs" in text
    else:
        found = re.search(r"rises in (\d+) of the (\d+) epochs, up to (\d+\.\d+) at epoch (\d+), and ends at (\d+\.\d+)", text)
        assert found, text
        assert int(found.group(1)) == len(rises) > 0 and int(found.group(2)) == len(losses) - 1
        high = int(found.group(4))
        assert losses[high] == max(losses) and found.group(3) == shown(losses[high], 3)
        assert found.group(5) == shown(losses[-1], 3)
    if "cost of saying 50%" in text:
        assert abs(losses[-1] - math.log(2)) < 5e-4
    found = re.search(r"All (\d+) points are right from epoch (\d+) to the end", text)
    if found:
        first = int(found.group(2))
        assert all(r == 8 for r in right[first:]) and right[first - 1] < 8
    else:
        found = re.search(r"never gets more than (\d+) of 8 points right \(first at epoch (\d+)\); at epoch (\d+): (.*)", text)
        assert found, text
        assert max(right) == int(found.group(1)) == right[int(found.group(2))] < 8
        assert right.index(max(right)) == int(found.group(2))
        assert int(found.group(3)) == len(losses) - 1
        assert said_tally(text.split("; at epoch")[1]) == tally(run.checkpoints[-1])


def test_the_stories_no_longer_claim_what_the_runs_do_not_show():
    """Deep + Gentle has 2, 3, 4, 4 of 8 right at epochs 0 to 3: no plateau of 6 'for all 60 epochs'."""
    deep_gentle = visualizer.story(RUNS[("deep", "gentle")])
    assert "for all 60 epochs" not in deep_gentle
    assert [tally(c)["correct"] for c in RUNS[("deep", "gentle")].checkpoints[:4]] == [2, 3, 4, 4]
    assert "first at epoch 4" in deep_gentle


@pytest.mark.parametrize("key", list(PLANS))
def test_the_fit_sentence_is_true_at_every_sampled_epoch(key):
    run = RUNS[key]
    for epoch, cp in sampled(run):
        text = visualizer.fit_sentence(run, epoch)
        if cp.fit == "fitted":
            assert text == "All 8 points are on the right side of the boundary." and tally(cp)["correct"] == 8
            continue
        assert said_tally(text) == tally(cp), (epoch, text)
        if epoch == 0:
            assert text.startswith("Before any training") and "epoch 0" not in text
            continue
        before, now = run.checkpoints[epoch - 1].loss, cp.loss
        if cp.fit == "unstable":
            found = re.search(r"rose (?:in this epoch|in epoch (\d+)), from ([\d.]+) to ([\d.]+)", text)
            rose = int(found.group(1) or epoch)
            assert rose in (epoch - 1, epoch)
            earlier, later = run.checkpoints[rose - 1].loss, run.checkpoints[rose].loss
            assert later > earlier and float(found.group(3)) >= float(found.group(2))
            assert found.group(2) == shown(earlier, len(found.group(2).split(".")[1]))
        elif cp.fit == "learning":
            drop = (before - now) / before
            assert drop >= LEARNING_DROP and f"fell by {drop * 100:.2f}%" in text
            assert f"from {shown(before, 3)} to {shown(now, 3)}" in text or "from 0." in text
        else:
            assert cp.fit == "underfitting" and before - now < LEARNING_DROP * before
            assert "less than 0.1%" in text and f"at epoch {epoch - 1}" in text
        # Never a claim of wrong points when none is wrong (issue 14).
        if tally(cp)["wrong"] == 0:
            assert "wrong" not in text


def test_the_fit_sentence_changes_with_the_epoch():
    """The underfitting sentence used to be the same at every epoch; now it names the epoch before."""
    run = RUNS[("shallow", "balanced")]
    assert visualizer.fit_sentence(run, 40) != visualizer.fit_sentence(run, 8)
    assert "0 of 8 points are right, 8 undecided" in visualizer.fit_sentence(run, 8)


def numbers_in(text: str) -> list[str]:
    return re.findall(r"-?\d+\.\d+", text)


@pytest.mark.parametrize("key", list(PLANS))
def test_the_step_sentences_name_the_checkpoints_numbers(key):
    run = RUNS[key]
    for epoch, cp in sampled(run):
        forward, loss, backprop, update = visualizer.step_sentences(run, epoch)
        update_numbers = update.split("gradient: ", 1)[1]  # after the rule, which names the rate
        confidences = [j.confidence for j in cp.judgements]
        low, high = confidences.index(min(confidences)), confidences.index(max(confidences))
        assert forward.endswith(f"from {percent(confidences[low])} for {cp.judgements[low].point.name} "
                                f"to {percent(confidences[high])} for {cp.judgements[high].point.name}.")
        assert numbers_in(loss)[0] == shown(cp.loss, len(numbers_in(loss)[0].split(".")[1]))
        if epoch:
            previous = run.checkpoints[epoch - 1].loss
            if "the same as" in loss:  # equal to 6 decimals, the most the sentence writes
                assert shown(cp.loss, 6) == shown(previous, 6)
            else:
                assert ("down from" in loss) == (cp.loss < previous) and ("up from" in loss) == (cp.loss > previous)
        after = run.checkpoints[epoch + 1].network if epoch + 1 < len(run.checkpoints) else run.after_last
        if len(cp.network) == 1:
            (w1, w2), b = cp.network[0].weights[0], cp.network[0].biases[0]
            assert numbers_in(forward)[:3] == [shown(w1, 4), shown(w2, 4), shown(b, 4)]
            g = cp.gradients[0]
            assert numbers_in(backprop) == [shown(v, 4) for v in (*g.weights[0], g.biases[0])]
            (n1, n2), nb = after[0].weights[0], after[0].biases[0]
            assert numbers_in(update_numbers) == [shown(v, 4) for v in (w1, n1, w2, n2, b, nb)]
        else:
            out_grads = cp.gradients[-1].weights[0]
            assert numbers_in(backprop)[:3] == [shown(v, 4) for v in out_grads]
            hidden = [abs(v) for layer in cp.gradients[:-1] for row in layer.weights for v in row]
            hidden += [abs(v) for layer in cp.gradients[:-1] for v in layer.biases]
            assert abs(float(numbers_in(backprop)[3])) == pytest.approx(max(hidden), abs=5e-5)
            olds, news = cp.network[-1].weights[0], after[-1].weights[0]
            assert numbers_in(update_numbers)[:6] == [shown(v, 4) for v in (*olds, *news)]
        assert update.startswith(f"Weight update with learning rate {run.learning_rate:g}, ")


@pytest.mark.parametrize("key", list(PLANS))
def test_the_map_text_and_the_readouts_follow_the_checkpoint(key):
    run = RUNS[key]
    for epoch, cp in sampled(run):
        words = visualizer.checkpoint_words(run, epoch)
        counts = tally(cp)
        for verdict, count in counts.items():
            named = [j.point.name for j in cp.judgements if j.verdict == verdict]
            expected = f"{count} {verdict}" + (f" ({', '.join(named)})" if named and verdict != "correct" else "")
            assert expected in words["map"]
        assert words["map"].startswith(f"At epoch {epoch}: ")
        assert words["confidence"] == [percent(j.confidence) for j in cp.judgements]
        assert words["accuracy"] == f"{counts['correct']} of 8 correct ({percent(cp.accuracy)})"
        assert words["valuetext"] == f"epoch {epoch} of {len(run.checkpoints) - 1}: loss {shown(cp.loss, 3)}, {counts['correct']} of 8 correct"


def test_the_check_result_is_a_plain_sentence_first():
    same = visualizer.check_words(23, 35, 0.0, "")
    assert same["matches"] and same["sentence"] == ("Python retrained 23 epochs in your browser and got the same "
                                                    "numbers as the stored checkpoint: identical, bit for bit.")
    assert "over 35 numbers" in same["details"] and ": 0." in same["details"]
    assert visualizer.check_words(0, 11, 0.0, "")["sentence"].startswith("Python rebuilt the starting network")
    assert not visualizer.check_words(3, 11, 1e-6, "network[0].weights[0][1]")["matches"]


def test_any_difference_is_a_mismatch_however_small():
    """The math is bit-identical in the build and the browser: no tolerance, the smallest difference fails."""
    tiny = visualizer.check_words(23, 35, 5e-324, "gradients[1].weights[0][1]")
    assert not tiny["matches"] and "identical" not in tiny["sentence"] and "different numbers" in tiny["sentence"]
    assert "e-324, at gradients[1].weights[0][1]" in tiny["details"] and "e-" not in tiny["sentence"]
    assert not hasattr(visualizer, "MATCH_WITHIN")


# --- docs/interactive.md: the visualizer's paragraphs claim only what the runs show --------


def test_the_articles_claims_about_the_runs_hold():
    text = " ".join(fill((ROOT / "docs" / "interactive.md").read_text())[0].split())  # as built: numbers filled in
    shallow = RUNS[("shallow", "balanced")]
    counts = [tally(c) for c in shallow.checkpoints]
    # Epoch 0: the loss near 0.69 and nw-positive at 44%.
    assert "near 0.69" in text and shown(shallow.checkpoints[0].loss, 2) == "0.70" and abs(shallow.checkpoints[0].loss - 0.69) < 0.01
    assert "only 44% confidence" in text and percent(shallow.checkpoints[0].judgements[0].confidence) == "44%"
    # "it never gets more than 2 points right", "accuracy falls to 0 of 8", "2 right, 2 wrong and 4 undecided".
    assert "never gets more than 2 points right" in text and max(c["correct"] for c in counts) == 2
    assert "the accuracy falls to 0 of 8" in text and any(c["correct"] == 0 and c["undecided"] == 8 for c in counts)
    assert "2 points are right, 2 wrong and 4 undecided" in text and counts[-1] == {"correct": 2, "wrong": 2, "undecided": 4}
    assert "settles near 0.693" in text and shown(shallow.checkpoints[-1].loss, 3) == "0.693"
    assert "end up *undecided* rather than correct" not in text
    # Deep + Balanced gets all 8 right; nw-positive rises at every epoch, from 23% to 90%.
    deep = RUNS[("deep", "balanced")]
    assert tally(deep.checkpoints[-1])["correct"] == 8
    series = [c.judgements[0].confidence for c in deep.checkpoints]
    assert "every epoch, from 23% to 90%" in text and all(b > a for a, b in zip(series, series[1:]))
    assert (percent(series[0]), percent(series[-1])) == ("23%", "90%")
    # Shallow + Aggressive: nw-positive jumps up and down.
    wobbly = [c.judgements[0].confidence for c in RUNS[("shallow", "aggressive")].checkpoints]
    turns = sum((c - b) * (b - a) < 0 for a, b, c in zip(wobbly, wobbly[1:], wobbly[2:]))
    assert "jumps up and down" in text and turns >= 10


@pytest.mark.parametrize("key", list(PLANS))
def test_the_loss_chart_and_trend_texts_are_true_of_the_run(key):
    run = RUNS[key]
    losses = [c.loss for c in run.checkpoints]
    text = visualizer.loss_description(run)
    low, high = losses.index(min(losses)), losses.index(max(losses))
    assert (f"starts at {shown(losses[0], 3)} and ends at {shown(losses[-1], 3)} after {len(losses) - 1} epochs, "
            f"lowest {shown(losses[low], 3)} (epoch {low}), highest {shown(losses[high], 3)} (epoch {high})") in text
    rises = sum(b - a > 1e-12 for a, b in zip(losses, losses[1:]))
    assert ("never rises" in text) == (rises == 0)
    if rises:
        assert f"next {rises} time" in text
    for index in range(8):
        series = [c.judgements[index].confidence for c in run.checkpoints]
        trend = visualizer.trend(run, index)
        assert trend.startswith(f"Over the run (dashed line: 50%): from {percent(series[0])} at epoch 0 to "
                                f"{percent(series[-1])} at epoch {len(series) - 1}, between {percent(min(series))} "
                                f"and {percent(max(series))}")
        turns = sum((c - b) * (b - a) < 0 for a, b, c in zip(series, series[1:], series[2:]))
        assert ("wobbles" in trend) == (turns >= 3)
