"""A compare block's snapshot: the runs to pick from, the compare chart as a static SVG with its
legend and text alternative, then the first run shown as a run of the block's own is
(training_visualizer.spec_snapshot).

The chart is drawn here as docs/widgets/js/line-chart.js draws it live (the same viewBox, margins,
round ticks and classes), so a reader without scripts sees every run's loss on one chart, the first
run's line drawn strong and its epoch marked. docs/widgets/js/compare-chart.js reads the chart's
size from this SVG's viewBox and redraws it in place.

>>> round_step(7.2, 4), round_step(0.811, 4), round_step(100, 4)   # spans of 1.8, 0.203 and 25 a tick
(2, 0.5, 50)
"""

from __future__ import annotations

import math
from html import escape
from typing import Any, Mapping, Sequence

WIDTH, HEIGHT = 400, 200
MARGIN = {"left": 38, "right": 10, "top": 10, "bottom": 26}  # line-chart.js's, for a chart with axes
TICKS = 4


def round_step(span: float, count: int) -> float:
    """line-chart.js tickStep: 1, 2 or 5 times a power of ten, for about `count` ticks over [0, span]."""
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return int(step) if step == int(step) else step


class Chart:
    """The geometry of a chart of several series over epochs 0..len-1 (line-chart.js's)."""

    def __init__(self, series: Sequence[Sequence[float | None]]):
        self.length = max(len(s) for s in series)
        top = max(v for s in series for v in s if v is not None)
        top = top if top > 0 else 1
        step = round_step(top, TICKS)
        self.high = math.ceil(top / step) * step

    def x(self, index: int) -> float:
        return MARGIN["left"] + index / (self.length - 1) * (WIDTH - MARGIN["left"] - MARGIN["right"])

    def y(self, value: float) -> float:
        clamped = min(max(value, 0), self.high)
        return HEIGHT - MARGIN["bottom"] - clamped / self.high * (HEIGHT - MARGIN["top"] - MARGIN["bottom"])

    def path(self, values: Sequence[float | None]) -> str:
        text, pen = "", "M"
        for i, v in enumerate(values):
            if v is None:
                pen = "M"
                continue
            text += f"{pen}{self.x(i):.2f},{self.y(v):.2f}"
            pen = "L"
        return text

    def axes(self) -> str:
        left, right, bottom = MARGIN["left"], MARGIN["right"], MARGIN["bottom"]
        step = round_step(self.high, TICKS)
        parts = []
        v = 0.0
        while v <= self.high + step / 1e6:
            y = self.y(v)
            parts.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{y}" y2="{y}"></line>'
                         f'<text x="{left - 5}" y="{y + 3.5}" text-anchor="end">{v:.1f}</text>')
            v += step
        last = self.length - 1
        epoch_step = round_step(last, TICKS)
        for e in range(0, last + 1, max(1, int(epoch_step))):
            parts.append(f'<text x="{self.x(e)}" y="{HEIGHT - bottom + 14}" text-anchor="middle">{e}</text>')
        parts.append(f'<text x="{WIDTH - right}" y="{HEIGHT - 2}" text-anchor="end" class="nn-chart-caption">epoch</text>')
        parts.append(f'<line x1="{left}" x2="{left}" y1="{MARGIN["top"]}" y2="{HEIGHT - bottom}" class="nn-chart-axis"></line>')
        return f'<g class="nn-chart-grid">{"".join(parts)}</g>'


def padded(run: Mapping[str, Any]) -> list[float | None]:
    """A run's training loss over its planned epochs, None after a diverged run stopped."""
    return [*run["losses"], *[None] * (run["epochs"] + 1 - len(run["losses"]))]


