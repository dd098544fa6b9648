// The stored training runs, read from the JSON the build wrote
// (build_hooks/widget_data.py, documented in build_hooks/SCHEMA.md), checked
// for shape, and handed to the visualizer as plain objects. This is the only
// module that knows the JSON's layout.
//
// A checkpoint here: {epoch, loss, accuracy, correct, fit, fitWords, layers,
// gradients, points: [{confidence, verdict}], grid, previous, next, source(path),
// stored()}. source(path) names where a number sits in the JSON (a dotted path),
// so that tests can compare what the page shows with the file.

import { percent, shown } from "./py-format.js";

const VERDICTS = ["correct", "wrong", "undecided"];
const SUPPORTED_VERSION = 1;

function check(condition, message) {
  if (!condition) throw new TypeError(`training runs: ${message}`);
}

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

function checkLayers(layers, where) {
  check(Array.isArray(layers) && layers.length >= 1, `${where} must be a list of layers`);
  layers.forEach((layer, l) => {
    check(Array.isArray(layer.weights) && layer.weights.every((row) => Array.isArray(row) && row.every(isNumber)),
      `${where}.${l}: weights must be rows of numbers`);
    check(Array.isArray(layer.biases) && layer.biases.length === layer.weights.length && layer.biases.every(isNumber),
      `${where}.${l}: one bias per neuron`);
  });
}

/** The build's JSON -> {points, networks, presets, maxEpoch, run(network, preset)}. */
export function loadRuns(data) {
  check(data && data.schema === "training-visualizer", "this is not training-visualizer data");
  check(data.version === SUPPORTED_VERSION, `data version ${data.version}, this script reads ${SUPPORTED_VERSION}`);
  check(Array.isArray(data.dataset) && data.dataset.length >= 1, "the data needs the dataset's points");
  const points = data.dataset.map((p) => {
    check(typeof p.name === "string" && isNumber(p.x) && isNumber(p.y) && (p.label === 0 || p.label === 1),
      `bad point ${JSON.stringify(p)}`);
    return { name: p.name, x: p.x, y: p.y, label: p.label };
  });
  const grid = data.grid;
  check(grid && Number.isInteger(grid.size) && isNumber(grid.extent) && Number.isInteger(grid.levels)
    && typeof grid.alphabet === "string" && grid.alphabet.length === grid.levels, "the data needs its grid's layout");
  const networks = Object.entries(data.networks).map(([name, n]) => ({
    name, label: n.label, description: n.description, activations: n.activations,
  }));
  const presets = Object.entries(data.presets).map(([name, p]) => ({ name, label: p.label, expect: p.expect }));
  const made = new Map();
  const runs = {
    points,
    networks,
    presets,
    fitStates: data.fit_states,
    maxEpoch: Math.max(...Object.values(data.runs).flatMap((byPreset) => Object.values(byPreset).map((r) => r.checkpoints.length - 1))),
    /** The stored run of a network and preset; an unknown pair gives the first network's first preset. */
    run(network, preset) {
      const n = networks.find((x) => x.name === network) || networks[0];
      const p = presets.find((x) => x.name === preset) || presets[0];
      const key = `${n.name}.${p.name}`;
      if (!made.has(key)) {
        const stored = data.runs[n.name] && data.runs[n.name][p.name];
        check(stored, `no stored run ${key}`);
        made.set(key, makeRun(runs, data, n, p, stored, `runs.${key}`));
      }
      return made.get(key);
    },
  };
  return runs;
}

function makeRun(runs, data, network, preset, stored, where) {
  check(isNumber(stored.learning_rate), `${where}: learning_rate must be a number`);
  check(Array.isArray(stored.checkpoints) && stored.checkpoints.length >= 2, `${where}: needs at least 2 checkpoints`);
  const count = runs.points.length;
  stored.checkpoints.forEach((c, e) => {
    check(c.epoch === e && isNumber(c.loss) && isNumber(c.accuracy), `${where}.checkpoints.${e}: epoch, loss, accuracy`);
    check(Array.isArray(c.confidence) && c.confidence.length === count && c.confidence.every(isNumber),
      `${where}.checkpoints.${e}: one confidence per point`);
    check(Array.isArray(c.verdicts) && c.verdicts.length === count && c.verdicts.every((v) => VERDICTS.includes(v)),
      `${where}.checkpoints.${e}: one verdict per point`);
  });
  const checkpoints = [];
  const run = {
    network,
    preset,
    hiddenActivation: network.activations.length > 1 ? network.activations[0] : null,
    learningRate: stored.learning_rate,
    story: stored.story,
    diverged: stored.diverged,
    lastEpoch: stored.checkpoints.length - 1,
    losses: stored.checkpoints.map((c) => c.loss),
    confidences: runs.points.map((_, i) => stored.checkpoints.map((c) => c.confidence[i])),
    source: (path) => [where, ...path].join("."),
    /** The learning rate of this network under `presetName`, as the widget writes it. */
    rateText: (presetName) => rateText(data.runs[network.name][presetName].learning_rate),
    checkpoint(epoch) {
      check(Number.isInteger(epoch) && epoch >= 0 && epoch <= run.lastEpoch, `no epoch ${epoch} in ${where}`);
      if (!checkpoints[epoch]) checkpoints[epoch] = makeCheckpoint(run, runs, data, stored, epoch, where);
      return checkpoints[epoch];
    },
  };
  run.rateDecimals = decimalsOf(run.learningRate);
  run.lossDescription = describeLosses(run);
  run.trend = (index) => describeTrend(run, index);
  // After the last epoch: the network its final update produced, if the run did not diverge.
  run.afterLast = stored.after_last ? { layers: stored.after_last, epoch: run.lastEpoch + 1, source: (path) => [where, "after_last", ...path.slice(1)].join(".") } : null;
  if (run.afterLast) checkLayers(stored.after_last, `${where}.after_last`);
  return run;
}

