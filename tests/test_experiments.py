"""The article's experiments: each run a page defines beside the sentence it proves, and each claim
its prose makes, checked against the run the build stores (build_hooks.widget_data.spec_run_data)
and, for what the JSON does not keep (every epoch's gradients and weights), against the same
training (lesson_py.trainer.train_spec) that the build runs."""

import re
from functools import lru_cache
from pathlib import Path

import pytest

from build_hooks.widget_blocks import find_blocks
from build_hooks.widget_data import spec_run_data
from lesson_py.spec import parse
from lesson_py.trainer import train_spec
from lesson_py.widgets import spec_runs
from lesson_py.widgets.format import shown
from lesson_py.widgets.visualizer import LOSS_DECIMALS

ROOT = Path(__file__).resolve().parent.parent


def page_text(page: str) -> str:
    return " ".join((ROOT / "docs" / page).read_text(encoding="utf-8").split())


@lru_cache(maxsize=None)
def blocks(page: str) -> dict:
    found = find_blocks((ROOT / "docs" / page).read_text(encoding="utf-8"), f"docs/{page}")
    return {b.options["id"]: b for b in found if b.widget == "training-visualizer" and "run" in b.options}


@lru_cache(maxsize=None)
def stored(page: str, block_id: str):
    """(the stored JSON, the trained run) of one of a page's own runs."""
    flat = blocks(page)[block_id].options["run"]
    run = train_spec(parse(flat))
    return spec_run_data(flat, run), run


def loss(value: float) -> str:
    return shown(value, LOSS_DECIMALS)


def max_weight_change(run, layer: int) -> float:
    start, end = run.checkpoints[0].network[layer], run.checkpoints[-1].network[layer]
    return max(abs(a - b) for r0, r1 in zip(start.weights, end.weights) for a, b in zip(r0, r1))


# --- misconceptions: "more layers always helps" -------------------------------------------------

MYTH = "misconceptions.md"


def test_the_two_myth_runs_differ_only_in_their_layers():
    deep, shallow = (parse(blocks(MYTH)[b].options["run"]) for b in ("deep-sigmoid-stack", "shallow-sigmoid"))
    assert deep.dataset == shallow.dataset and deep.training == shallow.training
    assert deep.network.layers == (4, 4, 4, 4) and shallow.network.layers == (4,)
    assert deep.network.activation == shallow.network.activation == "sigmoid"
    assert deep.network.init == shallow.network.init
    text = page_text(MYTH)
    assert "the same 200 points in a circle" in text and deep.dataset.kind == "circle" and deep.dataset.points == 200
    assert "four hidden layers of 4 sigmoid neurons each" in text and "one hidden layer of 4 sigmoid neurons" in text
    assert deep.training.epochs == 100 and "In all 100 epochs" in text


def test_the_deep_stacks_gradients_shrink_layer_by_layer_towards_the_input():
    data, run = stored(MYTH, "deep-sigmoid-stack")
    text = page_text(MYTH)
    first = data["checkpoints"][0]["words"]
    sizes = run.checkpoints[0].gradient_sizes
    assert all(a < b for a, b in zip(sizes, sizes[1:])), "each layer's gradient is smaller than the next one's"
    shown_sizes = [row.split(": ")[1] for row in first["gradients"]]
    assert ("0.016 at the output layer, then 0.0028, 0.00069 and 0.00019, and 0.000029 at the first hidden layer"
            in text)
    assert shown_sizes == ["0.000029", "0.00019", "0.00069", "0.0028", "0.016"]
    assert first["gradients"][0].startswith("Hidden layer 1: ") and first["gradients"][-1].startswith("Output layer: ")
    # the claim of issue 14: the first layer's gradient at least 100 times smaller than the last layer's
    assert sizes[-1] / sizes[0] >= 100
    assert "561 times smaller than the output layer's" in text
    assert first["gradient_ratio"] == "Hidden layer 1's gradient is 561 times smaller than the output layer's."
    last = data["checkpoints"][-1]
    assert last["epoch"] == 100 and "At epoch 100 the first layer's gradient is still 597 times smaller" in text
    assert "597 times smaller" in last["words"]["gradient_ratio"]
    end = run.checkpoints[-1].gradient_sizes
    assert end[-1] / end[0] >= 100


