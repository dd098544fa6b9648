// The bare page's module script: Pyodide in a module worker, nothing else. Its <html> element
// names the runtime's folder (data-pyodide); window.__pyReady is when Pyodide is ready.
const worker = new Worker("worker.js", { type: "module" });
worker.onmessage = (event) => { window.__pyReady = performance.now(); window.__pyVersion = event.data; };
worker.postMessage(new URL(document.documentElement.dataset.pyodide, location.href).href);
