"""The Neuron Playground's static snapshot: the widget's full markup with the
starting state's numbers filled in, and the data the script hydrates it with.

Every number and sentence comes from lesson_py.widgets.playground, the module the
browser's worker runs after each change, so the snapshot and the live widget
read alike. Without scripts a reader sees real (disabled) labelled controls
at their starting values, every read-out, the forward pass, the Python behind
it, the decision map (hidden mode) and a line saying scripts make it
interactive. docs/widgets/js/neuron-playground.js finds every part by its
data-pg / data-out attribute, enables the controls and takes over.

>>> html = snapshot("demo", mode="single")
>>> 'data-out="z">0.69<' in html, 'data-out="confidence">67%<' in html, 'data-out="class">Positive<' in html
(True, True, True)
"""

from html import escape
from typing import Any

from lesson_py.widgets import playground as P
from lesson_py.widgets.wording import ACTIVATION_WORDS
from lesson_py.neuron import probability_verdict
from lesson_py.widgets.format import map_shade, shown

# Under the number boxes, until one is being edited (then its own hint or mistake shows).
NUMBER_HELP = "Slide, or type an exact value in a box (a decimal comma works too)."


def data(*, mode: str = "single", **options: Any) -> dict[str, Any]:
    """What the script needs: the controls' table, the activations, the start and its view.
    The build writes it as the widget's JSON file (the container's data-src)."""
    start = P.normalise({"mode": mode, **options})
    names = P.SINGLE_CONTROLS if mode == "single" else P.HIDDEN_CONTROLS
    return {
        "widget": "neuron-playground",
        "mode": mode,
        "controls": {n: P.CONTROLS[n].rule() for n in names},
        "activations": [{"name": a.name, "label": a.label, "description": a.description} for a in ACTIVATION_WORDS.values()],
        "hiddenSizes": list(P.HIDDEN_SIZES),
        "numberHelp": NUMBER_HELP,
        "start": start,
        "view": P.evaluate(start),
    }


def snapshot(widget_id: str, *, mode: str = "single", **options: Any) -> str:
    """The widget's inner markup for its starting state, as static HTML."""
    info = data(mode=mode, **options)
    view, start = info["view"], info["start"]
    what = "neuron" if mode == "single" else "network"
    results = single_results(view) if mode == "single" else hidden_results(widget_id, view)
    return "\n".join([
        f'<div class="nn-playground" data-pg-root data-pg-id="{escape(widget_id)}" data-mode="{mode}">',
        f'<p class="nn-pg__noscript" data-pg="noscript">This is a snapshot of the {what} at its starting '
        "values. With JavaScript turned on you can move every control, and the lesson's Python recomputes "
        "each number.</p>",
        '<div class="nn-pg__layout">',
        controls(widget_id, info),
        f'<div class="nn-pg__results" data-pg="results">{results}</div>',
        "</div>",
        python_panel(start),
        '<div class="nn-pg__actions"><button type="button" class="md-button" data-pg="reset" disabled>'
        "Reset</button></div>",
        f'<p class="nn-visually-hidden" role="status" aria-live="polite" data-pg="live">{escape(view["summary"])}</p>',
        "</div>",
    ])


# --- Controls ---------------------------------------------------------------------


def controls(widget_id: str, info: dict[str, Any]) -> str:
    """Each number as a slider with a number box, then the hidden size and the activation."""
    start = info["start"]
    numbers = "".join(number_control(widget_id, name, rule, start[name]) for name, rule in info["controls"].items())
    legend = "Inputs, weights and bias" if info["mode"] == "single" else "Input"
    help_line = (f'<p class="nn-pg__help" id="{widget_id}-number-help" data-pg="number-help" aria-live="polite">'
                 f'{escape(NUMBER_HELP)}</p>')
    parts = [f'<fieldset class="nn-pg__numbers"><legend>{legend}</legend>{numbers}{help_line}</fieldset>']
    if info["mode"] == "hidden":
        radios = "".join(
            f'<label class="nn-pg__radio"><input type="radio" name="{widget_id}-hidden" value="{size}" '
            f'data-pg-control="hidden"{" checked" if size == start["hidden"] else ""} disabled> {size} neurons</label>'
            for size in info["hiddenSizes"])
        parts.append(f'<fieldset class="nn-pg__sizes"><legend>Hidden layer size</legend>{radios}</fieldset>')
    label = "Activation function" if info["mode"] == "single" else "Hidden activation"
    options = "".join(
        f'<option value="{a["name"]}"{" selected" if a["name"] == start["activation"] else ""}>'
        f'{escape(a["label"])}</option>' for a in info["activations"])
    description = escape(info["view"]["readouts"]["description"])
    parts.append(
        f'<div class="nn-pg__select"><label for="{widget_id}-activation">{label}</label>'
        f'<select id="{widget_id}-activation" data-pg-control="activation" '
        f'aria-describedby="{widget_id}-description" disabled>{options}</select>'
        f'<p class="nn-pg__description" id="{widget_id}-description" data-out="description">{description}</p></div>')
    return f'<form class="nn-pg__controls" data-pg="controls" aria-label="Playground settings">{"".join(parts)}</form>'


