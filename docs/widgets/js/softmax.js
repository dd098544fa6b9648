// The softmax widget: hydrates the build's snapshot (build_hooks/softmax_widget.py).
//
// Every number and sentence it shows comes from lesson_py.widgets.softmax: the build's
// for the starting scores, the worker's (python.js, call "softmax_view") after each
// change. This file only moves the score controls, asks Python and fills the answers
// in; it computes no probability itself. Until Python has answered for the scores on
// screen, the snapshot's numbers stay (the starting scores) or give way to "…".

import { onEveryPage, widgetData } from "./mount.js";
import { readState, writeState } from "./url-state.js";
import { call, onStatus, start, statusElement, whenNeeded } from "./python.js";
import { NewestView, bindNumber, show, snap } from "./number-box.js";

const ANNOUNCE_DELAY = 600; // ms of quiet before the live region speaks (a held arrow key is not read out step by step)

class Softmax {
  constructor(root, info) {
    this.root = root;
    this.info = info;
    this.id = root.dataset.smId;
    this.names = Object.keys(info.controls);
    this.table = Object.fromEntries(this.names.map((name) => {
      const { min, max, step } = info.controls[name];
      return [name, { kind: "number", min, max, step }];
    }));
    this.start = { ...info.start };
    const linked = readState(this.id, this.table, this.start);
    this.state = Object.fromEntries(this.names.map((name) => [name, snap(linked[name], info.controls[name])]));
    this.shown = this.key(this.start); // the snapshot shows the start
    this.views = new NewestView({
      compute: (state) => call("softmax_view", { ...state, names: this.info.names }),
      key: (state) => this.key(state),
      current: () => this.state,
      start,
      shown: (view) => this.render(view),
      waiting: (error) => this.showWaiting(error),
      ready: [[this.key(this.start), info.view]],
    });
    this.python = { state: "idle", text: "" };
    this.announceTimer = 0;

    this.find();
    this.hydrate();
    this.sync();
    this.save();
    this.request();
  }

  find() {
    const q = (selector) => this.root.querySelector(selector);
    this.results = q('[data-sm="results"]');
    this.waiting = q('[data-sm="waiting"]');
    this.live = q('[data-sm="live"]');
    this.help = q('[data-sm="number-help"]');
    this.resetButton = q('[data-sm="reset"]');
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
    for (const control of this.controls) {
      bindNumber(control, control.rule, {
        current: () => this.state[control.name],
        set: (value) => this.set(control.name, value),
        say: (text) => this.say(text),
        places: this.info.decimals, // the boxes write a score as the snapshot does
      });
    }
    this.resetButton.addEventListener("click", () => {
      this.controls[0].range.focus(); // Reset turns itself off: keep the keyboard in the widget
      this.state = { ...this.start };
      this.sync();
      this.save();
      this.request();
    });
    this.waiting.before(statusElement({ idleText: "Python starts when this widget comes into view." }));
    whenNeeded(this.root);
    const unsubscribe = onStatus((s) => {
      if (!this.root.isConnected && this.python.state !== "idle") { unsubscribe(); return; }
      this.python = s;
      const behind = this.shown !== this.key(this.state);
      if (behind) this.showWaiting();
      if (s.state === "ready" && behind && this.views.idle) this.request();
    });
  }

  say(text) {
    this.help.textContent = text;
  }

  // --- State ---------------------------------------------------------------------

  key(state) {
    return this.names.map((name) => `${name}=${state[name]}`).join("&");
  }

  set(name, value) {
    if (this.state[name] === value) return;
    this.state = { ...this.state, [name]: value };
    this.save();
    this.request();
  }

  save() {
    writeState(this.id, this.table, this.start, this.state);
    this.resetButton.disabled = this.key(this.state) === this.key(this.start);
  }

  sync() {
    for (const control of this.controls) show(control, this.state[control.name], this.info.decimals);
    this.say(this.info.numberHelp);
  }

  // --- Asking Python ---------------------------------------------------------------

  request() {
    this.views.ask(this.state);
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
    const s = this.python;
    let text;
    if (error && error.name === "PythonCallError") text = `Python could not compute these scores: ${error.message}`;
    else if (s.state === "failed") text = "Waiting for Python, which could not start: use Retry below.";
    else if (s.state === "ready") text = "Python is computing these scores…";
    else text = `Waiting for Python to compute these scores. ${s.state === "idle" ? "Starting…" : s.text}`;
    this.waiting.textContent = text;
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
    this.shown = this.key(this.state);
    this.root.dataset.smShown = this.shown; // tests read which scores the read-outs belong to
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => { this.live.textContent = view.summary; }, ANNOUNCE_DELAY);
  }
}

function q(root, selector) {
  return root.querySelector(selector);
}

async function mount(root) {
  const info = await widgetData(root.closest("[data-src]") || root);
  root.softmax = new Softmax(root, info);
}

onEveryPage("[data-sm-root]", (root) => {
  mount(root).catch((error) => {
    root.dataset.mounted = "failed";
    console.error(`could not start the softmax widget ${root.dataset.smId}:`, error);
  });
});
