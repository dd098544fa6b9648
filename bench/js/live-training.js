// page.evaluate(this, { spec, timeoutMs }) on a page with the run designer ("Design your own run"),
// with python-probe.js as an init script. Opens the panel (which starts Python), waits for Python,
// fills the form with `spec` (flat options, lesson_py.spec.to_flat's names), waits for Python's check
// of the fields and for the second Python, then presses Train and watches, until the run has trained all its epochs:
//   firstMs: Train pressed -> the end of the frame that first shows a checkpoint of this run (its map too);
//   doneMs:  Train pressed -> the run trained to its last epoch (the designer's data-training false);
//   epochs:  the epochs trained; longTasks: every main-thread task over 50 ms while training
//   (PerformanceObserver "longtask": start relative to Train, duration);
//   pieces: how many times the trained epoch count grew, looked at every POLL_MS; spent: the main thread's
//   time in the view's drawing, by function ({calls, totalMs, maxMs}; the chart inside grow, drawMap inside showPanels);
//   firstPieceMs, twentyMs: afterwards, the worker's time for a first piece of 1 and of 20 epochs, asked directly.
async ({ spec, timeoutMs }) => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const afterFrame = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
  const deadline = performance.now() + timeoutMs;
  const POLL_MS = 50;
  const until = async (test, what) => {
    for (;;) {
      const got = test();
      if (got) return got;
      if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(5);
    }
  };
  const root = await until(() => [...document.querySelectorAll('[data-widget="training-visualizer"]')].find((r) => r.designer),
    "a visualizer with the run designer");
  const designer = root.designer;
  const panel = root.querySelector('[data-rd="panel"]');
  panel.scrollIntoView({ block: "start" });
  panel.open = true;
  panel.dispatchEvent(new Event("toggle"));
  await until(() => window.__pyReady !== undefined || window.__pyFailed !== undefined, "Python");
  if (window.__pyFailed !== undefined) throw new Error(`Python failed: ${window.__pyFailed}`);
  // The designer trains on two Pythons where the machine has two cores (run-pipeline.js): Train is
  // pressed once both are ready, as a reader's is after the moment it takes to fill in the form.
  const second = window.nnLessonPython.second();
  const secondAsked = performance.now();
  if (second) await second.ready;
  const secondReadyMs = second ? performance.now() - secondAsked : null;
  for (const [name, value] of Object.entries(spec)) {
    const control = root.querySelector(`[data-rd-field="${name}"]`);
    if (!control) throw new Error(`the designer has no field ${name}`);
    control.value = value;
    control.dispatchEvent(new Event("input", { bubbles: true }));
    control.dispatchEvent(new Event("change", { bubbles: true }));
  }
  await sleep(400); // the designer's own check, a moment after the last change, is asked for first
  let flat = null;
  for (let i = 0; i < 5 && !flat; i++) flat = await designer.checkFields(); // null: a newer check overtook it
  if (!flat) {
    const said = [...root.querySelectorAll("[data-rd-error]")].map((e) => e.textContent).filter(Boolean);
    throw new Error(`the designer refused the spec: ${said.join("; ") || "no check answered"}`);
  }
  // Train is pressed from a task of its own after a frame, as a reader's click comes (an input event
  // task), not from inside an animation frame's callback, whose frame would then lay out and paint in it.
  await frame();
  await afterFrame();
  const longTasks = [];
  let t0 = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ startMs: e.startTime - t0, ms: e.duration });
  });
  observer.observe({ type: "longtask" });
  // Where the main thread's time goes: the designer's and the view's drawing, timed per call.
  const spent = {};
  const timed = (owner, name, label) => {
    const original = owner[name];
    if (typeof original !== "function" || original.__timed) return;
    owner[name] = function (...args) {
      const started = performance.now();
      try { return original.apply(this, args); } finally {
        const ms = performance.now() - started;
        const s = spent[label] || (spent[label] = { calls: 0, totalMs: 0, maxMs: 0 });
        s.calls++; s.totalMs += ms; s.maxMs = Math.max(s.maxMs, ms);
      }
    };
    owner[name].__timed = true;
  };
  timed(designer, "showRun", "showRun");
  const live = root.querySelector('[data-rd="live"]');
  // The first moments after Train, for the split of the time to the first checkpoint: the status line's
  // changes and the live view's first showing, in ms after Train.
  const marks = [];
  const watcher = new MutationObserver(() => {
    const text = root.querySelector('[data-rd="status"]').textContent;
    const last = marks.at(-1);
    if (marks.length < 6 && (!last || last.what !== text)) marks.push({ ms: performance.now() - t0, what: text });
    if (!live.hidden && !marks.some((m) => m.what === "live view shown")) marks.push({ ms: performance.now() - t0, what: "live view shown" });
  });
  watcher.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["hidden"] });
  t0 = performance.now();
  root.querySelector('[data-rd="train"]').click();
  // The first checkpoint is on screen when the live view is shown with this run's epoch read-out and
  // its map painted, at the end of the next frame (the one that shows them).
  const planned = Number(spec.epochs);
  await until(() => !live.hidden && designer.view && designer.view.run && designer.view.run.count > 0
    && live.querySelector('[data-tv="epoch-out"]').textContent.endsWith(`of ${planned}`)
    && designer.view.mapKey === designer.view.checkpoint.epoch, "the first checkpoint");
  await frame();
  await afterFrame();
  const firstMs = performance.now() - t0;
  watcher.disconnect();
  const view = designer.view;
  timed(view, "grow", "view.grow");
  timed(view, "drawMap", "view.drawMap");
  timed(view, "showPanels", "view.showPanels");
  if (view.lossChart) timed(view.lossChart, "update", "lossChart.update");
  if (view.diagram) timed(view.diagram, "update", "diagram.update");
  // Watched every POLL_MS, not every frame: a requestAnimationFrame loop here would make the page
  // produce a frame at every vsync, work a reader's page does not do.
  let pieces = 0, seen = -1;
  await until(() => root.dataset.training === "true", "training to start");
  while (root.dataset.training === "true") {
    if (performance.now() > deadline) throw new Error("timed out while training");
    await sleep(POLL_MS);
    const trained = designer.view.run.trained;
    if (trained !== seen) { pieces++; seen = trained; }
  }
  const doneMs = performance.now() - t0;
  await sleep(100); // long tasks are reported a little late
  observer.disconnect();
  const run = designer.view.run;
  // Diagnosis, after the measured run: a first piece (one epoch) and a piece of 20 epochs, asked of
  // the worker straight from here, so without the page's drawing.

  let started = performance.now();
  await window.nnLessonPython.call("spec_run", { spec: flat, count: 1 });
  const firstPieceMs = performance.now() - started;
  started = performance.now();
  await window.nnLessonPython.call("spec_run", { spec: flat, count: 20 });
  const twentyMs = performance.now() - started;
  return { secondReadyMs, firstPieceMs, twentyMs, marks, firstMs, doneMs, epochs: run.trained, planned, done: run.done, longTasks, pieces, spent,
           status: root.querySelector('[data-rd="status"]').textContent };
}