def chart_svg(data: Mapping[str, Any], shown: int, epoch: int, labelled_by: str) -> str:
    """Every run's training loss on one chart, run `shown` (0-based) drawn strong, `epoch` marked."""
    series = [padded(run) for run in data["runs"]]
    chart = Chart(series)
    lines = "".join(f'<path class="nn-chart-line nn-chart-run nn-chart-run--{i + 1}" data-run="{i}" fill="none" '
                    f'd="{chart.path(values)}"></path>' for i, values in enumerate(series) if i != shown)
    lines += (f'<path class="nn-chart-line nn-chart-run nn-chart-run--{shown + 1} nn-chart-run--shown" '
              f'data-run="{shown}" fill="none" d="{chart.path(series[shown])}"></path>')
    x, value = chart.x(epoch), series[shown][epoch]
    marker = f'<line class="nn-chart-cursor" x1="{x}" x2="{x}" y1="{MARGIN["top"]}" y2="{HEIGHT - MARGIN["bottom"]}"></line>'
    if value is not None:
        marker += f'<circle class="nn-chart-dot" r="4" cx="{x}" cy="{chart.y(value)}"></circle>'
    return (f'<svg class="nn-tv-chart nn-cmp-chart" data-cmp="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{labelled_by}">{chart.axes()}<g class="nn-chart-lines">{lines}</g>{marker}</svg>')


def swatch(index: int) -> str:
    """A run's line in the legend: its colour and its dash pattern (the chart's classes)."""
    return (f'<svg class="nn-cmp-swatch" viewBox="0 0 36 10" aria-hidden="true" focusable="false">'
            f'<line class="nn-chart-run nn-chart-run--{index + 1}" x1="2" y1="5" x2="34" y2="5"></line></svg>')


def picker(widget_id: str, runs: Sequence[Mapping[str, Any]], shown: int, pick: str) -> str:
    """The radio group choosing the run shown: each run's swatch, label and (if labelled) its overrides."""
    items = []
    for i, run in enumerate(runs):
        about = f' <span class="nn-cmp-about">({escape(run["about"])})</span>' if run["about"] != run["label"] else ""
        items.append(f'<label class="nn-cmp-choice"><input type="radio" name="{widget_id}-run" value="{i + 1}" '
                     f'data-cmp="run"{" checked" if i == shown else ""} disabled>{swatch(i)}'
                     f'<span><strong>{escape(run["label"])}</strong>{about}</span></label>')
    return f'<fieldset class="nn-cmp-pick" data-cmp="pick"><legend>{escape(pick)}</legend>{"".join(items)}</fieldset>'


def snapshot(options: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """The compare panel (picker, chart, legend, text alternative), then the first run's view."""
    from .training_visualizer import spec_snapshot, stored_index  # that module hands compare blocks here
    widget_id = f"widget-{options['id']}"
    title, desc = f"{widget_id}-compare", f"{widget_id}-compare-desc"
    runs, words = options["compare"], data["words"]
    first = {**data["runs"][0], "grid": data["grid"]}
    epoch = first["checkpoints"][stored_index(first, options["epoch"])]["epoch"]
    legend = "".join(f'<li data-cmp-run="{i}">{swatch(i)}{escape(label)}</li>' for i, label in enumerate(data["labels"]))
    return "\n".join([
        f'<div class="nn-cmp" data-cmp="panel" role="group" aria-labelledby="{title}">',
        f'<h3 id="{title}">{escape(words["chart"])}</h3>',
        f'<p class="nn-cmp-noscript">Below the chart, a still of epoch {epoch} of the first run, '
        f'{escape(runs[0]["label"])}. Scripts make it interactive: with JavaScript on you can pick another run '
        "and scrub through its epochs.</p>",
        picker(widget_id, runs, 0, words["pick"]),
        chart_svg(data, 0, epoch, f"{title} {desc}"),
        f'<ul class="nn-cmp-legend" data-cmp="legend">{legend}</ul>',
        f'<p class="nn-tv-described" id="{desc}" data-cmp="description">{escape(words["description"])}</p>',
        "</div>",
        f'<div data-cmp="view">{spec_snapshot(options, first)}</div>',
    ])
