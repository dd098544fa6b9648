"""A run trained in one Python and judged in another (the run designer on two cores,
docs/widgets/js/run-pipeline.js) gives the very JSON one Python gives alone: spec_train's networks,
fed to spec_run in pieces of any size while the training runs ahead in chunks of any size, join
into the same run, for runs that end, that diverge while training and that diverge when judged."""

import json
import random

import pytest

from lesson_py.spec import parse, to_flat
from lesson_py.widgets.calls import respond
from lesson_py.widgets.spec_json import join


def call(name, args):
    answer = json.loads(respond(name, json.dumps(args)))
    assert "error" not in answer, answer.get("error")
    return answer["result"]


def refused(name, args) -> str:
    answer = json.loads(respond(name, json.dumps(args)))
    assert "error" in answer, f"{name} accepted {args}"
    return answer["error"]


def alone(flat, count):
    """One Python: spec_run trains and judges, `count` epochs a piece after the first."""
    replies, args = [], {"spec": flat, "count": 1}
    while True:
        replies.append(call("spec_run", args))
        if not replies[-1]["next"]:
            return replies
        args = {"spec": flat, "count": count, **replies[-1]["next"]}


def shared(flat, rng):
    """Two Pythons as the page runs them: the trainer runs ahead in chunks, the judge takes what has come."""
    networks, maps, state = [], [], {"from": 0, "network": None, "end": False, "chunk": rng.randint(1, 7)}

    def train_more():
        args = {"spec": flat, "from": state["from"], "count": state["chunk"], "maps": rng.random() < 0.5}
        if state["network"] is not None:
            args["network"] = state["network"]
        answer = call("spec_train", args)
        networks.extend(answer["networks"])
        maps.extend(answer["maps"])
        state["from"] += len(answer["networks"])
        state["network"] = answer["networks"][-1] if answer["networks"] else state["network"]
        state["end"] = answer["end"]

    replies = [call("spec_run", {"spec": flat, "count": 1})]  # the first piece, before the trainer has started
    if not replies[0]["next"]:
        return replies
    train_more()
    assert networks[0] == replies[0]["next"]["network"]  # epoch 1: the first piece looked ahead to it already
    del networks[0], maps[0]
    while replies[-1]["next"]:
        while not state["end"] and (not networks or rng.random() < 0.4):
            train_more()
        take = networks[:rng.randint(1, max(1, len(networks)))] if networks else []
        given = {"networks": take, "maps": maps[:len(take)]} if rng.random() < 0.8 else {"networks": take}
        del networks[:len(take)], maps[:len(take)]
        replies.append(call("spec_run", {"spec": flat, **replies[-1]["next"], **given,
                                         "end": state["end"] and not networks}))
    return replies


def whole(replies):
    return join(replies[0]["head"], [r["piece"] for r in replies], replies[-1]["end"])


SPECS = {
    "reference": {"dataset": "circle", "points": "120", "test": "0.3", "layers": "4,2", "activation": "tanh",
                  "rate": "0.03", "epochs": "25", "batch": "10"},
    "l2 and a ragged last batch": {"dataset": "spiral", "points": "67", "noise": "0.1", "test": "0.2", "layers": "5,3",
                                   "activation": "relu", "rate": "0.3", "epochs": "14", "batch": "8", "l2": "0.01"},
    "full batch": {"dataset": "gauss", "points": "40", "layers": "3", "activation": "sigmoid", "rate": "1", "epochs": "9"},
    "diverging, full batch": {"layers": "3", "activation": "linear", "rate": "20", "epochs": "300"},
    "one epoch": {"dataset": "xor", "points": "30", "layers": "2", "epochs": "1", "batch": "4"},
}


@pytest.mark.parametrize("name", SPECS)
def test_two_pythons_give_the_json_of_one(name):
    flat = to_flat(parse(SPECS[name]))
    rng = random.Random(name)
    assert whole(shared(flat, rng)) == whole(alone(flat, 5))


