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
  for (const [key, rule] of Object.entries(table)) {
    const raw = params.get(`${id}.${key}`);
    if (raw === null) continue;
    const value = parse(raw, rule);
    if (value !== undefined) state[key] = value;
  }
  return state;
}

export function writeState(id, table, defaults, state) {
  const url = new URL(window.location.href);
  for (const key of Object.keys(table)) {
    const name = `${id}.${key}`;
    if (state[key] === defaults[key]) url.searchParams.delete(name);
    else url.searchParams.set(name, String(state[key]));
  }
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
