"""The run spec: one table of options, read alike from strings (a block, a URL) and JSON values
(a worker call), one message per problem; and the generated datasets it names."""

import math
from urllib.parse import parse_qsl, urlencode

import pytest

from lesson_py import datasets
from lesson_py.dataset import DATASET
from lesson_py.spec import BY_NAME, DEFAULTS, FIELDS, RunSpec, SpecError, flat_values, parse, to_flat

TF_DEFAULT = {"dataset": "circle", "points": "200", "noise": "0.1", "test": "0.2", "seed": "1", "layers": "4,2",
              "activation": "tanh", "init": "1", "rate": "0.03", "epochs": "200", "batch": "10", "l2": "0"}


def test_the_defaults_are_the_lessons_deep_run_and_come_from_the_table():
    spec = parse({})
    assert spec == RunSpec()
    assert (spec.dataset.kind, spec.network.layers, spec.network.activation, spec.network.init) == ("lesson", (3,), "tanh", 1)
    assert (spec.training.rate, spec.training.epochs, spec.training.batch, spec.training.l2) == (1.0, 60, None, 0.0)
    for f in FIELDS:
        if f.kind in ("integer", "number"):
            assert f.low <= f.default <= f.high, f.name
        if f.kind == "choice":
            assert f.default in f.choices


def test_strings_and_json_values_read_to_the_same_spec():
    from_strings = parse(TF_DEFAULT)
    from_json = parse({"dataset": "circle", "points": 200, "noise": 0.1, "test": 0.2, "seed": 1, "layers": [4, 2],
                       "activation": "tanh", "init": 1, "rate": 0.03, "epochs": 200, "batch": 10, "l2": 0})
    assert from_strings == from_json
    assert from_strings.dataset.points == 200 and from_strings.training.rate == 0.03
    assert from_strings.network.layers == (4, 2) and from_strings.training.batch == 10


@pytest.mark.parametrize("options", [
    TF_DEFAULT,
    {},
    {"layers": "none", "activation": "relu", "batch": "full", "l2": "0.001"},
    {"dataset": "spiral", "points": "400", "noise": "0.5", "test": "0.9", "seed": "2147483647", "layers": "8,8,8,8"},
    {"dataset": "listed", "data": "-1,1,1,nw; 1,-1,1; 0.5,0.25,0,third", "rate": "0.1234567890123"},
])
def test_to_flat_writes_what_parse_reads_back_exactly_also_through_a_url(options):
    spec = parse(options)
    assert parse(to_flat(spec)) == spec
    assert parse(flat_values(spec)) == spec
    assert parse(dict(parse_qsl(urlencode(to_flat(spec))))) == spec


def test_to_flat_leaves_out_what_does_not_apply():
    assert set(to_flat(parse({}))) == {"dataset", "layers", "activation", "init", "rate", "epochs", "batch", "l2"}
    assert {"points", "noise", "test", "seed"} <= set(to_flat(parse(TF_DEFAULT)))


BAD = [
    ({"layers": "1,2,3,4,5"}, "network.layers: expected 0 to 4 hidden layers, got 5"),
    ({"layers": [3, 9]}, "network.layers: expected 1 to 8 neurons in each hidden layer, got 9 in layer 2"),
    ({"layers": "0"}, "network.layers: expected 1 to 8 neurons in each hidden layer, got 0 in layer 1"),
    ({"layers": "4;2"}, "network.layers: expected neuron counts separated by commas (e.g. 4,2) or \"none\", got '4;2'"),
    ({"activation": "step"}, "network.activation: expected one of sigmoid, tanh, relu, linear, got 'step'"),
    ({"init": "1.5"}, "network.init: expected a whole number, got '1.5'"),
    ({"rate": "0"}, "training.rate: expected a number from 0.0001 to 20, got '0'"),
    ({"rate": "fast"}, "training.rate: expected a number, got 'fast'"),
    ({"rate": math.nan}, "training.rate: expected a number, got nan"),
    ({"rate": True}, "training.rate: expected a number, got True"),
    ({"epochs": "0"}, "training.epochs: expected a whole number from 1 to 1000, got '0'"),
    ({"epochs": 1001}, "training.epochs: expected a whole number from 1 to 1000, got 1001"),
    ({"batch": "half"}, "training.batch: expected a whole number or \"full\", got 'half'"),
    ({"batch": 0}, "training.batch: expected a whole number from 1 to 400, got 0"),
    ({"l2": "-0.1"}, "training.l2: expected a number from 0 to 1, got '-0.1'"),
    ({"dataset": "moons"}, "dataset.kind: expected one of lesson, circle, xor, gauss, spiral, listed, got 'moons'"),
    ({"dataset": "xor", "points": "10"}, "dataset.points: expected a whole number from 20 to 400, got '10'"),
    ({"dataset": "xor", "noise": "0.6"}, "dataset.noise: expected a number from 0 to 0.5, got '0.6'"),
    ({"dataset": "xor", "test": "1"}, "dataset.test: expected a number from 0 to 0.9, got '1'"),
    ({"dataset": "xor", "seed": "-1"}, "dataset.seed: expected a whole number from 0 to 2147483647, got '-1'"),
    ({"points": "50"}, "dataset.points: applies to a generated dataset (circle, xor, gauss, spiral), not to dataset 'lesson'"),
    ({"data": "0,0,1; 1,1,0"}, "dataset.listed: points are listed with dataset listed, not 'lesson'"),
    ({"dataset": "listed"}, "dataset.listed: expected the points of dataset listed in data"),
    ({"dataset": "listed", "data": "0,0,1"}, "dataset.listed: expected 2 to 400 points, got 1"),
    ({"dataset": "listed", "data": "0,0,1; 2,0,0"}, "dataset.listed: point 2: expected x and y from -1.2 to 1.2, got '2', '0'"),
    ({"dataset": "listed", "data": "0,0,1; 1,0,2"}, "dataset.listed: point 2: expected the label 0 or 1, got '2'"),
    ({"dataset": "listed", "data": "0,0,1; 1,0"}, "dataset.listed: point 2: expected x, y, label and an optional name, got ['1', '0']"),
    ({"dataset": "listed", "data": [{"x": 0, "y": math.inf, "label": 1}, {"x": 0, "y": 0, "label": 0}]},
     "dataset.listed: point 1: expected x and y from -1.2 to 1.2, got 0, inf"),
    ({"dataset": "listed", "data": [{"x": 0, "y": 0, "label": True}, {"x": 0, "y": 0, "label": 0}]},
     "dataset.listed: point 1: expected the label 0 or 1, got True"),
    ({"dataset": "listed", "data": "0,0,1,a; 1,0,0,a"}, "dataset.listed: expected every point's name to be different"),
    ({"lr": "0.1"}, "unknown option 'lr'; expected one of: dataset, points, noise, test, seed, data, layers, "
                    "activation, init, rate, epochs, batch, l2"),
]


