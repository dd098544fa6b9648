// A decision map: the input square coloured by predicted class, intensity by
// confidence, with labelled points and an optional marker on top.
// It draws plain numbers handed to update(); it knows nothing of the model.
// The points' marks are map-points.js's.

import { drawPoint, prepareStamps, stampPoints } from "./map-points.js";

const PICTURES_KEPT = 16; // coloured squares kept per map (about 1 MB each at 480 px)

/** Colours come from CSS custom properties (widgets.css) so light and dark schemes both work;
 * they live there only. */
function palette(element) {
  const style = getComputedStyle(element);
  const read = (name) => {
    const value = style.getPropertyValue(name).trim();
    check(value !== "", `the CSS property ${name} is not set (docs/widgets/css/widgets.css)`);
    return value;
  };
  return {
    positive: read("--nn-positive"),
    negative: read("--nn-negative"),
    neutral: read("--nn-map-neutral"),
    background: read("--md-default-bg-color"),
    ink: read("--md-default-fg-color"),
  };
}

/** Which class a value is coloured as: the same band the words use (lesson_py.widgets.format.map_rule). */
function classOf(p, band) {
  return p < band[0] ? "negative" : p > band[1] ? "positive" : "undecided";
}

/** Where a pixel line reads the grid: for each of `pixels` lines across a grid of `size` cells, the
 *  two cells either side (low, high) and the weight of the high one, read between the cells' centres (bilinear). */
function spans(pixels, size) {
  const low = new Int32Array(pixels), high = new Int32Array(pixels), weight = new Float64Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const g = Math.min(size - 1, Math.max(0, ((i + 0.5) / pixels) * size - 0.5));
    low[i] = Math.floor(g);
    high[i] = Math.min(size - 1, low[i] + 1);
    weight[i] = g - low[i];
  }
  return { low, high, weight };
}

/** Every pixel of the coloured square into `bytes` (RGBA): the grid's value there, read between the four
 *  nearest cells' centres (bilinear), its class's colour (classOf's band), blended from the neutral by its strength. */
