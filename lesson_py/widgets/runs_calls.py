"""The worker's calls about whole runs: "replay" (the lesson's six runs, behind the
visualizer's "Check with Python") and "train_spec" (any run spec, checkpoint by checkpoint).

They are registered in lesson_py.widgets.calls like every other call, and read their
arguments with its helpers.
"""

import math
from itertools import islice
from typing import Any

from ..network import probability_grid
from ..runs import PLANS, replay
from ..spec import SpecError, flat_values, parse as parse_spec, to_flat
from ..trainer import SpecCheckpoint, SpecRun, advance, epochs as spec_epochs, spec_points, trained
from . import spec_json
from .calls import Args, CallError, MAX_EPOCHS, integer, network, numbers, plain, register
from .spec_runs import is_stored
from .visualizer import GRID_EXTENT, GRID_SIZE, check_words


@register("replay")
def _replay(args: Args) -> Args:
    """{"network", "preset", "epoch", "expected"?} -> the checkpoint at `epoch` retrained with
    lesson_py.runs.replay: {"epoch", "loss", "network", "gradients", "confidences"}.

    With "expected" (the same keys, as stored by the build) it also says how far
    the two are apart: "compared" (how many numbers), "max_difference" (the
    largest absolute difference) and "where" (the first number that differs most),
    and says so in words (lesson_py.widgets.visualizer.check_words): "matches",
    "sentence" and "details". The Training Loop Visualizer's "Check with Python"
    button makes this call and shows the words.
    """
    network_name, preset_name = args.get("network"), args.get("preset")
    if (network_name, preset_name) not in PLANS:
        runs = ", ".join(f"{n}/{p}" for n, p in PLANS)
        raise CallError(f"no run {network_name!r}/{preset_name!r}; the runs are: {runs}")
    epoch = integer(args, "epoch", 0, PLANS[(network_name, preset_name)].epochs)
    run = replay(network_name, preset_name, epoch)
    if len(run.checkpoints) <= epoch:
        raise CallError(f"the run diverged at epoch {run.diverged_at}: there is no checkpoint {epoch}")
    checkpoint = run.checkpoints[epoch]
    result = {
        "epoch": epoch,
        "loss": checkpoint.loss,
        "network": [{"weights": layer.weights, "biases": layer.biases, "activation": layer.activation}
                    for layer in checkpoint.network],
        "gradients": checkpoint.gradients,
        "confidences": [j.confidence for j in checkpoint.judgements],
    }
    expected = args.get("expected")
    if expected is not None:
        if not isinstance(expected, dict):
            raise CallError(f"'expected' must be an object like the result, got {expected!r}")
        result.update(difference(plain(result), expected))
        result.update(check_words(epoch, result["compared"], result["max_difference"], result["where"]))
    return result


def difference(computed: Any, expected: Any, where: str = "") -> Args:
    """How far two results of the same shape are apart, number by number.

    >>> difference({"loss": 0.5, "w": [1.0, 2.0]}, {"loss": 0.5, "w": [1.0, 2.25]})
    {'compared': 3, 'max_difference': 0.25, 'where': 'w[1]'}
    """
    if isinstance(computed, (int, float)) and not isinstance(computed, bool):
        if isinstance(expected, bool) or not isinstance(expected, (int, float)):
            raise CallError(f"expected a number at {where or 'the top'}, got {expected!r}")
        return {"compared": 1, "max_difference": abs(computed - expected), "where": where}
    if isinstance(computed, list):
        if not isinstance(expected, list) or len(expected) != len(computed):
            raise CallError(f"expected a list of {len(computed)} at {where or 'the top'}, got {expected!r}")
        parts = [difference(c, e, f"{where}[{i}]") for i, (c, e) in enumerate(zip(computed, expected))]
    elif isinstance(computed, dict):
        keys = [k for k in computed if k in expected and not isinstance(computed[k], str)]
        parts = [difference(computed[k], expected[k], f"{where}.{k}" if where else k) for k in keys]
    else:
        return {"compared": 0, "max_difference": 0.0, "where": ""}
    total = {"compared": 0, "max_difference": 0.0, "where": ""}
    for part in parts:
        total["compared"] += part["compared"]
        if part["compared"] and (part["max_difference"] > total["max_difference"] or not total["where"]):
            total["max_difference"], total["where"] = part["max_difference"], part["where"]
    return total


# --- Run specs ------------------------------------------------------------------


