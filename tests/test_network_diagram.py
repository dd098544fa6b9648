"""The network diagram of a run of a run spec (lesson_py.widgets.diagram, build_hooks/network_diagram.py):
its stored numbers are the trained run's weights, biases and their gradients at each stored epoch, worded
as the widgets word numbers; a weight or bias that changes sign changes its line's or neuron's class; the
snapshot is a static SVG of the first shown epoch with its text alternative; the streamed pieces carry the
same diagram."""

import re
from html import unescape

import pytest

from build_hooks.network_diagram import diagram_panel, diagram_svg
from build_hooks.training_visualizer import VIEW_ID, spec_snapshot
from build_hooks.widget_data import spec_run_data
from lesson_py.spec import parse, to_flat
from lesson_py.trainer import train_spec
from lesson_py.widgets import diagram
from lesson_py.widgets.format import shown
from lesson_py.widgets.spec_json import join, run_end, run_head, run_json, run_piece
from lesson_py.widgets.spec_runs import significant

SPEC = to_flat(parse({"dataset": "xor", "points": "40", "test": "0.25", "layers": "3,2", "rate": "3",
                      "epochs": "80", "batch": "8"}))


@pytest.fixture(scope="module")
def trained():
    run = train_spec(parse(SPEC))
    return run, spec_run_data(SPEC, run)


def by_hand(network, sizes):
    """{'from → to': value} walked from the layers themselves, not through diagram.flat_weights."""
    names = diagram.node_names(sizes)
    return {f"{names[l][i]} → {names[l + 1][j]}": layer.weights[j][i]
            for l, layer in enumerate(network) for j in range(len(layer.weights)) for i in range(len(layer.weights[j]))}


def biases_by_hand(network, sizes):
    """{'the bias of hidden L neuron N': value} walked from the layers themselves."""
    names = diagram.node_names(sizes)[1:]
    return {("the bias of the output neuron" if names[l] == ["output"] else f"the bias of {names[l][j]}"): b
            for l, layer in enumerate(network) for j, b in enumerate(layer.biases)}


def expect_worded(run, data, kind: str, slopes_key: str, names_key: str, walk) -> None:
    """Every stored checkpoint's `kind` and their gradients are the trained run's, walked by hand, as the
    widgets word them (2 decimals; 2 significant figures), in the order of the head's `names_key`."""
    head = data["diagram"]
    for stored in data["checkpoints"]:
        cp = run.checkpoints[stored["epoch"]]
        values, slopes = stored["diagram"][kind].split(" "), stored["diagram"][slopes_key].split(" ")
        exact, gradients = walk(cp.network, head["layers"]), walk(cp.gradients, head["layers"])
        assert values == [shown(exact[name]) for name in head[names_key]]
        assert slopes == [significant(gradients[name]) for name in head[names_key]]
        assert all(abs(float(v) - exact[n]) <= 0.005 for v, n in zip(values, head[names_key]))
    first, last = data["checkpoints"][0]["diagram"], data["checkpoints"][-1]["diagram"]
    assert first[kind] != last[kind] and first[slopes_key] != last[slopes_key]


def test_each_stored_checkpoint_holds_the_trained_biases_and_their_gradients_as_the_widgets_word_them(trained):
    run, data = trained
    assert data["diagram"]["bias_names"] == [
        "the bias of hidden 1 neuron 1", "the bias of hidden 1 neuron 2", "the bias of hidden 1 neuron 3",
        "the bias of hidden 2 neuron 1", "the bias of hidden 2 neuron 2", "the bias of the output neuron"]
    expect_worded(run, data, "biases", "bias_gradients", "bias_names", biases_by_hand)
    for stored in data["checkpoints"]:
        assert stored["diagram"]["largest_biases"] == diagram.largest(stored["diagram"]["biases"].split(" "))
    assert any(float(b) != 0 for b in data["checkpoints"][-1]["diagram"]["biases"].split()), "training moved them"