function paint(bytes, values, size, band, shade, tint, width, height) {
  const [lo, hi] = band, { weakest, range } = shade;
  const [n0, n1, n2] = tint.undecided; // a class's colour less the neutral, per channel:
  const [p0, p1, p2] = tint.positive.map((c, k) => c - tint.undecided[k]);
  const [q0, q1, q2] = tint.negative.map((c, k) => c - tint.undecided[k]);
  const across = spans(width, size), down = spans(height, size);
  const top = new Float64Array(width), bottom = new Float64Array(width);
  let rows = -1;
  for (let py = 0; py < height; py++) {
    const y0 = down.low[py], fy = down.weight[py];
    if (y0 !== rows) { // the two lines of the grid this row lies between, read across once
      rows = y0;
      const a = y0 * size, b = down.high[py] * size;
      for (let px = 0; px < width; px++) {
        const x0 = across.low[px], x1 = across.high[px], fx = across.weight[px];
        top[px] = values[a + x0] * (1 - fx) + values[a + x1] * fx;
        bottom[px] = values[b + x0] * (1 - fx) + values[b + x1] * fx;
      }
    }
    let i = py * width * 4;
    for (let px = 0; px < width; px++, i += 4) {
      const p = top[px] * (1 - fy) + bottom[px] * fy;
      if (p >= lo && p <= hi) { // undecided: the neutral itself, whatever the strength
        bytes[i] = n0; bytes[i + 1] = n1; bytes[i + 2] = n2;
      } else {
        const strength = weakest + range * Math.abs(p - 0.5) * 2;
        const positive = p > hi;
        bytes[i] = Math.round(n0 + (positive ? p0 : q0) * strength);
        bytes[i + 1] = Math.round(n1 + (positive ? p1 : q1) * strength);
        bytes[i + 2] = Math.round(n2 + (positive ? p2 : q2) * strength);
      }
      bytes[i + 3] = 255;
    }
  }
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
    this.scratch = null; // the picture with the small marks on it (stampPoints)
    this.context = canvas.getContext("2d");
    // Kept between draws: scrubbing redraws often, so no new canvas and no style
    // read per draw unless the colour scheme changed.
    this.colours = null;
    this.pictures = new Map();
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
   *   points: [{x, y, label: 0|1, verdict: "correct"|"wrong"|"undecided"|null, highlight: bool,
   *             hollow: bool}],   // hollow: drawn as an outline in its class's colour (a test point)
   *   small: bool,                   // optional: many points, drawn smaller and without the + and −
   *   marker: {x, y} | null,         // e.g. the current input
   *   undecided: [lo, hi],           // values in lo..hi are on the fence (lesson_py.widgets.format.map_rule)
   *   shade: {weakest, range},       // strength of colour = weakest + range * |p - 0.5| * 2 (the same)
   *   axes: ["x1", "x2"],            // optional: the names of the horizontal and vertical axes
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

    const { undecided: band, shade } = data;
    check(Array.isArray(band) && band.length === 2 && band[0] <= band[1], "undecided must be [low, high] (lesson_py.widgets.format.map_rule)");
    check(shade && typeof shade.weakest === "number" && typeof shade.range === "number", "shade must be {weakest, range}");
    const colours = this.palette();
    const tint = { positive: rgb(colours.positive), negative: rgb(colours.negative), undecided: rgb(colours.neutral) };
    const { canvas, context } = this;
    // Drawn at the size it is shown, in device pixels (never larger).
    const shownWidth = canvas.clientWidth;
    if (shownWidth > 0) {
      const pixels = Math.round(shownWidth * (window.devicePixelRatio || 1));
      if (canvas.width !== pixels) { canvas.width = pixels; canvas.height = pixels; }
    }
    const width = canvas.width, height = canvas.height;
    const picture = this.picture(values, size, band, shade, tint, width, height);
    const toX = (x) => ((x + extent) / (2 * extent)) * width;
    const toY = (y) => ((extent - y) / (2 * extent)) * height;
    const scale = width / 240;
    if (data.small) {
      if (!this.scratch || this.scratch.width !== width || this.scratch.height !== height) this.scratch = new ImageData(width, height);
      const image = this.scratch; // the kept picture stays as it is: the marks go on a copy of it
      image.data.set(picture.data);
      const highlighted = [
        ...stampPoints(image, points.filter((p) => !p.hollow), toX, toY, colours, scale), // the training points,
        ...stampPoints(image, points.filter((p) => p.hollow), toX, toY, colours, scale),  // then the test points on top
      ];
      context.putImageData(image, 0, 0);
      for (const point of highlighted) drawPoint(context, toX(point.x), toY(point.y), point, colours, scale, true);
    } else {
      context.putImageData(picture, 0, 0);
      for (const point of points) drawPoint(context, toX(point.x), toY(point.y), point, colours, scale);
    }
    if (data.line) this.drawLine(toX(data.line.from.x), toY(data.line.from.y), toX(data.line.to.x), toY(data.line.to.y), colours, scale);
    if (data.marker) this.drawMarker(toX(data.marker.x), toY(data.marker.y), colours, scale);
    this.drawAxes(data.axes || ["x1", "x2"], extent, colours, scale);
  }

  // The coloured square for a grid: every pixel reads the grid between the cells' centres,
  // then takes its class's colour, blended from the neutral by confidence (a straight
  // boundary stays straight). Pictures are kept by what they show, so a redraw whose grid
  // did not change (a moved input, an epoch scrubbed back to) only copies pixels.
  // What a column or a row shares is worked out once (paint: the cells either side and the weights;
  // a row's two lines of the grid, read across, while the row stays between the same two lines).
  picture(values, size, band, shade, tint, width, height) {
    const key = `${width}x${height}|${size}|${band}|${shade.weakest},${shade.range}|${tint.positive},${tint.negative},${tint.undecided}|${values.join(",")}`;
    const kept = this.pictures.get(key);
    if (kept) {
      this.pictures.delete(key);
      this.pictures.set(key, kept); // most recently used last
      return kept;
    }
    const image = new ImageData(width, height);
    paint(image.data, values, size, band, shade, tint, width, height);
    this.pictures.set(key, image);
    if (this.pictures.size > PICTURES_KEPT) this.pictures.delete(this.pictures.keys().next().value);
    return image;
  }

  // The axes' names and ranges along the bottom and left edges, on a light backing.
  drawAxes([across, up], extent, colours, scale) {
    const ctx = this.context, w = this.canvas.width, h = this.canvas.height;
    const pad = 3 * scale;
    ctx.save();
    ctx.direction = "ltr"; // not "inherit", which would ask the page's style for the canvas's direction
    ctx.font = `${Math.round(11 * scale)}px sans-serif`;
    ctx.textBaseline = "bottom";
    const label = (text, x, y, align) => {
      ctx.textAlign = align;
      const m = ctx.measureText(text), tw = m.width, th = 12 * scale;
      const left = align === "left" ? x : align === "right" ? x - tw : x - tw / 2;
      ctx.globalAlpha = 0.75;
      ctx.fillStyle = colours.background;
      ctx.fillRect(left - pad, y - th - pad / 2, tw + 2 * pad, th + pad);
      ctx.globalAlpha = 1;
      ctx.fillStyle = colours.ink;
      ctx.fillText(text, x, y);
    };
    label(`${across} →`, w / 2, h - pad, "center");
    label(String(-extent), pad, h - pad, "left");
    label(String(extent), w - pad, h - pad, "right");
    label(`${up} ↑`, pad, h / 2, "left");
    label(String(extent), pad, 14 * scale + pad, "left");
    ctx.restore();
  }

  /** Make the small marks' stamps for this map's size and colours (map-points.js), so that the first map
   *  of many points (a run a reader is about to train) is drawn at once: for an idle moment before. */
  prepareSmallPoints() {
    prepareStamps(this.palette(), this.canvas.width / 240, this.canvas.width, this.canvas.height);
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
export function describeMap({ size, values, undecided }) {
  check(Array.isArray(undecided) && undecided.length === 2, "undecided must be [low, high]");
  const at = (row, col) => values[row * size + col];
  const last = size - 1, mid = Math.floor(size / 2);
  const name = (p) => classOf(p, undecided);
  const positives = values.filter((p) => name(p) === "positive").length;
  const rounded = Math.round((100 * positives) / values.length);
  const positiveShare = rounded === 0 && positives > 0 ? "under 1" : rounded === 100 && positives < values.length ? "over 99" : rounded;
  const corners = [
    ["top-left", at(0, 0)], ["top-right", at(0, last)],
    ["bottom-left", at(last, 0)], ["bottom-right", at(last, last)], ["centre", at(mid, mid)],
  ].map(([where, p]) => `${where} ${name(p)}`);
  return `${positiveShare === rounded ? "About" : "Just"} ${positiveShare}% of the square is predicted positive. Corners and centre: ${corners.join(", ")}.`;
}
