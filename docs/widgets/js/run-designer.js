// "Design your own run": the panel beside the lesson's stored runs in the Training Loop
// Visualizer. Its controls are the run-spec fields of the build's JSON (designer.fields, made
// from lesson_py.spec.FIELDS; the markup is build_hooks/training_visualizer.py designer_panel).
// The page's Python worker checks them (call spec_check: lesson_py.spec.parse's messages, said
// next to each box) and trains the run a piece at a time (call spec_run), answering with the
// pieces of the very JSON the build stores for an author's run; the view of that run is the
// visualizer's own (SpecVisualizer), so a reader's run and an author's cannot differ. The URL
// holds the spec under the widget's id (lesson_py.spec.to_flat's names), so a link retrains it.

import { call, start, statusElement } from "./python.js";
import { writeState } from "./url-state.js";
import { growingSpecRun } from "./training-runs.js";
import { secondPython } from "./python-second.js";
import { RunPipeline } from "./run-pipeline.js";

// A piece of training aims at about this long in the worker, so Cancel, a changed field and
// other widgets' calls wait at most that long; the first piece is one epoch, shown at once.
// The next piece is asked for as soon as a reply comes, before the page shows that reply, so
// the worker never waits for the page; the page draws the newest state once per animation frame.
const PIECE_MS = 250;
const MAX_PIECE = 100;
const CHECK_DELAY = 150; // ms after the last keystroke before the fields are checked
// The first Python's second piece waits for the view's first showing (its map, its panels, the frame
// that shows them), at most this long: the page then has a core to itself while the second Python trains.
const HOLD_MS = 400;
// The view's parts shown after the rest when it first appears (showInParts), a group a frame: first the
// transport, the read-outs and the map; then the run's setup and the loss chart; then the panels below.
const LATER = [".nn-tv-about, .nn-tv-story, .nn-tv-panel:has([data-tv=loss-chart])", ".nn-tv-gradients, .nn-tv-step",
  ".nn-nd", ".nn-tv-panel--table, .nn-tv-check"];

function check(condition, message) {
  if (!condition) throw new TypeError(`run designer: ${message}`);
}

/** A piece of a run asked for (its reply, a promise): the reply and how long it took to come. */
function timed(reply) {
  const asked = performance.now();
  return reply.then((answer) => ({ reply: answer, took: performance.now() - asked }));
}

/** A piece of a run asked of the worker (call spec_run). */
function timedRun(args) {
  return timed(call("spec_run", args));
}

/** Resolves in a task of its own, queued now. */
function aTaskLater() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

export class RunDesigner {
  /** root: the visualizer's container; data: the lesson's runs JSON (its designer.fields and grid);
   *  SpecVisualizer: the view of a run of its own; stored: the visualizer of the lesson's runs. */
  constructor(root, data, version, { SpecVisualizer, stored }) {
    check(data.designer && Array.isArray(data.designer.fields), "the data needs designer.fields");
    this.root = root;
    this.id = stored.id;
    this.version = version;
    this.grid = data.grid;
    this.fields = data.designer.fields;
    this.markup = data.designer.view;
    this.markupId = data.designer.view_id;
    this.SpecVisualizer = SpecVisualizer;
    this.stored = stored;
    this.view = null;
    this.token = 0;      // the current run; a reply for an older one is dropped
    this.checking = 0;   // the current check
    this.running = false;
    this.timer = null;
    this.opened = false; // the panel was opened (Python started, the form's fields checked)
    this.checked = null; // the last check's answer: {key: the options it was asked for, flat: the spec or null}
    this.ahead = null;   // the first piece of the last spec found good, asked for before Train: {key, piece}
    this.frame = null;   // the animation frame that will show the growing run, when one is asked for
    this.revealed = Promise.resolve(); // the view's first showing has shown all its parts (showInParts)
    const part = (name) => {
      const found = root.querySelector(`[data-rd="${name}"]`);
      check(found, `the markup has no [data-rd="${name}"]`);
      return found;
    };
    this.ui = Object.fromEntries(["panel", "form", "train", "cancel", "progress", "back", "status", "live"].map((n) => [n, part(n)]));
    this.controls = new Map(this.fields.map((f) => {
      const control = this.ui.form.querySelector(`[data-rd-field="${f.name}"]`);
      check(control, `no control for ${f.name}`);
      return [f.name, control];
    }));
    this.table = Object.fromEntries([...this.fields.map((f) => [f.name, {}]), ["epoch", {}]]); // the URL's keys
    this.bind();
    this.ui.form.querySelector(".nn-rd-actions").after(statusElement({
      idleText: "Python starts when you open this panel (a download of several megabytes, once).",
    }));
    this.openFromLink();
  }

