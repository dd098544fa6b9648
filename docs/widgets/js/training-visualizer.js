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
import { LOSS_CHART, ScrubbedWidget, check, fill } from "./scrubbed-widget.js";
import { SpecVisualizer } from "./spec-visualizer.js";
import { CompareRuns } from "./compare-chart.js";
import { RunDesigner } from "./run-designer.js";
import { PythonCheck } from "./python-check.js";

const SELECTOR = '[data-widget="training-visualizer"]';
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
    this.pythonCheck = new PythonCheck(this, () => this.askPython());
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
      this.pythonCheck.clear();
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

  // --- Check with Python (python-check.js: lesson_py.runs replay, worded by visualizer.check_words) ---

  askPython() {
    const { network, preset, epoch } = this.state;
    return {
      name: "replay",
      args: { network, preset, epoch, expected: this.checkpoint.stored() },
      asking: `Asking lesson_py to redo ${this.run.network.label} + ${this.run.preset.label} up to epoch ${epoch}…`,
    };
  }
}

async function mount(root) {
  const data = await widgetData(root);
  const version = Number(root.dataset.schemaVersion);
  if (data && data.kind === "compare") { // several runs of the block's own (compare-chart.js)
    root.visualizer = new CompareRuns(root, data, version);
    return;
  }
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
