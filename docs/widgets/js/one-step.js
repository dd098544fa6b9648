// The one-step widget: hydrates the build's snapshot (build_hooks/one_step_widget.py).
//
// Every number and sentence it shows comes from lesson_py.widgets.one_step: the build's
// for the block's label and rate, the worker's (python.js, call "one_step_view") after each
// change. This file only moves the label and rate controls, asks Python and fills the
// answers in; it computes no gradient itself. Until Python has answered for the label and
// rate on screen, the snapshot's numbers stay (the start) or give way to "…".

import { PythonWidget, mountEvery } from "./python-widget.js";
import { show } from "./number-box.js";

const NEURON = ["x1", "x2", "w1", "w2", "b"]; // the block's starting neuron, sent with every state

class OneStep extends PythonWidget {
  constructor(root, info) {
    const { min, max, step } = info.controls.rate;
    const table = {
      label: { kind: "integer", min: Math.min(...info.labels.map((l) => l.value)),
               max: Math.max(...info.labels.map((l) => l.value)) },
      rate: { kind: "number", min, max, step },
    };
    const neuron = Object.fromEntries(NEURON.map((name) => [name, info.start[name]]));
    super(root, info, { id: root.dataset.osId, table, start: { label: info.start.label, rate: info.start.rate },
                        callName: "one_step_view", extra: neuron, what: "this step" });
    this.shown = this.key(this.start); // the snapshot shows the start
    this.begin();
  }

  find() {
    const q = (selector) => this.root.querySelector(selector);
    this.results = q('[data-os="results"]');
    this.waiting = q('[data-os="waiting"]');
    this.live = q('[data-os="live"]');
    this.help = q('[data-os="number-help"]');
    this.rate = { name: "rate", rule: this.info.controls.rate, range: q('[data-pg-control="rate"]'),
                  box: q('[data-pg-box="rate"]') };
    this.radios = [...this.root.querySelectorAll('[data-os-control="label"]')];
    this.outputs = [...this.results.querySelectorAll("[data-out]")];
    this.numbers = this.outputs.filter((e) => ["z", "a", "loss", "z-after", "a-after", "loss-after", "old-w1",
      "old-w2", "old-b", "new-w1", "new-w2", "new-b"].includes(e.dataset.out));
  }

  hydrate() {
    this.root.querySelector('[data-os="noscript"]').hidden = true;
    for (const control of this.root.querySelectorAll("input, button")) control.disabled = false;
    this.root.querySelector('[data-os="controls"]').addEventListener("submit", (event) => event.preventDefault());
    for (const radio of this.radios) {
      radio.addEventListener("change", () => { if (radio.checked) this.set("label", Number(radio.value)); });
    }
    this.bindCommon([this.rate], this.root.querySelector('[data-os="reset"]'), this.info.decimals);
  }

  sync() {
    show(this.rate, this.state.rate, this.info.decimals);
    for (const radio of this.radios) radio.checked = Number(radio.value) === this.state.label;
    this.say(this.info.numberHelp);
  }

  // --- Showing ---------------------------------------------------------------------

  showWaiting(error) {
    // The numbers give way to "…"; the workings keep their room but are hidden.
    this.showWaitingWith(error, (element) => (this.numbers.includes(element) ? "…" : null));
  }

  render(view) {
    this.fillIn(view.readouts);
    this.shownNow(view.summary, "osShown"); // tests read which label and rate the read-outs belong to
  }
}

mountEvery("[data-os-root]", "one-step widget", (root, info) => { root.oneStep = new OneStep(root, info); });
