// The Neuron Playground: hydrates the build's snapshot (build_hooks/neuron_playground.py).
//
// Every number and sentence it shows comes from lesson_py.widgets.playground: the build's
// for the starting state, the worker's (python.js, call "playground") after each
// change. This file only moves controls, asks Python and fills the answers in;
// it computes nothing of the model itself.

import { DecisionMap } from "./decision-map.js";
import { call } from "./python.js";
import { decimals, show } from "./number-box.js";
import { PythonWidget, mountEvery } from "./python-widget.js";

class Playground extends PythonWidget {
  constructor(root, info) {
    const table = stateTable(info);
    super(root, info, { id: root.dataset.pgId, table, start: pick(info.start, table), callName: "playground",
                        extra: { mode: info.mode }, what: "these settings" });
    this.mode = this.info.mode;
    this.sources = new Map();
    this.begin();
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

    this.bindCommon(this.numbers, this.root.querySelector('[data-pg="reset"]'));
    this.select.addEventListener("change", () => {
      const chosen = this.info.activations.find((a) => a.name === this.select.value);
      // The description is lesson_py's own (from the build's data): it can change at once.
      this.root.querySelector('[data-out="description"]').textContent = chosen.description;
      this.set("activation", this.select.value);
    });
    for (const radio of this.radios) {
      radio.addEventListener("change", () => { if (radio.checked) this.set("hidden", Number(radio.value)); });
    }
    this.details.addEventListener("toggle", () => { if (this.details.open) this.loadSource(); });

    const box = this.root.querySelector('[data-pg="map"]');
    if (box) {
      const canvas = document.createElement("canvas");
      canvas.className = "nn-map nn-pg__canvas";
      canvas.setAttribute("aria-hidden", "true");
      box.replaceChildren(canvas);
      this.map = new DecisionMap(canvas);
    }

    this.sourceKey = sourceKeyOf(this.start); // the snapshot already holds the start's source
  }

  /** Put every control at the state's value. */
  sync() {
    for (const control of this.numbers) show(control, this.state[control.name], decimals(control.rule));
    this.say(this.info.numberHelp);
    this.select.value = this.state.activation;
    const chosen = this.info.activations.find((a) => a.name === this.state.activation);
    this.root.querySelector('[data-out="description"]').textContent = chosen.description;
    for (const radio of this.radios) radio.checked = Number(radio.value) === this.state.hidden;
  }

  // --- Asking Python --------------------------------------------------------------

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
    // The numbers give way to "…"; the activation's description stays (it is the build's).
    this.showWaitingWith(error, (element) => (element.dataset.out === "description" ? element.textContent : "…"));
    this.badge.dataset.verdict = "waiting";
  }

  render(view) {
    this.badge.dataset.verdict = view.verdict;
    for (const row of this.rows) row.hidden = Number(row.dataset.pgNeuron) > view.hidden;
    if (this.equivalent) this.equivalent.hidden = !view.equivalent;
    if (this.map) this.map.update({ ...view.map, points: [] });
    if (this.lineKey) this.lineKey.hidden = !view.map.line;
    this.fillIn(view.readouts);
    this.shownNow(view.summary, "pgShown"); // tests read which state the read-outs belong to
    if (this.details.open) this.loadSource();
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

function sourceKeyOf(state) {
  return state.activation;
}

function paragraph(text) {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}

mountEvery("[data-pg-root]", "playground", (root, info) => { root.playground = new Playground(root, info); });
