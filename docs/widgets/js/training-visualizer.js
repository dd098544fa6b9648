// Training Loop Visualizer: scrub through the training runs computed at build
// time. Everything shown for an epoch comes from that epoch's stored checkpoint;
// nothing of the model is computed here. "Check with Python" retrains the run in
// the page's Python worker (lesson_py, the code that made the checkpoints) and
// compares the two.
//
// The build renders the widget's markup with the first checkpoint filled in
// (build_hooks/training_visualizer.py); this module hydrates it: it enables the
// controls and redraws through update(state), the one rendering path.

import { onEveryPage, widgetData } from "./mount.js";
import { readState, writeState } from "./url-state.js";
import { DecisionMap, describeMap } from "./decision-map.js";
import { LineChart } from "./line-chart.js";
import { shown, percent } from "./py-format.js";
import { loadRuns } from "./training-runs.js";
import { stepSentences } from "./training-step.js";
import { call as callPython, statusElement } from "./python.js";

const SELECTOR = '[data-widget="training-visualizer"]';
const LOSS_DECIMALS = 3;
// The build and the browser run the same code; the numbers may differ only in the last bit.
const MATCH_WITHIN = 1e-12;

function check(condition, message) {
  if (!condition) throw new TypeError(`training visualizer: ${message}`);
}

/**
 * A number as a <span> that says where in the run data it comes from and how it
 * is written (format: a number of decimals, "percent" or "integer"), so that a
 * test can compare every number on screen with the stored checkpoint.
 */
function num(value, source, format) {
  check(typeof value === "number" && Number.isFinite(value), `${source} is not a finite number`);
  const span = document.createElement("span");
  span.className = "nn-num";
  span.dataset.source = source;
  span.dataset.format = String(format);
  if (format === "percent") span.textContent = percent(value);
  else if (format === "integer") span.textContent = String(value);
  else span.textContent = shown(value, format);
  return span;
}

/** Replace an element's content with strings and nodes, only when it differs. */
function fill(element, parts) {
  const nodes = parts.map((p) => (typeof p === "string" ? document.createTextNode(p) : p));
  const html = nodes.map((n) => (n.nodeType === Node.TEXT_NODE ? n.textContent : n.outerHTML)).join("");
  if (element.dataset.filled === html) return;
  element.dataset.filled = html;
  element.replaceChildren(...nodes);
}