def number_control(widget_id: str, name: str, rule: dict[str, Any], value: float) -> str:
    """One number: a labelled slider and a box for the exact value. The box is a text
    spinbutton (inputmode decimal; the arrow keys step it), so that what the reader types
    is read by the control's own rule, not by the browser's number parsing."""
    bounds = f'min="{rule["min"]:g}" max="{rule["max"]:g}" step="{rule["step"]:g}"'
    return (
        f'<div class="nn-pg__number" data-pg-number="{name}">'
        f'<label for="{widget_id}-{name}">{escape(rule["label"])}</label>'
        f'<input type="range" id="{widget_id}-{name}" data-pg-control="{name}" {bounds} value="{shown(value)}" '
        f'disabled>'
        f'<input type="text" role="spinbutton" id="{widget_id}-{name}-box" data-pg-box="{name}" value="{shown(value)}" '
        f'aria-valuemin="{rule["min"]:g}" aria-valuemax="{rule["max"]:g}" aria-valuenow="{value:g}" '
        f'inputmode="decimal" autocomplete="off" spellcheck="false" aria-label="{escape(rule["label"])}, exact value" '
        f'aria-describedby="{widget_id}-number-help" disabled>'
        "</div>")


# --- Read-outs ----------------------------------------------------------------------


def out(key: str, text: str, tag: str = "span", cls: str = "", id: str = "") -> str:
    """One read-out: an element the script refills from readouts[key]."""
    extra = (f' class="{cls}"' if cls else "") + (f' id="{id}"' if id else "")
    return f'<{tag}{extra} data-out="{key}">{escape(text)}</{tag}>'


def class_badge(view: dict[str, Any]) -> str:
    """The class in words with a shape (circle + for positive, square − for negative),
    so it never rests on colour alone."""
    return (f'<span class="nn-pg__class" data-pg="class" data-verdict="{view["verdict"]}">'
            f'<span class="nn-pg__shape" aria-hidden="true"></span>{out("class", view["readouts"]["class"])}</span>')


def room(key: str, text: str, alternatives, tag: str = "span", cls: str = "") -> str:
    """A read-out that keeps the room of its longest alternative: the others sit invisible in
    the same grid cell, so a change of activation or of numbers never moves what follows."""
    ghosts = "".join(f'<{tag} class="nn-pg__ghost{" " + cls if cls else ""}" aria-hidden="true">{escape(t)}</{tag}>'
                     for t in alternatives)
    slot = "div" if tag == "p" else "span"
    return f'<{slot} class="nn-pg__slot">{out(key, text, tag, cls)}{ghosts}</{slot}>'


# The longest text each single-mode read-out can hold (the widest z is ±15.00: 2·2·3 + 3).
WIDEST = "-15.00"
ALTERNATIVES = {
    "confidence": ("not a probability", "100%"),
    "confidence-note": tuple(P.CONFIDENCE_NOTES.values()),
    "class-reason": (P.class_reason(-15.0, None), P.class_reason(1e-17, None, 1.0), P.class_reason(0.5, 0.5)),
    "change": tuple(P.change_sentence(WIDEST, "-14.99", a) for a in P.ACTIVATIONS),
    "forward": tuple(P.written_out((-2.0, -2.0), (-3.0, -3.0), -3.0, -15.0, a, -15.0) for a in P.ACTIVATIONS),
}


