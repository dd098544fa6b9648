// What the widgets whose read-outs Python computes from a few numbers share (the
// Neuron Playground, Softmax): their state (from the URL, kept in it, Reset), their
// number controls, asking Python for the newest state only (number-box.js
// NewestView), saying what they wait for, and the live region. A subclass finds its
// parts, draws a view and says what it computes ("these settings").

import { onEveryPage, widgetData } from "./mount.js";
import { readState, writeState } from "./url-state.js";
import { call, onStatus, start, statusElement, whenNeeded } from "./python.js";
import { NewestView, bindNumber, snap } from "./number-box.js";

const ANNOUNCE_DELAY = 600; // ms of quiet before the live region speaks (a held arrow key is not read out step by step)

/** Every number of `state` inside its control's range and on its step grid. */
function snapAll(state, controls) {
  const result = { ...state };
  for (const [name, rule] of Object.entries(controls)) result[name] = snap(result[name], rule);
  return result;
}

export class PythonWidget {
  /** `info` is the build's JSON (controls, start, view, numberHelp); `table` the URL state table
   *  (url-state.js) over `start`; `callName` the worker call that computes a view from
   *  {...extra, ...state}; `what` names what it computes, for the waiting line ("these settings"). */
  constructor(root, info, { id, table, start: first, callName, extra = {}, what }) {
    Object.assign(this, { root, info, id, table, what });
    this.start = first;
    this.state = snapAll(readState(id, table, first), info.controls);
    this.shown = null; // the key of the state whose view is on screen
    this.views = new NewestView({
      compute: (state) => call(callName, { ...extra, ...state }),
      key: (state) => this.key(state),
      current: () => this.state,
      start,
      shown: (view) => this.render(view),
      waiting: (error) => this.showWaiting(error),
      ready: [[this.key(first), info.view]],
    });
    this.python = { state: "idle", text: "" };
    this.announceTimer = 0;
  }

  /** Enable the snapshot's parts, then show the state (the URL's, or the start). */
  begin() {
    this.find();
    this.hydrate();
    this.sync();
    this.save();
    this.request();
  }

  key(state) {
    return Object.keys(this.table).map((name) => `${name}=${state[name]}`).join("&");
  }

  /** The number controls ({name, rule, range, box}), the Reset button and the Python status line. */
  bindCommon(numbers, resetButton, places) {
    this.resetButton = resetButton;
    for (const control of numbers) {
      bindNumber(control, control.rule, {
        current: () => this.state[control.name],
        set: (value) => this.set(control.name, value),
        say: (text) => this.say(text),
        ...(places === undefined ? {} : { places }),
      });
    }
    resetButton.addEventListener("click", () => {
      numbers[0].range.focus(); // Reset turns itself off (nothing left to reset): keep the keyboard in the widget
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

  request() {
    this.views.ask(this.state);
  }

  /** The waiting line: why the read-outs are not this state's yet. */
  waitingText(error) {
    const s = this.python;
    if (error && error.name === "PythonCallError") return `Python could not compute ${this.what}: ${error.message}`;
    if (s.state === "failed") return "Waiting for Python, which could not start: use Retry below.";
    if (s.state === "ready") return `Python is computing ${this.what}…`;
    return `Waiting for Python to compute ${this.what}. ${s.state === "idle" ? "Starting…" : s.text}`;
  }

  /** The read-outs give way while Python works: `blank(element)` is what an output shows meanwhile,
   *  or null to keep its room but hide it, from the eye and from screen readers, until Python has
   *  answered (so nothing below moves). */
  showWaitingWith(error, blank) {
    this.results.classList.add("is-waiting");
    this.root.classList.add("is-waiting");
    this.results.setAttribute("aria-busy", "true");
    for (const element of this.outputs) {
      const text = blank(element);
      if (text === null) element.setAttribute("aria-hidden", "true");
      else element.textContent = text;
    }
    this.waiting.textContent = this.waitingText(error);
    this.waiting.hidden = false;
  }

  /** Python's read-outs in place (an output the view does not name is emptied); no longer waiting. */
  fillIn(readouts) {
    for (const element of this.outputs) {
      const key = element.dataset.out;
      element.textContent = key in readouts ? readouts[key] : "";
      element.removeAttribute("aria-hidden");
    }
    this.results.classList.remove("is-waiting");
    this.root.classList.remove("is-waiting");
    this.results.removeAttribute("aria-busy");
    this.waiting.hidden = true;
  }

  /** A view is on screen: mark whose it is (tests read it from `attribute`) and speak its summary. */
  shownNow(summary, attribute) {
    this.shown = this.key(this.state);
    this.root.dataset[attribute] = this.shown;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => { this.live.textContent = summary; }, ANNOUNCE_DELAY);
  }
}

/** Mount `make(root, info)` on every element matching `selector` on each page; its data is the JSON
 *  the build wrote (the nearest container's data-src). */
export function mountEvery(selector, name, make) {
  onEveryPage(selector, (root) => {
    widgetData(root.closest("[data-src]") || root).then((info) => make(root, info)).catch((error) => {
      root.dataset.mounted = "failed";
      console.error(`could not start the ${name} ${root.id || ""}:`, error);
    });
  });
}
