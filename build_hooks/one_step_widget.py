"""The one-step widget's static snapshot: one training step of the worked-example neuron
with the block's label and learning rate filled in, and the data the script hydrates it with.

Every number and sentence comes from lesson_py.widgets.one_step, the module the browser's
worker runs after each change ("one_step_view"), so the snapshot and the live widget read
alike. Without scripts a reader sees the (disabled) label and rate controls at their
starting values, the forward pass, the loss, each gradient, the new weights and bias, the
loss after the step, and a line saying scripts make it interactive.
docs/widgets/js/one-step.js finds every part by its data-os / data-out attribute, enables
the controls and takes over.

>>> html = snapshot("step", data({}))
>>> 'data-out="loss">0.41<' in html, 'data-out="new-w1">1.35<' in html, 'data-out="loss-after">0.31<' in html
(True, True, True)
"""

from html import escape
from typing import Any, Mapping

from lesson_py.widgets import one_step as O

from .neuron_playground import number_control, out


def data(start: Mapping[str, Any]) -> dict[str, Any]:
    """What the script needs: the rate's rule, the labels, the start and its view.
    The build writes it as the widget's JSON file (the container's data-src)."""
    state = O.normalise(dict(start))
    return {
        "widget": "one-step",
        "controls": {"rate": O.RATE.rule()},
        "labels": [{"value": v, "text": O.LABEL_WORDS[v]} for v in O.LABELS],
        "numberHelp": O.NUMBER_HELP,
        "decimals": O.RATE.decimals,   # how the rate's box writes it, as the snapshot's does
        "start": state,
        "view": O.evaluate(state),
    }


COLUMNS = ("Parameter", "Gradient", "Old value", "New value")


def head(column: str) -> str:
    """A column's name inside each of its cells, shown only where the table is laid out as one card
    per parameter (a phone); screen readers have the table's own headers."""
    return f'<span class="nn-os__head" aria-hidden="true">{column}</span>'


def value(key: str, label: str, r: Mapping[str, str]) -> str:
    return f'<div><dt>{label}</dt><dd>{out(key, r[key], cls="nn-pg__value")}</dd></div>'


def snapshot(widget_id: str, info: Mapping[str, Any]) -> str:
    """The widget's inner markup for its starting state, as static HTML."""
    view, start = info["view"], info["start"]
    r = view["readouts"]
    radios = "".join(
        f'<label class="nn-pg__radio"><input type="radio" name="{widget_id}-label" value="{choice["value"]}" '
        f'data-os-control="label"{" checked" if choice["value"] == start["label"] else ""} disabled> '
        f'{escape(choice["text"])}</label>' for choice in info["labels"])
    help_line = (f'<p class="nn-pg__help" id="{widget_id}-number-help" data-os="number-help" aria-live="polite">'
                 f'{escape(info["numberHelp"])}</p>')
    rows = "".join(
        f'<tr><th scope="row"><code>{name}</code></th>'
        f'<td>{head(COLUMNS[1])}{out(f"g-{name}-working", r[f"g-{name}-working"], "code")}</td>'
        f'<td>{head(COLUMNS[2])}{out(f"old-{name}", r[f"old-{name}"])}</td>'
        f'<td>{head(COLUMNS[3])}{out(f"new-{name}", r[f"new-{name}"], "strong")}'
        f'<small class="nn-os__working">{out(f"new-{name}-working", r[f"new-{name}-working"], "code")}</small></td></tr>'
        for name in O.PARAMETERS)
    columns = "".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
    return "\n".join([
        f'<div class="nn-one-step" data-os-root data-os-id="{escape(widget_id)}">',
        '<p class="nn-pg__noscript" data-os="noscript">This is a snapshot of the step at its starting label and '
        "learning rate. With JavaScript turned on you can change both, and the lesson's Python recomputes the step.</p>",
        '<form class="nn-os__controls" data-os="controls" aria-label="The example\'s label and the learning rate">'
        f'<fieldset class="nn-os__labels"><legend>Label y (the right answer)</legend>{radios}</fieldset>'
        f'<fieldset class="nn-os__rate"><legend>Step size</legend>'
        f'{number_control(widget_id, "rate", info["controls"]["rate"], start["rate"])}{help_line}</fieldset></form>',
        '<div class="nn-pg__results nn-os__results" data-os="results">'
        '<p class="nn-pg__waiting" data-os="waiting" hidden></p>'
        f'{out("start", r["start"], "p", "nn-os__start")}'
        '<section class="nn-os__part"><p class="nn-pg__caption">1. Forward pass</p>'
        f'<dl class="nn-pg__readouts">{value("z", "Weighted sum z", r)}{value("a", "Output a", r)}</dl>'
        f'<p>{out("forward", r["forward"], "code")}</p></section>'
        '<section class="nn-os__part"><p class="nn-pg__caption">2. Loss</p>'
        f'<dl class="nn-pg__readouts">{value("loss", "Loss", r)}</dl>'
        f'<p>{out("loss-working", r["loss-working"], "code")}</p></section>'
        '<section class="nn-os__part"><p class="nn-pg__caption">3. Gradients and the update</p>'
        f'<p>The error, output minus label: {out("error-working", r["error-working"], "code")}</p>'
        '<div class="nn-os__table"><table><caption>Each gradient, and the new value: old minus rate times '
        'gradient</caption>'
        f'<thead><tr>{columns}</tr></thead><tbody>{rows}</tbody></table></div></section>'
        '<section class="nn-os__part"><p class="nn-pg__caption">4. After the step</p>'
        f'<dl class="nn-pg__readouts">{value("z-after", "Weighted sum z", r)}{value("a-after", "Output a", r)}'
        f'{value("loss-after", "Loss", r)}</dl>'
        f'<p>{out("after-forward", r["after-forward"], "code")}</p>'
        f'<p>{out("after-loss", r["after-loss"], "code")}</p>'
        f'{out("change", r["change"], "p", "nn-os__change")}</section></div>',
        '<div class="nn-pg__actions"><button type="button" class="md-button" data-os="reset" disabled>'
        "Reset</button></div>",
        f'<p class="nn-visually-hidden" role="status" aria-live="polite" data-os="live">{escape(view["summary"])}</p>',
        "</div>",
    ])