def test_the_deep_stacks_first_layer_barely_moves():
    _, run = stored(MYTH, "deep-sigmoid-stack")
    text = page_text(MYTH)
    assert ("no weight of the first hidden layer moves by more than 0.04, while weights of the last hidden layer "
            "and of the output layer move by more than 0.7") in text
    assert max_weight_change(run, 0) < 0.04
    assert max_weight_change(run, 3) > 0.7 and max_weight_change(run, 4) > 0.7


def test_the_deep_stack_trains_slower_than_the_shallow_network():
    deep, _ = stored(MYTH, "deep-sigmoid-stack")
    shallow, shallow_run = stored(MYTH, "shallow-sigmoid")
    text = page_text(MYTH)
    assert "never gets more than half of the points right" in text and max(deep["accuracies"]) <= 0.5
    assert (f"starts at {loss(deep['losses'][0])} and ends at {loss(deep['losses'][-1])}, where 0.693 is the loss "
            "of answering 50% for every point") in text
    assert loss(-__import__("math").log(0.5)) == "0.693"
    assert f"falls from {loss(shallow['losses'][0])} to {loss(shallow['losses'][-1])}" in text
    first = next(e for e, a in enumerate(shallow["accuracies"]) if a >= 0.75)
    assert f"first gets three quarters of the points right at epoch {first}" in text and first == 35
    assert "ends the 100 epochs with 78% of them right" in text
    assert shallow["checkpoints"][-1]["words"]["accuracy"].endswith("(78%)")
    # slower: at every epoch from the shallow one's 35th on, its loss is below the deep stack's
    assert all(s < d for s, d in zip(shallow["losses"][first:], deep["losses"][first:]))
    sizes = shallow_run.checkpoints[0].gradient_sizes
    assert "start with gradients less than 2 times apart (0.0033 and 0.0059)" in text
    assert max(sizes) / min(sizes) < 2
    assert [r.split(": ")[1] for r in shallow["checkpoints"][0]["words"]["gradients"]] == ["0.0033", "0.0059"]


# --- the gradient read-out -------------------------------------------------------------------

def test_every_stored_checkpoint_words_its_layers_gradients():
    data, run = stored(MYTH, "deep-sigmoid-stack")
    for c in data["checkpoints"]:
        sizes = run.checkpoints[c["epoch"]].gradient_sizes
        rows = c["words"]["gradients"]
        assert rows == [f"{n}: {spec_runs.significant(s)}" for n, s in
                        zip(["Hidden layer 1", "Hidden layer 2", "Hidden layer 3", "Hidden layer 4", "Output layer"],
                            sizes)]
        times = re.fullmatch(r"Hidden layer 1's gradient is ([\d.]+) times (smaller|larger) than the output layer's\.",
                             c["words"]["gradient_ratio"])
        assert times, c["words"]["gradient_ratio"]
        ratio = sizes[-1] / sizes[0] if times.group(2) == "smaller" else sizes[0] / sizes[-1]
        assert ratio >= 1 and abs(float(times.group(1)) - ratio) <= (0.5 if ratio >= 10 else 0.05)


@pytest.mark.parametrize("value, text", [(0.0000287, "0.000029"), (0.0161, "0.016"), (0.0999, "0.10"),
                                         (9.99, "10"), (1.5, "1.5"), (0.0, "0"), (123.4, "123")])
def test_a_gradient_size_is_two_significant_figures_without_an_exponent(value, text):
    assert spec_runs.significant(value) == text


def test_the_ratio_sentence_covers_one_layer_and_equal_sizes():
    from lesson_py.widgets.spec_runs import gradient_ratio
    one = train_spec(parse({"layers": "none", "epochs": "1"})).checkpoints[0]
    assert "no hidden layer" in gradient_ratio(one)
    two = train_spec(parse({"epochs": "1"})).checkpoints[0]
    same = type(two)(**{**two.__dict__, "gradient_sizes": (0.5, 0.52)})
    assert gradient_ratio(same) == "Hidden layer 1's gradient is about as large as the output layer's."
    larger = type(two)(**{**two.__dict__, "gradient_sizes": (0.9, 0.3)})
    assert gradient_ratio(larger) == "Hidden layer 1's gradient is 3.0 times larger than the output layer's."


