// A small SVG line chart: one series over epochs, with the current epoch marked.
// Used by the training visualizer: the loss chart (with axes), a point's
// confidence sparkline, and the compare chart (several runs' series on one
// chart, compare-chart.js: each its own class, so CSS gives each a colour and a
// dash pattern; the shown one drawn last and strong). It draws the plain numbers handed to update()
// and nothing else; the curve is rebuilt only when the series changes, a new
// epoch only moves the marker.

const SVG = "http://www.w3.org/2000/svg";

function check(condition, message) {
  if (!condition) throw new TypeError(`line chart: ${message}`);
}

function element(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

/** A round step for about `count` ticks over [0, span]: 1, 2 or 5 times a power of ten. */
function tickStep(span, count) {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

export class LineChart {
  /**
   * @param {SVGSVGElement} svg  an empty <svg>; its viewBox is set here, its size by CSS
   * @param {object} options  width, height (viewBox units); axes: draw ticks and labels;
   *   yFormat: (number) => string for the tick labels; yFixed: [min, max] instead of 0..max;
   *   guide: a value marked with a dashed line across the chart (e.g. 0.5, the fence), or null
   */
  constructor(svg, { width = 320, height = 180, axes = true, yFormat = String, yFixed = null, guide = null } = {}) {
    check(svg instanceof SVGSVGElement, "needs an <svg>");
    this.svg = svg;
    this.width = width;
    this.height = height;
    this.axes = axes;
    this.yFormat = yFormat;
    this.yFixed = yFixed;
    this.guide = guide;
    this.margin = axes ? { left: 38, right: 10, top: 10, bottom: 26 } : { left: 4, right: 4, top: 4, bottom: 4 };
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.replaceChildren();
    this.grid = element("g", { class: "nn-chart-grid" }, svg);
    this.line = element("path", { class: "nn-chart-line", fill: "none" }, svg);
    this.second = element("path", { class: "nn-chart-line nn-chart-line--second", fill: "none" }, svg);
    this.runs = element("g", { class: "nn-chart-lines" }, svg); // the compare chart's series
    this.cursor = element("line", { class: "nn-chart-cursor" }, svg);
    this.dot = element("circle", { class: "nn-chart-dot", r: axes ? 4 : 3 }, svg);
    this.series = null;
    this.alsoSeries = null;
    this.many = null;
    this.shown = null;
  }

  /**
   * data = { values: [number | null, ...] one per epoch (null: nothing to draw there),
   *          current: index of the epoch to mark,
   *          also: a second series of the same length drawn dashed (e.g. the test loss), or null }
   * or, for several runs on one chart, data = { series: [[number | null, ...], ...] all of one length,
   *          shown: the index of the series drawn strong and marked, current }
   */
  update(data) {
    const many = data.series || null;
    check(many === null || (Array.isArray(many) && many.length >= 1 && Number.isInteger(data.shown)
      && data.shown >= 0 && data.shown < many.length && many.every((s) => s.length === many[0].length)),
    "series must be lists of one length, and shown one of their indexes");
    const values = many ? many[data.shown] : data.values;
    const { current } = data;
    const also = data.also || null;
    check(also === null || (Array.isArray(also) && also.length === values.length), "also must match values in length");
    check(Array.isArray(values) && values.length >= 2, "values must hold at least 2 entries");
    check(values.every((v) => v === null || (typeof v === "number" && Number.isFinite(v))), "values must be finite numbers or null");
    check(Number.isInteger(current) && current >= 0 && current < values.length, `current must index values, got ${current}`);
    if (values !== this.series || also !== this.alsoSeries || many !== this.many || data.shown !== this.shown) {
      this.drawSeries(values, also, many, data.shown);
    }
    const value = values[current];
    const x = this.x(current);
    this.cursor.setAttribute("x1", x);
    this.cursor.setAttribute("x2", x);
    this.cursor.setAttribute("y1", this.margin.top);
    this.cursor.setAttribute("y2", this.height - this.margin.bottom);
    this.dot.style.display = value === null ? "none" : "";
    if (value !== null) {
      this.dot.setAttribute("cx", x);
      this.dot.setAttribute("cy", this.y(value));
    }
  }

  x(index) {
    const { left, right } = this.margin;
    return left + (index / (this.series.length - 1)) * (this.width - left - right);
  }

  y(value) {
    const { top, bottom } = this.margin;
    const [low, high] = this.domain;
    const clamped = Math.min(Math.max(value, low), high);
    return this.height - bottom - ((clamped - low) / (high - low)) * (this.height - top - bottom);
  }

  drawSeries(values, also = null, many = null, shown = null) {
    this.series = values;
    this.alsoSeries = also;
    this.many = many;
    this.shown = shown;
    const finite = [...values, ...(also || []), ...(many || []).flat()].filter((v) => v !== null);
    const top = finite.length ? Math.max(...finite) : 1;
    if (this.yFixed) this.domain = this.yFixed;
    else {
      const step = tickStep(top > 0 ? top : 1, 4);
      this.domain = [0, Math.ceil((top > 0 ? top : 1) / step) * step];
    }
    this.line.setAttribute("d", many ? "" : this.path(values));
    this.runs.replaceChildren();
    if (many) {
      const order = [...many.keys()].filter((i) => i !== shown).concat([shown]); // the shown one on top
      for (const i of order) {
        const strong = i === shown ? " nn-chart-run--shown" : "";
        element("path", { class: `nn-chart-line nn-chart-run nn-chart-run--${i + 1}${strong}`, "data-run": i,
          fill: "none", d: this.path(many[i]) }, this.runs);
      }
    }
    this.second.setAttribute("d", also ? this.path(also) : "");
    this.grid.replaceChildren();
    if (this.axes) this.drawAxes();
    if (this.guide !== null) {
      const y = this.y(this.guide);
      element("line", { x1: this.margin.left, x2: this.width - this.margin.right, y1: y, y2: y, class: "nn-chart-guide" }, this.grid);
    }
  }

  /** An SVG path through a series; a null breaks the line. */
  path(values) {
    let path = "";
    let pen = "M";
    values.forEach((v, i) => {
      if (v === null) {
        pen = "M";
        return;
      }
      path += `${pen}${this.x(i).toFixed(2)},${this.y(v).toFixed(2)}`;
      pen = "L";
    });
    return path;
  }

  drawAxes() {
    const { left, right, top, bottom } = this.margin;
    const [low, high] = this.domain;
    const step = tickStep(high - low, 4);
    for (let v = low; v <= high + step / 1e6; v += step) {
      const y = this.y(v);
      element("line", { x1: left, x2: this.width - right, y1: y, y2: y }, this.grid);
      const label = element("text", { x: left - 5, y: y + 3.5, "text-anchor": "end" }, this.grid);
      label.textContent = this.yFormat(v);
    }
    const last = this.series.length - 1;
    const epochStep = tickStep(last, 4);
    for (let e = 0; e <= last; e += epochStep) {
      const label = element("text", { x: this.x(e), y: this.height - bottom + 14, "text-anchor": "middle" }, this.grid);
      label.textContent = String(e);
    }
    const caption = element("text", { x: this.width - right, y: this.height - 2, "text-anchor": "end", class: "nn-chart-caption" }, this.grid);
    caption.textContent = "epoch";
    element("line", { x1: left, x2: left, y1: top, y2: this.height - bottom, class: "nn-chart-axis" }, this.grid);
  }
}
