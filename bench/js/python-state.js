// page.wait_for_function(this): null until the lesson's Python (or the bare page's Pyodide) is
// ready or has failed, then when it was asked for and ready (ms from navigation) or why it failed.
() => (window.__pyReady === undefined && window.__pyFailed === undefined ? null : {
  ready: window.__pyReady ?? null, asked: window.__pyAsked ?? null, failed: window.__pyFailed ?? null,
})
