// page.wait_for_function(this): null until the lesson's Python (or the bare page's Pyodide) is
// ready or has failed, then when it was asked for, when its downloads were in (the stage "start") and
// when it was ready (ms from navigation), or why it failed.
() => (window.__pyReady === undefined && window.__pyFailed === undefined ? null : {
  ready: window.__pyReady ?? null, asked: window.__pyAsked ?? null, started: window.__pyStarted ?? null,
  failed: window.__pyFailed ?? null,
})
