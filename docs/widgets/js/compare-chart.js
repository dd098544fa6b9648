// Several runs of one training-visualizer block, compared (a block with `compare:`,
// lesson_py.widgets.compare): the compare chart draws every run's training loss on
// one chart, the run shown strong and its epoch marked; a radio group picks the run
// shown, whose view below is a run of the block's own (spec-visualizer.js). The
// build drew the chart and the first run (build_hooks/compare_view.py); every word
// comes from the build's JSON. The URL holds the run shown and its epoch.

import { readState, writeState } from "./url-state.js";
import { LineChart } from "./line-chart.js";
import { loadSpecRun } from "./training-runs.js";
import { check } from "./scrubbed-widget.js";
import { SpecVisualizer } from "./spec-visualizer.js";

export class CompareRuns {
  constructor(root, data, version) {
    check(data.kind === "compare" && Array.isArray(data.runs) && data.runs.length >= 2, "a compare block needs 2 runs or more");
    check(Array.isArray(data.labels) && data.labels.length === data.runs.length, "a name for each compared run");
    this.root = root;
    this.options = JSON.parse(root.dataset.options || "{}");
    this.id = this.options.id;
    this.runs = data.runs.map((run) => loadSpecRun({ ...run, schema: data.schema, version: data.version, grid: data.grid }, version));
    check(this.runs.every((run) => run.epochs === this.runs[0].epochs), "compared runs train for the same epochs");
    const svg = root.querySelector('[data-cmp="chart"]');
    check(svg, 'the markup has no [data-cmp="chart"]');
    const box = svg.viewBox.baseVal; // the build's chart size (compare_view.py WIDTH, HEIGHT)
    this.chart = new LineChart(svg, { width: box.width, height: box.height, yFormat: (v) => v.toFixed(1) });
    this.series = this.runs.map((run) => run.chart().values); // each over the planned epochs, null after a divergence
    const key = data.run_key;
    this.key = key;
    this.table = { [key]: { kind: "integer", min: 1, max: this.runs.length }, epoch: { kind: "integer", min: 0, max: this.runs[0].epochs } };
    const first = this.runs[0];
    this.defaults = { [key]: 1, epoch: first.epochOf(first.indexOf(this.options.epoch || 0)) };
    const state = readState(this.id, this.table, this.defaults);
    this.shown = state[key] - 1;
    this.radios = [...root.querySelectorAll('[data-cmp="run"]')];
    check(this.radios.length === this.runs.length, `${this.radios.length} radio buttons for ${this.runs.length} runs`);
    const view = root.querySelector('[data-cmp="view"]');
    check(view, 'the markup has no [data-cmp="view"]');
    this.view = new SpecVisualizer(root, this.runs[this.shown], { scope: view, onSeek: () => this.seeked() });
    this.view.show(this.runs[this.shown].indexOf(state.epoch));
    this.radios.forEach((radio, i) => {
      radio.disabled = false;
      radio.checked = i === this.shown;
      radio.addEventListener("change", () => { if (radio.checked) this.pick(i); });
    });
    this.draw();
  }

  /** The epoch shown: the shown run's checkpoint's. */
  epoch() {
    return this.view.checkpoint.epoch;
  }

  /** Show run `index` at the epoch shown now (its checkpoint at or before it). */
  pick(index) {
    const epoch = this.epoch();
    this.view.stop();
    this.shown = index;
    this.view.setRun(this.runs[index]);
    this.view.show(this.runs[index].indexOf(epoch));
    this.seeked();
  }

  /** The reader moved (another run or another epoch): redraw the chart, keep it in the URL. */
  seeked() {
    this.draw();
    writeState(this.id, this.table, this.defaults, { [this.key]: this.shown + 1, epoch: this.epoch() });
  }

  draw() {
    this.chart.update({ series: this.series, shown: this.shown, current: this.epoch() });
    this.root.querySelectorAll("[data-cmp-run]").forEach((item) => {
      item.classList.toggle("nn-cmp-legend--shown", Number(item.dataset.cmpRun) === this.shown);
    });
  }
}