function makeCheckpoint(run, runs, data, stored, epoch, runWhere) {
  const c = stored.checkpoints[epoch];
  const where = `${runWhere}.checkpoints.${epoch}`;
  checkLayers(c.parameters, `${where}.parameters`);
  checkLayers(c.gradients, `${where}.gradients`);
  const cp = {
    epoch,
    loss: c.loss,
    accuracy: c.accuracy,
    correct: c.verdicts.filter((v) => v === "correct").length,
    fit: c.fit,
    fitWords: (data.fit_states && data.fit_states[c.fit]) || "",
    layers: c.parameters,
    gradients: c.gradients,
    points: c.confidence.map((confidence, i) => ({ confidence, verdict: c.verdicts[i] })),
    names: runs.points.map((p) => p.name),
    grid: decodeGrid(data.grid, c.map, where),
    /** Where a number of this checkpoint sits in the JSON: ["points", 3, "confidence"] -> ...confidence.3 */
    source(path) {
      if (path[0] === "points") return [where, path[2], path[1]].join(".");
      const [head, ...rest] = path;
      return [where, head === "layers" ? "parameters" : head, ...rest].join(".");
    },
    /** The stored numbers "Check with Python" compares with a retrained run (lesson_py.widgets.calls replay). */
    stored: () => ({ loss: c.loss, network: c.parameters, gradients: c.gradients, confidences: c.confidence }),
  };
  Object.defineProperty(cp, "previous", { get: () => (epoch > 0 ? run.checkpoint(epoch - 1) : null) });
  Object.defineProperty(cp, "next", { get: () => (epoch < run.lastEpoch ? run.checkpoint(epoch + 1) : run.afterLast) });
  return cp;
}

/** The quantised map back to confidences, each at the centre of its bin (SCHEMA.md). */
function decodeGrid(grid, text, where) {
  check(typeof text === "string" && text.length === grid.size * grid.size, `${where}: the map needs ${grid.size ** 2} cells`);
  const values = new Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const bin = grid.alphabet.indexOf(text[i]);
    check(bin >= 0, `${where}: the map holds a character outside its alphabet`);
    values[i] = (bin + 0.5) / grid.levels;
  }
  return { size: grid.size, extent: grid.extent, values };
}

/** 0.25 -> "0.25", 1 -> "1", 12 -> "12": Python's f"{rate:g}" for the lesson's rates. */
function decimalsOf(value) {
  for (let d = 0; d <= 6; d++) if (Number(value.toFixed(d)) === value) return d;
  return 6;
}

function rateText(value) {
  return shown(value, decimalsOf(value));
}

function describeLosses(run) {
  const losses = run.losses;
  let rises = 0;
  for (let e = 1; e < losses.length; e++) if (losses[e] > losses[e - 1]) rises++;
  const low = Math.min(...losses);
  const high = Math.max(...losses);
  return `The loss starts at ${shown(losses[0], 3)} and ends at ${shown(losses[losses.length - 1], 3)} after ${run.lastEpoch} epochs, `
    + `lowest ${shown(low, 3)} (epoch ${losses.indexOf(low)}), highest ${shown(high, 3)} (epoch ${losses.indexOf(high)}). `
    + (rises ? `It rises from one epoch to the next ${rises} time${rises === 1 ? "" : "s"}.` : "It never rises from one epoch to the next.");
}

function describeTrend(run, index) {
  const series = run.confidences[index];
  const first = series[0], last = series[series.length - 1];
  let turns = 0;
  for (let e = 2; e < series.length; e++) {
    if ((series[e] - series[e - 1]) * (series[e - 1] - series[e - 2]) < 0) turns++;
  }
  const range = `between ${percent(Math.min(...series))} and ${percent(Math.max(...series))}`;
  const shape = turns >= 3 ? `, changing direction ${turns} times: it wobbles` : "";
  return `Over the run (dashed line: 50%): from ${percent(first)} at epoch 0 to ${percent(last)} at epoch ${run.lastEpoch}, ${range}${shape}.`;
}
