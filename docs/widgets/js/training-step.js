// The "One training step" panel: forward pass, loss, backpropagation and weight
// update as sentences built from one stored checkpoint's numbers. Nothing is
// computed here: old weights are this epoch's, new weights the next epoch's,
// the gradients and the loss are the stored ones.
//
// stepSentences(run, cp, num) -> {forward, loss, backprop, update}, each a list
// of strings and number nodes; num(value, source, format) makes a number node
// (format: decimals as an integer, or "percent").

import { shown } from "./py-format.js";

const WEIGHT_DECIMALS = 4;
const LOSS_DECIMALS = 3;
const INPUT_NAMES = ["x", "y"];

function check(condition, message) {
  if (!condition) throw new TypeError(`training step: ${message}`);
}

/** Join a list of part-lists with separators: ", " and a final " and ". */
function listing(items) {
  const parts = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push(i === items.length - 1 ? " and " : ", ");
    parts.push(...item);
  });
  return parts;
}

function shapeOk(layers) {
  return Array.isArray(layers) && layers.length >= 1 && layers.every((layer) =>
    Array.isArray(layer.weights) && Array.isArray(layer.biases) && layer.weights.length === layer.biases.length &&
    layer.weights.every((row) => Array.isArray(row) && row.every(Number.isFinite)) && layer.biases.every(Number.isFinite));
}

export function stepSentences(run, cp, num) {
  check(shapeOk(cp.layers), "the checkpoint's layers must hold weight rows and biases");
  check(cp.gradients === null || shapeOk(cp.gradients), "the checkpoint's gradients must match its layers");
  check(Number.isFinite(run.learningRate), "the run needs a learning rate");
  return cp.layers.length === 1 ? shallowSentences(run, cp, num) : deepSentences(run, cp, num);
}

// --- One neuron: every number fits in a sentence. ---------------------------------

function shallowSentences(run, cp, num) {
  const param = (path) => num(at(cp.layers, path), cp.source(["layers", ...path]), WEIGHT_DECIMALS);
  const forward = [
    "Forward pass: the neuron scores each of the 8 points with z = w₁·x + w₂·y + b, using w₁ = ",
    param([0, "weights", 0, 0]), ", w₂ = ", param([0, "weights", 0, 1]), " and b = ", param([0, "biases", 0]),
    ", and sigmoid turns each score into a confidence that the point is positive: ", ...spread(cp, num),
  ];
  return { forward, loss: lossSentence(run, cp, num), ...learning(run, cp, num) };
}

// --- A hidden layer: too many numbers for a sentence, so a summary. ----------------

function deepSentences(run, cp, num) {
  const units = cp.layers[0].weights.length;
  const forward = [
    `Forward pass: each point's x and y go to ${units} hidden ${run.hiddenActivation || ""} neurons, `,
    `each with two weights and a bias of its own; the output neuron weighs their ${units} outputs, adds its bias `,
    "and sigmoid turns the sum into a confidence that the point is positive: ", ...spread(cp, num),
  ];
  return { forward, loss: lossSentence(run, cp, num), ...learning(run, cp, num) };
}

/** The least and the most confident point of this checkpoint. */
function spread(cp, num) {
  let low = 0, high = 0;
  cp.points.forEach((p, i) => {
    if (p.confidence < cp.points[low].confidence) low = i;
    if (p.confidence > cp.points[high].confidence) high = i;
  });
  const item = (i) => [num(cp.points[i].confidence, cp.source(["points", i, "confidence"]), "percent"), ` for ${cp.names[i]}`];
  return ["from ", ...item(low), " to ", ...item(high), "."];
}

function lossSentence(run, cp, num) {
  const previous = cp.previous;
  if (!previous) {
    return ["Loss: the mean binary cross-entropy over the 8 points is ", num(cp.loss, cp.source(["loss"]), LOSS_DECIMALS),
      " before any training (a coin toss scores 0.693)."];
  }
  // Enough decimals to tell this epoch's loss from the last one's (3, or up to 6 when they are close).
  let decimals = LOSS_DECIMALS;
  while (decimals < 6 && shown(cp.loss, decimals) === shown(previous.loss, decimals)) decimals += 1;
  const now = num(cp.loss, cp.source(["loss"]), decimals);
  const before = num(previous.loss, previous.source(["loss"]), decimals);
  const parts = ["Loss: the mean binary cross-entropy over the 8 points is ", now];
  if (shown(cp.loss, decimals) === shown(previous.loss, decimals)) {
    parts.push(`, the same as at epoch ${previous.epoch} to ${decimals} decimals: training has stalled.`);
  } else if (cp.loss < previous.loss) {
    parts.push(", down from ", before, ` at epoch ${previous.epoch}.`);
  } else {
    parts.push(", up from ", before, ` at epoch ${previous.epoch}: the last step overshot.`);
  }
  return parts;
}

