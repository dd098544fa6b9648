// The lesson's Python, off the main thread: a module worker that starts Pyodide from
// this site, loads the lesson_py wheel named in the site's pyodide-lock.json and
// answers calls with lesson_py.widgets.calls. python.js starts one per tab; widgets never
// talk to it directly.
//
// Messages in:  {type: "start", indexURL}
//               {type: "call", id, name, args}        (args: JSON text)
// Messages out: {type: "progress", stage, bytes}       (stage: download | start | package)
//               {type: "ready", version}
//               {type: "failed", reason, detail}       (reason: offline | blocked | memory | package | other)
//               {type: "answer", id, result} or {type: "answer", id, error}

let calls = null;

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "start") {
    try {
      const version = await start(message.indexURL);
      self.postMessage({ type: "ready", version });
    } catch (error) {
      self.postMessage({ type: "failed", ...explain(error) });
    }
  } else if (message.type === "call") {
    self.postMessage(answer(message));
  }
};

function answer({ id, name, args }) {
  if (calls === null) return { type: "answer", id, error: "Python is not ready yet" };
  try {
    const reply = JSON.parse(calls.respond(name, args));
    return "error" in reply ? { type: "answer", id, error: reply.error } : { type: "answer", id, result: reply.result };
  } catch (error) {
    return { type: "answer", id, error: `${name}: ${lastLine(error)}` };
  }
}

async function start(indexURL) {
  if (typeof WebAssembly !== "object") throw new BlockedError("this browser has no WebAssembly");
  // The lock is small and names the wheel by its hash: always ask the server
  // whether it changed, so a cached old lock never meets a new wheel.
  const lockFile = await fetchOk(indexURL + "pyodide-lock.json", { cache: "no-cache" });
  const progress = watchDownloads(["pyodide.asm.wasm", "python_stdlib.zip"]);
  try {
    const { loadPyodide } = await import(indexURL + "pyodide.mjs");
    // A failed download can leave Pyodide waiting forever: whichever comes first.
    const pyodide = await Promise.race([progress.failure, loadPyodide({
      indexURL,
      lockFileContents: lockFile.text(),
      packageBaseUrl: indexURL,
      stdout: () => {},
      stderr: (line) => console.warn(line),
    })]);
    progress.done();
    self.postMessage({ type: "progress", stage: "package", bytes: 0 });
    const problems = [];
    // By its name in the lock: Pyodide fetches the wheel the lock names and checks its sha256.
    await pyodide.loadPackage("lesson_py", { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
    if (problems.length) throw new PackageError(problems.join("; "));
    calls = pyodide.pyimport("lesson_py.widgets.calls");
    return pyodide.version;
  } finally {
    progress.done();
  }
}

// Counts the bytes of the runtime as Pyodide fetches them and reports the stage:
// "download" with the bytes so far, then "start" once the `big` files have arrived.
function watchDownloads(big) {
  const original = self.fetch;
  const waiting = new Set(big);
  let bytes = 0, last = 0, finished = false, fail;
  const failure = new Promise((_, reject) => { fail = reject; });
  failure.catch(() => {});
  const report = (stage) => self.postMessage({ type: "progress", stage, bytes });
  self.fetch = async (resource, ...rest) => {
    const url = String(resource instanceof Request ? resource.url : resource);
    let response;
    try {
      response = await original(resource, ...rest);
    } catch (error) {
      fail(new OfflineError(`could not download ${url} (${error.message})`));
      throw error;
    }
    if (!response.ok) fail(new OfflineError(`${url} answered ${response.status} ${response.statusText}`));
    if (finished || !response.body) return response;
    const name = url.split("?")[0].split("/").pop();
    const counter = new TransformStream({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        const now = Date.now();
        if (now - last > 200) { last = now; report("download"); }
        controller.enqueue(chunk);
      },
      flush() {
        if (waiting.delete(name) && waiting.size === 0) report("start");
      },
    });
    return new Response(response.body.pipeThrough(counter), {
      status: response.status, statusText: response.statusText, headers: response.headers,
    });
  };
  report("download");
  return { failure, done() { finished = true; self.fetch = original; } };
}

async function fetchOk(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    throw new OfflineError(`could not reach ${url} (${error.message})`);
  }
  if (!response.ok) throw new OfflineError(`${url} answered ${response.status} ${response.statusText}`);
  return response;
}

class OfflineError extends Error {}
class BlockedError extends Error {}
class PackageError extends Error {}

// What went wrong, in the reader's terms: python.js turns `reason` into a sentence.
function explain(error) {
  const detail = lastLine(error);
  const text = `${error && error.name} ${detail}`;
  let reason = "other";
  if (error instanceof PackageError) {
    reason = "package"; // the wheel did not download or did not match its sha256 (browsers report both alike)
  } else if (error instanceof OfflineError || /failed to fetch|networkerror|load failed|network error|importing a module script failed|failed to fetch dynamically imported/i.test(text)) {
    reason = "offline";
  } else if (error instanceof BlockedError || /CompileError|LinkError|Content Security Policy|wasm-eval|WebAssembly/i.test(text)) {
    reason = "blocked";
  } else if (error instanceof RangeError || /out of memory|memory access|allocation failed|Cannot allocate/i.test(text)) {
    reason = "memory";
  }
  return { reason, detail };
}

function lastLine(error) {
  const text = String((error && error.message) || error || "unknown error").trim();
  const lines = text.split("\n").filter((line) => line.trim());
  return lines.length ? lines[lines.length - 1].trim() : text;
}