@pytest.mark.parametrize("options, message", BAD, ids=[m.split(":")[0] + str(i) for i, (_, m) in enumerate(BAD)])
def test_each_problem_has_one_message_naming_the_field_and_what_was_expected(options, message):
    with pytest.raises(SpecError) as caught:
        parse(options)
    assert str(caught.value) == message
    assert [name for name, _ in caught.value.problems] == list(options)[:1] or "dataset" in options


def test_every_problem_is_reported_at_once():
    with pytest.raises(SpecError) as caught:
        parse({"layers": "9", "rate": "0", "epochs": "x"})
    assert [name for name, _ in caught.value.problems] == ["layers", "rate", "epochs"]
    assert str(caught.value).count(";") == 2


def test_the_table_is_the_one_place_of_names_and_ranges():
    assert list(BY_NAME) == [f.name for f in FIELDS] and set(DEFAULTS) == set(BY_NAME)
    assert len({f.path for f in FIELDS}) == len(FIELDS)
    assert BY_NAME["layers"].high == 4 and BY_NAME["points"].low == 20 and BY_NAME["points"].high == 400
    assert BY_NAME["epochs"].high >= 500


# --- The generated datasets -------------------------------------------------------


@pytest.mark.parametrize("kind", datasets.SHAPES)
def test_a_seed_gives_the_same_points_and_another_seed_others(kind):
    a, b, c = (datasets.generate(kind, 120, 0.1, seed) for seed in (7, 7, 8))
    assert a == b and a != c
    assert len(a) == 120 and sum(p.label for p in a) == 60
    assert all(-datasets.EXTENT <= v <= datasets.EXTENT for p in a for v in (p.x, p.y))
    assert len({p.name for p in a}) == 120


def test_without_noise_each_shape_puts_its_labels_where_it_says():
    for p in datasets.generate("circle", 400, 0.0, 3):
        r = math.hypot(p.x, p.y)
        assert (r <= 0.5) if p.label == 1 else (0.7 <= r <= 1.0)
    for p in datasets.generate("xor", 400, 0.0, 3):
        assert (p.x * p.y < 0) == (p.label == 1) and min(abs(p.x), abs(p.y)) >= datasets.XOR_GAP
    gauss = datasets.generate("gauss", 400, 0.0, 3)
    for label, sign in ((1, 1), (0, -1)):
        xs = [p.x for p in gauss if p.label == label]
        assert abs(sum(xs) / len(xs) - sign * 0.45) < 0.05
        assert 0.15 < math.sqrt(sum((x - sum(xs) / len(xs)) ** 2 for x in xs) / len(xs)) < 0.25
    spiral = datasets.generate("spiral", 400, 0.0, 3)
    for p in spiral:  # the negative arm is the positive arm turned half a turn: (x, y) -> (-x, -y)
        if p.label == 0 and math.hypot(p.x, p.y) > 0.05:
            twin = min((q for q in spiral if q.label == 1), key=lambda q: math.hypot(q.x + p.x, q.y + p.y))
            assert math.hypot(twin.x + p.x, twin.y + p.y) < 1e-9


def test_noise_moves_points_by_about_its_size():
    noisy = datasets.generate("circle", 400, 0.3, 5)
    outside = sum(math.hypot(p.x, p.y) > 0.5 for p in noisy if p.label == 1)
    assert 40 < outside < 200  # a noise of 0.3 pushes many positives out of their disc


def test_split_holds_out_the_share_for_testing():
    points = datasets.generate("spiral", 200, 0.0, 1)
    train, test = datasets.split(points, 0.2)
    assert (len(train), len(test)) == (160, 40) and train + test == points
    assert datasets.split(DATASET, 0.0) == (DATASET, ())
    assert datasets.split(points, 0.2) == (train, test)


def test_a_blocks_lines_read_as_flat_options():
    from lesson_py.spec import options_from_lines
    text = "dataset: circle\npoints: 200\n\n# held out\ntest: 0.2\nlayers: 4,2\nbatch: full"
    assert parse(options_from_lines(text)) == parse({"dataset": "circle", "points": 200, "test": 0.2, "layers": [4, 2]})
    with pytest.raises(SpecError, match=r'line 2: expected "option: value", got \'rate 0.1\''):
        options_from_lines("layers: 3\nrate 0.1")
    with pytest.raises(SpecError, match="line 2: rate is given twice"):
        options_from_lines("rate: 1\nrate: 2")