def test_random_runs_with_mini_batches_agree_and_some_of_them_diverge():
    """Reckless specs diverge in mini-batch training; each one gives the same JSON both ways."""
    rng, diverged = random.Random(11), 0
    for _ in range(16):
        spec = {"dataset": rng.choice(["circle", "xor", "gauss", "spiral"]), "points": str(rng.randint(20, 50)),
                "test": rng.choice(["0", "0.25"]), "activation": rng.choice(["relu", "linear", "tanh"]),
                "layers": ",".join(str(rng.randint(1, 8)) for _ in range(rng.randint(1, 4))),
                "rate": rng.choice(["20", "8", "0.5"]), "epochs": str(rng.randint(3, 25)),
                "batch": str(rng.randint(1, 9)), "l2": rng.choice(["0", "0.01"])}
        flat = to_flat(parse(spec))
        one, two = whole(alone(flat, rng.randint(1, 6))), whole(shared(flat, rng))
        assert one == two, spec
        diverged += one["diverged"] is not None
    assert diverged >= 2  # the diverging paths were taken


def test_spec_train_maps_are_the_stored_epochs_own():
    """The second Python works out the maps of the stored epochs (every 5th of 300: at most 61 are
    stored), exactly as the judge would; a map that is not the epoch's own shows in the JSON (so the
    maps given are the ones used)."""
    flat = to_flat(parse({**SPECS["reference"], "epochs": "300"}))
    trained = call("spec_train", {"spec": flat, "count": 6})
    assert [m is not None for m in trained["maps"]] == [False, False, False, False, True, False]
    first = call("spec_run", {"spec": flat, "count": 1})
    networks, maps = trained["networks"][1:], list(trained["maps"][1:])  # epochs 2 to 6
    judged = call("spec_run", {"spec": flat, **first["next"], "networks": networks, "maps": maps})
    alone = call("spec_run", {"spec": flat, **first["next"], "count": 5})
    assert judged["piece"] == alone["piece"] and [c["epoch"] for c in judged["piece"]["checkpoints"]] == [5]
    maps[3] = [[0.99] * 24 for _ in range(24)]  # epoch 5's map, wrong
    wrong = call("spec_run", {"spec": flat, **first["next"], "networks": networks, "maps": maps})
    assert wrong["piece"]["checkpoints"][0]["map"] != alone["piece"]["checkpoints"][0]["map"]
    bare = call("spec_train", {"spec": flat, "count": 6, "maps": False})
    assert bare["networks"] == trained["networks"] and bare["maps"] == [None] * 6
    unmapped = call("spec_run", {"spec": flat, **first["next"], "networks": networks, "maps": bare["maps"][1:]})
    assert unmapped["piece"] == alone["piece"]  # the judge works out a map it is not given
    assert "'maps' must be true or false" in refused("spec_train", {"spec": flat, "count": 1, "maps": "no"})
    assert "a map must be 24 rows" in refused("spec_run", {"spec": flat, **first["next"], "networks": networks,
                                                           "maps": [None, None, None, [[0.5]], None]})


def test_spec_train_networks_are_the_ones_spec_run_reaches():
    flat = to_flat(parse(SPECS["reference"]))
    trained = call("spec_train", {"spec": flat, "count": 6})
    assert len(trained["networks"]) == 6 and trained["end"] is False
    ran = call("spec_run", {"spec": flat, "count": 6})
    assert ran["next"]["from"] == 6 and ran["next"]["network"] == trained["networks"][-1]
    rest = call("spec_train", {"spec": flat, "from": 6, "network": trained["networks"][-1], "count": 100})
    assert len(rest["networks"]) == 25 - 6 and rest["end"] is True


@pytest.mark.parametrize("args, words", [
    ({"from": 3, "count": 2}, "'network' must be a non-empty list"),
    ({"from": 26, "count": 2}, "'from'"),
    ({"count": 0}, "'count'"),
])
def test_spec_train_refuses_what_it_cannot_train(args, words):
    flat = to_flat(parse(SPECS["reference"]))
    assert words in refused("spec_train", {"spec": flat, **args})


def test_spec_run_refuses_networks_of_another_shape_or_none_to_judge():
    flat = to_flat(parse(SPECS["reference"]))
    other = call("spec_train", {"spec": to_flat(parse({**SPECS["reference"], "layers": "3"})), "count": 1})["networks"]
    first = call("spec_run", {"spec": flat, "count": 1})["next"]
    assert "not the spec's" in refused("spec_run", {"spec": flat, **first, "networks": other})
    assert "at least one network" in refused("spec_run", {"spec": flat, **first, "networks": []})
