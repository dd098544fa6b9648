// Runs lesson_py.widgets.calls in Pyodide under Node, the same npm package the site serves.
//
//   node pyodide_node.mjs <runtime folder> <cases.json> <results.json>
//
// The runtime folder is laid out like the site's assets/pyodide/<version>/: the
// core files, pyodide-lock.json and the lesson_py wheel it names. cases.json is a
// list of [call name, arguments as JSON text]; results.json receives, in order,
// what lesson_py.widgets.calls.respond returned for each. One process answers every case.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, casesFile, resultsFile] = process.argv.slice(2);
if (!resultsFile) {
  console.error("usage: node pyodide_node.mjs <runtime folder> <cases.json> <results.json>");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(runtime, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: runtime + path.sep, stdout: () => {}, stderr: (m) => console.error(m) });
const failures = [];
// By lock name, as the browser does: Pyodide checks the wheel's sha256 from the lock.
await pyodide.loadPackage("lesson_py", { messageCallback: () => {}, errorCallback: (m) => failures.push(m) });
if (failures.length) {
  console.error(`loadPackage("lesson_py") failed: ${failures.join("; ")}`);
  process.exit(1);
}
const calls = pyodide.pyimport("lesson_py.widgets.calls");
const cases = JSON.parse(await readFile(casesFile, "utf8"));
const results = cases.map(([name, args]) => calls.respond(name, args));
await writeFile(resultsFile, JSON.stringify({ version: pyodide.version, python: pyodide.runPython("import sys; sys.version"), results }));
