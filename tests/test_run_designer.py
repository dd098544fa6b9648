"""The "Design your own run" panel's Python side: the worker call spec_run answers with pieces of
the very JSON the build stores for the same spec (byte for byte once joined, whatever the piece
sizes, through JSON as the browser sends it), spec_check says lesson_py.spec.parse's messages
field by field, and the panel's controls come from lesson_py.spec.FIELDS."""

import json
import re

import pytest

from build_hooks.training_visualizer import snapshot
from build_hooks.widget_data import dumps, grid_spec, spec_run_data, training_runs_data
from lesson_py.spec import BY_NAME, FIELDS, SpecError, parse, shown, to_flat
from lesson_py.widgets.calls import call, respond
from lesson_py.widgets.designer import designer_fields
from lesson_py.widgets.spec_json import join

SPECS = {
    "mini-batches and test points": {"dataset": "circle", "points": "40", "noise": "0.1", "test": "0.25",
                                     "layers": "4,2", "rate": "0.1", "batch": "5", "epochs": "25"},
    "more epochs than maps": {"dataset": "xor", "points": "20", "layers": "2", "epochs": "130", "l2": "0.01"},
    "diverging": {"layers": "3", "activation": "linear", "rate": "20", "epochs": "300"},
    "listed, no hidden layer": {"dataset": "listed", "data": "0.5,0.5,1,a; -0.5,-0.5,0,b; 0.5,-0.5,1; -0.5,0.5,0",
                                "layers": "none", "epochs": "12"},
}


def streamed(flat: dict, sizes: list[int]) -> tuple[dict, int]:
    """The call's pieces joined as the browser joins them (piece sizes taken in turn), and how many."""
    args, pieces, head, turn = {"spec": flat, "count": sizes[0]}, [], None, 0
    while True:
        reply = json.loads(call("spec_run", json.dumps(args)))
        head = head or reply.get("head")
        assert ("head" in reply) == (not pieces), "the first piece, and only it, has the head"
        pieces.append(reply["piece"])
        if reply["next"] is None:
            end = reply["end"]
            break
        assert "end" not in reply
        turn += 1
        args = {"spec": flat, "count": sizes[turn % len(sizes)], **reply["next"]}
    return {"schema": "training-visualizer", "version": stored_version(), "grid": grid_spec(),
            **join(head, pieces, end)}, len(pieces)


def stored_version() -> int:
    from build_hooks.widget_data import SCHEMA_VERSION
    return SCHEMA_VERSION


@pytest.mark.parametrize("name", list(SPECS))
def test_the_calls_pieces_join_into_what_the_build_stores_byte_for_byte(name):
    flat = to_flat(parse(SPECS[name]))
    whole = dumps(spec_run_data(flat))
    for sizes in ([1], [7, 2, 30]):
        joined, count = streamed(flat, sizes)
        assert dumps(joined) == whole, sizes
        assert count > 1
    one, count = streamed(flat, [1000])
    assert count == 1 and dumps(one) == whole


def test_a_diverging_run_stores_its_last_good_epoch_and_says_where_it_stopped():
    data = json.loads(dumps(spec_run_data(to_flat(parse(SPECS["diverging"])))))
    last = len(data["losses"]) - 1
    assert data["diverged"] == {"epoch": last + 1} and data["checkpoints"][-1]["epoch"] == last
    assert data["checkpoints"][-1]["words"]["valuetext"].startswith(f"epoch {last} of 300:")


def test_a_bad_spec_is_refused_with_the_specs_message():
    answer = json.loads(respond("spec_run", json.dumps({"spec": {"layers": "1,2,3,4,5"}})))
    assert answer == {"error": "spec: network.layers: expected 0 to 4 hidden layers, got 5"}


def test_spec_check_says_each_fields_problem_in_parses_words():
    options = {"dataset": "circle", "points": "10", "rate": "fast", "layers": "4,2"}
    answer = json.loads(call("spec_check", json.dumps({"options": options})))
    with pytest.raises(SpecError) as error:
        parse(options)
    assert answer == {"problems": dict(error.value.problems), "flat": None}
    assert set(answer["problems"]) == {"points", "rate"}
    good = json.loads(call("spec_check", json.dumps({"options": {"rate": "0.50", "layers": "4, 2"}})))
    assert good == {"problems": {}, "flat": to_flat(parse({"rate": "0.5", "layers": "4,2"}))}
    assert good["flat"]["rate"] == "0.5" and good["flat"]["layers"] == "4,2"


def test_the_panels_fields_are_the_specs_fields_and_their_defaults_read_back_as_the_default_spec():
    fields = designer_fields()
    assert [f["name"] for f in fields] == [f.name for f in FIELDS]
    for f in fields:
        spec_field = BY_NAME[f["name"]]
        assert (f["low"], f["high"], f["step"]) == (spec_field.low, spec_field.high, spec_field.step)
        assert [c["value"] for c in f["choices"]] == list(spec_field.choices)
        assert f["min"] in (None, spec_field.low)
    defaults = {f["name"]: f["default"] for f in fields if not f["applies"]}
    assert parse(defaults) == parse({})
    generated = {f["name"]: f["default"] for f in fields if f["applies"] and "circle" in f["applies"]}
    assert parse({**defaults, "dataset": "circle", **generated}) == parse({"dataset": "circle"})


def test_the_snapshot_has_a_labelled_control_per_field_with_the_jsons_range_and_a_hidden_view():
    data = training_runs_data()
    html = snapshot({"id": "loop", "network": "shallow", "preset": "balanced", "epoch": 0,
                     "highlight": "nw-positive"}, data)
    for f in data["designer"]["fields"]:
        ident = f"widget-loop-rd-{f['name']}"
        assert f'<label for="{ident}">{f["label"]}</label>' in html
        tag = re.search(rf'<(input|select|textarea)[^>]*id="{ident}"[^>]*>', html).group(0)
        assert "disabled" in tag and f'aria-describedby="{ident}-hint {ident}-error"' in tag
        if f["kind"] in ("integer", "number"):
            assert f'max="{shown(BY_NAME[f["name"]].high)}"' in tag and f'value="{f["default"]}"' in tag
            assert ("min=" in tag) == (f["min"] is not None)
    assert '<div data-rd="live" hidden></div>' in html and html.count('data-tv="scrubber"') == 1
    assert 'data-rd="progress"' in html
    view = data["designer"]["view"]  # the view of a reader's run: an author's run's markup, ids to be made the widget's
    assert 'class="nn-tv nn-tv--spec"' in view and f'id="{data["designer"]["view_id"]}-epoch"' in view