def single_results(view: dict[str, Any]) -> str:
    r = view["readouts"]
    return (
        '<p class="nn-pg__waiting" data-pg="waiting" hidden></p>'
        '<dl class="nn-pg__readouts">'
        f'<div><dt>Weighted sum z</dt><dd>{out("z", r["z"], cls="nn-pg__value")}</dd></div>'
        f'<div><dt>Output a</dt><dd>{out("a", r["a"], cls="nn-pg__value")}</dd></div>'
        f'<div><dt>Confidence</dt><dd>{room("confidence", r["confidence"], ALTERNATIVES["confidence"], cls="nn-pg__value")}'
        f'{room("confidence-note", r["confidence-note"], ALTERNATIVES["confidence-note"], "small")}</dd></div>'
        f'<div><dt>Class</dt><dd>{class_badge(view)}'
        f'{room("class-reason", r["class-reason"], ALTERNATIVES["class-reason"], "small")}</dd></div>'
        "</dl>"
        f'{room("change", r["change"], ALTERNATIVES["change"], "p", "nn-pg__change")}'
        '<p class="nn-pg__forward"><span class="nn-pg__caption">Forward pass</span> '
        f'{room("forward", r["forward"], ALTERNATIVES["forward"], "code")}</p>')


def hidden_results(widget_id: str, view: dict[str, Any]) -> str:
    r = view["readouts"]
    rows, passes = [], []
    for j in range(1, max(P.HIDDEN_SIZES) + 1):
        key = f"h{j}"
        hide = "" if j <= view["hidden"] else " hidden"
        rows.append(
            f'<tr data-pg-neuron="{j}"{hide}><th scope="row">h{j}</th>'
            f'<td>{out(f"{key}-z", r.get(f"{key}-z", ""))}</td><td>{out(f"{key}-a", r.get(f"{key}-a", ""))}</td></tr>')
        passes.append(f'<li data-pg-neuron="{j}"{hide}><span class="nn-pg__who">h{j}</span> '
                      f'{out(f"{key}-pass", r.get(f"{key}-pass", ""), "code")}</li>')
    passes.append(f'<li><span class="nn-pg__who">output</span> {out("out-pass", r["out-pass"], "code")}</li>')
    equivalent_hidden = "" if view["equivalent"] else " hidden"
    return (
        '<p class="nn-pg__waiting" data-pg="waiting" hidden></p>'
        '<div class="nn-pg__table"><table class="nn-pg__neurons"><caption>Hidden neurons</caption>'
        '<thead><tr><th scope="col">Neuron</th><th scope="col">z</th><th scope="col">a</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
        '<dl class="nn-pg__readouts">'
        f'<div><dt>Output z</dt><dd>{out("out-z", r["out-z"], cls="nn-pg__value")}</dd></div>'
        f'<div><dt>Output a</dt><dd>{out("out-a", r["out-a"], cls="nn-pg__value")}</dd></div>'
        f'<div><dt>Confidence</dt><dd>{out("confidence", r["confidence"], cls="nn-pg__value")}</dd></div>'
        f'<div><dt>Class</dt><dd>{class_badge(view)}{out("class-reason", r["class-reason"], "small")}</dd></div>'
        "</dl>"
        '<div class="nn-pg__forward"><p class="nn-pg__caption">Forward pass, neuron by neuron</p>'
        f'<ol class="nn-pg__passes">{"".join(passes)}</ol></div>'
        f'{out("boundary", r["boundary"], "p", "nn-pg__change")}'
        f'<div class="nn-pg__equivalent" data-pg="equivalent"{equivalent_hidden}>'
        '<p class="nn-pg__caption">The single equivalent neuron</p><dl class="nn-pg__readouts">'
        f'<div><dt>Weights</dt><dd>{out("equivalent-weights", r.get("equivalent-weights", ""))}</dd></div>'
        f'<div><dt>Bias</dt><dd>{out("equivalent-bias", r.get("equivalent-bias", ""))}</dd></div>'
        f'<div><dt>Its boundary</dt><dd>{out("equivalent-line", r.get("equivalent-line", ""), "code")}</dd></div>'
        f'</dl>{out("equivalent-check", r.get("equivalent-check", ""), "p")}</div>'
        f'{decision_map(widget_id, view)}')


