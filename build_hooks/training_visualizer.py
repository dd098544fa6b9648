"""The Training Loop Visualizer's static snapshot: the widget's full markup with
one checkpoint's numbers filled in (by default epoch 0 of Shallow + Balanced).

Without scripts a reader sees that checkpoint's loss, accuracy, fit state and
dataset table, the one-step sentences, real (disabled) controls and a line saying
that scripts make it interactive. docs/widgets/js/training-visualizer.js hydrates
this markup: it finds every part by its data-tv attribute, enables the controls
and inserts the same strings for other epochs. Every sentence and formatted
number here is the checkpoint's stored `words` (lesson_py.widgets.visualizer),
the very strings the script inserts, so the snapshot and the live widget cannot differ.

>>> from build_hooks.widget_data import training_runs_data
>>> options = {"id": "demo", "network": "shallow", "preset": "balanced", "epoch": 0, "highlight": "nw-positive"}
>>> html = snapshot(options, training_runs_data())
>>> 'data-tv="loss">0.697<' in html, '<td data-tv-cell="confidence">44%</td>' in html
(True, True)
"""

from html import escape
from typing import Any, Mapping

from lesson_py.spec import shown as shown_bound  # a bound as lesson_py.spec's messages write it
from lesson_py.widgets.format import shown

from .network_diagram import diagram_panel

STEPS = ("forward", "loss", "backprop", "update")  # the one-step sentences, in the order of checkpoint words "steps"


