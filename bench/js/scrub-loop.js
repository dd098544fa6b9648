// page.evaluate(this, { count }): `count` steps of the first Training Loop Visualizer's epoch
// scrubber, each timed from the input event at a frame's start to the end of the frame that shows
// it. Resolves to { times, handler, lateDom, max }.
async ({ count }) => {
  const root = document.querySelector('[data-widget="training-visualizer"]');
  root.scrollIntoView({ block: "start" });
  for (let i = 0; i < 500 && !root.visualizer; i++) await new Promise((r) => setTimeout(r, 10));
  if (!root.visualizer) throw new Error("the visualizer did not mount");
  const scrubber = root.querySelector('[data-tv="scrubber"]');
  const max = Number(scrubber.max);
  if (!(max >= 2)) throw new Error(`the scrubber's max is ${scrubber.max}`);
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  // After this frame's style, layout and paint: a task posted from a rAF callback runs next.
  const afterFrame = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
  const times = [], handler = [];
  let epoch = Number(scrubber.value), dir = epoch < max ? 1 : -1, lateDom = 0;
  for (let i = 0; i < count; i++) {
    if (epoch + dir < 0 || epoch + dir > max) dir = -dir;
    epoch += dir;
    await frame();                      // start at the beginning of a frame, so no vsync wait is counted
    let tDom = null;
    const observer = new MutationObserver(() => { if (tDom === null) tDom = performance.now(); });
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    const t0 = performance.now();
    scrubber.value = String(epoch);
    scrubber.dispatchEvent(new Event("input", { bubbles: true }));
    const t1 = performance.now();
    await Promise.resolve();
    if (tDom === null) {                // the widget defers its update: wait for it, then for its frame
      lateDom++;
      while (tDom === null) await frame();
    }
    await afterFrame();
    observer.disconnect();
    handler.push(t1 - t0);
    times.push(performance.now() - t0);
  }
  return { times, handler, lateDom, max };
}
