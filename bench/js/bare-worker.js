// The bare page's module worker: loads Pyodide from the URL it is sent, and answers its version.
self.onmessage = async (event) => {
  const indexURL = event.data;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL });
  self.postMessage(pyodide.version);
};
