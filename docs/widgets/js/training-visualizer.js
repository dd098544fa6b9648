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
import { DecisionMap } from "./decision-map.js";
import { LineChart } from "./line-chart.js";
import { loadRuns, loadSpecRun } from "./training-runs.js";
import { RunDesigner } from "./run-designer.js";
import { call as callPython, statusElement } from "./python.js";

const SELECTOR = '[data-widget="training-visualizer"]';
// The loss chart; its axis ticks are round steps (0.2, 0.5, ...): one decimal writes them exactly.
const LOSS_CHART = { width: 320, height: 170, yFormat: (v) => v.toFixed(1) };

function check(condition, message) {
  if (!condition) throw new TypeError(`training visualizer: ${message}`);
}

/** Replace an element's text, only when it differs. */
function fill(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** What both kinds of visualizer share: their parts, the transport (back, play, step, the scrubber over
 *  positions 0..lastPosition()), the pinned transport and a redraw of the map on a change of scheme.
 *  A subclass gives position(), lastPosition(), seek(position) and drawMap(force). */
class ScrubbedWidget {
  constructor(root, scope = root) {
    // The build's block options (build_hooks/snapshots.py container()): the same names as the
    // widget's state and its URL keys.
    this.options = JSON.parse(root.dataset.options || "{}");
    check(this.options.id, "the widget's options need its id");
    this.id = this.options.id;
    this.root = root;
    this.scope = scope; // where its parts are: the container, or one view inside it
    this.parts = new Map();
    this.reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
    this.timer = null;
  }

  /** The map reads its colours from CSS: draw it again when the reader switches light/dark.
   *  Instant navigation removes the widget without unloading this module: then let go. */
  watchScheme() {
    const observer = new MutationObserver(() => {
      if (this.root.isConnected) this.drawMap(true);
      else observer.disconnect();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  /** Mark the widget while its sticky transport is pinned under the header (the CSS then keeps
   *  Material's "Back to top" button away from Play). */
  watchPinned() {
    const transport = this.part("play").closest(".nn-tv-transport");
    const pinned = () => {
      if (!this.root.isConnected) {
        window.removeEventListener("scroll", pinned);
        return;
      }
      const top = parseFloat(getComputedStyle(transport).top);
      const box = transport.getBoundingClientRect();
      const stuck = Number.isFinite(top) && box.top <= top + 1 && this.root.getBoundingClientRect().top < box.top - 1;
      this.root.classList.toggle("nn-tv--pinned", stuck);
    };
    window.addEventListener("scroll", pinned, { passive: true });
    pinned();
  }

  part(name) {
    if (!this.parts.has(name)) {
      const found = this.scope.querySelector(`[data-tv="${name}"]`);
      check(found, `the markup has no [data-tv="${name}"]`);
      this.parts.set(name, found);
    }
    return this.parts.get(name);
  }

  bindTransport() {
    const scrubber = this.part("scrubber");
    scrubber.addEventListener("input", () => {
      this.stop();
      this.seek(Number(scrubber.value));
    });
    this.part("back").addEventListener("click", () => {
      this.stop();
      this.seek(this.position() - 1);
    });
    this.part("forward").addEventListener("click", () => {
      this.stop();
      this.seek(this.position() + 1);
    });
    this.part("play").addEventListener("click", () => (this.timer ? this.stop() : this.play()));
  }

  play() {
    if (this.position() >= this.lastPosition()) this.seek(0);
    // With reduced motion the run advances in slow, distinct steps; otherwise it
    // takes about five seconds from start to end. It never starts by itself.
    const interval = this.reducedMotion.matches ? 1000 : Math.max(50, Math.round(5000 / this.lastPosition()));
    this.timer = window.setInterval(() => {
      if (!this.root.isConnected || this.position() >= this.lastPosition()) this.stop();
      else this.seek(this.position() + 1);
      if (this.position() >= this.lastPosition()) this.stop();
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
}

class TrainingVisualizer extends ScrubbedWidget {
  constructor(root, runs, scope = root) {
    super(root, scope);
    const options = this.options; // {id, network, preset, epoch, highlight}
    this.runs = runs;
    this.defaults = { network: options.network, preset: options.preset, epoch: options.epoch, highlight: options.highlight };
    this.table = {
      network: { kind: "choice", values: runs.networks.map((n) => n.name) },
      preset: { kind: "choice", values: runs.presets.map((p) => p.name) },
      epoch: { kind: "integer", min: 0, max: runs.maxEpoch },
      highlight: { kind: "choice", values: runs.points.map((p) => p.name) },
    };
    this.state = null;
    this.run = null;
    this.checkpoint = null;
    this.mapKey = null;
    this.checkToken = 0;

    this.lossChart = new LineChart(this.part("loss-chart"), LOSS_CHART);
    this.spark = new LineChart(this.part("sparkline"), { width: 240, height: 56, axes: false, yFixed: [0, 1], guide: 0.5 });
    this.map = new DecisionMap(this.part("map"));
    this.bind();
    this.update(readState(this.id, this.table, this.defaults));
    root.classList.add("nn-tv--live");
    this.watchScheme();
    this.watchPinned();
  }

  position() {
    return this.state.epoch;
  }

  lastPosition() {
    return this.run.lastEpoch;
  }

  seek(epoch) {
    this.change({ epoch });
  }

  // --- controls --------------------------------------------------------------------

  bind() {
    for (const control of this.scope.querySelectorAll("input, select, button")) control.disabled = false;
    const setup = this.part("setup");
    setup.addEventListener("change", (event) => {
      const kind = event.target.dataset.tvChoice;
      if (kind) this.change({ [kind]: event.target.value });
    });
    setup.addEventListener("submit", (event) => event.preventDefault());
    this.bindTransport();
    this.part("highlight").addEventListener("change", (event) => this.change({ highlight: event.target.value }));
    this.part("check").addEventListener("click", () => this.checkWithPython());
    this.part("check-box").append(statusElement({
      idleText: "Python loads the first time you press the button (a download of several megabytes, once).",
    }));
  }

  change(partial) {
    this.update({ ...this.state, ...partial });
  }

  // --- the one rendering path ----------------------------------------------------------

  /** Show `wanted` (network, preset, epoch, highlight); redraw only the parts whose inputs changed. */
  update(wanted) {
    const run = this.runs.run(wanted.network, wanted.preset);
    const epoch = Number.isInteger(wanted.epoch) ? Math.min(Math.max(0, wanted.epoch), run.lastEpoch) : 0;
    const highlight = this.runs.points.some((p) => p.name === wanted.highlight) ? wanted.highlight : this.defaults.highlight;
    const state = { network: run.network.name, preset: run.preset.name, epoch, highlight };
    const before = this.state || {};
    const runChanged = run !== this.run;
    const epochChanged = runChanged || epoch !== before.epoch;
    const highlightChanged = runChanged || highlight !== before.highlight;
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
    if (epochChanged || highlightChanged) {
      this.showHighlight(run, this.checkpoint, highlight);
      this.drawMap(false);
    }
    writeState(this.id, this.table, this.defaults, state);
  }

  showRun(run) {
    for (const input of this.scope.querySelectorAll("[data-tv-choice]")) {
      input.checked = input.value === run[input.dataset.tvChoice].name;
    }
    for (const rate of this.scope.querySelectorAll("[data-tv-rate]")) {
      fill(rate, `(learning rate ${run.rateText(rate.dataset.tvRate)})`);
    }
    this.part("scrubber").max = String(run.lastEpoch);
    fill(this.part("run-summary"), run.words.story);
    fill(this.part("loss-description"), run.words.loss_description);
  }

  showEpoch(run, cp) {
    const words = cp.words;
    const scrubber = this.part("scrubber");
    scrubber.value = String(cp.epoch);
    scrubber.setAttribute("aria-valuetext", words.valuetext);
    fill(this.part("epoch-out"), `${cp.epoch} of ${run.lastEpoch}`);
    this.part("back").disabled = cp.epoch === 0;
    this.part("forward").disabled = cp.epoch === run.lastEpoch;
    fill(this.part("epoch"), String(cp.epoch));
    fill(this.part("loss"), words.loss);
    fill(this.part("accuracy"), words.accuracy);
    fill(this.part("fit"), cp.fit);
    fill(this.part("fit-words"), words.fit);
    fill(this.part("step-epoch"), String(cp.epoch));
    fill(this.part("table-epoch"), String(cp.epoch));
    for (const [name, text] of Object.entries(cp.steps)) fill(this.part(`step-${name}`), text);
    fill(this.part("map-description"), words.map);
    this.lossChart.update({ values: run.losses, current: cp.epoch });
    this.showTable(cp);
  }

  drawMap(force) {
    const cp = this.checkpoint;
    const key = `${this.run.network.name}/${this.run.preset.name}/${cp.epoch}/${this.state.highlight}`;
    if (!force && key === this.mapKey) return;
    this.mapKey = key;
    const points = this.runs.points.map((p, i) => ({
      x: p.x, y: p.y, label: p.label, verdict: cp.points[i].verdict, highlight: p.name === this.state.highlight,
    }));
    this.map.update({ ...cp.grid, points, marker: null, smooth: true });
  }

  showTable(cp) {
    const rows = this.part("table").tBodies[0].rows;
    check(rows.length === cp.points.length, `the table has ${rows.length} rows for ${cp.points.length} points`);
    cp.points.forEach((p, i) => {
      check(rows[i].dataset.point === this.runs.points[i].name, `table row ${i} is not ${this.runs.points[i].name}`);
      fill(rows[i].querySelector("[data-tv-cell=confidence]"), cp.words.confidence[i]);
      fill(rows[i].querySelector("[data-tv-cell=verdict]"), p.verdict);
      rows[i].dataset.verdict = p.verdict;
    });
  }

  showHighlight(run, cp, name) {
    const index = this.runs.points.findIndex((p) => p.name === name);
    this.part("highlight").value = name;
    fill(this.part("highlight-label"), this.runs.points[index].labelWord);
    fill(this.part("highlight-confidence"), cp.words.confidence[index]);
    fill(this.part("highlight-verdict"), cp.points[index].verdict);
    this.spark.update({ values: run.confidences[index], current: cp.epoch });
    fill(this.part("highlight-run"), run.words.trends[index]);
    for (const row of this.part("table").tBodies[0].rows) {
      row.classList.toggle("nn-tv-row--highlight", row.dataset.point === name);
    }
  }

  // --- Check with Python --------------------------------------------------------------

  clearCheck() {
    this.checkToken += 1;
    this.showCheck("", "", null);
    this.part("check").disabled = false;
  }

  /** The check's result: a plain sentence, and the details behind a <details> (both worded by Python). */
  showCheck(sentence, details, result) {
    const status = this.part("check-status");
    fill(this.part("check-sentence"), sentence);
    fill(this.part("check-details"), details);
    const more = this.part("check-more");
    more.hidden = !details;
    if (!details) more.open = false;
    if (result) status.dataset.result = result;
    else delete status.dataset.result;
  }

  async checkWithPython() {
    const token = ++this.checkToken;
    const button = this.part("check");
    const { network, preset, epoch } = this.state;
    const current = () => token === this.checkToken;
    button.disabled = true;
    this.showCheck(`Asking lesson_py to redo ${this.run.network.label} + ${this.run.preset.label} up to epoch ${epoch}…`, "", null);
    try {
      const answer = await callPython("replay", { network, preset, epoch, expected: this.checkpoint.stored() });
      if (current()) this.showCheck(answer.sentence, answer.details, answer.matches ? "match" : "mismatch");
    } catch (error) {
      if (current()) this.showCheck(`Could not check with Python: ${error.message || error}`, "", "error");
    } finally {
      if (current()) button.disabled = false;
    }
  }
}

/** A run of the block's own (a run spec the build trained): the scrubber steps through its stored
 *  checkpoints; the chart shows every epoch's training and test loss; the map draws the test points
 *  hollow; the table lists the first points of each set. Its URL key is the epoch shown. */
class SpecVisualizer extends ScrubbedWidget {
  /** `run`: loadSpecRun's, or a growing run (training-runs.js growingSpecRun) that the page's worker extends
   *  (docs/widgets/js/run-designer.js): then `scope` is the view's element, the URL is the designer's
   *  (`onSeek` hears the reader's moves) and grow() shows each new piece. */
  constructor(root, run, { scope = root, onSeek = null } = {}) {
    super(root, scope); // options: {id, run (the spec), epoch}
    this.onSeek = onSeek;
    this.index = null;
    this.mapKey = null;
    this.following = true; // a growing run shows its newest checkpoint until the reader moves away
    this.wanted = null;    // an epoch to show once the growing run reaches it (a link's)
    this.lossChart = new LineChart(this.part("loss-chart"), LOSS_CHART);
    this.map = new DecisionMap(this.part("map"));
    for (const control of scope.querySelectorAll("input, select, button")) control.disabled = false;
    this.bindTransport();
    this.setRun(run);
    if (!onSeek) {
      this.defaults = { epoch: run.epochOf(run.indexOf(this.options.epoch || 0)) };
      this.table = { epoch: { kind: "integer", min: 0, max: run.epochs } };
      this.seek(run.indexOf(readState(this.id, this.table, this.defaults).epoch));
    }
    root.classList.add("nn-tv--live");
    this.watchScheme();
    this.watchPinned();
  }

  position() {
    return this.index;
  }

  lastPosition() {
    return this.run.count - 1;
  }

  /** Show another run (a reader's new one): its setup, its table's rows, the legend of its test points. */
  setRun(run) {
    this.run = run;
    this.index = null;
    this.mapKey = null;
    this.following = true;
    const tbody = this.part("table").tBodies[0];
    const rows = [...tbody.rows];
    if (rows.length !== run.table.length || rows.some((r, i) => r.dataset.point !== run.table[i].name)) {
      const template = rows[0];
      check(template, "the table needs a row to copy");
      tbody.replaceChildren(...run.table.map((row) => {
        const tr = template.cloneNode(true);
        tr.dataset.point = row.name;
        tr.dataset.set = row.set;
        const [name, label, position] = row.cells;
        [name, row.set, label, position].forEach((text, c) => { tr.cells[c].textContent = text; });
        return tr;
      }));
    }
    for (const name of ["data", "network", "training"]) {
      const item = this.scope.querySelector(`[data-tv="run-${name}"]`);
      if (item) fill(item, run.words[name]);
    }
    const note = this.part("table").closest(".nn-tv-panel").querySelector(".nn-tv-table-note");
    if (note && run.words.table) fill(note, run.words.table);
    for (const element of this.scope.querySelectorAll(".nn-tv-key--test, .nn-tv-legend-test")) {
      element.hidden = run.testLosses === null;
    }
    this.showWhole();
    if (run.count) this.show(run.count - 1);
  }

  /** The words of the whole run: empty while it still trains. */
  showWhole() {
    fill(this.part("run-summary"), this.run.done ? this.run.words.story : "");
    fill(this.part("loss-description"), this.run.done ? this.run.words.loss_description : "");
  }

  /** The growing run has a new piece: the scrubber reaches it, the chart draws it, and the view follows
   *  the newest checkpoint unless the reader moved away (or shows a link's epoch once it is there). */
  grow() {
    const run = this.run;
    this.showWhole();
    if (!run.count) return;
    this.part("scrubber").max = String(this.lastPosition());
    const newest = run.epochOf(run.count - 1);
    if (this.wanted !== null && (newest >= this.wanted || run.done)) {
      this.following = false;
      this.show(run.indexOf(this.wanted), true);
      this.wanted = null;
    } else {
      this.show(this.following || this.index === null ? run.count - 1 : this.index, true);
    }
  }

  /** The reader moves to the stored checkpoint at `index` (clamped). */
  seek(index) {
    this.show(index);
    this.following = this.index === this.lastPosition() && !this.run.done;
    if (this.onSeek) this.onSeek(this.checkpoint);
    else writeState(this.id, this.table, this.defaults, { epoch: this.checkpoint.epoch });
  }

  /** Show the stored checkpoint at `index` (clamped): the one rendering path. */
  show(index, again = false) {
    const at = Math.min(Math.max(0, Number.isInteger(index) ? index : 0), this.lastPosition());
    if (at === this.index && !again) return;
    this.index = at;
    const cp = this.run.checkpoint(at);
    this.checkpoint = cp;
    const words = cp.words;
    const scrubber = this.part("scrubber");
    scrubber.max = String(this.lastPosition());
    scrubber.value = String(at);
    scrubber.setAttribute("aria-valuetext", words.valuetext);
    fill(this.part("epoch-out"), `${cp.epoch} of ${this.run.epochs}`);
    this.part("back").disabled = at === 0;
    this.part("forward").disabled = at === this.lastPosition();
    fill(this.part("epoch"), String(cp.epoch));
    fill(this.part("loss"), words.loss);
    fill(this.part("test-loss"), words.test_loss);
    fill(this.part("accuracy"), words.accuracy);
    fill(this.part("test-accuracy"), words.test_accuracy);
    fill(this.part("fit"), cp.fit);
    fill(this.part("fit-words"), words.fit);
    fill(this.part("table-epoch"), String(cp.epoch));
    fill(this.part("map-description"), words.map);
    fill(this.part("gradient-epoch"), String(cp.epoch));
    fill(this.part("gradient-ratio"), words.gradient_ratio);
    const list = this.part("gradients");
    if (list.children.length !== words.gradients.length) { // a reader's run of another depth
      list.replaceChildren(...words.gradients.map((_, i) => {
        const item = document.createElement("li");
        item.dataset.tvLayer = String(i);
        return item;
      }));
    }
    const layers = list.children;
    check(layers.length === words.gradients.length, `the gradient list has ${layers.length} rows for ${words.gradients.length}`);
    words.gradients.forEach((text, i) => fill(layers[i], text));
    const chart = this.run.chart();
    this.lossChart.update({ values: chart.values, also: chart.also, current: cp.epoch });
    const rows = this.part("table").tBodies[0].rows;
    check(rows.length === this.run.table.length, `the table has ${rows.length} rows for ${this.run.table.length}`);
    this.run.table.forEach((row, i) => {
      check(rows[i].dataset.point === row.name, `table row ${i} is not ${row.name}`);
      fill(rows[i].querySelector("[data-tv-cell=confidence]"), words.confidence[i]);
      fill(rows[i].querySelector("[data-tv-cell=verdict]"), cp.verdicts[row.at]);
      rows[i].dataset.verdict = cp.verdicts[row.at];
    });
    this.drawMap(again);
  }

  drawMap(force) {
    const cp = this.checkpoint;
    if (!force && this.mapKey === cp.epoch) return;
    this.mapKey = cp.epoch;
    const points = this.run.points.map((p, i) => ({ x: p.x, y: p.y, label: p.label, verdict: cp.verdicts[i], hollow: p.test }));
    this.map.update({ ...cp.grid, points, marker: null, smooth: true, small: true });
  }
}

async function mount(root) {
  const data = await widgetData(root);
  const version = Number(root.dataset.schemaVersion);
  if (data && data.kind === "spec") {
    root.visualizer = new SpecVisualizer(root, loadSpecRun(data, version));
    return;
  }
  const stored = root.querySelector('[data-rd="stored"]'); // the lesson's runs, beside "Design your own run"
  root.visualizer = new TrainingVisualizer(root, loadRuns(data, version), stored || root);
  if (stored) root.designer = new RunDesigner(root, data, version, { SpecVisualizer, stored: root.visualizer });
}

onEveryPage(SELECTOR, (root) => {
  mount(root).catch((error) => {
    root.dataset.mounted = "failed";
    console.error(`training visualizer ${root.id}:`, error);
  });
});
