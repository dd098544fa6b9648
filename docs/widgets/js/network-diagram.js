// The network diagram of a run of a run spec: every neuron a node, every weight a line
// whose class is its sign (coloured by CSS, --nn-positive / --nn-negative) and whose width
// is its size. A line is focusable (one tab stop, the arrow keys move between the weights)
// and, focused or pointed at, shows its weight and gradient in the read-out.
//
// Everything comes from the run's JSON (lesson_py.widgets.diagram): the nodes' places, the
// weights' names, the width rule, the sentences, and per checkpoint the shown weights and
// gradients as Python wrote them. This module parses a shown weight only to draw it and
// inserts the strings; it formats no number.

const SVG = "http://www.w3.org/2000/svg";
const KEYS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

function check(condition, message) {
  if (!condition) throw new TypeError(`network diagram: ${message}`);
}

const isText = (v) => typeof v === "string" && v.length > 0;
const isPlace = (p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite);

/** A Python template ("At epoch {epoch}, ...") with its places filled by the given strings. */
function filled(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => {
    check(key in values, `the template has no value for {${key}}`);
    return String(values[key]);
  });
}

function element(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

function checkHead(head) {
  check(head && Array.isArray(head.layers) && head.layers.length >= 2 && head.layers.every(Number.isInteger),
    "the diagram needs its layer sizes");
  check(Array.isArray(head.nodes) && head.nodes.length === head.layers.length
    && head.nodes.every((column, l) => column.length === head.layers[l] && column.every(isPlace)), "a place per node");
  const count = head.layers.slice(1).reduce((sum, size, l) => sum + size * head.layers[l], 0);
  check(Array.isArray(head.names) && head.names.length === count && head.names.every(isText), "a name per weight");
  check(head.width && ["thinnest", "thickest", "full"].every((k) => Number.isFinite(head.width[k])), "the width rule");
  check(head.words && ["note", "hint", "readout", "description", "largest_item"].every((k) => isText(head.words[k]))
    && typeof head.words.largest_separator === "string", "the diagram's words");
  check(isPlace(head.size) && Number.isFinite(head.radius) && Number.isFinite(head.min_scale), "the drawing's size");
}

export class NetworkDiagram {
  /** `parts`: the panel's svg, read-out, description and note (build_hooks/network_diagram.py). */
  constructor({ svg, readout, description, note }) {
    this.svg = svg;
    this.readout = readout;
    this.description = description;
    this.note = note;
    this.head = null;
    this.weights = [];    // one {group, line} per weight
    this.active = 0;      // the weight that holds the tab stop
    this.pointed = null;  // the weight the read-out shows, null before any focus or hover
    this.entry = null;
    svg.addEventListener("keydown", (event) => this.key(event));
  }

  /** Another run: draw its nodes and one focusable line per weight (kept while the layers stay the same). */
  setRun(head) {
    checkHead(head);
    const same = this.head && JSON.stringify(this.head.nodes) === JSON.stringify(head.nodes);
    this.head = head;
    this.note.textContent = head.words.note;
    if (same) return;
    this.pointed = null;
    this.active = 0;
    this.readout.textContent = head.words.hint;
    const [width, height] = head.size;
    const svg = this.svg;
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.style.minWidth = `${Math.round(width * head.min_scale)}px`; // smaller than that, its box scrolls
    svg.setAttribute("role", "group"); // the snapshot's still is an image; live, its lines are focusable
    const lines = element("g", { class: "nn-nd-weights" }, svg);
    const ends = head.nodes.slice(1).flatMap((after, l) => after.flatMap((to) => head.nodes[l].map((from) => [from, to])));
    this.weights = ends.map(([[x1, y1], [x2, y2]], i) => {
      const group = element("g", { class: "nn-nd-weight", tabindex: i === 0 ? 0 : -1, role: "img", "data-weight": i }, lines);
      element("line", { class: "nn-nd-hit", x1, y1, x2, y2 }, group);
      const line = element("line", { class: "nn-nd-line", x1, y1, x2, y2 }, group);
      group.addEventListener("focus", () => this.point(i, true));
      group.addEventListener("pointerenter", () => this.point(i, false));
      return { group, line };
    });
    const nodes = element("g", { class: "nn-nd-nodes" }, svg);
    for (const column of head.nodes) for (const [cx, cy] of column) element("circle", { class: "nn-nd-node", cx, cy, r: head.radius }, nodes);
    head.nodes[0].forEach(([x, y], i) => {
      element("text", { class: "nn-nd-label", x: x - head.radius - 4, y, "text-anchor": "end" }, svg).textContent = head.labels.inputs[i];
    });
    const [[x, y]] = head.nodes.at(-1);
    element("text", { class: "nn-nd-label", x, y: y + head.radius + 14, "text-anchor": "middle" }, svg).textContent = head.labels.output;
  }

  /** A stored checkpoint's diagram (its shown weights and gradients): each line's sign and width, the
   *  read-out of the weight shown, every line's label and the text alternative. */
  update(epoch, entry) {
    check(this.head, "setRun() comes first");
    check(entry && isText(entry.weights) && isText(entry.gradients) && Array.isArray(entry.largest),
      "a checkpoint's diagram needs its weights, gradients and largest");
    const weights = entry.weights.split(" ");
    const gradients = entry.gradients.split(" ");
    check(weights.length === this.weights.length && gradients.length === weights.length,
      `${weights.length} weights and ${gradients.length} gradients for ${this.weights.length} lines`);
    this.entry = { epoch, weights, gradients };
    const { thinnest, thickest, full } = this.head.width;
    weights.forEach((text, i) => {
      const value = Number(text);
      check(Number.isFinite(value), `weight ${i} is not a number: ${text}`);
      const { group, line } = this.weights[i];
      line.setAttribute("class", `nn-nd-line nn-nd-line--${value > 0 ? "positive" : value < 0 ? "negative" : "zero"}`);
      line.setAttribute("stroke-width", (thinnest + (thickest - thinnest) * Math.min(1, Math.abs(value) / full)).toFixed(2));
      group.setAttribute("aria-label", this.sentence(i));
    });
    const words = this.head.words;
    const items = entry.largest.map((i) => filled(words.largest_item, { name: this.head.names[i], weight: weights[i] }));
    this.description.textContent = filled(words.description, { largest: items.join(words.largest_separator) });
    if (this.pointed !== null) this.readout.textContent = this.sentence(this.pointed);
  }

  sentence(i) {
    const { epoch, weights, gradients } = this.entry;
    return filled(this.head.words.readout, { epoch, name: this.head.names[i], weight: weights[i], gradient: gradients[i] });
  }

  /** Show weight i in the read-out (focused: it also takes the tab stop). */
  point(i, focused) {
    this.pointed = i;
    for (const [k, w] of this.weights.entries()) w.group.classList.toggle("nn-nd-weight--shown", k === i);
    if (focused) {
      this.weights[this.active].group.setAttribute("tabindex", "-1");
      this.active = i;
      this.weights[i].group.setAttribute("tabindex", "0");
    }
    if (this.entry) this.readout.textContent = this.sentence(i);
  }

  key(event) {
    const count = this.weights.length;
    if (!count || !event.target.classList.contains("nn-nd-weight")) return;
    let next = null;
    if (event.key in KEYS) next = (this.active + KEYS[event.key] + count) % count;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = count - 1;
    if (next === null) return;
    event.preventDefault();
    this.weights[next].group.focus();
  }
}
