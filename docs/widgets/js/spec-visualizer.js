// A run of a run spec in the Training Loop Visualizer: one an author's block
// defines (the build trained it), or one a reader designs and the page's Python
// worker trains (run-designer.js streams it in). Everything shown for an epoch
// comes from that epoch's stored checkpoint, worded by lesson_py.widgets.spec_runs.

import { readState, writeState } from "./url-state.js";
import { DecisionMap } from "./decision-map.js";
import { LineChart } from "./line-chart.js";
import { LOSS_CHART, ScrubbedWidget, check, fill } from "./scrubbed-widget.js";
import { PythonCheck } from "./python-check.js";
import { NetworkDiagram } from "./network-diagram.js";

const MAP_EVERY = 500; // ms between two paints of a growing run's map while it trains

/** A run of the block's own (a run spec the build trained): the scrubber steps through its stored
 *  checkpoints; the chart shows every epoch's training and test loss; the map draws the test points
 *  hollow; the table lists the first points of each set. Its URL key is the epoch shown. */
export class SpecVisualizer extends ScrubbedWidget {
  /** `run`: loadSpecRun's, or a growing run (training-runs.js growingSpecRun) that the page's worker extends
   *  (docs/widgets/js/run-designer.js): then `scope` is the view's element, the URL is the designer's
   *  (`onSeek` hears the reader's moves) and grow() shows each new piece. */
  constructor(root, run, { scope = root, onSeek = null } = {}) {
    super(root, scope); // options: {id, run (the spec), epoch}
    this.onSeek = onSeek;
    this.index = null;
    this.mapKey = null;
    this.mapPainted = -Infinity;
    this.panelsAt = null;  // the index of the checkpoint the panels show
    this.painting = false; // showPanelsSoon() asked for
    this.following = true; // a growing run shows its newest checkpoint until the reader moves away
    this.wanted = null;    // an epoch to show once the growing run reaches it (a link's)
    this.lossChart = new LineChart(this.part("loss-chart"), LOSS_CHART);
    this.map = new DecisionMap(this.part("map"));
    this.diagram = new NetworkDiagram({ svg: this.part("diagram"), readout: this.part("diagram-readout"),
      description: this.part("diagram-description"), note: this.part("diagram-note") });
    for (const control of scope.querySelectorAll("input, select, button")) control.disabled = false;
    this.bindTransport();
    // "Check with Python": the worker retrains the spec to the shown epoch and compares (lesson_py.widgets.run_check).
    this.pythonCheck = new PythonCheck(this, () => ({
      name: "spec_replay",
      args: { run: this.run.data, epoch: this.checkpoint.epoch },
      asking: `Asking lesson_py to retrain this run up to epoch ${this.checkpoint.epoch}…`,
    }));
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
    this.panelsAt = null;
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
    this.diagramRun = null; // the run the diagram's nodes and lines are drawn for: drawn with the panels
    if (this.panelsDone) this.panelsDone(); // no one waits for the panels of a run no longer shown
    this.panelsShown = new Promise((resolve) => { this.panelsDone = resolve; }); // the run's first panels are up
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
    if (at !== this.index) this.pythonCheck.clear();
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
    const chart = this.run.chart();
    this.lossChart.update({ values: chart.values, also: chart.also, current: cp.epoch });
    // The panels below (each names the epoch it shows) and the map change for a new checkpoint only; the
    // reader's own moves, the run's end and a stop (run-designer.js) show them at once. While a growing
    // run's newest checkpoints come in they are the costliest drawing: shown at most every MAP_EVERY ms,
    // in a task of their own.
    if (!again || this.run.done) this.showPanels();
    else if (performance.now() - this.mapPainted >= MAP_EVERY) this.showPanelsSoon();
  }

  /** The panels of the checkpoint on show: the map's words, the gradients, the network, the step, the
   *  table, and (unless `map` is false) the map. */
  showPanels(map = true) {
    const at = this.index, cp = this.checkpoint, words = cp.words;
    if (map) this.drawMap(false);
    if (this.panelsAt === at) return;
    this.panelsAt = at;
    fill(this.part("table-epoch"), String(cp.epoch));
    fill(this.part("map-description"), words.map);
    fill(this.part("gradient-epoch"), String(cp.epoch));
    fill(this.part("gradient-ratio"), words.gradient_ratio);
    fill(this.part("diagram-epoch"), String(cp.epoch));
    if (this.diagramRun !== this.run) { // the network diagram's nodes and lines (network-diagram.js)
      this.diagram.setRun(this.run.data.diagram);
      this.diagramRun = this.run;
    }
    this.diagram.update(cp.epoch, this.run.data.checkpoints[at].diagram);
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
    fill(this.part("step-epoch"), String(cp.epoch)); // one training step (lesson_py.widgets.spec_steps), in order
    const steps = this.part("step-epoch").closest(".nn-tv-step").querySelectorAll("li");
    check(steps.length === words.steps.length, `the step panel has ${steps.length} rows for ${words.steps.length}`);
    words.steps.forEach((text, i) => fill(steps[i], text));
    const rows = this.part("table").tBodies[0].rows;
    check(rows.length === this.run.table.length, `the table has ${rows.length} rows for ${this.run.table.length}`);
    this.run.table.forEach((row, i) => {
      check(rows[i].dataset.point === row.name, `table row ${i} is not ${row.name}`);
      fill(rows[i].querySelector("[data-tv-cell=confidence]"), words.confidence[i]);
      fill(rows[i].querySelector("[data-tv-cell=verdict]"), cp.verdicts[row.at]);
      rows[i].dataset.verdict = cp.verdicts[row.at];
    });
    this.panelsDone();
  }

  /** showPanels() in tasks of their own, the map first (it is at the top), the panels below it in a
   *  second: asked for from an animation frame's callback, right after that frame (which shows the
   *  checkpoint's read-outs), so that no one task does more than one of the three. */
  showPanelsSoon() {
    if (this.painting) return;
    this.painting = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      if (!this.root.isConnected) return;
      if (event.data === "map") {
        this.drawMap(false);
        channel.port2.postMessage("panels");
      } else {
        this.painting = false;
        this.showPanels(false);
      }
    };
    channel.port2.postMessage("map");
  }

  drawMap(force) {
    const cp = this.checkpoint;
    if (!force && this.mapKey === cp.epoch) return;
    this.mapKey = cp.epoch;
    this.mapPainted = performance.now();
    const points = this.run.points.map((p, i) => ({ x: p.x, y: p.y, label: p.label, verdict: cp.verdicts[i], hollow: p.test }));
    this.map.update({ ...cp.grid, points, marker: null, smooth: true, small: true });
  }
}