def test_each_stored_checkpoint_holds_the_trained_weights_and_gradients_as_the_widgets_word_them(trained):
    run, data = trained
    head = data["diagram"]
    assert head["layers"] == [2, 3, 2, 1]
    assert len(head["names"]) == 2 * 3 + 3 * 2 + 2 == len(set(head["names"]))
    expect_worded(run, data, "weights", "gradients", "names", by_hand)


def test_the_readout_and_the_text_alternative_name_the_weight_and_its_numbers(trained):
    run, data = trained
    head, entry = data["diagram"], data["checkpoints"][-1]["diagram"]
    weights = entry["weights"].split(" ")
    said = diagram.readout(80, head["names"][0], weights[0], entry["gradients"].split(" ")[0])
    assert said == f"At epoch 80, x1 → hidden 1 neuron 1: weight {weights[0]}, gradient {entry['gradients'].split()[0]}."
    biases, slopes = entry["biases"].split(" "), entry["bias_gradients"].split(" ")
    said = diagram.bias_readout(80, head["bias_names"][-1], biases[-1], slopes[-1])
    assert said == f"At epoch 80, the bias of the output neuron: {biases[-1]}, gradient {slopes[-1]}."
    text = diagram.description(head["layers"], weights, biases)
    biggest = max(range(len(weights)), key=lambda i: abs(float(weights[i])))
    assert text.startswith(f"14 weights, the largest first: {head['names'][biggest]} ({weights[biggest]}), ")
    assert entry["largest"][0] == biggest and len(entry["largest"]) == diagram.LARGEST
    top = max(range(len(biases)), key=lambda i: abs(float(biases[i])))
    assert f". 6 biases, the largest first: {head['bias_names'][top]} ({biases[top]}), " in text
    assert entry["largest_biases"][0] == top and len(entry["largest_biases"]) == diagram.LARGEST


def test_a_single_bias_is_named_without_a_ranking():
    assert diagram.description([2, 1], ["1.00", "0.50"], ["-0.25"]) == (
        "2 weights, the largest first: x1 → output (1.00), x2 → output (0.50). "
        "1 bias: the bias of the output neuron (-0.25).")


@pytest.mark.parametrize("text, tint", [("0.00", 0.0), ("0.01", 0.2), ("-0.50", 0.4), ("1.00", 0.6), ("-2.00", 1.0),
                                        ("7.25", 1.0)])
def test_a_neurons_tint_grows_with_its_biases_size_up_to_full(text, tint):
    assert diagram.bias_tint(text) == tint


@pytest.mark.parametrize("text, sign", [("0.83", "positive"), ("-1.20", "negative"), ("0.00", "zero"), ("12.50", "positive")])
def test_a_lines_class_is_the_sign_of_its_shown_weight(text, sign):
    assert diagram.sign_of(text) == sign


def test_a_lines_width_grows_with_the_weights_size_up_to_full():
    rule = diagram.WIDTH
    assert diagram.line_width("0.00") == rule["thinnest"]
    assert diagram.line_width("-0.50") == diagram.line_width("0.50") < diagram.line_width("1.50")
    assert diagram.line_width(shown(rule["full"])) == diagram.line_width("9.00") == rule["thickest"]


def line_classes(svg: str) -> dict[int, tuple[str, float]]:
    return {int(i): (sign, float(width)) for sign, i, width in
            re.findall(r'<line class="nn-nd-line nn-nd-line--(\w+)" data-weight="(\d+)"[^>]*stroke-width="([\d.]+)"', svg)}


def bias_classes(svg: str) -> dict[int, tuple[str, float]]:
    return {int(i): (sign, float(opacity)) for sign, i, opacity in
            re.findall(r'<circle class="nn-nd-bias nn-nd-bias--(\w+)" data-bias="(\d+)"[^>]*fill-opacity="([\d.]+)"', svg)}


