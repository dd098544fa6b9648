// The Neuron Playground: hydrates the build's snapshot (build_hooks/neuron_playground.py).
//
// Every number and sentence it shows comes from lesson_py.widgets.playground: the build's
// for the starting state, the worker's (python.js, call "playground") after each
// change. This file only moves controls, asks Python and fills the answers in;
// it computes nothing of the model itself.

import { onEveryPage, widgetData } from "./mount.js";
import { readState, writeState } from "./url-state.js";
import { DecisionMap } from "./decision-map.js";
import { call, onStatus, start, statusElement, whenNeeded } from "./python.js";

const ANNOUNCE_DELAY = 600; // ms of quiet before the live region speaks, so a held arrow key is not read out step by step

class Playground {
  constructor(root, info) {
    this.root = root;
    this.info = info;
    this.id = root.dataset.pgId;
    this.mode = this.info.mode;
    this.table = stateTable(this.info);
    this.start = pick(this.info.start, this.table);
    this.views = new Map([[keyOf(this.start, this.table), this.info.view]]);
    this.sources = new Map();
    this.state = snapAll(readState(this.id, this.table, this.start), this.info.controls);
    this.shown = null;        // key of the state whose view is on screen
    this.latest = null;       // the newest state still to compute (only the newest matters)
    this.busy = false;
    this.python = { state: "idle", text: "" };
    this.announceTimer = 0;

    this.find();
    this.hydrate();
    this.sync();
    this.save();
    this.request();
  }

  // --- Finding and enabling the snapshot's parts ---------------------------------

  find() {
    const q = (selector) => this.root.querySelector(selector);
    this.results = q('[data-pg="results"]');
    this.waiting = q('[data-pg="waiting"]');
    this.live = q('[data-pg="live"]');
    this.badge = q('[data-pg="class"]');
    this.equivalent = q('[data-pg="equivalent"]');
    this.lineKey = q('[data-pg="line-key"]');
    this.details = q('[data-pg="python"]');
    this.source = q('[data-pg="source"]');
    this.reset = q('[data-pg="reset"]');
    this.help = q('[data-pg="number-help"]');
    this.select = q('[data-pg-control="activation"]');
    this.radios = [...this.root.querySelectorAll('[data-pg-control="hidden"]')];
    this.numbers = Object.keys(this.info.controls).map((name) => ({
      name,
      rule: this.info.controls[name],
      range: q(`[data-pg-control="${name}"]`),
      box: q(`[data-pg-box="${name}"]`),
    }));
    this.outputs = [...this.root.querySelectorAll("[data-out]")];
    this.rows = [...this.root.querySelectorAll("[data-pg-neuron]")];
  }

  hydrate() {
    const noscript = this.root.querySelector('[data-pg="noscript"]');
    if (noscript) noscript.hidden = true;
    for (const control of this.root.querySelectorAll("input, select, button")) control.disabled = false;
    this.root.querySelector('[data-pg="controls"]').addEventListener("submit", (event) => event.preventDefault());

    for (const { name, rule, range, box } of this.numbers) {
      range.addEventListener("input", () => {
        const value = snap(Number(range.value), rule);
        box.value = fixed(value, rule);
        box.setAttribute("aria-invalid", "false");
        box.setAttribute("aria-valuenow", String(value));
        this.set(name, value);
      });
      box.addEventListener("focus", () => this.say(rule.hint));
      box.addEventListener("input", () => this.typed(name, false));
      box.addEventListener("change", () => this.typed(name, true)); // Enter, or leaving the box
      box.addEventListener("keydown", (event) => {
        // A spinbutton: the arrow keys step the value in use, like the slider's.
        const direction = { ArrowUp: 1, ArrowDown: -1 }[event.key];
        if (!direction) return;
        event.preventDefault();
        box.value = fixed(snap(Math.min(rule.max, Math.max(rule.min, this.state[name] + direction * rule.step)), rule), rule);
        this.typed(name, true);
      });
    }
    this.select.addEventListener("change", () => {
      const chosen = this.info.activations.find((a) => a.name === this.select.value);
      // The description is lesson_py's own (from the build's data): it can change at once.
      this.root.querySelector('[data-out="description"]').textContent = chosen.description;
      this.set("activation", this.select.value);
    });
    for (const radio of this.radios) {
      radio.addEventListener("change", () => { if (radio.checked) this.set("hidden", Number(radio.value)); });
    }
    this.reset.addEventListener("click", () => {
      // Reset turns itself off (nothing left to reset): keep the keyboard in the widget.
      this.numbers[0].range.focus();
      this.state = { ...this.start };
      this.sync();
      this.save();
      this.request();
    });
    this.details.addEventListener("toggle", () => { if (this.details.open) this.loadSource(); });

    const box = this.root.querySelector('[data-pg="map"]');
    if (box) {
      const canvas = document.createElement("canvas");
      canvas.className = "nn-map nn-pg__canvas";
      canvas.setAttribute("aria-hidden", "true");
      box.replaceChildren(canvas);
      this.map = new DecisionMap(canvas);
    }

    this.waiting.before(statusElement({ idleText: "Python starts when this widget comes into view." }));
    whenNeeded(this.root);
    const unsubscribe = onStatus((s) => {
      if (!this.root.isConnected && this.python.state !== "idle") { unsubscribe(); return; }
      this.python = s;
      if (this.shown !== keyOf(this.state, this.table)) this.showWaiting();
      if (s.state === "ready" && this.latest === null && this.shown !== keyOf(this.state, this.table)) this.request();
    });
    this.sourceKey = sourceKeyOf(this.start); // the snapshot already holds the start's source
  }

