// Runs before any page script: notes when the lesson's Python is asked for and when it is ready.
(() => {
  let value;
  Object.defineProperty(globalThis, "nnLessonPython", {
    configurable: true,
    get() { return value; },
    set(python) {
      value = python;
      try {
        python.onStatus((s) => {
          if (s.state !== "idle" && window.__pyAsked === undefined) window.__pyAsked = performance.now();
          if (s.stage === "start" && window.__pyStarted === undefined) window.__pyStarted = performance.now();
          if (s.state === "ready" && window.__pyReady === undefined) window.__pyReady = performance.now();
          if (s.state === "failed") window.__pyFailed = s.text;
        });
      } catch (error) { window.__pyFailed = String(error); }
    },
  });
})();