def snapshot(options: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """The widget's inner markup for the block's run and epoch, from its JSON data."""
    if data.get("kind") == "spec":
        return spec_snapshot(options, data)
    if data.get("kind") == "compare":  # several runs of the block's own (build_hooks/compare_view.py)
        from .compare_view import snapshot as compare_snapshot
        return compare_snapshot(options, data)
    widget_id = f"widget-{options['id']}"
    network, preset, highlight = options["network"], options["preset"], options["highlight"]
    run = data["runs"][network][preset]
    last_epoch = len(run["checkpoints"]) - 1
    checkpoint = run["checkpoints"][min(options["epoch"], last_epoch)]
    epoch = checkpoint["epoch"]
    ids = {name: f"{widget_id}-{name}" for name in ("epoch", "step", "loss", "map", "point", "table")}
    words = checkpoint["words"]
    stored = "\n".join([
        '<div class="nn-tv">',
        f'<p class="nn-tv-noscript">A still of epoch {epoch} of the {data["networks"][network]["label"]} network '
        f'trained with the {data["presets"][preset]["label"]} learning rate. Scripts make it interactive: with '
        "JavaScript on you can pick another run, scrub through its epochs and watch every training step.</p>",
        setup(widget_id, data, network, preset),
        transport(ids["epoch"], epoch, last_epoch, words["valuetext"]),
        readouts(run, checkpoint),
        '<div class="nn-tv-panels">',
        map_panel(ids["map"], words),
        step_panel(ids["step"], epoch, words),
        loss_panel(ids["loss"], run),
        point_panel(ids["point"], data, run, checkpoint, highlight),
        table_panel(ids["table"], data, checkpoint, highlight),
        "</div>",
        check_box(),
        "</div>",
    ])
    return with_designer(options, data, stored) if "designer" in data else stored


def setup(widget_id: str, data: Mapping[str, Any], network: str, preset: str) -> str:
    """The run's two choices as radio groups: network, then learning-rate preset with its sentence."""
    networks = "".join(
        choice_html(f"{widget_id}-network", "network", name, n["label"], "", n["description"], name == network)
        for name, n in data["networks"].items())
    rates = data["runs"][network]
    presets = "".join(
        choice_html(f"{widget_id}-preset", "preset", name, p["label"],
                    f' <span class="nn-tv-rate" data-tv-rate="{name}">(learning rate '
                    f'{rates[name]["words"]["rate"]})</span>', p["expect"], name == preset)
        for name, p in data["presets"].items())
    return (f'<form class="nn-tv-setup" data-tv="setup" aria-label="Training run">'
            f"<fieldset><legend>Network</legend>{networks}</fieldset>"
            f"<fieldset><legend>Learning rate</legend>{presets}</fieldset></form>")


def choice_html(group: str, kind: str, value: str, label: str, extra: str, hint: str, checked: bool) -> str:
    """One radio button: its name (and rate) as the label, its sentence as the description."""
    hint_id = f"{group}-{value}-hint"
    return (f'<div class="nn-tv-choice"><label><input type="radio" name="{escape(group)}" value="{escape(value)}" '
            f'data-tv-choice="{kind}" aria-describedby="{escape(hint_id)}"{" checked" if checked else ""} disabled>'
            f"<span><strong>{escape(label)}</strong>{extra}</span></label>"
            f'<span class="nn-tv-hint" id="{escape(hint_id)}">{escape(hint)}</span></div>')


def transport(scrubber_id: str, epoch: int, last_epoch: int, valuetext: str, out: str = "") -> str:
    """Step back, play/pause, step forward and the epoch scrubber (a range input; for a run of the
    block's own it steps through the stored checkpoints, and `out` says which epoch)."""
    return (
        '<div class="nn-tv-transport">'
        '<button type="button" data-tv="back" aria-label="Step back one epoch" disabled>◀ Back</button>'
        '<button type="button" class="nn-tv-play" data-tv="play" data-playing="false" disabled>'
        '<span data-tv-label>Play</span></button>'
        '<button type="button" data-tv="forward" aria-label="Step forward one epoch" disabled>Step ▶</button>'
        f'<div class="nn-tv-scrub"><label for="{scrubber_id}">Epoch</label>'
        f'<input type="range" id="{scrubber_id}" data-tv="scrubber" min="0" max="{last_epoch}" step="1" '
        f'value="{epoch}" aria-valuetext="{escape(valuetext)}" disabled>'
        f'<output for="{scrubber_id}" data-tv="epoch-out">{out or f"{epoch} of {last_epoch}"}</output></div>'
        "</div>")


def stored_index(data: Mapping[str, Any], epoch: int) -> int:
    """The stored checkpoint shown for `epoch`: the last one at or before it."""
    return max(i for i, c in enumerate(data["checkpoints"]) if c["epoch"] <= epoch)


def spec_snapshot(options: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """A run of the block's own (widget_data.spec_run_data): what it is, the transport over the stored
    checkpoints, both losses and accuracies, the map (test points hollow), both loss lines, the table."""
    widget_id = f"widget-{options['id']}"
    index = stored_index(data, options["epoch"])
    checkpoint = data["checkpoints"][index]
    words, run = checkpoint["words"], data["words"]
    ids = {name: f"{widget_id}-{name}" for name in ("epoch", "loss", "map", "table", "gradients", "step")}
    about = "".join(f'<li data-tv="run-{k}">{escape(run[k])}</li>' for k in ("data", "network", "training"))
    last = data["checkpoints"][-1]["epoch"]
    return "\n".join([
        '<div class="nn-tv nn-tv--spec">',
        f'<p class="nn-tv-noscript">A still of epoch {checkpoint["epoch"]} of this page\'s own run. Scripts make '
        "it interactive: with JavaScript on you can scrub through its epochs and watch it train.</p>",
        f'<ul class="nn-tv-about">{about}</ul>',
        transport(ids["epoch"], index, len(data["checkpoints"]) - 1, words["valuetext"],
                  f'{checkpoint["epoch"]} of {last}'),
        spec_readouts(data, checkpoint),
        '<div class="nn-tv-panels">',
        map_panel(ids["map"], words, test=bool(data["points"]["test"])),
        spec_loss_panel(ids["loss"], data),
        gradient_panel(ids["gradients"], data, checkpoint),
        diagram_panel(f"{widget_id}-diagram", data, checkpoint, still=options["id"] != VIEW_ID),  # network_diagram.py
        step_panel(ids["step"], checkpoint["epoch"], words),  # lesson_py.widgets.spec_steps
        spec_table_panel(ids["table"], data, checkpoint),
        "</div>",
        check_box(),
        "</div>",
    ])


def spec_readouts(data: Mapping[str, Any], checkpoint: Mapping[str, Any]) -> str:
    """Epoch, both losses, both accuracies and the fit state, then why, and the run's story."""
    words = checkpoint["words"]
    shown_items = [("Epoch", "epoch", str(checkpoint["epoch"])), ("Training loss", "loss", words["loss"]),
                   ("Test loss", "test-loss", words["test_loss"]), ("Training accuracy", "accuracy", words["accuracy"]),
                   ("Test accuracy", "test-accuracy", words["test_accuracy"]), ("Fit state", "fit", checkpoint["fit"])]
    items = "".join(f'<div><dt>{label}</dt><dd data-tv="{name}">{escape(value)}</dd></div>'
                    for label, name, value in shown_items)
    return (f'<dl class="nn-tv-readouts nn-tv-readouts--spec">{items}</dl>'
            f'<p class="nn-tv-fitwords" data-tv="fit-words">{escape(words["fit"])}</p>'
            f'<p class="nn-tv-story" data-tv="run-summary">{escape(data["words"]["story"])}</p>')


def spec_loss_panel(title_id: str, data: Mapping[str, Any]) -> str:
    legend = ('<p class="nn-tv-chart-legend"><span class="nn-tv-key nn-tv-key--train">Training loss</span>'
              + (' <span class="nn-tv-key nn-tv-key--test">Test loss</span>' if data["test_losses"] else "")
              + "</p>")
    return (f'<div role="group" class="nn-tv-panel nn-tv-live-only" aria-labelledby="{title_id}">'
            f'<h3 id="{title_id}">Loss over the run</h3>{legend}'
            f'<svg class="nn-tv-chart" data-tv="loss-chart" role="img" aria-labelledby="{title_id} {title_id}-desc">'
            "</svg>"
            f'<p class="nn-tv-described" id="{title_id}-desc" data-tv="loss-description">'
            f'{escape(data["words"]["loss_description"])}</p></div>')


def gradient_panel(title_id: str, data: Mapping[str, Any], checkpoint: Mapping[str, Any]) -> str:
    """Each layer's gradient size at this checkpoint, input side first, and how the first compares with the last."""
    words = checkpoint["words"]
    rows = "".join(f'<li data-tv-layer="{i}">{escape(text)}</li>' for i, text in enumerate(words["gradients"]))
    return (f'<div role="group" class="nn-tv-panel nn-tv-gradients" aria-labelledby="{title_id}">'
            f'<h3 id="{title_id}">Gradient size per layer at epoch <span data-tv="gradient-epoch">'
            f'{checkpoint["epoch"]}</span></h3>'
            f'<p class="nn-tv-table-note">{escape(data["words"]["gradient_note"])}</p>'
            f'<ol class="nn-tv-gradient-list" data-tv="gradients">{rows}</ol>'
            f'<p data-tv="gradient-ratio">{escape(words["gradient_ratio"])}</p></div>')


def spec_table_panel(title_id: str, data: Mapping[str, Any], checkpoint: Mapping[str, Any]) -> str:
    """The table's rows (the first training and test points) at this checkpoint."""
    letters = {letter: verdict for verdict, letter in data["verdict_letters"].items()}
    offset = {"training": 0, "test": len(data["points"]["training"])}
    rows = []
    for row, confidence in zip(data["table"], checkpoint["words"]["confidence"], strict=True):
        verdict = letters[checkpoint["verdicts"][offset[row["set"]] + row["index"]]]
        name, label, position = row["cells"]
        rows.append(f'<tr data-point="{escape(name)}" data-set="{row["set"]}" data-verdict="{verdict}">'
                    f'<th scope="row">{escape(name)}</th><td>{row["set"]}</td><td>{label}</td><td>{position}</td>'
                    f'<td data-tv-cell="confidence">{confidence}</td><td data-tv-cell="verdict">{verdict}</td></tr>')
    heads = ("Point", "Set", "Label", "Position (x1, x2)", "Con\u00adfi\u00addence it is positive", "Verdict")
    head = "".join(f'<th scope="col">{h}</th>' for h in heads)
    return (f'<div role="group" class="nn-tv-panel nn-tv-panel--wide nn-tv-panel--table" aria-labelledby="{title_id}">'
            f'<h3 id="{title_id}">Points at epoch <span data-tv="table-epoch">{checkpoint["epoch"]}</span></h3>'
            f'<p class="nn-tv-table-note">{escape(data["words"]["table"])}</p>'
            f'<div class="nn-tv-table-wrap"><table class="nn-tv-table nn-tv-table--spec" data-tv="table">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></div>")


def readouts(run: Mapping[str, Any], checkpoint: Mapping[str, Any]) -> str:
    """Epoch, loss, accuracy and fit state, then the fit state and the run in a sentence each."""
    words = checkpoint["words"]
    return (
        '<dl class="nn-tv-readouts">'
        f'<div><dt>Epoch</dt><dd data-tv="epoch">{checkpoint["epoch"]}</dd></div>'
        f'<div><dt>Loss</dt><dd data-tv="loss">{escape(words["loss"])}</dd></div>'
        f'<div><dt>Accuracy</dt><dd data-tv="accuracy">{escape(words["accuracy"])}</dd></div>'
        f'<div><dt>Fit state</dt><dd data-tv="fit">{escape(checkpoint["fit"])}</dd></div>'
        "</dl>"
        f'<p class="nn-tv-fitwords" data-tv="fit-words">{escape(words["fit"])}</p>'
        f'<p class="nn-tv-story" data-tv="run-summary">{escape(run["words"]["story"])}</p>')


def check_box() -> str:
    """"Check with Python": the button, then its result as a plain sentence with the details on request."""
    return ('<div class="nn-tv-check nn-tv-live-only"><div class="nn-tv-check-row" data-tv="check-box">'
            '<button type="button" data-tv="check" disabled>Check with Python</button></div>'
            '<div class="nn-tv-check-result" data-tv="check-status" role="status" aria-live="polite">'
            '<p data-tv="check-sentence"></p><details data-tv="check-more" hidden><summary>Details</summary>'
            '<p data-tv="check-details"></p></details></div></div>')


def step_panel(title_id: str, epoch: int, words: Mapping[str, Any]) -> str:
    items = "".join(f'<li data-tv="step-{name}">{escape(text)}</li>' for name, text in zip(STEPS, words["steps"], strict=True))
    return (f'<div role="group" class="nn-tv-panel nn-tv-panel--wide nn-tv-step" aria-labelledby="{title_id}">'
            f'<h3 id="{title_id}">One training step at epoch <span data-tv="step-epoch">{epoch}</span></h3>'
            f"<ol>{items}</ol></div>")


def loss_panel(title_id: str, run: Mapping[str, Any]) -> str:
    return (f'<div role="group" class="nn-tv-panel nn-tv-live-only" aria-labelledby="{title_id}">'
            f'<h3 id="{title_id}">Loss over the run</h3>'
            f'<svg class="nn-tv-chart" data-tv="loss-chart" role="img" aria-labelledby="{title_id} {title_id}-desc">'
            "</svg>"
            f'<p class="nn-tv-described" id="{title_id}-desc" data-tv="loss-description">'
            f'{escape(run["words"]["loss_description"])}</p></div>')


def point_panel(title_id: str, data: Mapping[str, Any], run: Mapping[str, Any], checkpoint: Mapping[str, Any],
                highlight: str) -> str:
    """The followed point: its label, its confidence and verdict now, and how it moves over the run."""
    index = next(i for i, p in enumerate(data["dataset"]) if p["name"] == highlight)
    options = "".join(f'<option value="{escape(p["name"])}"{" selected" if p["name"] == highlight else ""}>'
                      f'{escape(p["name"])}</option>' for p in data["dataset"])
    now = (("Label", "highlight-label", data["dataset"][index]["label_word"]),
           ("Confidence it is positive", "highlight-confidence", checkpoint["words"]["confidence"][index]),
           ("Verdict", "highlight-verdict", checkpoint["verdicts"][index]))
    readout = "".join(f'<div><dt>{label}</dt><dd data-tv="{name}">{escape(value)}</dd></div>' for label, name, value in now)
    return (f'<div role="group" class="nn-tv-panel nn-tv-live-only" aria-labelledby="{title_id}">'
            f'<h3 id="{title_id}">Follow one point</h3>'
            f'<label class="nn-tv-pointpick">Point<select data-tv="highlight" disabled>{options}</select></label>'
            f'<dl class="nn-tv-pointnow">{readout}</dl>'
            f'<svg class="nn-tv-spark" data-tv="sparkline" role="img" aria-labelledby="{title_id}-run"></svg>'
            f'<p class="nn-tv-pointrun" id="{title_id}-run" data-tv="highlight-run">'
            f'{escape(run["words"]["trends"][index])}</p></div>')


def map_panel(title_id: str, words: Mapping[str, Any], test: bool | None = None) -> str:
    """The decision map and its legend; `test` (a run of the block's own): whether it has test points."""
    legend = ("<li>Teal: predicted positive; orange: predicted negative; stronger colour, more confident.</li>"
              "<li>Circle with +: a positive point; square with −: a negative one.</li>"
              "<li>Dashed ring: wrong; dotted ring: undecided (50%); solid ring: the point you follow.</li>")
    if test is not None:
        legend = ("<li>Teal: predicted positive; orange: predicted negative; stronger colour, more confident.</li>"
                  "<li>Circle: a positive point; square: a negative one.</li>"
                  + ('<li class="nn-tv-legend-test">Filled: a training point; hollow: a test point, never trained on.</li>'
                     if test else "")
                  + "<li>Dashed ring: wrong; dotted ring: undecided (50%).</li>")
    return (f'<div role="group" class="nn-tv-panel nn-tv-panel--wide nn-tv-panel--map nn-tv-live-only" aria-labelledby="{title_id}">'
            f'<h3 id="{title_id}">Decision map</h3><div class="nn-tv-mapbox">'
            f'<canvas class="nn-map" data-tv="map" width="480" height="480" role="img" '
            f'aria-labelledby="{title_id} {title_id}-desc"></canvas>'
            f'<div><p class="nn-tv-described" id="{title_id}-desc" data-tv="map-description">{escape(words["map"])}</p>'
            f'<ul class="nn-tv-legend">{legend}</ul></div></div></div>')


def table_panel(title_id: str, data: Mapping[str, Any], checkpoint: Mapping[str, Any], highlight: str) -> str:
    """The dataset at this checkpoint: name, label, position, confidence of positive, verdict."""
    rows = []
    for point, confidence, verdict in zip(data["dataset"], checkpoint["words"]["confidence"], checkpoint["verdicts"]):
        marked = ' class="nn-tv-row--highlight"' if point["name"] == highlight else ""
        rows.append(
            f'<tr data-point="{escape(point["name"])}" data-verdict="{verdict}"{marked}>'
            f'<th scope="row">{escape(point["name"])}</th>'
            f'<td>{point["label_word"]}</td>'
            f'<td>({shown(point["x"])}, {shown(point["y"])})</td><td data-tv-cell="confidence">{confidence}</td>'
            f'<td data-tv-cell="verdict">{verdict}</td></tr>')
    cols = "".join(f'<col class="nn-tv-col-{c}">' for c in ("name", "label", "position", "confidence", "verdict"))
    heads = ("Point", "Label", "Position (x1, x2)", "Con\u00adfi\u00addence it is positive", "Verdict")
    head = "".join(f'<th scope="col">{h}</th>' for h in heads)
    return (f'<div role="group" class="nn-tv-panel nn-tv-panel--wide nn-tv-panel--table" aria-labelledby="{title_id}">'
            f'<h3 id="{title_id}">The {len(data["dataset"])} points at epoch <span data-tv="table-epoch">{checkpoint["epoch"]}</span></h3>'
            f'<div class="nn-tv-table-wrap"><table class="nn-tv-table" data-tv="table"><colgroup>{cols}</colgroup>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></div>")


# --- "Design your own run" ------------------------------------------------------------------
# Beside the lesson's runs: a disclosure with one labelled control per run-spec field (the JSON's
# designer.fields, made from lesson_py.spec.FIELDS), Train, a progress bar and Cancel; and, hidden
# until the reader trains, the view of a run of its own (spec_snapshot's markup, the renderer of an
# author's run) that docs/widgets/js/run-designer.js fills with the run the page's worker streams.


def with_designer(options: Mapping[str, Any], data: Mapping[str, Any], stored: str) -> str:
    """The lesson's runs with the panel above them and the (hidden) view of a reader's run below."""
    return "\n".join([designer_panel(f"widget-{options['id']}-rd", data["designer"]["fields"]),
                       f'<div data-rd="stored">{stored}</div>',
                       '<div data-rd="live" hidden></div>'])  # the JSON's designer.view goes here


VIEW_ID = "reader-run"  # the view's ids in the JSON: widget-reader-run-..., made the widget's own by the script


def live_view(data: Mapping[str, Any]) -> str:
    """The markup of a run of its own (spec_snapshot's) for the view of a reader's run, made from a short run
    with test points so it has every part a reader's run may need (the script hides the test points' legend
    for a run without them and fills in the reader's run as it trains)."""
    return spec_snapshot({"id": VIEW_ID, "epoch": 0}, data)


def field_control(prefix: str, f: Mapping[str, Any]) -> str:
    """One field: its label, its control (a select for choices, a number box for numbers, a text box
    otherwise), its hint and the place where its problem is said."""
    ident = f"{prefix}-{f['name']}"
    hint_id, error_id = f"{ident}-hint", f"{ident}-error"
    common = (f'id="{ident}" name="{f["name"]}" data-rd-field="{f["name"]}" '
              f'aria-describedby="{hint_id} {error_id}" disabled')
    if f["kind"] == "choice":
        options = "".join(f'<option value="{escape(c["value"])}"{" selected" if c["value"] == f["default"] else ""}>'
                          f'{escape(c["label"])}</option>' for c in f["choices"])
        control = f"<select {common}>{options}</select>"
    elif f["kind"] in ("integer", "number"):
        bounds = (f' min="{shown_bound(f["min"])}"' if f["min"] is not None else "") + f' max="{shown_bound(f["high"])}"'
        control = (f'<input type="number" {common}{bounds} step="{shown_bound(f["step"])}" '
                   f'value="{escape(f["default"])}" inputmode="decimal">')
    elif f["kind"] == "points":
        control = f'<textarea {common} rows="2" spellcheck="false">{escape(f["default"])}</textarea>'
    else:
        control = f'<input type="text" {common} value="{escape(f["default"])}" spellcheck="false" autocomplete="off">'
    applies = f' data-rd-applies="{" ".join(f["applies"])}"' if f["applies"] else ""
    return (f'<div class="nn-rd-field nn-rd-field--{f["kind"]}"{applies}><label for="{ident}">{escape(f["label"])}</label>'
            f'{control}<span class="nn-rd-hint" id="{hint_id}">{escape(f["hint"])}</span>'
            f'<span class="nn-rd-error" id="{error_id}" data-rd-error="{f["name"]}"></span></div>')


GROUPS = (("Data", ("dataset", "points", "noise", "test", "seed", "data")),
          ("Network", ("layers", "activation", "init")),
          ("Training", ("rate", "epochs", "batch", "l2")))


def designer_panel(prefix: str, fields: list) -> str:
    """The disclosure: the fields in three groups, then Train, Cancel, the progress bar, the status
    line and "Back to the lesson's run"."""
    by_name = {f["name"]: f for f in fields}
    grouped = [n for _, names in GROUPS for n in names]
    assert sorted(grouped) == sorted(by_name), "every field of lesson_py.spec.FIELDS is in one group"
    sets = "".join(f'<fieldset><legend>{legend}</legend>{"".join(field_control(prefix, by_name[n]) for n in names)}'
                   f"</fieldset>" for legend, names in GROUPS)
    return (f'<details class="nn-rd" data-rd="panel"><summary>Design your own run</summary>'
            '<p class="nn-rd-noscript">With JavaScript on, the page\'s Python trains the run you design here.</p>'
            f'<form class="nn-rd-form" data-rd="form" aria-label="Your run" novalidate>{sets}'
            '<div class="nn-rd-actions">'
            '<button type="submit" class="md-button md-button--primary" data-rd="train" disabled>Train</button>'
            '<button type="button" class="md-button" data-rd="cancel" disabled>Cancel</button>'
            f'<progress data-rd="progress" max="1" value="0" aria-label="Training progress" id="{prefix}-progress"></progress>'
            '<button type="button" class="md-button" data-rd="back" hidden>Back to the lesson\'s run</button>'
            "</div>"
            '<p class="nn-rd-status" data-rd="status" role="status" aria-live="polite"></p>'
            "</form></details>")