  // --- Typing into a number box ------------------------------------------------------

  /**
   * Read a box by its control's rule (from the build's JSON: lesson_py.widgets.controls):
   * a number in range and on a step is used as typed; one outside is clamped onto the
   * nearest allowed value at once, and the message under the boxes says so; text that is
   * no number changes nothing and says what is allowed. On Enter or leaving the box it
   * shows the value in use.
   */
  typed(name, commit) {
    const { rule, range, box } = this.numbers.find((n) => n.name === name);
    const text = box.value.trim();
    const unfinished = /^[+-]?$/.test(text);
    if (unfinished || !new RegExp(`^(?:${rule.pattern})$`).test(text)) {
      const invalid = !unfinished || commit;
      box.setAttribute("aria-invalid", String(invalid && !commit));
      this.say(invalid ? rule.notNumber.replace("{typed}", text) : rule.hint);
      if (commit) box.value = fixed(this.state[name], rule);
      return;
    }
    const typedValue = Number(text.replace(",", "."));
    const value = snap(Math.min(rule.max, Math.max(rule.min, typedValue)), rule);
    const clamped = value !== typedValue;
    box.setAttribute("aria-invalid", String(clamped && !commit));
    this.say(clamped ? rule.clamped.replace("{value}", fixed(value, rule)) : rule.hint);
    if (commit) box.value = fixed(value, rule);
    range.value = String(value);
    box.setAttribute("aria-valuenow", String(value));
    this.set(name, value);
  }

  say(text) {
    this.help.textContent = text;
  }

  // --- State ----------------------------------------------------------------------

  set(name, value) {
    if (this.state[name] === value) return;
    this.state = { ...this.state, [name]: value };
    this.save();
    this.request();
  }

  save() {
    writeState(this.id, this.table, this.start, this.state);
    this.reset.disabled = keyOf(this.state, this.table) === keyOf(this.start, this.table);
  }

  /** Put every control at the state's value. */
  sync() {
    for (const { name, rule, range, box } of this.numbers) {
      range.value = String(this.state[name]);
      box.value = fixed(this.state[name], rule);
      box.setAttribute("aria-invalid", "false");
      box.setAttribute("aria-valuenow", String(this.state[name]));
    }
    this.say(this.info.numberHelp);
    this.select.value = this.state.activation;
    const chosen = this.info.activations.find((a) => a.name === this.state.activation);
    this.root.querySelector('[data-out="description"]').textContent = chosen.description;
    for (const radio of this.radios) radio.checked = Number(radio.value) === this.state.hidden;
  }

  // --- Asking Python --------------------------------------------------------------