# --- going-deep: wide or deep on two spirals ----------------------------------------------------

DEEP = "going-deep.md"


def weights_and_biases(run) -> tuple[int, int]:
    network = run.checkpoints[0].network
    return (sum(len(row) for layer in network for row in layer.weights),
            sum(len(layer.biases) for layer in network))


def test_the_spiral_runs_differ_only_in_their_layers_and_their_counts_are_right():
    wide, deep = (parse(blocks(DEEP)[b].options["run"]) for b in ("spiral-wide", "spiral-deep"))
    assert wide.dataset == deep.dataset and wide.training == deep.training and wide.network.init == deep.network.init
    assert wide.dataset.kind == "spiral" and wide.dataset.points == 160 and wide.training.epochs == 500
    assert wide.network.layers == (8,) and deep.network.layers == (4, 3)
    assert wide.network.activation == deep.network.activation == "tanh"
    text = page_text(DEEP)
    assert "the same 160 points of two spirals (120 for training, 40 held out as test points" in text
    data, _ = stored(DEEP, "spiral-wide")
    assert len(data["points"]["training"]) == 120 and len(data["points"]["test"]) == 40
    assert "| shallow and wide | one layer of 8 tanh neurons | 2·8 + 8·1 = 24 | 8 + 1 = 9 |" in text
    assert "| deep and narrow | 4 tanh neurons, then 3 | 2·4 + 4·3 + 3·1 = 23 | 4 + 3 + 1 = 8 |" in text
    assert weights_and_biases(stored(DEEP, "spiral-wide")[1]) == (2 * 8 + 8 * 1, 8 + 1) == (24, 9)
    assert weights_and_biases(stored(DEEP, "spiral-deep")[1]) == (2 * 4 + 4 * 3 + 3 * 1, 4 + 3 + 1) == (23, 8)
    assert "with one weight fewer" in text


def percent_of(words: str) -> str:
    return re.search(r"\((\d+%)\)", words).group(1)


def test_the_deep_narrow_network_goes_further_on_the_spirals():
    wide, _ = stored(DEEP, "spiral-wide")
    deep, _ = stored(DEEP, "spiral-deep")
    text = page_text(DEEP)
    assert (f"from {loss(wide['losses'][0])} at epoch 0 to {loss(wide['losses'][-1])} at epoch 500, and it never "
            "gets more than 62% of the training points right") in text
    best = max(wide["accuracies"])
    assert best <= 0.62 and round(best * 120) == 74  # 74 of 120, shown as 62%
    assert f"brings its training loss down to {loss(deep['losses'][-1])}" in text
    assert deep["losses"][-1] < wide["losses"][-1]
    end_deep, end_wide = deep["checkpoints"][-1]["words"], wide["checkpoints"][-1]["words"]
    assert "ends with 78% of the training points right" in text and percent_of(end_deep["accuracy"]) == "78%"
    first = next(e for e, a in enumerate(deep["accuracies"]) if a >= 0.75)
    assert f"first gets three quarters of them right at epoch {first}" in text and first == 298
    assert (f"{percent_of(end_deep['test_accuracy'])} right against {percent_of(end_wide['test_accuracy'])}, with "
            f"a test loss of {end_deep['test_loss']} against {end_wide['test_loss']}") in text
    assert deep["test_accuracies"][-1] > wide["test_accuracies"][-1] and deep["test_losses"][-1] < wide["test_losses"][-1]
    assert "at every epoch both get fewer than 80% of the training points right" in text
    assert max(wide["accuracies"]) < 0.8 and max(deep["accuracies"]) < 0.8


