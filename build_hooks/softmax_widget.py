"""The softmax widget's static snapshot: its full markup with the starting scores'
probabilities filled in, and the data the script hydrates it with.

Every number and sentence comes from lesson_py.widgets.softmax, the module the
browser's worker runs after each change ("softmax_view"), so the snapshot and the
live widget read alike. Without scripts a reader sees the (disabled) labelled score
controls at their starting values, each class's probability as a number and a bar,
which class wins and by how much, what the shown values add up to, the working, and
a line saying scripts make it interactive. docs/widgets/js/softmax.js finds every
part by its data-sm / data-out attribute, enables the controls and takes over.

>>> html = snapshot("pick", data({}))
>>> 'data-out="p1">0.84<' in html, 'data-out="p3">0.05<' in html, 'style="width: 83.60%"' in html
(True, True, True)
"""

from html import escape
from typing import Any, Mapping

from lesson_py.widgets import softmax as S

from .neuron_playground import number_control, out


def data(start: Mapping[str, Any]) -> dict[str, Any]:
    """What the script needs: the scores' table (labelled with the class names), the start and its view.
    The build writes it as the widget's JSON file (the container's data-src)."""
    state = S.normalise(dict(start))
    return {
        "widget": "softmax",
        "controls": {name: c.rule() for name, c in S.controls_for(state["names"]).items()},
        "names": state["names"],
        "numberHelp": S.NUMBER_HELP,
        "decimals": S.DECIMALS,   # how the number boxes write a score, as the snapshot's do
        "start": {k: state[k] for k in S.SCORE_NAMES},
        "view": S.evaluate(state),
    }


def snapshot(widget_id: str, info: Mapping[str, Any]) -> str:
    """The widget's inner markup for its starting state, as static HTML."""
    view, start = info["view"], info["start"]
    r = view["readouts"]
    rows = []
    for i, ((name, rule), c) in enumerate(zip(info["controls"].items(), view["classes"]), start=1):
        rows.append(
            f'<div class="nn-sm__class" data-sm-class="{i}">'
            f'<div class="nn-sm__score">{number_control(widget_id, name, rule, start[name])}</div>'
            f'<div class="nn-sm__result"><span class="nn-sm__track" aria-hidden="true">'
            f'<span class="nn-sm__bar" data-sm-bar="{i}" data-leads="{str(c["leads"]).lower()}" '
            f'style="width: {c["width"]}"></span></span>'
            f'<span class="nn-sm__p"><span class="nn-visually-hidden">Probability of {escape(c["name"])}: </span>'
            f'{out(f"p{i}", c["probability"], cls="nn-sm__value")} '
            f'<small>({out(f"percent{i}", c["percent"])})</small> '
            f'{out(f"lead{i}", r[f"lead{i}"], "small", "nn-sm__lead")}</span></div></div>')
    help_line = (f'<p class="nn-pg__help" id="{widget_id}-number-help" data-sm="number-help" aria-live="polite">'
                 f'{escape(info["numberHelp"])}</p>')
    return "\n".join([
        f'<div class="nn-softmax" data-sm-root data-sm-id="{escape(widget_id)}">',
        '<p class="nn-pg__noscript" data-sm="noscript">This is a snapshot at the starting scores. With '
        "JavaScript turned on you can change each score, and the lesson's Python recomputes the "
        "probabilities.</p>",
        '<form class="nn-sm__controls" data-sm="controls" aria-label="Class scores">'
        '<fieldset><legend>Scores in, probabilities out</legend>'
        f'{"".join(rows)}{help_line}</fieldset></form>',
        '<div class="nn-pg__results nn-sm__results" data-sm="results">'
        '<p class="nn-pg__waiting" data-sm="waiting" hidden></p>'
        f'{out("winner", r["winner"], "p", "nn-sm__winner")}'
        f'{out("sum", r["sum"], "p", "nn-sm__sum")}'
        '<p class="nn-sm__working"><span class="nn-pg__caption">Worked out</span> '
        f'{out("working", r["working"])}</p></div>',
        '<div class="nn-pg__actions"><button type="button" class="md-button" data-sm="reset" disabled>'
        "Reset</button></div>",
        f'<p class="nn-visually-hidden" role="status" aria-live="polite" data-sm="live">{escape(view["summary"])}</p>',
        "</div>",
    ])
