// A slider and its number box, kept to one control's rule from the build's JSON
// (lesson_py.widgets.controls: min, max, step, pattern, hint, notNumber, clamped), and
// asking Python for the newest state only. Shared by the widgets whose read-outs
// Python computes from a few numbers (the Neuron Playground, Softmax).

/** Decimals of a rule's step (0.05 -> 2). */
export function decimals(rule) {
  return Math.max(0, -Math.floor(Math.log10(rule.step)));
}

/** A value inside the rule's range and on its step grid (what lesson_py's Control.accept allows). */
export function snap(value, rule) {
  const inside = Math.min(rule.max, Math.max(rule.min, value));
  return Number((Math.round(inside / rule.step) * rule.step).toFixed(decimals(rule)));
}

/** A value as the number box (and the snapshot) writes it. */
export function fixed(value, places) {
  return value.toFixed(places);
}

/** Put a control's slider and box at `value` (the box too unless `box` is false). */
export function show({ range, box }, value, places, { writeBox = true } = {}) {
  range.value = String(value);
  if (writeBox) box.value = fixed(value, places);
  box.setAttribute("aria-valuenow", String(value));
  box.setAttribute("aria-invalid", "false");
}

/**
 * Wire a slider and its box. `current()` is the value in use, `set(value)` uses a new one,
 * `say(text)` writes the message under the boxes. A typed number in range and on a step is
 * used as typed; one outside is clamped onto the nearest allowed value at once and the message
 * says so; text that is no number changes nothing and says what is allowed. Enter, or leaving
 * the box, shows the value in use. The arrow keys step the box like the slider.
 */
export function bindNumber(control, rule, { current, set, say, places = decimals(rule) }) {
  const { range, box } = control;
  range.addEventListener("input", () => {
    const value = snap(Number(range.value), rule);
    show(control, value, places);
    set(value);
  });
  const typed = (commit) => {
    const text = box.value.trim();
    const unfinished = /^[+-]?$/.test(text);
    if (unfinished || !new RegExp(`^(?:${rule.pattern})$`).test(text)) {
      const invalid = !unfinished || commit;
      box.setAttribute("aria-invalid", String(invalid && !commit));
      say(invalid ? rule.notNumber.replace("{typed}", text) : rule.hint);
      if (commit) box.value = fixed(current(), places);
      return;
    }
    const wanted = Number(text.replace(",", "."));
    const value = snap(wanted, rule);
    const clamped = value !== wanted;
    say(clamped ? rule.clamped.replace("{value}", fixed(value, places)) : rule.hint);
    show(control, value, places, { writeBox: commit });
    box.setAttribute("aria-invalid", String(clamped && !commit));
    set(value);
  };
  box.addEventListener("focus", () => say(rule.hint));
  box.addEventListener("input", () => typed(false));
  box.addEventListener("change", () => typed(true)); // Enter, or leaving the box
  box.addEventListener("keydown", (event) => {
    const direction = { ArrowUp: 1, ArrowDown: -1 }[event.key];
    if (!direction) return;
    event.preventDefault();
    box.value = fixed(snap(current() + direction * rule.step, rule), places);
    typed(true);
  });
}

/**
 * Views computed by Python, by state key: `ask(state)` shows a known view at once; otherwise
 * it waits for Python and computes only the newest state asked for (states that came and
 * went meanwhile are never computed). `compute(state)` is the worker call, `key(state)` names
 * a state, `current()` is the state on screen, `shown(view)` shows the view of the state on
 * screen, `waiting(error)` says that it has none yet (with the error when Python could not
 * compute it); `start()` starts Python; `ready` holds views known from the start.
 */
export class NewestView {
  constructor({ compute, key, current, start, shown, waiting, ready }) {
    Object.assign(this, { compute, key, current, start, shown, waiting });
    this.views = new Map(ready || []);
    this.latest = null;
    this.busy = false;
  }

  get idle() {
    return this.latest === null;
  }

  ask(state) {
    const known = this.views.get(this.key(state));
    if (known) {
      this.latest = null;
      this.shown(known);
      return;
    }
    this.latest = { ...state };
    this.waiting();
    if (!this.busy) this.drain();
  }

  async drain() {
    this.busy = true;
    try {
      await this.start(); // wait for Python first, so that only the newest state is computed
      while (this.latest) {
        const state = this.latest;
        this.latest = null;
        const view = await this.compute(state);
        this.views.set(this.key(state), view);
        if (this.key(state) === this.key(this.current())) this.shown(view);
      }
    } catch (error) {
      this.latest = null; // Python failed to start (the status line offers Retry) or refused the state
      this.waiting(error);
    } finally {
      this.busy = false;
    }
  }
}
