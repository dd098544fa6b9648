// The network diagram of a run of a run spec: every weight a line whose class is its sign
// (coloured by CSS, --nn-positive / --nn-negative) and whose width is its size; every neuron
// after the inputs a circle tinted by its bias (its sign's class, its size's opacity). Lines
// and neurons are focusable (one tab stop, the arrow keys move through the weights, then the
// biases) and, focused or pointed at, show their value and gradient in the read-out.
//
// Everything comes from the run's JSON (lesson_py.widgets.diagram): the nodes' places, the
// weights' and biases' names, the width and tint rules, the sentences, and per checkpoint the
// shown weights, biases and gradients as Python wrote them. This module parses a shown number
// only to draw it and inserts the strings; it formats no number.

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
  const neurons = head.layers.slice(1).reduce((sum, size) => sum + size, 0);
  check(Array.isArray(head.bias_names) && head.bias_names.length === neurons && head.bias_names.every(isText),
    "a name per bias");
  check(head.width && ["thinnest", "thickest", "full"].every((k) => Number.isFinite(head.width[k])), "the width rule");
  check(head.tint && ["faintest", "full"].every((k) => Number.isFinite(head.tint[k])), "the tint rule");
  check(head.words && ["note", "hint", "readout", "bias_readout", "description", "largest_item"]
    .every((k) => isText(head.words[k]))
    && typeof head.words.largest_separator === "string", "the diagram's words");
  check(isPlace(head.size) && Number.isFinite(head.radius) && Number.isFinite(head.min_scale), "the drawing's size");
}

/** A neuron's fill opacity from its shown bias (lesson_py.widgets.diagram bias_tint): 0 at 0, else faintest to 1. */
function tint(value, { faintest, full }) {
  return value === 0 ? 0 : Math.round(100 * (faintest + (1 - faintest) * Math.min(1, Math.abs(value) / full))) / 100;
}

const signOf = (value) => (value > 0 ? "positive" : value < 0 ? "negative" : "zero");

export class NetworkDiagram {
  /** `parts`: the panel's svg, read-out, description and note (build_hooks/network_diagram.py). */
  constructor({ svg, readout, description, note }) {
    this.svg = svg;
    this.readout = readout;
    this.description = description;
    this.note = note;
    this.head = null;
    this.items = [];      // one {group, shape} per weight, then one per bias (the arrow keys' order)
    this.weightCount = 0; // the first items are the weights
    this.active = 0;      // the item that holds the tab stop
    this.pointed = null;  // the item the read-out shows, null before any focus or hover
    this.entry = null;
    svg.addEventListener("keydown", (event) => this.key(event));
  }

