// Makes a Pyodide memory snapshot with lesson_py imported, for the browser to boot from.
//
//   NN_SNAPSHOT_RUNTIME=<runtime folder> NN_SNAPSHOT_WHEEL=<lesson_py wheel> NN_SNAPSHOT_OUT=<file> \
//     node memory_snapshot.mjs
//
// build_hooks/memory_snapshot.py runs this at build time with the site's own
// self-hosted runtime. The snapshot is deterministic: while it is made, the
// clock stands still, "random" bytes come from a fixed sequence and hashes are
// unsalted (PYTHONHASHSEED=0), so two clean builds write the same bytes. The
// paths come in the environment, not as arguments: Emscripten hands a Node
// script's arguments (and its path) to Python as sys.argv, so their lengths
// would move everything allocated after them. The browser reseeds Python's
// `random` after loading the snapshot (python-worker.js).
import { readFile, writeFile } from "node:fs/promises";
import nodeCrypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";

const { NN_SNAPSHOT_RUNTIME: runtime, NN_SNAPSHOT_WHEEL: wheel, NN_SNAPSHOT_OUT: out } = process.env;
if (!runtime || !wheel || !out) {
  console.error("usage: NN_SNAPSHOT_RUNTIME=... NN_SNAPSHOT_WHEEL=... NN_SNAPSHOT_OUT=... node memory_snapshot.mjs");
  process.exit(2);
}
process.argv = [process.argv[0], "memory_snapshot.mjs"]; // what Python sees as sys.argv, wherever the repo is

let state = 0x2545f491; // a linear congruential sequence: the same bytes on every build
nodeCrypto.randomFillSync = globalThis.crypto.getRandomValues = (view) => {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return view;
};
let tick = 0;
Date.now = () => 1580601600000;        // 2020-02-02, the wheel's own timestamp
performance.now = () => (tick += 1);

try {
  const { loadPyodide } = await import(pathToFileURL(path.join(runtime, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: runtime + path.sep, _makeSnapshot: true, env: { PYTHONHASHSEED: "0" },
    stdout: () => {}, stderr: (line) => console.error(line),
  });
  // A loaded package cannot be part of a snapshot yet: unpack the wheel's files and import them.
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(await readFile(wheel)), "wheel", { extractDir: sitePackages });
  // The clock stands still, so the import system must be told the folder changed.
  pyodide.runPython("import importlib; importlib.invalidate_caches(); import lesson_py.widgets.calls");
  // The snapshot keeps Python's memory, not the files: keep the lines of lesson_py's files in
  // linecache, where inspect (Show the Python) reads them, marked as a loader's (no mtime), so
  // that their absence on the browser's disk does not empty the cache.
  pyodide.runPython(`
import linecache, sys
for name, module in sorted(sys.modules.items()):
    if name == "lesson_py" or name.startswith("lesson_py."):
        with open(module.__file__, encoding="utf-8") as source:
            lines = source.readlines()
        linecache.cache[module.__file__] = (sum(map(len, lines)), None, lines, module.__file__)
`);
  await writeFile(out, pyodide.makeMemorySnapshot());
} catch (error) {
  console.error(String(error && error.stack || error).slice(0, 2000));
  process.exit(1);
}
