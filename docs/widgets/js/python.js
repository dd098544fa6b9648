// The widgets' way to the lesson's Python: one module Web Worker per tab, shared by
// every widget and kept across Material's instant navigation (this module is
// evaluated once per tab, so its state lives as long as the tab).
//
//   import { call, whenNeeded, statusElement } from "./python.js";
//   box.append(statusElement());                 // progress in words, and a Retry button
//   whenNeeded(box);                             // start Python once the widget is in view
//   const out = await call("fire", {inputs: [0.9, 0.3], weights: [1.2, -0.8], bias: -0.15});
//   out.z;                                       // 0.6900000000000001, from lesson_py.fire
//
// Every call names a function of lesson_py.widgets.calls (see that module for the
// arguments); results are plain JSON data. Nothing blocks the main thread.

const PYODIDE_VERSION = "314.0.7"; // build_hooks/runtime.py places the runtime under this version
const INDEX_URL = new URL(`../../assets/pyodide/${PYODIDE_VERSION}/`, import.meta.url).href;
const WORKER_URL = new URL("./python-worker.js", import.meta.url).href;

const STAGES = {
  idle: "Python starts when you use this widget.",
  download: "Downloading the Python runtime…",
  start: "Starting Python…",
  package: "Loading lesson_py…",
  ready: "Python ready",
};

const REASONS = {
  offline: "Could not download the Python runtime: the network or the site cannot be reached.",
  blocked: "This browser does not allow WebAssembly here, which the Python runtime needs.",
  memory: "The browser ran out of memory while starting Python. Closing other tabs may help.",
  package: "The lesson's Python code (lesson_py) could not be loaded or failed its integrity check.",
  worker: "This browser could not start the background worker that runs Python.",
  crashed: "Python stopped unexpectedly.",
  other: "Python could not start.",
};

// The one connection of this tab. Everything below reads or changes only this.
const connection = {
  worker: null,
  ready: null,      // Promise<void> of the current start, or null before the first
  settle: null,     // {resolve, reject} of that promise
  pending: new Map(), // call id -> {resolve, reject}
  nextId: 1,
  status: { state: "idle", stage: "idle", text: STAGES.idle, bytes: 0, reason: null, detail: null },
  listeners: new Set(),
};

/** Start Python now (once): resolves when it is ready, rejects with a readable Error on failure. */
export function start() {
  if (connection.ready) return connection.ready;
  connection.ready = new Promise((resolve, reject) => { connection.settle = { resolve, reject }; });
  connection.ready.catch(() => {}); // a failure is reported through the status too
  setStatus({ state: "loading", stage: "download", bytes: 0, reason: null, detail: null });
  let worker;
  try {
    worker = new Worker(WORKER_URL, { type: "module", name: "lesson-python" });
  } catch (error) {
    fail("worker", String(error && error.message || error));
    return connection.ready;
  }
  connection.worker = worker;
  worker.onmessage = (event) => receive(worker, event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    if (worker !== connection.worker) return;
    const crashed = connection.status.state === "ready";
    fail(crashed ? "crashed" : "worker", event.message || "the worker script could not run");
  };
  worker.postMessage({ type: "start", indexURL: INDEX_URL });
  return connection.ready;
}

/** Run lesson_py.widgets.calls' `name` on `args` (a plain object); starts Python if needed. */
export async function call(name, args = {}) {
  await start();
  const worker = connection.worker;
  if (!worker) throw new Error(REASONS.crashed);
  const id = connection.nextId++;
  const text = JSON.stringify(args);
  return new Promise((resolve, reject) => {
    connection.pending.set(id, { resolve, reject });
    worker.postMessage({ type: "call", id, name, args: text });
  });
}

/** Start Python once `element` scrolls into view (or right away without IntersectionObserver).
 *  Returns a function that stops watching. */
export function whenNeeded(element) {
  if (connection.ready) return () => {};
  if (typeof IntersectionObserver !== "function") { start(); return () => {}; }
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) { observer.disconnect(); start(); }
  }, { rootMargin: "200px" });
  observer.observe(element);
  return () => observer.disconnect();
}