  bind() {
    for (const control of this.controls.values()) control.disabled = false;
    this.ui.train.disabled = false;
    this.applies();
    this.ui.panel.addEventListener("toggle", () => { if (this.ui.panel.open) this.opening(); });
    this.ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.trainRun();
    });
    this.ui.form.addEventListener("input", () => this.changed());
    this.ui.form.addEventListener("change", () => this.changed());
    this.ui.cancel.addEventListener("click", () => this.stop("Cancelled"));
    this.ui.back.addEventListener("click", () => this.backToLesson());
  }

  /** The panel opened: start Python and check the form's fields, which asks for their run's first piece
   *  (unless the reader's typing or Train asked for a check first: a newer check would overtake theirs). */
  opening() {
    if (this.opened) return;
    this.opened = true;
    // The live map takes the stored one's place (showRun), at its size: its marks are made while Python starts.
    setTimeout(() => this.stored.map.prepareSmallPoints(), 0);
    start().then(() => {
      if (!this.checking) this.checkFields();
      secondPython(); // starts the second Python beside the first, for the training of a run (run-pipeline.js)
    }).catch(() => {});
  }

  /** Fields that apply to another dataset are disabled (and not sent). */
  applies() {
    const dataset = this.controls.get("dataset").value;
    for (const f of this.fields) {
      if (!f.applies) continue;
      const off = !f.applies.includes(dataset);
      this.controls.get(f.name).disabled = off;
      this.controls.get(f.name).closest(".nn-rd-field").dataset.off = String(off);
      if (off) this.say(f.name, "");
    }
  }

  /** The options the form holds, as strings (only the fields that apply). */
  options() {
    const options = {};
    for (const f of this.fields) {
      const control = this.controls.get(f.name);
      if (!control.disabled) options[f.name] = control.value;
    }
    return options;
  }

  say(name, message) {
    const box = this.ui.form.querySelector(`[data-rd-error="${name}"]`);
    if (box.textContent !== message) box.textContent = message;
    const control = this.controls.get(name);
    if (message) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  }

  /** A field changed: the run that was training stops, and the fields are checked a moment later. */
  changed() {
    this.applies();
    if (this.running) this.stop("A field changed, so the run stopped");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.checkFields().catch(() => {}); }, CHECK_DELAY);
  }

  /** Ask Python what is wrong with each field; the spec as to_flat writes it, or null. The answer is
   *  kept with the options it was asked for, so Train need not ask again; a good spec's first piece is
   *  asked for at once (ahead). */
  async checkFields() {
    const mine = ++this.checking;
    const options = this.options();
    const answer = await call("spec_check", { options });
    if (mine !== this.checking) return null;
    for (const f of this.fields) this.say(f.name, answer.problems[f.name] || "");
    this.checked = { key: JSON.stringify(options), flat: answer.flat };
    if (answer.flat) this.ahead = this.firstPiece(answer.flat);
    return answer.flat;
  }

  /** The spec the form holds, as its last check found it, when nothing changed since; else undefined. */
  checkedSpec() {
    return this.checked && this.checked.key === JSON.stringify(this.options()) ? this.checked.flat : undefined;
  }

  /** The first piece of `flat`'s run, asked of the worker once for each spec found good, while the
   *  reader reaches for Train: the worker would be idle then, and a Train with no change since uses it
   *  (asked for, or answered already), so nothing is trained twice. */
  firstPiece(flat) {
    const key = JSON.stringify(flat);
    if (this.ahead && this.ahead.key === key) return this.ahead;
    const piece = timedRun({ spec: flat, count: 1 });
    piece.catch(() => {}); // a failure is reported when Train awaits it
    return { key, piece };
  }

  status(text) {
    if (this.ui.status.textContent !== text) this.ui.status.textContent = text;
  }

  setRunning(running) {
    this.running = running;
    this.ui.cancel.disabled = !running;
    this.root.dataset.training = String(running);
  }

  /** Stop the run that is training (its checkpoints so far stay on show). */
  stop(why) {
    if (!this.running) return;
    this.token += 1;
    if (this.pipeline) this.pipeline.stop();
    this.setRunning(false);
    if (this.view && this.view.checkpoint) this.view.showPanels(); // the panels and map held back while the run grew
    const run = this.view && this.view.run;
    this.status(run ? `${why} after epoch ${run.trained} of ${run.epochs}.` : `${why}.`);
  }

  /** A link with a spec in it opens the panel and trains that run (at the link's epoch, once it is there). */
  openFromLink() {
    const params = new URLSearchParams(window.location.search);
    const given = this.fields.filter((f) => params.has(`${this.id}.${f.name}`));
    if (!given.length) return;
    for (const f of this.fields) {
      const value = params.get(`${this.id}.${f.name}`);
      this.controls.get(f.name).value = value === null ? f.default : value;
    }
    this.applies();
    this.ui.panel.open = true;
    const epoch = Number(params.get(`${this.id}.epoch`));
    this.trainRun(params.has(`${this.id}.epoch`) && Number.isInteger(epoch) ? epoch : null);
  }

  /** Train what the form says: check it, show the view, then ask for piece after piece. */
  async trainRun(wanted = null) {
    if (this.running) this.stop("Stopped");
    clearTimeout(this.timer);
    const mine = ++this.token;
    let flat = this.checkedSpec(); // fields checked since their last change are not checked again
    if (flat === undefined) {
      this.status("Checking the fields…");
      try {
        flat = await this.checkFields();
      } catch (error) {
        if (mine === this.token) this.status(`Could not check the fields: ${error.message || error}`);
        return;
      }
      if (mine !== this.token) return;
    }
    if (!flat) {
      this.status("Some fields need another value (see the messages beside them).");
      return;
    }
    this.setRunning(true);
    writeState(this.id, this.table, {}, { ...flat, epoch: wanted === null ? undefined : wanted });
    this.status("Starting the run in this page's Python…");
    let count = 1;
    this.ahead = this.firstPiece(flat);
    let pending = this.ahead.piece;
    // After the first piece, a second Python trains while this one judges, when the machine has one (run-pipeline.js).
    const pipeline = new RunPipeline(flat, secondPython());
    this.pipeline = pipeline;
    let shown;
    pipeline.holdUntil(Promise.race([new Promise((resolve) => { shown = resolve; }),
      new Promise((resolve) => setTimeout(resolve, HOLD_MS))]));
    try {
      for (;;) {
        const { reply, took } = await pending; // took: the worker's time for this piece (the next was not yet asked for)
        if (mine !== this.token) return;
        if (reply.next) {
          count = Math.max(1, Math.min(MAX_PIECE, Math.round(count * PIECE_MS / Math.max(took, 1))));
          pending = timed(pipeline.next(reply, count));
          pending.catch(() => {}); // a failure is reported when it is awaited, unless the run was stopped
        }
        if (reply.head) {
          this.showRun(growingSpecRun({ schema: "training-visualizer", version: this.version, grid: this.grid, ...reply.head }, this.version), wanted);
          Promise.all([this.view.panelsShown, this.revealed]).then(aTaskLater).then(shown); // the whole view is up
        }
        const run = this.view.run;
        run.add(reply.piece);
        if (reply.end) run.finish(reply.end);
        if (!reply.next) break;
        this.draw(mine);
      }
      this.draw(mine, true); // the last piece at once, with the status that says how the run ended
    } catch (error) {
      if (mine === this.token) this.status(`Could not train this run: ${error.message || error}`);
    } finally {
      pipeline.stop();
      if (mine === this.token) this.setRunning(false);
    }
  }

  /** Show the growing run's newest state at the next animation frame (once per frame, however many
   *  pieces came since): the view, the progress bar and the status line. */
  draw(mine, now = false) {
    if (now) {
      cancelAnimationFrame(this.frame);
      this.frame = null;
    } else if (this.frame) {
      return;
    }
    const show = () => {
      this.frame = null;
      if (mine !== this.token || !this.view) return;
      const run = this.view.run;
      this.view.grow();
      this.ui.progress.max = run.epochs;
      this.ui.progress.value = run.trained;
      const diverged = run.data.diverged;
      this.status(!run.done ? `Training in this page's Python: epoch ${run.trained} of ${run.epochs}.`
        : diverged ? `Trained until epoch ${run.trained}: at epoch ${diverged.epoch} the numbers stopped being finite.`
          : `Trained all ${run.epochs} epochs in this page's Python.`);
    };
    if (now) show();
    else this.frame = requestAnimationFrame(show);
  }

  /** Show the reader's run in place of the lesson's (the same view an author's run has). */
  showRun(run, wanted) {
    this.stored.stop();
    this.stored.scope.hidden = true;
    this.ui.live.hidden = false;
    this.ui.back.hidden = false;
    if (!this.view) {
      // The view's markup is the build's (the JSON's designer.view, an author's run's snapshot), its ids made ours.
      this.ui.live.innerHTML = this.markup.replaceAll(this.markupId, `${this.root.id}-live`);
      this.view = new this.SpecVisualizer(this.root, run, {
        scope: this.ui.live.firstElementChild,
        onSeek: (cp) => writeState(this.id, { epoch: {} }, {}, { epoch: this.view.following ? undefined : cp.epoch }),
      });
      this.revealed = this.showInParts(LATER.map((selector) => this.ui.live.querySelectorAll(selector)));
    } else {
      this.view.stop();
      this.view.setRun(run);
    }
    this.view.wanted = wanted;
  }

  /** The view's first showing in parts, so that no frame's layout and paint makes one long task: what is
   *  not in `groups` first, with the map in a task of its own after that frame (SpecVisualizer
   *  showPanelsSoon); then each group of elements a frame after the one before, from the frame after the
   *  map's. Resolves in the frame that shows the last. */
  showInParts(groups) {
    const hidden = groups.map((elements) => [...elements].filter((element) => !element.hidden));
    for (const element of hidden.flat()) element.hidden = true;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    let shown = this.view.panelsShown.then(frame);
    for (const group of hidden) {
      shown = shown.then(frame).then(() => { for (const element of group) element.hidden = false; });
    }
    return shown;
  }

  /** Back to the lesson's stored runs: the reader's run stops and leaves the URL. */
  backToLesson() {
    this.stop("Stopped");
    if (this.view) this.view.stop();
    this.ui.live.hidden = true;
    this.stored.scope.hidden = false;
    this.ui.back.hidden = true;
    this.status("");
    this.ui.progress.value = 0;
    writeState(this.id, this.table, {}, {});
    this.stored.update({ ...this.stored.state });
    this.stored.drawMap(true);
  }
}