def decision_map(widget_id: str, view: dict[str, Any]) -> str:
    """The map as an SVG picture (the script swaps in a canvas), its legend and its words."""
    caption_id = f"{widget_id}-map-text"
    return (
        '<figure class="nn-pg__map">'
        f'<div class="nn-pg__map-box" data-pg="map" role="img" aria-labelledby="{caption_id}">'
        f'{map_svg(view["map"], f"{widget_id}-map-smooth")}</div>'
        f'<figcaption><span class="nn-pg__legend" aria-hidden="true"><span class="nn-pg__key" '
        'data-verdict="positive"><span class="nn-pg__shape"></span>positive</span> '
        '<span class="nn-pg__key" data-verdict="negative"><span class="nn-pg__shape"></span>negative</span> '
        '<span class="nn-pg__key nn-pg__key--marker">⊕ current input</span> '
        f'<span class="nn-pg__key" data-pg="line-key"{"" if view["map"]["line"] else " hidden"}>'
        '<span class="nn-pg__dash"></span>the single neuron\'s line</span> <span class="nn-pg__key">stronger shade: more confident</span></span>'
        f'{out("map-text", view["readouts"]["map-text"], id=caption_id)}</figcaption>'
        "</figure>")


def map_svg(grid: dict[str, Any], smooth_id: str) -> str:
    """The probability grid as SVG: one rectangle per run of equally shaded cells in a row,
    shaded like DecisionMap shades its canvas (class colour by the words' rule, strength by
    confidence, over the map's neutral colour), blurred by a fraction of a cell so that the
    cells read as the smooth surface the canvas draws, not as tiles."""
    size, extent, values = grid["size"], grid["extent"], grid["values"]
    shade = [(probability_verdict(p), round(map_shade(p), 1)) for p in values]
    rects = []
    for row in range(size):
        col = 0
        while col < size:
            kind, strength = shade[row * size + col]
            end = col + 1
            while end < size and shade[row * size + end] == (kind, strength):
                end += 1
            rects.append(f'<rect class="nn-pg__cell--{kind}" x="{col}" y="{row}" width="{end - col}" height="1" '
                         f'fill-opacity="{strength:g}"/>')
            col = end
    mx = (grid["marker"]["x"] + extent) / (2 * extent) * size
    my = (extent - grid["marker"]["y"]) / (2 * extent) * size
    marker = (f'<g class="nn-pg__marker"><circle cx="{mx:.3f}" cy="{my:.3f}" r="0.9"/>'
              f'<path d="M{mx - 1.3:.3f} {my:.3f}H{mx + 1.3:.3f}M{mx:.3f} {my - 1.3:.3f}V{my + 1.3:.3f}"/></g>')
    line = ""
    if grid.get("line"):
        (xa, ya), (xb, yb) = ((((end["x"] + extent) / (2 * extent) * size), (extent - end["y"]) / (2 * extent) * size)
                              for end in (grid["line"]["from"], grid["line"]["to"]))
        line = f'<path class="nn-pg__line" d="M{xa:.3f} {ya:.3f}L{xb:.3f} {yb:.3f}"/>'
    return (f'<svg viewBox="0 0 {size} {size}" '
            f'aria-hidden="true"><filter id="{smooth_id}"><feGaussianBlur stdDeviation="0.45" edgeMode="duplicate"/>'
            f'</filter><g filter="url(#{smooth_id})">{"".join(rects)}</g>{line}{marker}</svg>')


# --- Show the Python ------------------------------------------------------------------


def python_panel(start: dict[str, Any]) -> str:
    """A <details> toggle with the lesson_py source behind the read-outs (read by inspect)."""
    return (
        '<details class="nn-pg__python" data-pg="python"><summary>Show the Python</summary>'
        "<p>The lesson_py code that computed these read-outs, read from the module itself "
        "(the same code runs in your browser):</p>"
        f'<div data-pg="source">{source_html(P.source(start))}</div></details>')


def source_html(parts: list[dict[str, str]]) -> str:
    return "".join(
        f'<p class="nn-pg__source-name"><code>{escape(part["file"])}</code> · {escape(part["name"])}</p>'
        f'<pre class="nn-pg__source"><code tabindex="0">{escape(part["code"])}</code></pre>' for part in parts)