/** After a failure: throw the broken worker away and start again. */
export function retry() {
  if (connection.status.state !== "failed") return start();
  connection.ready = null;
  return start();
}

/** The current status: {state: idle|loading|ready|failed, stage, text, bytes, reason, detail}. */
export function status() {
  return { ...connection.status };
}

/** Call `listener(status)` now and on every change; returns a function that unsubscribes. */
export function onStatus(listener) {
  connection.listeners.add(listener);
  listener(status());
  return () => connection.listeners.delete(listener);
}

/** A status line for a widget: progress in words (aria-live polite) and a Retry button on failure.
 *  It follows the shared status until it is removed from the page. */
export function statusElement({ idleText = STAGES.idle } = {}) {
  const box = document.createElement("div");
  box.className = "nn-python-status";
  const text = document.createElement("span");
  text.className = "nn-python-status__text";
  text.setAttribute("role", "status");
  text.setAttribute("aria-live", "polite");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button nn-python-status__retry";
  button.textContent = "Retry";
  button.hidden = true;
  button.addEventListener("click", () => { retry(); });
  box.append(text, button);
  let seen = false;
  const show = (s) => {
    if (show.gone()) { unsubscribe(); return; } // its page was left
    box.dataset.state = s.state;
    text.textContent = s.state === "idle" ? idleText : s.text;
    button.hidden = s.state !== "failed";
  };
  show.gone = () => {
    seen = seen || box.isConnected;
    return seen && !box.isConnected;
  };
  forgetDetached();
  const unsubscribe = onStatus(show);
  return box;
}

// --- Helpers -------------------------------------------------------------------

function receive(worker, message) {
  if (worker !== connection.worker) return; // a message from a worker we gave up on
  if (message.type === "progress") {
    setStatus({ state: "loading", stage: message.stage, bytes: message.bytes || 0 });
  } else if (message.type === "ready") {
    setStatus({ state: "ready", stage: "ready", version: message.version });
    connection.settle.resolve();
  } else if (message.type === "failed") {
    fail(message.reason, message.detail);
  } else if (message.type === "answer") {
    const waiting = connection.pending.get(message.id);
    connection.pending.delete(message.id);
    if (!waiting) return;
    if ("error" in message) waiting.reject(new PythonCallError(message.error));
    else waiting.resolve(message.result);
  }
}

function fail(reason, detail) {
  const worker = connection.worker;
  connection.worker = null;
  if (worker) worker.terminate();
  const error = new Error(`${REASONS[reason] || REASONS.other} (${detail})`);
  error.reason = reason;
  setStatus({ state: "failed", stage: "failed", reason, detail });
  for (const waiting of connection.pending.values()) waiting.reject(error);
  connection.pending.clear();
  connection.settle.reject(error); // no effect if it had started: then the next line tells callers
  connection.ready = Promise.reject(error);
  connection.ready.catch(() => {});
}

function setStatus(change) {
  const next = { ...connection.status, ...change };
  next.text = textFor(next);
  connection.status = next;
  for (const listener of [...connection.listeners]) listener(status());
}

function textFor(s) {
  if (s.state === "failed") return `${REASONS[s.reason] || REASONS.other} Press Retry to try again.`;
  const words = STAGES[s.stage] || STAGES.idle;
  if (s.stage === "download" && s.bytes > 0) return `${words} ${(s.bytes / 1e6).toFixed(1)} MB so far`;
  return words;
}

// Status elements of pages left by instant navigation would stay subscribed until
// the next change of status, which may never come: drop them as new ones appear.
function forgetDetached() {
  for (const listener of [...connection.listeners]) {
    if (listener.gone && listener.gone()) connection.listeners.delete(listener);
  }
}

/** A call that reached lesson_py but was refused (unknown name, bad argument). */
export class PythonCallError extends Error {
  constructor(message) {
    super(message);
    this.name = "PythonCallError";
  }
}

// Handy in the browser console and for tests: the same functions as the imports.
export const python = { start, call, whenNeeded, retry, status, onStatus, statusElement, version: PYODIDE_VERSION };
globalThis.nnLessonPython = python;
