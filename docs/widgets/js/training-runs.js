// The stored training runs, read from the JSON the build wrote
// (build_hooks/widget_data.py, documented in build_hooks/SCHEMA.md), checked
// for shape, and handed to the visualizer as plain objects. This is the only
// module that knows the JSON's layout.
//
// Every sentence and formatted number comes worded by Python
// (lesson_py.widgets.visualizer) in the run's and each checkpoint's `words`;
// nothing here formats a number. A checkpoint here: {epoch, fit, words,
// points: [{verdict}], grid, stored()}.

const VERDICTS = ["correct", "wrong", "undecided"];
const STEPS = ["forward", "loss", "backprop", "update"];

function check(condition, message) {
  if (!condition) throw new TypeError(`training runs: ${message}`);
}

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
const isText = (v) => typeof v === "string" && v.length > 0;

function checkLayers(layers, where) {
  check(Array.isArray(layers) && layers.length >= 1, `${where} must be a list of layers`);
  layers.forEach((layer, l) => {
    check(Array.isArray(layer.weights) && layer.weights.every((row) => Array.isArray(row) && row.every(isNumber)),
      `${where}.${l}: weights must be rows of numbers`);
    check(Array.isArray(layer.biases) && layer.biases.length === layer.weights.length && layer.biases.every(isNumber),
      `${where}.${l}: one bias per neuron`);
  });
}

/** The build's JSON -> {points, networks, presets, maxEpoch, run(network, preset)}. `version` is the
 *  schema version the page was built with (its container's data-schema-version): a page and data of
 *  different builds (one of them cached) are refused rather than misread. */
export function loadRuns(data, version) {
  check(data && data.schema === "training-visualizer", "this is not training-visualizer data");
  check(Number.isInteger(version) && data.version === version, `data version ${data.version}, this page reads ${version}`);
  check(Array.isArray(data.dataset) && data.dataset.length >= 1, "the data needs the dataset's points");
  const points = data.dataset.map((p) => {
    check(typeof p.name === "string" && isNumber(p.x) && isNumber(p.y) && (p.label === 0 || p.label === 1)
      && isText(p.label_word), `bad point ${JSON.stringify(p)}`);
    return { name: p.name, x: p.x, y: p.y, label: p.label, labelWord: p.label_word };
  });
  const grid = data.grid;
  check(grid && Number.isInteger(grid.size) && isNumber(grid.extent) && Number.isInteger(grid.levels)
    && typeof grid.alphabet === "string" && grid.alphabet.length === grid.levels && typeof grid.fence === "string"
    && Array.isArray(grid.undecided) && grid.undecided.length === 2 && grid.shade, "the data needs its grid's layout");
  const networks = Object.entries(data.networks).map(([name, n]) => ({ name, label: n.label }));
  const presets = Object.entries(data.presets).map(([name, p]) => ({ name, label: p.label }));
  const made = new Map();
  const runs = {
    points,
    networks,
    presets,
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
  check(Array.isArray(stored.checkpoints) && stored.checkpoints.length >= 2, `${where}: needs at least 2 checkpoints`);
  const count = runs.points.length;
  const words = stored.words;
  check(words && isText(words.story) && isText(words.loss_description) && isText(words.rate)
    && Array.isArray(words.trends) && words.trends.length === count && words.trends.every(isText),
  `${where}: the run's words (story, loss_description, rate, a trend per point)`);
  stored.checkpoints.forEach((c, e) => {
    const at = `${where}.checkpoints.${e}`;
    check(c.epoch === e && isNumber(c.loss), `${at}: epoch and loss`);
    check(Array.isArray(c.confidence) && c.confidence.length === count && c.confidence.every(isNumber),
      `${at}: one confidence per point`);
    check(Array.isArray(c.verdicts) && c.verdicts.length === count && c.verdicts.every((v) => VERDICTS.includes(v)),
      `${at}: one verdict per point`);
    const w = c.words;
    check(w && ["loss", "accuracy", "valuetext", "fit", "map"].every((k) => isText(w[k]))
      && Array.isArray(w.steps) && w.steps.length === STEPS.length && w.steps.every(isText)
      && Array.isArray(w.confidence) && w.confidence.length === count && w.confidence.every(isText),
    `${at}: the checkpoint's words`);
  });
  const checkpoints = [];
  const run = {
    network,
    preset,
    words,
    lastEpoch: stored.checkpoints.length - 1,
    losses: stored.checkpoints.map((c) => c.loss),
    confidences: runs.points.map((_, i) => stored.checkpoints.map((c) => c.confidence[i])),
    /** The learning rate of this network under `presetName`, as Python wrote it. */
    rateText: (presetName) => data.runs[network.name][presetName].words.rate,
    checkpoint(epoch) {
      check(Number.isInteger(epoch) && epoch >= 0 && epoch <= run.lastEpoch, `no epoch ${epoch} in ${where}`);
      if (!checkpoints[epoch]) checkpoints[epoch] = makeCheckpoint(data, stored, epoch, where);
      return checkpoints[epoch];
    },
  };
  return run;
}

function makeCheckpoint(data, stored, epoch, runWhere) {
  const c = stored.checkpoints[epoch];
  const where = `${runWhere}.checkpoints.${epoch}`;
  checkLayers(c.parameters, `${where}.parameters`);
  checkLayers(c.gradients, `${where}.gradients`);
  return {
    epoch,
    fit: c.fit,
    words: c.words,
    steps: Object.fromEntries(STEPS.map((name, i) => [name, c.words.steps[i]])),
    correct: c.verdicts.filter((v) => v === "correct").length,
    points: c.verdicts.map((verdict) => ({ verdict })),
    layers: c.parameters,
    grid: decodeGrid(data.grid, c.map, where),
    /** The stored numbers "Check with Python" compares with a retrained run (lesson_py.widgets.calls replay). */
    stored: () => ({ loss: c.loss, network: c.parameters, gradients: c.gradients, confidences: c.confidence }),
  };
}

/** The quantised map back to confidences, each at the centre of its bin, the fence at 0.5 (SCHEMA.md);
 *  with the words' undecided band and shading, so the map colours cells as the words class them. */
function decodeGrid(grid, text, where) {
  check(typeof text === "string" && text.length === grid.size * grid.size, `${where}: the map needs ${grid.size ** 2} cells`);
  const values = new Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const bin = text[i] === grid.fence ? -1 : grid.alphabet.indexOf(text[i]);
    check(bin >= 0 || text[i] === grid.fence, `${where}: the map holds a character outside its alphabet`);
    values[i] = bin < 0 ? 0.5 : (bin + 0.5) / grid.levels;
  }
  return { size: grid.size, extent: grid.extent, values, undecided: grid.undecided, shade: grid.shade };
}