# Per kind of item: what the SVG draws of it, the names it is counted by, and how a shown value is drawn.
KINDS = {"weights": (line_classes, "names", lambda w: (diagram.sign_of(w), round(diagram.line_width(w), 2))),
         "biases": (bias_classes, "bias_names", lambda b: (diagram.sign_of(b), diagram.bias_tint(b)))}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_weight_or_bias_that_changes_sign_changes_its_class_in_the_svg(trained, kind):
    _, data = trained
    drawn, names, drawing = KINDS[kind]
    head, stored = data["diagram"], data["checkpoints"]
    flips = [(a, b, k) for a, b in zip(stored, stored[1:])
             for k, (x, y) in enumerate(zip(a["diagram"][kind].split(), b["diagram"][kind].split()))
             if float(x) * float(y) < 0]
    assert flips, f"this run has one of its {kind} change sign between two stored epochs"
    before, after, k = flips[0]
    was, now = drawn(diagram_svg(head, before["diagram"])), drawn(diagram_svg(head, after["diagram"]))
    assert len(was) == len(now) == len(head[names])
    assert {was[k][0], now[k][0]} == {"positive", "negative"}
    assert [now[i] for i in range(len(now))] == [drawing(v) for v in after["diagram"][kind].split()]


def test_the_nodes_fit_the_drawing_and_never_overlap():
    for layers in ("none", "8", "8,8,8,8", "1,8,2"):
        head = diagram.diagram_head(parse({"layers": layers}))
        width, height = head["size"]
        places = [tuple(p) for column in head["nodes"] for p in column]
        r = head["radius"]
        assert all(r <= x <= width - r and r <= y <= height - r for x, y in places)
        assert all((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 >= (2 * r) ** 2 for a in places for b in places if a != b)
        assert len(places) == sum(head["layers"])


def test_the_snapshot_is_a_still_of_the_first_shown_epoch_with_its_text_alternative(trained):
    _, data = trained
    html = spec_snapshot({"id": "demo", "epoch": 40}, data)
    shown_at = max(c["epoch"] for c in data["checkpoints"] if c["epoch"] <= 40)
    entry = next(c for c in data["checkpoints"] if c["epoch"] == shown_at)["diagram"]
    panel = html[html.index('class="nn-tv-panel nn-tv-panel--wide nn-nd"'):]
    svg = panel[panel.index("<svg"):panel.index("</svg>")]
    assert f'data-tv="diagram-epoch">{shown_at}<' in panel
    assert svg.count("<line ") == 14 and svg.count('<circle class="nn-nd-node"') == 8 and 'role="img"' in svg
    assert svg.count('<circle class="nn-nd-bias') == 6
    assert line_classes(svg) == line_classes(diagram_svg(data["diagram"], entry))
    assert bias_classes(svg) == bias_classes(diagram_svg(data["diagram"], entry))
    said = unescape(re.search(r'data-tv="diagram-description">([^<]*)<', panel).group(1))
    assert said == diagram.description(data["diagram"]["layers"], entry["weights"].split(), entry["biases"].split())
    assert "6 biases, the largest first: the bias of " in said
    labelled = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    assert all(f'id="{ident}"' in html for ident in labelled)


def test_the_view_of_a_readers_run_leaves_the_diagram_for_the_script(trained):
    _, data = trained
    html = spec_snapshot({"id": VIEW_ID, "epoch": 0}, data)
    assert re.search(r'<svg class="nn-nd-svg" data-tv="diagram"[^>]*></svg>', html)
    assert 'data-tv="diagram-description"></p>' in html
    assert "<line " in diagram_panel("x", data, data["checkpoints"][0])


@pytest.mark.parametrize("size", [1, 7, 200])
def test_streamed_pieces_carry_the_same_diagram_as_the_stored_run(size):
    run = train_spec(parse({"dataset": "circle", "points": "30", "layers": "2", "epochs": "25", "batch": "5"}))
    last = run.checkpoints[-1].epoch
    pieces = [run_piece(run, range(a, min(a + size, last + 1)), last if a + size > last else None)
              for a in range(0, last + 1, size)]
    joined = join(run_head(run, {}), pieces, run_end(run))
    whole = run_json(run, {})
    assert joined["diagram"] == whole["diagram"]
    assert [c["diagram"] for c in joined["checkpoints"]] == [c["diagram"] for c in whole["checkpoints"]]