def test_the_going_deep_pages_runs_stay_within_the_budget():
    import gzip
    from build_hooks.widget_data import dumps
    total = sum(len(gzip.compress(dumps(stored(DEEP, b)[0]).encode())) for b in blocks(DEEP))
    assert len(blocks(DEEP)) == 3 and total <= 150_000, total


def test_what_to_try_on_the_myth_runs():
    from build_hooks.widget_data import decode_grid
    from lesson_py.neuron import probability_verdict
    deep, _ = stored(MYTH, "deep-sigmoid-stack")
    shallow, _ = stored(MYTH, "shallow-sigmoid")
    text = page_text(MYTH)
    assert "one line falls, the other stays almost flat" in text
    assert max(deep["losses"]) - min(deep["losses"]) < 0.05 and shallow["losses"][0] - shallow["losses"][-1] > 0.2

    def colours(c):
        return {probability_verdict(p) for p in decode_grid(c["map"])} - {"undecided"}
    assert "watch its map come to show both colours; the deep stack's map never does" in text
    assert colours(shallow["checkpoints"][-1]) == {"positive", "negative"}
    assert all(len(colours(c)) <= 1 for c in deep["checkpoints"])


def test_what_to_try_on_the_spiral_runs():
    text = page_text(DEEP)
    assert "At epoch 500, find the hollow test points with a dashed ring on each map" in text
    for block in ("spiral-wide", "spiral-deep"):
        data, _ = stored(DEEP, block)
        last = data["checkpoints"][-1]
        assert last["epoch"] == 500
        assert data["verdict_letters"]["wrong"] in last["verdicts"][len(data["points"]["training"]):]


# --- the visualizer never shows two equal numbers as a change ---------------------------------

def pairs_shown(text: str) -> list[tuple[str, str]]:
    """Every 'A at epoch N, B now', 'A then, B now' and 'from A to B' in a sentence."""
    return (re.findall(r"\((\d+\.\d+) (?:at epoch \d+|then), (\d+\.\d+) now\)", text)
            + re.findall(r"from (\d+\.\d+) to (\d+\.\d+)", text))


def test_the_fit_sentence_never_shows_two_equal_numbers_as_a_change():
    from lesson_py.runs import PLANS, replay
    from lesson_py.widgets.visualizer import fit_sentence
    shallow = replay("shallow", "balanced")
    assert fit_sentence(shallow, 40).startswith(
        "The loss changed by less than 0.1% in the last epoch: it reads 0.693096 at epoch 39 and now, to 6 decimals")
    seen = 0
    for plan in PLANS:
        run = replay(*plan)
        for epoch in range(1, len(run.checkpoints)):
            for before, now in pairs_shown(fit_sentence(run, epoch)):
                seen += 1
                assert before != now, (plan, epoch)
    assert seen > 100
    for page, block in ((MYTH, "deep-sigmoid-stack"), (DEEP, "spiral-wide")):
        for c in stored(page, block)[0]["checkpoints"]:
            assert all(a != b for a, b in pairs_shown(c["words"]["fit"])), (block, c["epoch"])


# --- how-it-learns: three rates, one start, on one compare chart ---------------------------------

LEARN = "how-it-learns.md"
RATES = {"Too small": 0.05, "Good": 3.0, "Too large": 12.0}


@lru_cache(maxsize=None)
def compare_block(page: str, block_id: str):
    found = find_blocks((ROOT / "docs" / page).read_text(encoding="utf-8"), f"docs/{page}")
    return next(b for b in found if b.widget == "training-visualizer" and b.options["id"] == block_id)


@lru_cache(maxsize=None)
def compared(page: str, block_id: str) -> dict:
    """A compare block's runs, by label: (the stored JSON of the run, its spec), and the block's JSON."""
    from build_hooks.widget_data import compare_data
    runs = compare_block(page, block_id).options["compare"]
    data = compare_data(runs)
    return {r["label"]: (json, parse(r["run"])) for r, json in zip(runs, data["runs"], strict=True)}, data


def rises(losses) -> int:
    return sum(later > earlier for earlier, later in zip(losses, losses[1:]))