/** The parameters' names and where they sit: [label, layer, "weights", j, i] or [label, layer, "biases", j]. */
function parameters(layers) {
  const single = layers.length === 1;
  const list = [];
  layers.forEach((layer, l) => {
    const output = l === layers.length - 1;
    layer.weights.forEach((row, j) => {
      row.forEach((_, i) => {
        let label;
        if (single) label = `w${"₁₂"[i]}`;
        else if (output) label = `output weight from hidden neuron ${i + 1}`;
        else label = `hidden neuron ${j + 1}'s weight from ${INPUT_NAMES[i]}`;
        list.push({ label, path: [l, "weights", j, i] });
      });
      const bias = single ? "b" : output ? "output bias" : `hidden neuron ${j + 1}'s bias`;
      list.push({ label: bias, path: [l, "biases", j] });
    });
  });
  return list;
}

function at(layers, [l, kind, j, i]) {
  return kind === "weights" ? layers[l].weights[j][i] : layers[l].biases[j];
}

function learning(run, cp, num) {
  const all = parameters(cp.layers);
  const single = cp.layers.length === 1;
  const outputLayer = cp.layers.length - 1;
  const grad = (p) => num(at(cp.gradients, p.path), cp.source(["gradients", ...p.path]), WEIGHT_DECIMALS);
  const old = (p) => num(at(cp.layers, p.path), cp.source(["layers", ...p.path]), WEIGHT_DECIMALS);
  const rate = num(run.learningRate, run.source(["learning_rate"]), run.rateDecimals);
  // For Deep: the output weights, and the hidden parameter with the largest gradient in size.
  const outputs = all.filter((p) => p.path[0] === outputLayer && p.path[1] === "weights");
  const hidden = all.filter((p) => p.path[0] < outputLayer);
  const blamed = single ? null : hidden.reduce((best, p) =>
    (Math.abs(at(cp.gradients, p.path)) > Math.abs(at(cp.gradients, best.path)) ? p : best));

  const backprop = ["Backpropagation: "];
  if (single) {
    backprop.push("working back from each point's error (confidence minus label), the gradients are ",
      ...listing(all.map((p) => [`∂L/∂${p.label} = `, grad(p)])), ". ");
  } else {
    backprop.push(`the output's error flows back through the output weights into the hidden layer, giving all `
      + `${all.length} parameters a gradient. For the ${outputs.length} output weights they are `,
    ...listing(outputs.map((p) => [grad(p)])), `; in the hidden layer the largest in size is that of ${blamed.label}: `,
    grad(blamed), ". ");
  }
  backprop.push("A negative gradient means that raising the parameter lowers the loss.");

  const update = ["Weight update with learning rate ", rate, ", new = old − rate × gradient: "];
  const next = cp.next;
  if (!next) {
    update.push(run.diverged ? run.diverged.message : "no next network is stored for this epoch.");
    return { backprop, update };
  }
  const fresh = (p) => num(at(next.layers, p.path), next.source(["layers", ...p.path]), WEIGHT_DECIMALS);
  if (single) {
    update.push(...listing(all.map((p) => [`${p.label} `, old(p), " → ", fresh(p)])), ". ");
  } else {
    update.push("the output weights go from ", ...listing(outputs.map((p) => [old(p)])), " to ",
      ...listing(outputs.map((p) => [fresh(p)])),
      `, and ${blamed.label} from `, old(blamed), " to ", fresh(blamed), `; all ${all.length} parameters move this way. `);
  }
  update.push(next.epoch > run.lastEpoch
    ? "This was the run's last step: training ends with these weights."
    : `These are the weights of epoch ${next.epoch}.`);
  return { backprop, update };
}