@register("train_spec")
def _train_spec(args: Args) -> Args:
    """Train a run spec a few epochs at a time, so the page can show checkpoints as they come.

    {"spec": {flat options, as lesson_py.spec.parse reads them}, "from": epoch (default 0),
     "count": how many checkpoints (default: to the end), "every": a checkpoint every so many
     epochs (default 1; the epochs between only train, which is faster), "network": the network
     at `from` (needed when from > 0: the "next" network of the previous reply)} ->
    {"spec": the spec's options as JSON values, "points": {"train": [[x, y, label], ...],
     "test": [...]} (only when from is 0), "checkpoints": [{"epoch", "loss", "accuracy",
     "test_loss", "test_accuracy", "penalty", "network": [{"weights", "biases"}, ...],
     "gradients": [{"weights", "biases"}, ...], "gradient_sizes": [...]}, ...],
     "next": {"from", "network"} to continue with, or null at the end, "diverged_at": null or
     the first epoch whose numbers were not finite}.
    """
    given, spec = spec_of(args)
    last = spec.training.epochs
    start = integer(args, "from", 0, last, default=0)
    count = integer(args, "count", 1, MAX_EPOCHS + 1, default=last + 1 - start)
    every = integer(args, "every", 1, last, default=1)
    net = start_network(args, spec, start)
    train, test = spec_points(spec)
    checkpoints = []
    for c in spec_epochs(spec, start, net, every):
        checkpoints.append(c)
        if len(checkpoints) == count:
            break
    end = checkpoints[-1].epoch if checkpoints else start - 1
    result: Args = {"spec": flat_values(spec)}
    if start == 0:
        result["points"] = {"train": [[p.x, p.y, p.label] for p in train], "test": [[p.x, p.y, p.label] for p in test]}
    result["checkpoints"] = [{
        "epoch": c.epoch, "loss": c.loss, "accuracy": c.accuracy, "test_loss": c.test_loss,
        "test_accuracy": c.test_accuracy, "penalty": c.penalty,
        "network": [{"weights": layer.weights, "biases": layer.biases} for layer in c.network],
        "gradients": c.gradients, "gradient_sizes": c.gradient_sizes,
    } for c in checkpoints]
    finished = end == last or len(checkpoints) < count
    result["next"] = None if finished else {"from": end + 1, "network": layers_json(advance(spec, checkpoints[-1], train))}
    stopped = end < last and len(checkpoints) < count
    result["diverged_at"] = min(end - end % every + every, last) if stopped else None
    return result


@register("spec_train")
def _spec_train(args: Args) -> Args:
    """Train a run spec without judging it, for a second Python that trains while the first judges:
    {"spec": flat options, "from": epoch (default 0), "network": the network at `from` (when from > 0),
     "count": epochs to train, "maps": whether to work out the stored epochs' maps (default true)} ->
    {"networks": the networks after each of those epochs, as spec_run's "networks" takes them, "maps":
     for each, its decision map's confidences (the rows of network.probability_grid) where the epoch is
     a stored one and maps were asked for, else null (the judge works out those it is not given),
     "end": whether training stops there (the last epoch, or numbers that overflowed)}. The same spec
     and network give the very networks spec_run trains itself.
    """
    _, spec = spec_of(args)
    last = spec.training.epochs
    start = integer(args, "from", 0, last, default=0)
    count = integer(args, "count", 1, MAX_EPOCHS, default=last - start)
    with_maps = args.get("maps", True)
    if not isinstance(with_maps, bool):
        raise CallError(f"'maps' must be true or false, got {with_maps!r}")
    networks, end = trained(spec, start, start_network(args, spec, start), count)
    maps = [finite_map(n) if with_maps and is_stored(e, last, None) else None
            for e, n in enumerate(networks, start + 1)]
    return {"networks": [layers_json(n) for n in networks], "maps": maps, "end": end or start == last}


def finite_map(net: Any) -> Any:
    """The network's decision map (network.probability_grid's rows), or None where a number in it is not
    finite: the judge then works it out itself and stops there, as it would alone."""
    try:
        rows = probability_grid(net, GRID_SIZE, GRID_EXTENT)
    except (OverflowError, ValueError):
        return None
    return rows if all(math.isfinite(p) for row in rows for p in row) else None


def layers_json(net: Any) -> list[Args]:
    """A network as calls.network reads it back."""
    return [{"weights": layer.weights, "biases": layer.biases, "activation": layer.activation} for layer in net]


def given_networks(args: Args, spec: Any) -> Any:
    """spec_run's "networks" (the networks of the epochs after "from", from spec_train), or None."""
    given = args.get("networks")
    if given is None:
        return None
    if not isinstance(given, list) or len(given) > MAX_EPOCHS:
        raise CallError(f"'networks' must be a list of networks, got {type(given).__name__}")
    return [start_network({"network": n}, spec, 1) for n in given]


def given_maps(args: Args, start: int, count: int) -> dict[int, Any]:
    """spec_run's "maps" (spec_train's, beside its networks): {epoch: the map's rows} of those given."""
    given = args.get("maps")
    if given is None:
        return {}
    if not isinstance(given, list) or len(given) != count:
        raise CallError(f"'maps' must be a list beside 'networks', one map or null each, got {given!r:.60}")
    maps = {}
    for epoch, rows in enumerate(given, start + 1):
        if rows is None:
            continue
        if not isinstance(rows, list) or len(rows) != GRID_SIZE:
            raise CallError(f"a map must be {GRID_SIZE} rows of {GRID_SIZE} confidences (epoch {epoch})")
        maps[epoch] = [numbers({"row": row}, "row", GRID_SIZE) for row in rows]
    return maps