def test_the_three_rate_runs_differ_only_in_their_rate():
    runs, _ = compared(LEARN, "three-rates")
    assert list(runs) == list(RATES)
    first = runs["Good"][1]
    for label, (_, spec) in runs.items():
        assert spec.training.rate == RATES[label] and spec.network == first.network and spec.dataset == first.dataset
        assert spec.training.batch is None and spec.training.epochs == 100
    assert first.dataset.kind == "xor" and first.dataset.points == 100 and first.network.layers == (3,)
    text = page_text(LEARN)
    assert "on the same 100 points of an XOR pattern, with full-batch steps for 100 epochs" in text
    assert "Only the learning rate differs: 0.05, 3 and 12." in text
    assert "Its chart draws the three training losses on one chart" in text


def test_too_small_good_and_too_large_a_rate():
    runs, _ = compared(LEARN, "three-rates")
    small, good, large = (runs[label][0] for label in RATES)
    text = page_text(LEARN)
    assert loss(small["losses"][0]) == loss(good["losses"][0]) == loss(large["losses"][0]) == "0.811"
    assert "All three start at a loss of 0.811." in text
    assert f"At rate 0.05 the loss creeps down to {loss(small['losses'][-1])} in 100 epochs without a single rise" in text
    assert rises(small["losses"]) == 0
    assert "never gets more than 41 of the 100 points right" in text and round(max(small["accuracies"]) * 100) == 41
    assert f"At rate 3 it falls to {loss(good['losses'][-1])}, also without a rise" in text and rises(good["losses"]) == 0
    first = next(e for e, a in enumerate(good["accuracies"]) if a >= 0.9)
    assert f"90 or more points are right from epoch {first}, and 98 at the end" in text
    assert all(a >= 0.9 for a in good["accuracies"][first:]) and round(good["accuracies"][-1] * 100) == 98
    # the claim: the larger rate's loss rises at least once
    assert rises(large["losses"]) >= 1
    assert f"the loss rises in {rises(large['losses'])} of the 100 epochs" in text
    assert f"reaches {loss(max(large['losses']))}, far above where it started" in text
    assert max(large["losses"]) > 2 * large["losses"][0]
    assert f"it ends at {loss(large['losses'][-1])} with 90 points right, a worse fit than rate 3's" in text
    assert round(large["accuracies"][-1] * 100) == 90 and large["losses"][-1] > good["losses"][-1]
    unstable = [c for c in large["checkpoints"] if c["fit"] == "unstable"]
    assert unstable, "the rate 12 run's fit state reads unstable"
    assert not any(c["fit"] == "unstable" for c in (*small["checkpoints"], *good["checkpoints"]))


def test_what_to_try_on_the_three_rates():
    """The chart's solid line creeps, the dashed one dives, the dotted one jumps up and down."""
    from build_hooks.compare_view import swatch
    runs, data = compared(LEARN, "three-rates")
    text = page_text(LEARN)
    assert ("the solid one (Too small) creeps, the dashed one (Good) dives, the dotted one (Too large) jumps up "
            "and down") in text
    css = (ROOT / "docs" / "widgets" / "css" / "widgets.css").read_text(encoding="utf-8")
    dashes = {i: re.search(rf"\.nn-chart-run--{i} \{{[^}}]*\}}", css).group(0) for i in (1, 2, 3)}
    assert "dasharray" not in dashes[1]                                  # solid
    assert "stroke-dasharray: 8 4" in dashes[2]                          # dashed
    assert "stroke-dasharray: 1.5 4" in dashes[3]                        # dotted
    assert [f"nn-chart-run--{i + 1}" in swatch(i) for i in range(3)] == [True] * 3
    assert data["labels"][:3] == ["Too small (rate 0.05)", "Good (rate 3)", "Too large (rate 12)"]
    small, good, large = (runs[label][0]["losses"] for label in RATES)
    assert rises(small) == 0 and small[0] - small[-1] < 0.1              # creeps
    assert rises(good) == 0 and good[0] - good[-1] > 0.6                 # dives
    assert rises(large) >= 10 and max(large) > 2 * large[0]              # jumps up and down
    assert "Pick Too large, scrub it and watch the fit state" in text