  request() {
    const key = keyOf(this.state, this.table);
    const known = this.views.get(key);
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
      await start(); // wait for Python first, so that only the newest state is computed
      while (this.latest) {
        const state = this.latest;
        this.latest = null;
        const view = await call("playground", { mode: this.mode, ...state });
        const key = keyOf(state, this.table);
        this.views.set(key, view);
        if (key === keyOf(this.state, this.table)) this.render(view);
      }
    } catch (error) {
      // Python failed to start (the status line offers Retry) or refused the state.
      this.latest = null;
      this.showWaiting(error);
    } finally {
      this.busy = false;
    }
  }

  async loadSource() {
    const key = sourceKeyOf(this.state);
    if (key === this.sourceKey) return;
    const known = this.sources.get(key);
    if (known) {
      this.showSource(key, known);
      return;
    }
    this.source.setAttribute("aria-busy", "true");
    this.source.replaceChildren(paragraph("Waiting for Python to read the source…"));
    this.sourceKey = null;
    try {
      const parts = await call("playground_source", { mode: this.mode, activation: this.state.activation });
      this.sources.set(key, parts);
      if (sourceKeyOf(this.state) === key) this.showSource(key, parts);
    } catch (error) {
      this.source.replaceChildren(paragraph(`The source could not be read: ${error.message}`));
    } finally {
      this.source.removeAttribute("aria-busy");
    }
  }

  showSource(key, parts) {
    this.sourceKey = key;
    this.source.replaceChildren(...parts.flatMap((part) => {
      const name = document.createElement("p");
      name.className = "nn-pg__source-name";
      const file = document.createElement("code");
      file.textContent = part.file;
      name.append(file, ` · ${part.name}`);
      const pre = document.createElement("pre");
      pre.className = "nn-pg__source";
      const code = document.createElement("code");
      code.tabIndex = 0; // it scrolls sideways: the keyboard must reach it
      code.textContent = part.code;
      pre.append(code);
      return [name, pre];
    }));
  }

  // --- Showing --------------------------------------------------------------------

  showWaiting(error) {
    this.results.classList.add("is-waiting");
    this.results.setAttribute("aria-busy", "true");
    for (const element of this.outputs) {
      if (element.dataset.out !== "description") element.textContent = "…";
    }
    this.badge.dataset.verdict = "waiting";
    const s = this.python;
    let text;
    if (error && error.name === "PythonCallError") text = `Python could not compute these settings: ${error.message}`;
    else if (s.state === "failed") text = "Waiting for Python, which could not start: use Retry below.";
    else if (s.state === "ready") text = "Python is computing these settings…";
    else text = `Waiting for Python to compute these settings. ${s.state === "idle" ? "Starting…" : s.text}`;
    this.waiting.textContent = text;
    this.waiting.hidden = false;
  }

  render(view) {
    const readouts = view.readouts;
    for (const element of this.outputs) {
      const key = element.dataset.out;
      element.textContent = key in readouts ? readouts[key] : "";
    }
    this.badge.dataset.verdict = view.verdict;
    for (const row of this.rows) row.hidden = Number(row.dataset.pgNeuron) > view.hidden;
    if (this.equivalent) this.equivalent.hidden = !view.equivalent;
    if (this.map) this.map.update({ ...view.map, points: [] });
    if (this.lineKey) this.lineKey.hidden = !view.map.line;
    this.results.classList.remove("is-waiting");
    this.results.removeAttribute("aria-busy");
    this.waiting.hidden = true;
    this.shown = keyOf(this.state, this.table);
    this.root.dataset.pgShown = this.shown; // tests read which state the read-outs belong to
    this.announce(view.summary);
    if (this.details.open) this.loadSource();
  }

  announce(text) {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => { this.live.textContent = text; }, ANNOUNCE_DELAY);
  }
}

// --- Helpers --------------------------------------------------------------------------

/** The URL state table (url-state.js) of a playground: its numbers, activation and hidden size. */
function stateTable(info) {
  const table = {};
  for (const [name, rule] of Object.entries(info.controls)) {
    table[name] = { kind: "number", min: rule.min, max: rule.max, step: rule.step };
  }
  table.activation = { kind: "choice", values: info.activations.map((a) => a.name) };
  if (info.mode === "hidden") {
    table.hidden = { kind: "integer", min: Math.min(...info.hiddenSizes), max: Math.max(...info.hiddenSizes) };
  }
  return table;
}

function pick(state, table) {
  return Object.fromEntries(Object.keys(table).map((key) => [key, state[key]]));
}

function keyOf(state, table) {
  return Object.keys(table).map((key) => `${key}=${state[key]}`).join("&");
}

function sourceKeyOf(state) {
  return state.activation;
}

function decimals(rule) {
  return Math.max(0, -Math.floor(Math.log10(rule.step)));
}

/** A control's value on its step grid (what lesson_py.widgets.playground.on_step does too). */
function snap(value, rule) {
  return Number((Math.round(value / rule.step) * rule.step).toFixed(decimals(rule)));
}

function snapAll(state, controls) {
  const result = { ...state };
  for (const [name, rule] of Object.entries(controls)) result[name] = snap(result[name], rule);
  return result;
}

/** A control's value as its number box writes it (the value is already on its step). */
function fixed(value, rule) {
  return value.toFixed(decimals(rule));
}

function paragraph(text) {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}

/** Start one playground: its data is the JSON file the build wrote (the container's data-src). */
async function mount(root) {
  const info = await widgetData(root.closest("[data-src]") || root);
  root.playground = new Playground(root, info);
}

onEveryPage("[data-pg-root]", (root) => {
  mount(root).catch((error) => {
    root.dataset.mounted = "failed";
    console.error(`could not start the playground ${root.dataset.pgId}:`, error);
  });
});