def spec_of(args: Args) -> tuple[dict, Any]:
    """The call's "spec" (flat options) and the RunSpec lesson_py.spec.parse reads from it."""
    given = args.get("spec")
    if not isinstance(given, dict):
        raise CallError(f"'spec' must be an object of run spec options, got {given!r}")
    try:
        return given, parse_spec(given)
    except SpecError as error:
        raise CallError(f"spec: {error}") from None


def start_network(args: Args, spec: Any, start: int) -> Any:
    """The "network" to start from at epoch `start` (None at 0), checked against the spec's layers."""
    net = network(args, trainable=True) if start > 0 else None
    if net is not None and ([len(layer.weights) for layer in net[:-1]] != list(spec.network.layers)
                            or any(layer.activation != spec.network.activation for layer in net[:-1])):
        raise CallError(f"'network' is not the spec's: hidden layers {[len(layer.weights) for layer in net[:-1]]} "
                        f"of {[layer.activation for layer in net[:-1]]}, the spec {list(spec.network.layers)} "
                        f"of {spec.network.activation}")
    return net


@register("spec_check")
def _spec_check(args: Args) -> Args:
    """{"options": flat options as a form holds them} -> {"problems": {name: message, ...} (lesson_py.spec.parse's
    messages, one per option), "flat": the spec as lesson_py.spec.to_flat writes it, or null if there are problems}.
    The "Design your own run" panel says each problem next to its box."""
    options = args.get("options")
    if not isinstance(options, dict):
        raise CallError(f"'options' must be an object of run spec options, got {options!r}")
    try:
        spec = parse_spec(options)
    except SpecError as error:
        problems: dict[str, str] = {}
        for name, message in error.problems:
            problems.setdefault(name, message)
        return {"problems": problems, "flat": None}
    return {"problems": {}, "flat": to_flat(spec)}


@register("spec_run")
def _spec_run(args: Args) -> Args:
    """Train a run spec a few epochs at a time and answer with the pieces of the very JSON the build stores
    for it (build_hooks/widget_data.py spec_run_data; lesson_py.widgets.spec_json join puts them together).

    {"spec": flat options (the build's and the URL's: lesson_py.spec.to_flat), "count": epochs in this piece
     (default: to the end), and from the second piece on what the previous reply's "next" holds: "from", "network"
     (at that epoch), "losses" and "test_losses" (every epoch's so far, for the words that look back)} ->
    {"head": spec_json.run_head (first piece only), "piece": spec_json.run_piece for these epochs,
     "end": spec_json.run_end (last piece only), "next": what to send for the next piece, or null at the end}.

    Each piece trains one epoch beyond its own, so it knows whether its last epoch is the run's last
    (a diverging run's last good epoch is stored); the next piece starts from that epoch's network.
    """
    given, spec = spec_of(args)
    last = spec.training.epochs
    start = integer(args, "from", 0, last, default=0)
    net = start_network(args, spec, start)
    supplied = given_networks(args, spec)
    if supplied is None:
        count = integer(args, "count", 1, MAX_EPOCHS + 1, default=last + 1 - start)
    else:  # trained elsewhere (spec_train): judge them all, the last as the epoch looked ahead to unless training ended
        count = len(supplied) + (args.get("end") is True)
        if count < 1:
            raise CallError("'networks' must hold at least one network when training has not ended")
    has_test = bool(spec_points(spec)[1])
    losses = numbers(args, "losses", start) if start else ()
    test_losses = numbers(args, "test_losses", start) if start and has_test else (None,) * start
    found = list(islice(spec_epochs(spec, start, net, judged=AHEAD.get(spec),
                                    networks=None if supplied is None else iter(supplied)), count + 1))
    mine, more = found[:count], len(found) > count
    AHEAD.clear()
    if not mine:
        raise CallError(f"the run's numbers are not finite at epoch {start}")
    # Epochs before this piece: only their losses, which the fit state and the story look back on.
    before = tuple(SpecCheckpoint(e, None, losses[e], None, test_losses[e], None, 0.0, (), ()) for e in range(start))
    end = mine[-1].epoch
    # The epoch beyond (when there is one) words the last epoch's step (spec_steps: the change over that epoch).
    run = SpecRun(spec, (*before, *found), None if more or end == last else end + 1)
    result: Args = {}
    if start == 0:
        result["head"] = spec_json.run_head(run, given)
    maps = given_maps(args, start, len(supplied)) if supplied is not None else {}
    result["piece"] = spec_json.run_piece(run, range(start, end + 1), None if more else end, maps)
    if more:
        ahead = found[count]
        AHEAD[spec] = ahead  # the next piece starts at this checkpoint: it is judged already
        result["next"] = {
            "from": ahead.epoch,
            "network": layers_json(ahead.network),
            "losses": [*losses, *(c.loss for c in mine)],
            "test_losses": [*test_losses, *(c.test_loss for c in mine)] if has_test else None,
        }
    else:
        result["end"] = spec_json.run_end(run)
        result["next"] = None
    return result


# The epoch the last piece looked ahead to, by spec: the next piece starts there (one entry at most).
AHEAD: dict = {}


# "Check with Python" for a run of a spec ("spec_replay") is in run_check; importing it registers the call.
from . import run_check  # noqa: E402,F401
