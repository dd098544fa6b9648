// The softmax widget: hydrates the build's snapshot (build_hooks/softmax_widget.py).
//
// Every number and sentence it shows comes from lesson_py.widgets.softmax: the build's
// for the starting scores, the worker's (python.js, call "softmax_view") after each
// change. This file only moves the score controls, asks Python and fills the answers
// in; it computes no probability itself. Until Python has answered for the scores on
// screen, the snapshot's numbers stay (the starting scores) or give way to "…".

import { PythonWidget, mountEvery } from "./python-widget.js";
import { show } from "./number-box.js";

class Softmax extends PythonWidget {
  constructor(root, info) {
    const table = Object.fromEntries(Object.keys(info.controls).map((name) => {
      const { min, max, step } = info.controls[name];
      return [name, { kind: "number", min, max, step }];
    }));
    super(root, info, { id: root.dataset.smId, table, start: { ...info.start }, callName: "softmax_view",
                        extra: { names: info.names }, what: "these scores" });
    this.names = Object.keys(info.controls);
    this.shown = this.key(this.start); // the snapshot shows the start
    this.begin();
  }

  find() {
    const q = (selector) => this.root.querySelector(selector);
    this.results = q('[data-sm="results"]');
    this.waiting = q('[data-sm="waiting"]');
    this.live = q('[data-sm="live"]');
    this.help = q('[data-sm="number-help"]');
    this.controls = this.names.map((name) => ({
      name,
      rule: this.info.controls[name],
      range: q(`[data-pg-control="${name}"]`),
      box: q(`[data-pg-box="${name}"]`),
    }));
    this.outputs = [...this.root.querySelectorAll("[data-out]")];
    this.bars = [...this.root.querySelectorAll("[data-sm-bar]")];
    this.sentences = [...this.results.querySelectorAll("[data-out]")];
  }

  hydrate() {
    q(this.root, '[data-sm="noscript"]').hidden = true;
    for (const control of this.root.querySelectorAll("input, button")) control.disabled = false;
    q(this.root, '[data-sm="controls"]').addEventListener("submit", (event) => event.preventDefault());
    // the boxes write a score as the snapshot does
    this.bindCommon(this.controls, q(this.root, '[data-sm="reset"]'), this.info.decimals);
  }

  sync() {
    for (const control of this.controls) show(control, this.state[control.name], this.info.decimals);
    this.say(this.info.numberHelp);
  }

  // --- Showing ---------------------------------------------------------------------

  showWaiting(error) {
    // The numbers give way to "…"; the sentences keep their room but are hidden.
    this.showWaitingWith(error, (element) => {
      if (this.sentences.includes(element)) return null;
      return element.dataset.out.startsWith("lead") ? "" : "…";
    });
  }

  render(view) {
    view.classes.forEach((c, i) => {
      this.bars[i].style.width = c.width;
      this.bars[i].dataset.leads = String(c.leads);
    });
    this.fillIn(view.readouts);
    this.shownNow(view.summary, "smShown"); // tests read which scores the read-outs belong to
  }
}

function q(root, selector) {
  return root.querySelector(selector);
}

mountEvery("[data-sm-root]", "softmax widget", (root, info) => { root.softmax = new Softmax(root, info); });
