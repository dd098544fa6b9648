// page.evaluate(this, { index, count }): `count` input events on two sliders of the index-th Neuron
// Playground, each timed from the event to the read-outs' re-render (data-pg-shown); then the
// worker's Python call alone. Resolves to { times, timeouts, calls, mode, id }.
async ({ index, count }) => {
  const root = document.querySelectorAll("[data-pg-root]")[index];
  root.scrollIntoView({ block: "start" });
  await globalThis.nnLessonPython.start();
  for (let i = 0; i < 200 && !root.playground; i++) await new Promise((r) => setTimeout(r, 10));
  if (!root.playground) throw new Error("the playground did not mount");
  const ranges = [...root.querySelectorAll('input[type="range"][data-pg-control]')];
  if (ranges.length < 2) throw new Error("the playground has fewer than two sliders");
  const [a, b] = ranges;
  const grid = (r) => {
    const min = Number(r.min), max = Number(r.max), step = Number(r.step);
    const n = Math.round((max - min) / step);
    return Array.from({ length: n + 1 }, (_, i) => Number((min + i * step).toFixed(6)));
  };
  const ga = grid(a), gb = grid(b);
  const nearest = (g, v) => g.reduce((best, x, i) => (Math.abs(x - v) < Math.abs(g[best] - v) ? i : best), 0);
  // A snake over the (a, b) grid from the current values: every step is a state never seen,
  // so every read-out comes from a new Python call (the widget caches states it has seen).
  let ia = nearest(ga, Number(a.value)), ib = nearest(gb, Number(b.value));
  let da = ia < ga.length - 1 ? 1 : -1;
  const rowsNeeded = Math.ceil(count / (ga.length - 1)) + 1;
  const db = ib + rowsNeeded < gb.length ? 1 : -1;
  const steps = [];
  while (steps.length < count) {
    if (ia + da >= 0 && ia + da < ga.length) { ia += da; steps.push([a, ga[ia]]); }
    else { da = -da; ib += db; if (ib < 0 || ib >= gb.length) throw new Error("grid too small"); steps.push([b, gb[ib]]); }
  }
  const times = [];
  let timeouts = 0;
  for (const [range, value] of steps) {
    const done = new Promise((resolve) => {
      const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
      const observer = new MutationObserver(() => {
        observer.disconnect(); clearTimeout(timer); resolve(performance.now());
      });
      observer.observe(root, { attributes: true, attributeFilter: ["data-pg-shown"] });
    });
    const t0 = performance.now();
    range.value = String(value);
    range.dispatchEvent(new Event("input", { bubbles: true }));
    const t1 = await done;
    if (t1 === null) timeouts++;
    else times.push(t1 - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  // Diagnosis: the worker round trip alone, on states not seen before (no page update at all).
  const calls = [];
  for (let i = 0; i < Math.min(100, count); i++) {
    const state = { mode: root.playground.mode, ...root.playground.state, [a.dataset.pgControl]: ga[i % ga.length],
                    [b.dataset.pgControl]: gb[(ib + 1 + Math.floor(i / ga.length)) % gb.length] };
    const t0 = performance.now();
    await globalThis.nnLessonPython.call("playground", state);
    calls.push(performance.now() - t0);
  }
  return { times, timeouts, calls, mode: root.dataset.mode || null, id: root.dataset.pgId || root.id || null };
}
