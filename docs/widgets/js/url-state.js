// Widget state in the URL: a shared link reopens what the reader saw.
// Keys are namespaced by the widget's id ("first-neuron.w1=1.2") so several
// widgets share one query string. Only values that differ from the defaults
// are written, so the default state keeps a clean URL.

/**
 * A state table: { key: { kind: "number", min, max, step } | { kind: "choice", values: [...] } | { kind: "integer", min, max } }.
 * `defaults` holds the starting value of every key.
 */
export function readState(id, table, defaults) {
  const params = new URLSearchParams(window.location.search);
  const state = { ...defaults };
  let linked = false;
  for (const [key, rule] of Object.entries(table)) {
    const raw = params.get(`${id}.${key}`);
    if (raw === null) continue;
    linked = true;
    const value = parse(raw, rule);
    if (value !== undefined) state[key] = value;
  }
  if (linked) reveal(id);
  return state;
}

// A link made from a widget's state opens at that widget, whatever fragment came
// with it (Material's navigation.tracking writes the last heading scrolled past).
function reveal(id) {
  const element = document.getElementById(`widget-${id}`); // build_hooks/snapshots.py's container id
  if (element) requestAnimationFrame(() => element.scrollIntoView({ block: "start" }));
}

// Writing the URL on every input event is costly (the browser revisits the page's
// favicon after each history change), so writes are coalesced: the newest state
// is written once the reader pauses for WRITE_DELAY ms.
const WRITE_DELAY = 150;
const pending = new Map(); // query key -> value, or null to delete
let timer = null;
let pendingPath = null;

export function writeState(id, table, defaults, state) {
  if (pendingPath !== null && pendingPath !== window.location.pathname) pending.clear();
  pendingPath = window.location.pathname;
  for (const key of Object.keys(table)) {
    pending.set(`${id}.${key}`, state[key] === defaults[key] ? null : String(state[key]));
  }
  clearTimeout(timer);
  timer = setTimeout(flush, WRITE_DELAY);
}

function flush() {
  timer = null;
  // After an instant navigation the pending state belongs to a page no longer shown.
  if (pendingPath !== window.location.pathname) {
    pending.clear();
    return;
  }
  const url = new URL(window.location.href);
  for (const [name, value] of pending) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  pending.clear();
  const next = url.pathname + (url.searchParams.size ? `?${url.searchParams}` : "") + url.hash;
  if (next !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(window.history.state, "", next);
  }
}

function parse(raw, rule) {
  if (rule.kind === "choice") return rule.values.includes(raw) ? raw : undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) return undefined;
  if (rule.kind === "integer" && !Number.isInteger(value)) return undefined;
  if (value < rule.min || value > rule.max) return undefined;
  return value;
}