/** A run of the block's own (build_hooks/widget_data.py spec_run_data) -> {words, epochs, losses,
 *  testLosses, points, table, count, checkpoint(index)}: every epoch's losses for the chart, and the
 *  stored checkpoints (at most about 60) the scrubber steps through. */
export function loadSpecRun(data, version) {
  const run = growingSpecRun(data, version);
  check(run.done && run.losses.length >= 2 && run.count >= 2, "needs at least 2 epochs and 2 stored checkpoints");
  return run;
}

const LISTS = ["losses", "test_losses", "accuracies", "test_accuracies", "checkpoints"];

/** A run as the page's worker streams it (lesson_py.widgets.runs_calls spec_run): `data` is its head
 *  (with the page's schema, version and grid), or the whole run as the build stores it. add(piece) and
 *  finish(end) join the rest exactly as lesson_py.widgets.spec_json.join does; the run grows in place. */
export function growingSpecRun(data, version) {
  check(data && data.schema === "training-visualizer" && data.kind === "spec", "this is not the data of a run spec");
  check(Number.isInteger(version) && data.version === version, `data version ${data.version}, this page reads ${version}`);
  check(Number.isInteger(data.epochs) && data.epochs >= 1, "the run's planned epochs");
  check(data.words && ["data", "network", "training", "table"].every((k) => isText(data.words[k])), "the run's words");
  const asPoints = (list, test) => {
    check(Array.isArray(list), "points must be lists");
    return list.map((p) => {
      check(Array.isArray(p) && isNumber(p[0]) && isNumber(p[1]) && (p[2] === 0 || p[2] === 1), `bad point ${JSON.stringify(p)}`);
      return { x: p[0], y: p[1], label: p[2], test };
    });
  };
  const points = [...asPoints(data.points.training, false), ...asPoints(data.points.test, true)];
  const verdictOf = Object.fromEntries(Object.entries(data.verdict_letters).map(([verdict, letter]) => [letter, verdict]));
  const offset = { training: 0, test: data.points.training.length };
  check(Array.isArray(data.table) && data.table.every((r) => r.set in offset && Number.isInteger(r.index)), "the table's rows");
  const whole = { ...data, words: { ...data.words } };
  for (const key of LISTS) whole[key] = data[key] === null ? null : [];
  const hasTest = whole.test_losses !== null;
  const made = [];
  let chart = null;
  const run = {
    words: whole.words,
    data: whole,
    epochs: data.epochs,
    losses: whole.losses,
    testLosses: whole.test_losses,
    points,
    done: false,
    get count() { return whole.checkpoints.length; },
    get trained() { return whole.losses.length - 1; },
    epochOf: (index) => whole.checkpoints[index].epoch,
    /** The index of the stored checkpoint shown for `epoch`: the last one at or before it. */
    indexOf(epoch) {
      let index = 0;
      whole.checkpoints.forEach((c, i) => { if (c.epoch <= epoch) index = i; });
      return index;
    },
    /** Both loss lines over the planned epochs, null where no epoch has trained yet (LineChart leaves a gap). */
    chart() {
      if (!chart || chart.length !== whole.losses.length) {
        const pad = (list) => [...list, ...new Array(data.epochs + 1 - list.length).fill(null)];
        chart = { length: whole.losses.length, values: pad(whole.losses), also: hasTest ? pad(whole.test_losses) : null };
      }
      return chart;
    },
    table: data.table.map((r) => ({ name: r.cells[0], set: r.set, cells: r.cells, at: offset[r.set] + r.index })),
    /** The next piece of the run: its epochs' losses and accuracies and the stored checkpoints among them. */
    add(piece) {
      check(!run.done, "the run is complete");
      const from = whole.losses.length;
      check(Array.isArray(piece.losses) && piece.losses.every(isNumber), "a training loss per epoch");
      check(hasTest ? Array.isArray(piece.test_losses) && piece.test_losses.length === piece.losses.length
        && piece.test_losses.every(isNumber) : piece.test_losses === null, "a test loss per epoch, or none");
      check(from + piece.losses.length <= data.epochs + 1, "no more epochs than planned");
      piece.checkpoints.forEach((c, i) => {
        const at = `checkpoints.${whole.checkpoints.length + i}`;
        const before = i ? piece.checkpoints[i - 1].epoch : (whole.checkpoints.length ? whole.checkpoints.at(-1).epoch : -1);
        check(Number.isInteger(c.epoch) && c.epoch >= from && c.epoch < from + piece.losses.length && c.epoch > before,
          `${at}: epochs rise within the piece`);
        check(typeof c.verdicts === "string" && c.verdicts.length === points.length
          && [...c.verdicts].every((l) => l in verdictOf), `${at}: one verdict per point`);
        const w = c.words;
        check(w && ["loss", "accuracy", "test_loss", "test_accuracy", "valuetext", "fit", "map"].every((k) => isText(w[k]))
          && Array.isArray(w.confidence) && w.confidence.length === data.table.length, `${at}: the checkpoint's words`);
      });
      for (const key of LISTS) if (whole[key] !== null) whole[key].push(...piece[key]);
      return run;
    },
    /** The end of the run: the words only the whole run can say, and where it diverged. */
    finish(end) {
      Object.assign(whole.words, end.words);
      whole.diverged = end.diverged;
      check(isText(whole.words.story) && isText(whole.words.loss_description), "the run's story and chart text");
      run.done = true;
      return run;
    },
    checkpoint(index) {
      check(Number.isInteger(index) && index >= 0 && index < whole.checkpoints.length, `no stored checkpoint ${index}`);
      if (!made[index]) {
        const c = whole.checkpoints[index];
        made[index] = {
          epoch: c.epoch, fit: c.fit, words: c.words,
          verdicts: [...c.verdicts].map((l) => verdictOf[l]),
          grid: decodeGrid(data.grid, c.map, `checkpoints.${index}`),
        };
      }
      return made[index];
    },
  };
  if (Array.isArray(data.losses) && data.losses.length) { // the whole run, as the build stores it
    run.add(data);
    run.finish(data);
  }
  return run;
}
