// The marks of a decision map's points (decision-map.js): each point drawn on a canvas, or, for a map
// of many small points, stamped into its picture's pixels.

const SHAPE_SIZE = 6;
// The rings around wrong and undecided points: [dash, gap] in px at 240 px wide.
const RING_DASHES = { wrong: [4, 3], undecided: [1.5, 2.5] };
const STAMPS = new Map(); // each kind of small mark's pixels, by kind, scale and colours (stamp)

// Positive points are circles with a plus, negative points squares with a minus,
// so shape alone tells them apart. A wrong point gets a dashed ring, an undecided one a dotted ring,
// a highlighted one a solid ring (around the other when it has one).
// A hollow point (a test point) is its shape's outline in its class's colour, around the background.
// Small points (a run with many) are two thirds the size, edged in ink, without the + and −.
export function drawPoint(ctx, x, y, point, colours, scale, small = false) {
  const r = SHAPE_SIZE * scale * (point.highlight ? 1.35 : 1) * (small ? 2 / 3 : 1);
  const gap = (small ? 2.5 : 4) * scale;
  const colour = point.label === 1 ? colours.positive : colours.negative;
  ctx.save();
  ctx.lineWidth = 2 * scale;
  ctx.beginPath();
  if (point.label === 1) ctx.arc(x, y, r, 0, Math.PI * 2);
  else ctx.rect(x - r, y - r, 2 * r, 2 * r);
  if (point.hollow) {
    // A wide background edge under the coloured outline keeps it visible on any shade.
    ctx.fillStyle = colours.background;
    ctx.fill();
    ctx.strokeStyle = colours.ink;
    ctx.lineWidth = 3.5 * scale;
    ctx.stroke();
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2 * scale;
    ctx.stroke();
  } else {
    // Many small points are edged in ink, so that a filled one never reads as an outline.
    ctx.fillStyle = colour;
    ctx.strokeStyle = small ? colours.ink : colours.background;
    if (small) ctx.lineWidth = scale;
    ctx.fill();
    ctx.stroke();
    ctx.lineWidth = 2 * scale;
  }
  if (!small) {
    ctx.strokeStyle = colours.background;
    ctx.beginPath();
    ctx.moveTo(x - r * 0.55, y);
    ctx.lineTo(x + r * 0.55, y);
    if (point.label === 1) {
      ctx.moveTo(x, y - r * 0.55);
      ctx.lineTo(x, y + r * 0.55);
    }
    ctx.stroke();
  }
  drawRings(ctx, x, y, r, gap, point, colours, scale, small);
  ctx.restore();
}

/** A wrong point's dashed ring, an undecided one's dotted ring, a highlighted one's solid ring. */
function drawRings(ctx, x, y, r, gap, point, colours, scale, small) {
  ctx.strokeStyle = colours.ink;
  if (point.verdict === "wrong" || point.verdict === "undecided") {
    ctx.lineWidth = (small ? 1.25 : 2) * scale;
    ctx.setLineDash(RING_DASHES[point.verdict].map((d) => d * scale));
    ctx.beginPath();
    ctx.arc(x, y, r + gap, 0, Math.PI * 2);
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
}

/** Many small points, as drawPoint draws each, stamped into the picture `image`: each kind of mark (a
 *  shape by class, filled or hollow; a verdict's ring) is drawn once into a small canvas of its own, and
 *  its pixels are laid over each point's whole pixel, shapes first and rings after. Hundreds of marks
 *  drawn on the canvas one by one cost it far more. Returns the highlighted points, which the caller
 *  draws on top. */
export function stampPoints(image, points, toX, toY, colours, scale) {
  const highlighted = [], rings = [];
  for (const point of points) {
    if (point.highlight) { highlighted.push(point); continue; }
    const x = toX(point.x), y = toY(point.y);
    blend(image, stamp(`${point.hollow ? "hollow" : "filled"}${point.label === 1 ? 1 : 0}`, colours, scale), x, y);
    if (point.verdict in RING_DASHES) rings.push([point.verdict, x, y]);
  }
  for (const [verdict, x, y] of rings) blend(image, stamp(verdict, colours, scale), x, y);
  return highlighted;
}

/** Make every kind of small mark for these colours and scale, and lay each over a scratch picture of
 *  `width` x `height`, so that the first map of many points is drawn at once: for an idle moment before. */
export function prepareStamps(colours, scale, width, height) {
  const scratch = new ImageData(width, height);
  for (const kind of ["filled1", "filled0", "hollow1", "hollow0", ...Object.keys(RING_DASHES)]) {
    for (let i = 0; i < 40; i++) blend(scratch, stamp(kind, colours, scale), (i * 37) % width, (i * 53) % height);
  }
}

/** The pixels of one kind of small mark (drawPoint's small point, or its ring alone), kept by kind,
 *  colours and scale: {size, pixels: [x, y, r, g, b, alpha] for each pixel it covers}. */
function stamp(kind, colours, scale) {
  const key = `${kind}|${scale}|${colours.positive}|${colours.negative}|${colours.ink}|${colours.background}`;
  if (!STAMPS.has(key)) {
    const size = 2 * Math.ceil(SHAPE_SIZE * scale + 5 * scale) + 2; // the ring and its line, with a pixel to spare
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    const centre = size / 2;
    if (kind in RING_DASHES) {
      drawRings(ctx, centre, centre, SHAPE_SIZE * scale * (2 / 3), 2.5 * scale, { verdict: kind }, colours, scale, true);
    } else {
      drawPoint(ctx, centre, centre, { label: Number(kind.at(-1)), hollow: kind.startsWith("hollow") }, colours, scale, true);
    }
    const bytes = ctx.getImageData(0, 0, size, size).data;
    const pixels = [];
    for (let i = 0; i < bytes.length; i += 4) {
      if (bytes[i + 3] > 0) pixels.push((i / 4) % size, Math.floor(i / 4 / size), bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]);
    }
    STAMPS.set(key, { size, pixels: Int32Array.from(pixels) });
  }
  return STAMPS.get(key);
}

/** A stamp's pixels laid over the image (source over), its centre at the pixel nearest (x, y). */
function blend(image, { size, pixels }, x, y) {
  const { data, width, height } = image;
  const left = Math.round(x - size / 2), top = Math.round(y - size / 2);
  const inside = left >= 0 && top >= 0 && left + size <= width && top + size <= height;
  for (let k = 0; k < pixels.length; k += 6) {
    const px = left + pixels[k], py = top + pixels[k + 1];
    if (!inside && (px < 0 || py < 0 || px >= width || py >= height)) continue;
    const i = (py * width + px) * 4, a = pixels[k + 5], keep = 255 - a;
    data[i] = (pixels[k + 2] * a + data[i] * keep + 127) / 255;
    data[i + 1] = (pixels[k + 3] * a + data[i + 1] * keep + 127) / 255;
    data[i + 2] = (pixels[k + 4] * a + data[i + 2] * keep + 127) / 255;
  }
}
