// The lesson's Python, off the main thread: a module worker that starts Pyodide from
// this site, loads the lesson_py wheel named in the site's pyodide-lock.json and
// answers calls with lesson_py.widgets.calls. python.js starts one per tab; widgets never
// talk to it directly.
//
// Messages in:  {type: "start", indexURL, sizes, snapshot}  (snapshot: python-runtime.js's SNAPSHOT, or null)
//               {type: "call", id, name, args}        (args: JSON text)
// Messages out: {type: "progress", stage, bytes, total} (stage: download | start | package)
//               {type: "snapshot-refused", detail}     (then it boots the normal way)
//               {type: "ready", version, boot}         (boot: snapshot | normal)
//               {type: "failed", reason, detail}       (reason: offline | blocked | memory | package | other)
//               {type: "answer", id, result} or {type: "answer", id, error}

let calls = null;

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "start") {
    try {
      const { version, boot } = await start(message);
      self.postMessage({ type: "ready", version, boot });
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

// Boot from the memory snapshot when python.js asks for it (lesson_py is already
// imported in it); if the snapshot is missing, damaged or made for another build of
// the runtime, boot the normal way without a word to the reader. The lock, Pyodide's
// loader and the snapshot are fetched at once: Pyodide waits for the snapshot only
// when it needs it.
async function start({ indexURL, snapshot, sizes }) {
  if (typeof WebAssembly !== "object") throw new BlockedError("this browser has no WebAssembly");
  const big = Object.values(sizes || {}).reduce((a, b) => a + b, 0);
  const tally = counter(big + (snapshot ? snapshot.gzip_bytes : 0));
  const image = snapshot ? fetchSnapshot(indexURL + snapshot.file, snapshot, tally) : null;
  if (image) image.catch(() => {}); // a refused snapshot is handled below, when Pyodide asks for it
  // The lock is small and names the wheel by its hash: always ask the server
  // whether it changed, so a cached old lock never meets a new wheel.
  const [lock, { loadPyodide }] = await Promise.all([
    fetchOk(indexURL + "pyodide-lock.json", { cache: "no-cache" }).then((response) => response.text()),
    import(indexURL + "pyodide.mjs"),
  ]);
  if (image) {
    try {
      const pyodide = await boot(loadPyodide, indexURL, lock, tally, image);
      pyodide.runPython("import random; random.seed()"); // the snapshot's seed was fixed at build time
      return ready(pyodide, "snapshot");
    } catch (error) {
      if (error instanceof OfflineError && !(error instanceof SnapshotError)) throw error;
      self.postMessage({ type: "snapshot-refused", detail: lastLine(error) });
    }
  }
  const pyodide = await boot(loadPyodide, indexURL, lock, counter(big), null);
  return ready(pyodide, "normal");
}

async function boot(loadPyodide, indexURL, lock, tally, image) {
  const progress = watchDownloads(["pyodide.asm.wasm", "python_stdlib.zip"], tally);
  try {
    // A failed download can leave Pyodide waiting forever: whichever comes first.
    return await Promise.race([progress.failure, loadPyodide({
      indexURL,
      lockFileContents: lock,
      packageBaseUrl: indexURL,
      stdout: () => {},
      stderr: (line) => console.warn(line),
      ...(image ? { _loadSnapshot: image } : {}),
    })]);
  } finally {
    progress.done();
  }
}

// A snapshot holds lesson_py imported, and the lines of its files too (in linecache, which
// "Show the Python" reads through inspect): it needs no wheel. A normal boot loads the
// wheel's files onto the worker's disk, by its name in the lock, so Pyodide fetches the
// wheel the lock names and checks its sha256. Then the calls module.
async function ready(pyodide, how) {
  if (how === "normal") {
    self.postMessage({ type: "progress", stage: "package", bytes: 0 });
    const problems = [];
    await pyodide.loadPackage("lesson_py", { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
    if (problems.length) throw new PackageError(problems.join("; "));
  }
  calls = pyodide.pyimport("lesson_py.widgets.calls");
  return { version: pyodide.version, boot: how };
}

// The gzipped snapshot, unpacked and checked against the sha256 the build wrote down.
async function fetchSnapshot(url, snapshot, tally) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new OfflineError(`could not download ${url} (${error.message})`);
  }
  if (!response.ok || !response.body) throw new SnapshotError(`${url} answered ${response.status}`);
  const unpacked = response.body.pipeThrough(tally.stream()).pipeThrough(new DecompressionStream("gzip"));
  let bytes;
  try {
    bytes = new Uint8Array(await new Response(unpacked).arrayBuffer());
  } catch (error) {
    throw new SnapshotError(`${url} is not a gzipped snapshot (${error.message})`);
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (bytes.length !== snapshot.bytes || hex !== snapshot.sha256) throw new SnapshotError(`${url} failed its sha256 check`);
  return bytes;
}

// Bytes received so far out of `total`, reported as "download" progress at most every 200 ms.
function counter(total) {
  let bytes = 0, last = 0;
  const report = (stage) => self.postMessage({ type: "progress", stage, bytes, total });
  return {
    report,
    add(n) {
      bytes += n;
      const now = Date.now();
      if (now - last > 200) { last = now; report("download"); }
    },
    stream() {
      const add = (n) => this.add(n);
      return new TransformStream({ transform(chunk, controller) { add(chunk.byteLength); controller.enqueue(chunk); } });
    },
  };
}

// Counts the bytes of the runtime into `tally` as Pyodide fetches them and reports
// the stage "start" once the `big` files have arrived.
function watchDownloads(big, tally) {
  const original = self.fetch;
  const waiting = new Set(big);
  let finished = false, fail;
  const failure = new Promise((_, reject) => { fail = reject; });
  failure.catch(() => {});
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
    const counted = new TransformStream({
      transform(chunk, controller) { tally.add(chunk.byteLength); controller.enqueue(chunk); },
      flush() { if (waiting.delete(name) && waiting.size === 0) tally.report("start"); },
    });
    return new Response(response.body.pipeThrough(counted), {
      status: response.status, statusText: response.statusText, headers: response.headers,
    });
  };
  tally.report("download");
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
class SnapshotError extends OfflineError {} // a snapshot that cannot be used: boot without it
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
