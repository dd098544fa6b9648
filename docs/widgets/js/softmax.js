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
    this.results.classList.add("is-waiting");
    this.root.classList.add("is-waiting");
    this.results.setAttribute("aria-busy", "true");
    // The numbers give way to "…"; the sentences keep their room (so nothing below moves) but are
    // hidden, from the eye and from screen readers, until Python has worded the scores on screen.
    for (const element of this.outputs) {
      const key = element.dataset.out;
      if (this.sentences.includes(element)) element.setAttribute("aria-hidden", "true");
      else element.textContent = key.startsWith("lead") ? "" : "…";
    }
    this.waiting.textContent = this.waitingText(error);
    this.waiting.hidden = false;
  }

  render(view) {
    for (const element of this.outputs) {
      const key = element.dataset.out;
      element.textContent = key in view.readouts ? view.readouts[key] : "";
      element.removeAttribute("aria-hidden");
    }
    view.classes.forEach((c, i) => {
      this.bars[i].style.width = c.width;
      this.bars[i].dataset.leads = String(c.leads);
    });
    this.results.classList.remove("is-waiting");
    this.root.classList.remove("is-waiting");
    this.results.removeAttribute("aria-busy");
    this.waiting.hidden = true;
    this.shownNow(view.summary, "smShown"); // tests read which scores the read-outs belong to
  }
}

function q(root, selector) {
  return root.querySelector(selector);
}

mountEvery("[data-sm-root]", "softmax widget", (root, info) => { root.softmax = new Softmax(root, info); });
