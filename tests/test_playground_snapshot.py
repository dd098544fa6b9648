"""The Neuron Playground's static snapshot (build_hooks/neuron_playground.py), read
back with an HTML parser: real labelled controls at the starting values, every
read-out lesson_py.widgets.playground gives, the map's cells on the right side, the
Python source, and strict JSON data."""

import json
from html.parser import HTMLParser

import pytest

from build_hooks import neuron_playground as N
from lesson_py.neuron import probability_verdict
from lesson_py.widgets import playground as P
from lesson_py.activations import ACTIVATIONS


class Page(HTMLParser):
    """Elements with their attributes and text (text of nested elements included)."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[dict] = []
        self.open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("input", "rect", "path", "circle", "br", "meta"):
            self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index]["tag"] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def find(self, **attrs) -> list[dict]:
        return [e for e in self.elements if all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())]


CASES = [
    ("first-neuron", {"mode": "single"}),
    ("custom", {"mode": "single", "x1": -1.5, "w2": 2.25, "b": 0.5, "activation": "relu"}),
    ("hidden-layer", {"mode": "hidden", "hidden": 2, "activation": "linear"}),
    ("playground-hidden", {"mode": "hidden", "hidden": 3, "activation": "tanh", "x2": -1.0}),
]


@pytest.mark.parametrize("widget_id, options", CASES)
def test_every_read_out_is_in_the_snapshot(widget_id, options):
    page = Page(N.snapshot(widget_id, **options))
    view = P.evaluate(options)
    outs = {e["attrs"]["data-out"]: e["text"] for e in page.elements if "data-out" in e["attrs"]}
    for key, text in view["readouts"].items():
        assert outs[key] == text, key
    assert set(outs) - set(view["readouts"]) <= {f"h3-{k}" for k in ("z", "a", "pass")} | {
        "equivalent-weights", "equivalent-bias", "equivalent-line", "equivalent-check"}
    assert page.find(data_pg="class")[0]["attrs"]["data-verdict"] == view["verdict"]
    assert page.find(data_pg="live")[0]["text"] == view["summary"]
    note = page.find(data_pg="noscript")[0]["text"]
    assert "With JavaScript turned on you can move every control" in note


def test_default_snapshot_holds_the_spec_numbers():
    page = Page(N.snapshot("first-neuron", mode="single"))
    outs = {e["attrs"]["data-out"]: e["text"] for e in page.elements if "data-out" in e["attrs"]}
    assert (outs["z"], outs["a"], outs["confidence"], outs["class"]) == ("0.69", "0.67", "67%", "Positive")


@pytest.mark.parametrize("widget_id, options", CASES)
def test_controls_are_real_labelled_inputs_at_the_start(widget_id, options):
    page = Page(N.snapshot(widget_id, **options))
    start = P.normalise(options)
    names = P.SINGLE_CONTROLS if start["mode"] == "single" else P.HIDDEN_CONTROLS
    labels = {e["attrs"]["for"]: e["text"] for e in page.find() if e["tag"] == "label" and "for" in e["attrs"]}
    for name in names:
        control = P.CONTROLS[name]
        (slider,) = page.find(data_pg_control=name)
        (box,) = page.find(data_pg_box=name)
        assert slider["attrs"]["type"] == "range" and box["attrs"]["type"] == "text"
        assert box["attrs"]["role"] == "spinbutton" and box["attrs"]["inputmode"] == "decimal"
        assert labels[slider["attrs"]["id"]] == control.label
        assert box["attrs"]["aria-label"] == f"{control.label}, exact value"
        assert (float(slider["attrs"]["min"]), float(slider["attrs"]["max"]), float(slider["attrs"]["step"])) \
            == (control.minimum, control.maximum, control.step)
        assert (float(box["attrs"]["aria-valuemin"]), float(box["attrs"]["aria-valuemax"])) \
            == (control.minimum, control.maximum)
        for element in (slider, box):
            assert float(element["attrs"]["value"]) == start[name]
            assert "disabled" in element["attrs"]          # the script enables them
    (select,) = page.find(data_pg_control="activation")
    assert labels[select["attrs"]["id"]] in ("Activation function", "Hidden activation")
    options_ = [e for e in page.elements if e["tag"] == "option"]
    assert [o["attrs"]["value"] for o in options_] == list(ACTIVATIONS)
    assert [o["attrs"]["value"] for o in options_ if "selected" in o["attrs"]] == [start["activation"]]
    radios = page.find(data_pg_control="hidden")
    if start["mode"] == "hidden":
        assert [r["attrs"]["value"] for r in radios if "checked" in r["attrs"]] == [str(start["hidden"])]
    else:
        assert radios == []


@pytest.mark.parametrize("widget_id, options", CASES[2:])
def test_map_picture_colours_every_cell_by_its_class(widget_id, options):
    page = Page(N.snapshot(widget_id, **options))
    grid = P.evaluate(options)["map"]
    size = grid["size"]
    painted = {}
    for rect in (e for e in page.elements if e["tag"] == "rect"):
        a = rect["attrs"]
        row, col, width = int(a["y"]), int(a["x"]), int(a["width"])
        for c in range(col, col + width):
            assert (row, c) not in painted
            painted[(row, c)] = a["class"].removeprefix("nn-pg__cell--")
    assert len(painted) == size * size
    for (row, col), kind in painted.items():
        p = grid["values"][row * size + col]
        assert kind == probability_verdict(p)        # the words' rule: whole percent against 50
    has_line = any(e["tag"] == "path" and e["attrs"].get("class") == "nn-pg__line" for e in page.elements)
    assert has_line == (options["activation"] == "linear")


@pytest.mark.parametrize("widget_id, options", CASES)
def test_show_the_python_holds_the_modules_source(widget_id, options):
    page = Page(N.snapshot(widget_id, **options))
    codes = [e["text"] for e in page.elements if e["tag"] == "pre"]
    assert codes == [part["code"] for part in P.source(options)]
    assert any(code.startswith("def ") for code in codes)


@pytest.mark.parametrize("widget_id, options", CASES)
def test_data_is_strict_deterministic_json(widget_id, options):
    first = json.dumps(N.data(**options), separators=(",", ":"), allow_nan=False, sort_keys=True)
    assert first == json.dumps(N.data(**options), separators=(",", ":"), allow_nan=False, sort_keys=True)
    data = json.loads(first)
    assert data["view"] == json.loads(json.dumps(P.evaluate(options)))
    assert len(first) < 12_000
