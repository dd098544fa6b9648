// A decision map: the input square coloured by predicted class, intensity by
// confidence, with labelled points and an optional marker on top.
// It draws plain numbers handed to update(); it knows nothing of the model.

const SHAPE_SIZE = 6;

/** Colours come from CSS custom properties so light and dark schemes both work. */
function palette(element) {
  const style = getComputedStyle(element);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    positive: read("--nn-positive", "#00897b"),
    negative: read("--nn-negative", "#e65100"),
    background: read("--md-default-bg-color", "#ffffff"),
    ink: read("--md-default-fg-color", "#000000"),
  };
}

const resolved = new Map();

/** Any CSS colour as [r, g, b], resolved once through a canvas and remembered. */
function rgb(colour) {
  if (!resolved.has(colour)) {
    const probe = document.createElement("canvas").getContext("2d");
    probe.fillStyle = colour;
    const hex = probe.fillStyle;
    resolved.set(colour, hex.startsWith("#")
      ? [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
      : (hex.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number));
  }
  return resolved.get(colour);
}

/** What decides the colours: Material's scheme attribute and the system preference. */
function schemeKey() {
  const scheme = document.body ? document.body.getAttribute("data-md-color-scheme") : "";
  return `${scheme}|${window.matchMedia("(prefers-color-scheme: dark)").matches}`;
}

function check(condition, message) {
  if (!condition) throw new TypeError(`decision map: ${message}`);
}

export class DecisionMap {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    check(canvas instanceof HTMLCanvasElement, "needs a <canvas>");
    this.canvas = canvas;
    this.context = canvas.getContext("2d");
    // Kept between draws: scrubbing redraws often, so no new canvas and no style
    // read per draw unless the colour scheme changed.
    this.cell = document.createElement("canvas");
    this.colours = null;
    this.coloursFor = null;
  }

  palette() {
    const key = schemeKey();
    if (this.coloursFor !== key) {
      this.colours = palette(this.canvas);
      this.coloursFor = key;
    }
    return this.colours;
  }

  /**
   * data = {
   *   size: n,                       // the grid is n x n
   *   extent: e,                     // it covers [-e, e] on both axes
   *   values: [n*n numbers in 0..1], // confidence of positive, row by row from the top (y = +e)
   *   points: [{x, y, label: 0|1, verdict: "correct"|"wrong"|"undecided"|null, highlight: bool}],
   *   marker: {x, y} | null,         // e.g. the current input
   *   smooth: false,                 // optional: blend the cells instead of drawing tiles
   *   line: {from: {x, y}, to: {x, y}} | null  // optional: a straight boundary to draw, dashed
   * }
   */
  update(data) {
    const { size, extent, values } = data;
    check(Number.isInteger(size) && size > 0, "size must be a positive integer");
    check(extent > 0, "extent must be positive");
    check(Array.isArray(values) && values.length === size * size, `values must hold ${size * size} numbers`);
    check(values.every((v) => typeof v === "number" && v >= 0 && v <= 1), "values must lie in 0..1");
    const points = data.points || [];
    check(Array.isArray(points), "points must be an array");

    const colours = this.palette();
    const pos = rgb(colours.positive), neg = rgb(colours.negative), bg = rgb(colours.background);
    const { canvas, context } = this;
    const width = canvas.width, height = canvas.height;

    // The grid, one cell per value, blended from the background to the class colour.
    const cell = this.cell;
    if (cell.width !== size) cell.width = size;
    if (cell.height !== size) cell.height = size;
    const cellContext = cell.getContext("2d");
    const image = cellContext.createImageData(size, size);
    values.forEach((p, i) => {
      const colour = p >= 0.5 ? pos : neg;
      const strength = 0.15 + 0.6 * Math.abs(p - 0.5) * 2;
      for (let c = 0; c < 3; c++) image.data[i * 4 + c] = Math.round(bg[c] + (colour[c] - bg[c]) * strength);
      image.data[i * 4 + 3] = 255;
    });
    cellContext.putImageData(image, 0, 0);
    // smooth: blend neighbouring cells (a coarse grid then reads as a gradient, not as tiles).
    context.imageSmoothingEnabled = Boolean(data.smooth);
    context.imageSmoothingQuality = "high";
    context.clearRect(0, 0, width, height);
    context.drawImage(cell, 0, 0, width, height);

    const toX = (x) => ((x + extent) / (2 * extent)) * width;
    const toY = (y) => ((extent - y) / (2 * extent)) * height;
    const scale = width / 240;
    for (const point of points) {
      this.drawPoint(toX(point.x), toY(point.y), point, colours, scale);
    }
    if (data.line) this.drawLine(toX(data.line.from.x), toY(data.line.from.y), toX(data.line.to.x), toY(data.line.to.y), colours, scale);
    if (data.marker) this.drawMarker(toX(data.marker.x), toY(data.marker.y), colours, scale);
  }

  // Positive points are circles with a plus, negative points squares with a minus,
  // so shape alone tells them apart. A wrong point gets a dashed ring, an undecided one a dotted ring,
  // a highlighted one a solid ring (around the other when it has one).
  drawPoint(x, y, point, colours, scale) {
    const ctx = this.context;
    const r = SHAPE_SIZE * scale * (point.highlight ? 1.35 : 1);
    ctx.save();
    ctx.lineWidth = 2 * scale;
    ctx.fillStyle = point.label === 1 ? colours.positive : colours.negative;
    ctx.strokeStyle = colours.background;
    ctx.beginPath();
    if (point.label === 1) ctx.arc(x, y, r, 0, Math.PI * 2);
    else ctx.rect(x - r, y - r, 2 * r, 2 * r);
    ctx.fill();
    ctx.stroke();
    ctx.strokeStyle = colours.background;
    ctx.beginPath();
    ctx.moveTo(x - r * 0.55, y);
    ctx.lineTo(x + r * 0.55, y);
    if (point.label === 1) {
      ctx.moveTo(x, y - r * 0.55);
      ctx.lineTo(x, y + r * 0.55);
    }
    ctx.stroke();
    ctx.strokeStyle = colours.ink;
    if (point.verdict === "wrong" || point.verdict === "undecided") {
      ctx.setLineDash(point.verdict === "wrong" ? [4 * scale, 3 * scale] : [1.5 * scale, 2.5 * scale]);
      ctx.beginPath();
      ctx.arc(x, y, r + 4 * scale, 0, Math.PI * 2);
      ctx.stroke();
    }
    if (point.highlight) {
      // A solid ring, outside the verdict's ring when there is one.
      const ring = point.verdict === "wrong" || point.verdict === "undecided" ? r + 8 * scale : r + 4 * scale;
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.arc(x, y, ring, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.restore();
  }

  drawLine(x1, y1, x2, y2, colours, scale) {
    const ctx = this.context;
    ctx.save();
    ctx.lineWidth = 2 * scale;
    ctx.strokeStyle = colours.ink;
    ctx.setLineDash([6 * scale, 4 * scale]);
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    ctx.stroke();
    ctx.restore();
  }

  drawMarker(x, y, colours, scale) {
    const ctx = this.context;
    ctx.save();
    ctx.lineWidth = 2.5 * scale;
    ctx.strokeStyle = colours.ink;
    const r = 9 * scale;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.moveTo(x - r - 4 * scale, y);
    ctx.lineTo(x + r + 4 * scale, y);
    ctx.moveTo(x, y - r - 4 * scale);
    ctx.lineTo(x, y + r + 4 * scale);
    ctx.stroke();
    ctx.restore();
  }
}

/**
 * A text alternative for a decision map: how much of the square is positive,
 * and which class holds each corner and the centre. Same inputs as update().
 */
export function describeMap({ size, values }) {
  const at = (row, col) => values[row * size + col];
  const last = size - 1, mid = Math.floor(size / 2);
  const name = (p) => (p > 0.5 ? "positive" : p < 0.5 ? "negative" : "undecided");
  const positives = values.filter((p) => p > 0.5).length;
  const rounded = Math.round((100 * positives) / values.length);
  const positiveShare = rounded === 0 && positives > 0 ? "under 1" : rounded === 100 && positives < values.length ? "over 99" : rounded;
  const corners = [
    ["top-left", at(0, 0)], ["top-right", at(0, last)],
    ["bottom-left", at(last, 0)], ["bottom-right", at(last, last)], ["centre", at(mid, mid)],
  ].map(([where, p]) => `${where} ${name(p)}`);
  return `${positiveShare === rounded ? "About" : "Just"} ${positiveShare}% of the square is predicted positive. Corners and centre: ${corners.join(", ")}.`;
}