  /** Another run: draw one focusable line per weight and one focusable neuron per bias (kept while the
   *  layers stay the same). */
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
    const focusable = (parent, attributes) => {
      const i = this.items.length;
      const group = element("g", { ...attributes, tabindex: i === 0 ? 0 : -1, role: "img" }, parent);
      group.addEventListener("focus", () => this.point(i, true));
      group.addEventListener("pointerenter", () => this.point(i, false));
      return group;
    };
    this.items = [];
    for (const [i, [[x1, y1], [x2, y2]]] of ends.entries()) {
      const group = focusable(lines, { class: "nn-nd-weight", "data-weight": i });
      element("line", { class: "nn-nd-hit", x1, y1, x2, y2 }, group);
      this.items.push({ group, shape: element("line", { class: "nn-nd-line", x1, y1, x2, y2 }, group) });
    }
    this.weightCount = ends.length;
    const nodes = element("g", { class: "nn-nd-nodes" }, svg);
    const r = head.radius;
    for (const [cx, cy] of head.nodes[0]) element("circle", { class: "nn-nd-node", cx, cy, r }, nodes);
    for (const [i, [cx, cy]] of head.nodes.slice(1).flat().entries()) {
      const group = focusable(nodes, { class: "nn-nd-neuron", "data-bias": i });
      element("circle", { class: "nn-nd-node", cx, cy, r }, group);
      this.items.push({ group, shape: element("circle", { class: "nn-nd-bias", "data-bias": i, cx, cy, r: r - 1 }, group) });
    }
    head.nodes[0].forEach(([x, y], i) => {
      element("text", { class: "nn-nd-label", x: x - head.radius - 4, y, "text-anchor": "end" }, svg).textContent = head.labels.inputs[i];
    });
    const [[x, y]] = head.nodes.at(-1);
    element("text", { class: "nn-nd-label", x, y: y + head.radius + 14, "text-anchor": "middle" }, svg).textContent = head.labels.output;
  }

  /** A stored checkpoint's diagram (its shown weights, biases and gradients): each line's sign and width,
   *  each neuron's sign and tint, the read-out of the item shown, every item's label and the text alternative. */
  update(epoch, entry) {
    check(this.head, "setRun() comes first");
    check(entry && ["weights", "gradients", "biases", "bias_gradients"].every((k) => isText(entry[k]))
      && Array.isArray(entry.largest) && Array.isArray(entry.largest_biases),
      "a checkpoint's diagram needs its weights, biases, their gradients and the largest of each");
    const [weights, gradients, biases, slopes] = [entry.weights, entry.gradients, entry.biases, entry.bias_gradients]
      .map((text) => text.split(" "));
    check(weights.length === this.weightCount && gradients.length === weights.length,
      `${weights.length} weights and ${gradients.length} gradients for ${this.weightCount} lines`);
    check(biases.length === this.items.length - this.weightCount && slopes.length === biases.length,
      `${biases.length} biases and ${slopes.length} gradients for ${this.items.length - this.weightCount} neurons`);
    this.entry = { epoch, values: [...weights, ...biases], gradients: [...gradients, ...slopes] };
    const { thinnest, thickest, full } = this.head.width;
    this.entry.values.forEach((text, i) => {
      const value = Number(text);
      check(Number.isFinite(value), `${i < this.weightCount ? "weight" : "bias"} ${i} is not a number: ${text}`);
      const { group, shape } = this.items[i];
      if (i < this.weightCount) {
        shape.setAttribute("class", `nn-nd-line nn-nd-line--${signOf(value)}`);
        shape.setAttribute("stroke-width", (thinnest + (thickest - thinnest) * Math.min(1, Math.abs(value) / full)).toFixed(2));
      } else {
        shape.setAttribute("class", `nn-nd-bias nn-nd-bias--${signOf(value)}`);
        shape.setAttribute("fill-opacity", String(tint(value, this.head.tint)));
      }
      group.setAttribute("aria-label", this.sentence(i));
    });
    const words = this.head.words;
    const named = (names, values, indexes) => indexes
      .map((i) => filled(words.largest_item, { name: names[i], weight: values[i] })).join(words.largest_separator);
    this.description.textContent = filled(words.description, {
      largest: named(this.head.names, weights, entry.largest),
      largest_biases: named(this.head.bias_names, biases, entry.largest_biases) });
    if (this.pointed !== null) this.readout.textContent = this.sentence(this.pointed);
  }

  /** The read-out of item i: a weight's (READOUT) or a bias's (BIAS_READOUT), Python's templates. */
  sentence(i) {
    const { epoch, values, gradients } = this.entry;
    const { words, names, bias_names: biasNames } = this.head;
    if (i < this.weightCount) return filled(words.readout, { epoch, name: names[i], weight: values[i], gradient: gradients[i] });
    return filled(words.bias_readout, { epoch, name: biasNames[i - this.weightCount], bias: values[i], gradient: gradients[i] });
  }

  /** Show item i in the read-out (focused: it also takes the tab stop). */
  point(i, focused) {
    this.pointed = i;
    for (const [k, item] of this.items.entries()) item.group.classList.toggle("nn-nd--shown", k === i);
    if (focused) {
      this.items[this.active].group.setAttribute("tabindex", "-1");
      this.active = i;
      this.items[i].group.setAttribute("tabindex", "0");
    }
    if (this.entry) this.readout.textContent = this.sentence(i);
  }

  key(event) {
    const count = this.items.length;
    if (!count || !this.items.some((item) => item.group === event.target)) return;
    let next = null;
    if (event.key in KEYS) next = (this.active + KEYS[event.key] + count) % count;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = count - 1;
    if (next === null) return;
    event.preventDefault();
    this.items[next].group.focus();
  }
}