class TrainingVisualizer {
  constructor(root, runs) {
    // The build's block options: {id, network, preset, epoch, highlight} (build_hooks/snapshots.py container()).
    const options = JSON.parse(root.dataset.options || "{}");
    check(options.id, "the widget's options need its id");
    this.root = root;
    this.runs = runs;
    this.id = options.id;
    this.parts = new Map();
    this.defaults = { network: options.network, preset: options.preset, epoch: options.epoch, point: options.highlight };
    this.table = {
      network: { kind: "choice", values: runs.networks.map((n) => n.name) },
      preset: { kind: "choice", values: runs.presets.map((p) => p.name) },
      epoch: { kind: "integer", min: 0, max: runs.maxEpoch },
      point: { kind: "choice", values: runs.points.map((p) => p.name) },
    };
    this.reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
    this.timer = null;
    this.state = null;
    this.run = null;
    this.checkpoint = null;
    this.mapKey = null;
    this.checkToken = 0;

    this.lossChart = new LineChart(this.part("loss-chart"), { width: 320, height: 170, yFormat: (v) => shown(v, 1) });
    this.spark = new LineChart(this.part("sparkline"), { width: 240, height: 56, axes: false, yFixed: [0, 1], guide: 0.5 });
    this.map = new DecisionMap(this.part("map"));
    this.bind();
    this.update(readState(this.id, this.table, this.defaults));
    root.classList.add("nn-tv--live");
    // The map reads its colours from CSS: draw it again when the reader switches light/dark.
    // Instant navigation removes the widget without unloading this module: then let go.
    const observer = new MutationObserver(() => {
      if (root.isConnected) this.drawMap(true);
      else observer.disconnect();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  part(name) {
    if (!this.parts.has(name)) {
      const found = this.root.querySelector(`[data-tv="${name}"]`);
      check(found, `the markup has no [data-tv="${name}"]`);
      this.parts.set(name, found);
    }
    return this.parts.get(name);
  }

  // --- controls --------------------------------------------------------------------

  bind() {
    for (const control of this.root.querySelectorAll("input, select, button")) control.disabled = false;
    const setup = this.part("setup");
    setup.addEventListener("change", (event) => {
      const kind = event.target.dataset.tvChoice;
      if (kind) this.change({ [kind]: event.target.value });
    });
    setup.addEventListener("submit", (event) => event.preventDefault());
    const scrubber = this.part("scrubber");
    scrubber.addEventListener("input", () => {
      this.stop();
      this.change({ epoch: Number(scrubber.value) });
    });
    this.part("back").addEventListener("click", () => {
      this.stop();
      this.change({ epoch: this.state.epoch - 1 });
    });
    this.part("forward").addEventListener("click", () => {
      this.stop();
      this.change({ epoch: this.state.epoch + 1 });
    });
    this.part("play").addEventListener("click", () => (this.timer ? this.stop() : this.play()));
    this.part("point").addEventListener("change", (event) => this.change({ point: event.target.value }));
    this.part("check").addEventListener("click", () => this.checkWithPython());
    this.part("check-box").append(statusElement({
      idleText: "Python (about 6 MB) loads the first time you press the button.",
    }));
  }

  change(partial) {
    this.update({ ...this.state, ...partial });
  }

  play() {
    if (this.state.epoch >= this.run.lastEpoch) this.change({ epoch: 0 });
    // With reduced motion the run advances in slow, distinct steps; otherwise it
    // takes about five seconds from start to end. It never starts by itself.
    const interval = this.reducedMotion.matches ? 1000 : Math.max(50, Math.round(5000 / this.run.lastEpoch));
    this.timer = window.setInterval(() => {
      if (!this.root.isConnected || this.state.epoch >= this.run.lastEpoch) this.stop();
      else this.change({ epoch: this.state.epoch + 1 });
      if (this.state.epoch >= this.run.lastEpoch) this.stop();
    }, interval);
    this.showPlaying(true);
  }

  stop() {
    if (!this.timer) return;
    window.clearInterval(this.timer);
    this.timer = null;
    this.showPlaying(false);
  }

  showPlaying(playing) {
    // The label says what a press does; a changing label needs no aria-pressed as well.
    const button = this.part("play");
    button.dataset.playing = String(playing);
    button.querySelector("[data-tv-label]").textContent = playing ? "Pause" : "Play";
  }

  // --- the one rendering path ----------------------------------------------------------

  /** Show `wanted` (network, preset, epoch, point); redraw only the parts whose inputs changed. */
  update(wanted) {
    const run = this.runs.run(wanted.network, wanted.preset);
    const epoch = Number.isInteger(wanted.epoch) ? Math.min(Math.max(0, wanted.epoch), run.lastEpoch) : 0;
    const point = this.runs.points.some((p) => p.name === wanted.point) ? wanted.point : this.defaults.point;
    const state = { network: run.network.name, preset: run.preset.name, epoch, point };
    const before = this.state || {};
    const runChanged = run !== this.run;
    const epochChanged = runChanged || epoch !== before.epoch;
    const pointChanged = runChanged || point !== before.point;
    this.state = state;
    this.run = run;
    if (runChanged) {
      if (this.timer) this.stop();
      this.showRun(run);
    }
    if (epochChanged) {
      this.checkpoint = run.checkpoint(epoch);
      this.showEpoch(run, this.checkpoint);
      this.clearCheck();
    }
    if (epochChanged || pointChanged) {
      this.showPoint(run, this.checkpoint, point);
      this.drawMap(false);
    }
    writeState(this.id, this.table, this.defaults, state);
  }

  showRun(run) {
    for (const input of this.root.querySelectorAll("[data-tv-choice]")) {
      input.checked = input.value === run[input.dataset.tvChoice].name;
    }
    for (const rate of this.root.querySelectorAll("[data-tv-rate]")) {
      fill(rate, ["(learning rate ", run.rateText(rate.dataset.tvRate), ")"]);
    }
    this.part("scrubber").max = String(run.lastEpoch);
    fill(this.part("run-summary"), [run.story]);
    fill(this.part("loss-description"), [run.lossDescription]);
  }

  showEpoch(run, cp) {
    const last = run.lastEpoch;
    const scrubber = this.part("scrubber");
    scrubber.value = String(cp.epoch);
    scrubber.setAttribute("aria-valuetext",
      `epoch ${cp.epoch} of ${last}: loss ${shown(cp.loss, LOSS_DECIMALS)}, ${cp.correct} of ${cp.points.length} correct`);
    fill(this.part("epoch-out"), [`${cp.epoch} of ${last}`]);
    this.part("back").disabled = cp.epoch === 0;
    this.part("forward").disabled = cp.epoch === last;
    fill(this.part("epoch"), [String(cp.epoch)]);
    fill(this.part("loss"), [num(cp.loss, cp.source(["loss"]), LOSS_DECIMALS)]);
    fill(this.part("accuracy"), [`${cp.correct} of ${cp.points.length} correct (`, num(cp.accuracy, cp.source(["accuracy"]), "percent"), ")"]);
    fill(this.part("fit"), [cp.fit]);
    fill(this.part("fit-words"), [cp.fitWords]);
    fill(this.part("step-epoch"), [String(cp.epoch)]);
    fill(this.part("table-epoch"), [String(cp.epoch)]);

    const steps = stepSentences(run, cp, num);
    for (const [name, parts] of Object.entries(steps)) fill(this.part(`step-${name}`), parts);

    this.lossChart.update({ values: run.losses, current: cp.epoch });
    this.showTable(cp);
  }

  drawMap(force) {
    const cp = this.checkpoint;
    const key = `${this.run.network.name}/${this.run.preset.name}/${cp.epoch}/${this.state.point}`;
    if (!force && key === this.mapKey) return;
    this.mapKey = key;
    const points = this.runs.points.map((p, i) => ({
      x: p.x, y: p.y, label: p.label, verdict: cp.points[i].verdict, highlight: p.name === this.state.point,
    }));
    this.map.update({ ...cp.grid, points, marker: null, smooth: true });
    const names = { correct: [], wrong: [], undecided: [] };
    this.runs.points.forEach((p, i) => names[cp.points[i].verdict].push(p.name));
    const listed = Object.entries(names)
      .map(([verdict, list]) => (verdict === "correct" || !list.length ? `${list.length} ${verdict}` : `${list.length} ${verdict} (${list.join(", ")})`))
      .join(", ");
    fill(this.part("map-description"), [`At epoch ${cp.epoch}: ${describeMap(cp.grid)} The 8 points: ${listed}.`]);
  }

  showTable(cp) {
    const rows = this.part("table").tBodies[0].rows;
    check(rows.length === cp.points.length, `the table has ${rows.length} rows for ${cp.points.length} points`);
    cp.points.forEach((p, i) => {
      const cells = rows[i].cells;
      check(rows[i].dataset.point === this.runs.points[i].name, `table row ${i} is not ${this.runs.points[i].name}`);
      fill(cells[3], [num(p.confidence, cp.source(["points", i, "confidence"]), "percent")]);
      fill(cells[4], [p.verdict]);
      rows[i].dataset.verdict = p.verdict;
    });
  }

  showPoint(run, cp, name) {
    const index = this.runs.points.findIndex((p) => p.name === name);
    const point = this.runs.points[index];
    this.part("point").value = name;
    const now = cp.points[index];
    fill(this.part("point-now"), [
      `${name}, a ${point.label === 1 ? "positive" : "negative"} point: `,
      num(now.confidence, cp.source(["points", index, "confidence"]), "percent"),
      ` positive at epoch ${cp.epoch}, so ${now.verdict}.`,
    ]);
    this.spark.update({ values: run.confidences[index], current: cp.epoch });
    fill(this.part("point-run"), [run.trend(index)]);
    for (const row of this.part("table").tBodies[0].rows) {
      row.classList.toggle("nn-tv-row--highlight", row.dataset.point === name);
    }
  }

  // --- Check with Python --------------------------------------------------------------

  clearCheck() {
    this.checkToken += 1;
    const status = this.part("check-status");
    status.textContent = "";
    delete status.dataset.result;
    this.part("check").disabled = false;
  }

  async checkWithPython() {
    const token = ++this.checkToken;
    const status = this.part("check-status");
    const button = this.part("check");
    const { network, preset, epoch } = this.state;
    const current = () => token === this.checkToken;
    const say = (text, result) => {
      if (!current()) return;
      status.textContent = text;
      if (result) status.dataset.result = result;
      else delete status.dataset.result;
    };
    button.disabled = true;
    // What Python redoes: the start of the run (epoch 0), or that many epochs of training.
    const work = epoch === 0 ? "rebuilt the starting network" : `retrained ${epoch} epoch${epoch === 1 ? "" : "s"}`;
    say(`Asking lesson_py to redo ${this.run.network.label} + ${this.run.preset.label} up to epoch ${epoch}…`);
    try {
      const answer = await callPython("replay", { network, preset, epoch, expected: this.checkpoint.stored() });
      const largest = answer.max_difference;
      const where = largest > 0 ? ` (${answer.where})` : "";
      const difference = `largest difference over ${answer.compared} numbers: ${largest === 0 ? "0" : largest.toExponential(1)}${where}`;
      if (largest <= MATCH_WITHIN) {
        say(`Python ${work} in your browser: it matches the stored checkpoint, ${difference}, `
          + (largest === 0 ? "bit for bit." : `rounding in the last digits (below ${MATCH_WITHIN}).`), "match");
      } else {
        say(`Python ${work} in your browser: it does not match the stored checkpoint, ${difference}.`, "mismatch");
      }
    } catch (error) {
      say(`Could not check with Python: ${error.message || error}`, "error");
    } finally {
      if (current()) button.disabled = false;
    }
  }
}

async function mount(root) {
  const runs = loadRuns(await widgetData(root));
  root.visualizer = new TrainingVisualizer(root, runs);
}

onEveryPage(SELECTOR, (root) => {
  mount(root).catch((error) => {
    root.dataset.mounted = "failed";
    console.error(`training visualizer ${root.id}:`, error);
  });
});
