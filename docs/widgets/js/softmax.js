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
    this.views = new Map([[this.key(this.start), info.view]]);
    const linked = readState(this.id, this.table, this.start);
    this.state = Object.fromEntries(this.names.map((name) => [name, this.snap(name, linked[name])]));
    this.shown = this.key(this.start); // the snapshot shows the start
    this.latest = null;
    this.busy = false;
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
    for (const { name, rule, range, box } of this.controls) {
      range.addEventListener("input", () => {
        const value = this.snap(name, Number(range.value));
        this.showValue(name, value);
        this.set(name, value);
      });
      box.addEventListener("focus", () => this.say(rule.hint));
      box.addEventListener("input", () => this.typed(name, false));
      box.addEventListener("change", () => this.typed(name, true)); // Enter, or leaving the box
      box.addEventListener("keydown", (event) => {
        // A spinbutton: the arrow keys step the score in use, like the slider's.
        const direction = { ArrowUp: 1, ArrowDown: -1 }[event.key];
        if (!direction) return;
        event.preventDefault();
        box.value = this.fixed(this.state[name] + direction * rule.step);
        this.typed(name, true);
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
      if (s.state === "ready" && behind && this.latest === null) this.request();
    });
  }

  // --- Typing into a box: the rule and the words are lesson_py.widgets.controls' (the build's JSON) ---

  typed(name, commit) {
    const { rule, box } = this.controls.find((c) => c.name === name);
    const text = box.value.trim();
    const unfinished = /^[+-]?$/.test(text);
    if (unfinished || !new RegExp(`^(?:${rule.pattern})$`).test(text)) {
      box.setAttribute("aria-invalid", String(!unfinished && !commit));
      this.say(unfinished && !commit ? rule.hint : rule.notNumber.replace("{typed}", text));
      if (commit) box.value = this.fixed(this.state[name]);
      return;
    }
    const wanted = Number(text.replace(",", "."));
    const value = this.snap(name, wanted);
    const moved = value !== wanted;
    this.say(moved ? rule.clamped.replace("{value}", this.fixed(value)) : rule.hint);
    this.showValue(name, value, commit);
    box.setAttribute("aria-invalid", String(moved && !commit));
    this.set(name, value);
  }

  say(text) {
    this.help.textContent = text;
  }

  /** A score within its range and on its step (what lesson_py's Control.accept allows). */
  snap(name, value) {
    const { min, max, step } = this.info.controls[name];
    const inside = Math.min(max, Math.max(min, value));
    return Number((Math.round(inside / step) * step).toFixed(this.info.decimals));
  }

  /** A score as the boxes write it: the decimals of the build's JSON (lesson_py's DECIMALS). */
  fixed(value) {
    return value.toFixed(this.info.decimals);
  }

  showValue(name, value, box = true) {
    const control = this.controls.find((c) => c.name === name);
    control.range.value = String(value);
    if (box) control.box.value = this.fixed(value);
    control.box.setAttribute("aria-valuenow", String(value));
    control.box.setAttribute("aria-invalid", "false");
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
    for (const { name } of this.controls) this.showValue(name, this.state[name]);
    this.say(this.info.numberHelp);
  }

  // --- Asking Python ---------------------------------------------------------------

  request() {
    const known = this.views.get(this.key(this.state));
    if (known) {
      this.latest = null;
      this.render(known);
      return;
    }
    this.latest = { ...this.state };
    this.showWaiting();
    if (!this.busy) this.drain();
  }

  async drain() {
    this.busy = true;
    try {
      await start(); // wait for Python first, so that only the newest scores are computed
      while (this.latest) {
        const state = this.latest;
        this.latest = null;
        const view = await call("softmax_view", { ...state, names: this.info.names });
        this.views.set(this.key(state), view);
        if (this.key(state) === this.key(this.state)) this.render(view);
      }
    } catch (error) {
      this.latest = null; // Python failed to start (the status line offers Retry) or refused the scores
      this.showWaiting(error);
    } finally {
      this.busy = false;
    }
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