# --- key-terms: batch, overfitting, underfitting -------------------------------------------------

TERMS = "key-terms.md"


def test_full_batch_is_smooth_and_mini_batches_are_noisy():
    runs, data = compared(TERMS, "batch-sizes")
    assert list(runs) == ["Full batch", "Mini-batches of 10"]
    (full, full_spec), (mini, mini_spec) = runs["Full batch"], runs["Mini-batches of 10"]
    assert full_spec.dataset == mini_spec.dataset and full_spec.network == mini_spec.network
    assert full_spec.training.rate == mini_spec.training.rate == 1 and full_spec.training.epochs == 60
    assert full_spec.training.batch is None and mini_spec.training.batch == 10
    assert full_spec.dataset.kind == "xor" and full_spec.dataset.points == 100 and full_spec.network.layers == (3,)
    text = page_text(TERMS)
    assert ("on the same 100 points of an XOR pattern at the same learning rate, 1, for 60 epochs, and draws both "
            "training losses on one chart") in text
    assert f"falls smoothly, from {loss(full['losses'][0])} to {loss(full['losses'][-1])}, and never rises" in text
    assert rises(full["losses"]) == 0
    assert f"rises in {rises(mini['losses'])} of its 60 epochs" in text and rises(mini["losses"]) > 0
    assert f"it ends far lower, at {loss(mini['losses'][-1])}, with 97 of the 100 points right against 56" in text
    assert mini["checkpoints"][-1]["words"]["accuracy"].startswith("97 of 100")
    assert full["checkpoints"][-1]["words"]["accuracy"].startswith("56 of 100")
    assert "which one is smooth and which one jitters" in text  # what to try: the full batch's line never rises
    assert "Pick Mini-batches of 10, scrub it and read the fit state when its loss ticks up" in text


def test_the_large_network_overfits_its_small_noisy_training_set():
    spec = parse(blocks(TERMS)["overfitting"].options["run"])
    assert spec.network.layers == (8, 8) and spec.dataset.noise == 0.3 and spec.training.batch == 5
    data, _ = stored(TERMS, "overfitting")
    assert len(data["points"]["training"]) == len(data["points"]["test"]) == 30
    text = page_text(TERMS)
    assert "trains on only 30 noisy points of an XOR pattern, in mini-batches of 5, for 200 epochs" in text
    losses, tests = data["losses"], data["test_losses"]
    best = tests.index(min(tests))
    # the claim: the test loss reaches its minimum before the last epoch while the training loss keeps falling
    assert best < spec.training.epochs and losses[-1] < losses[best] and tests[-1] > tests[best]
    assert losses.index(min(losses)) >= 0.95 * spec.training.epochs
    assert f"The training loss falls from {loss(losses[0])} to {loss(losses[-1])}." in text
    assert (f"The test loss is lowest at epoch {best}, at {loss(tests[best])}; from there it climbs to "
            f"{loss(tests[-1])} while the training loss goes on down from {loss(losses[best])}") in text
    last = data["checkpoints"][-1]["words"]
    assert "26 of its 30 training points right, but only 18 of the 30 test points" in text
    assert last["accuracy"].startswith("26 of 30") and last["test_accuracy"].startswith("18 of 30")
    assert "Compare the map at epoch 8, where the test loss is lowest" in text and best == 8
    assert any(c["epoch"] == 8 for c in data["checkpoints"]), "epoch 8's map is stored"


def test_one_neuron_underfits_the_circle():
    spec = parse(blocks(TERMS)["underfitting"].options["run"])
    assert spec.network.layers == () and spec.dataset.kind == "circle" and spec.dataset.points == 200
    data, _ = stored(TERMS, "underfitting")
    text = page_text(TERMS)
    assert "one neuron with no hidden layer trains on 200 points in a circle" in text
    assert f"Its loss only goes from {loss(data['losses'][0])} to {loss(data['losses'][-1])}, close to 0.693" in text
    assert abs(data["losses"][-1] - 0.693) < 0.01
    assert "at no epoch does it get half of the points right" in text and max(data["accuracies"]) < 0.5
