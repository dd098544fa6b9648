"""The lesson's performance benchmark: measures everything issue 9 asks for, in one run
on this machine, and writes bench/results.md (a table) and bench/results.json.

    python3 bench/run.py            # from a fresh clone: sets up .venv and node_modules first
    .venv/bin/python bench/run.py   # the same, once `python3 dev.py test` has set things up
    .venv/bin/python bench/run.py --quick   # a fast sanity run (few repeats), written to a temp folder

It is not part of the test suite: it never fails on a missed target, it reports it.

What it does, on a copy of the project in a temporary folder (docs/ is never touched):
1. builds the site with `mkdocs build --strict` once to warm the runtime cache, then
   times 3 clean builds (median);
2. starts `mkdocs serve --livereload` on the copy, appends a sentence to
   misconceptions.md and polls the served page until the sentence is there (median of 7);
3. serves the built site under /nn-lesson/ with a static server that gzips text and
   WebAssembly and sends `Cache-Control: max-age=600`, as GitHub Pages does;
4. in the system Chromium (Playwright): the requests each page makes on load with no
   interaction (everything except the Python worker and the Pyodide files), gzipped;
   the widget JSON of each page, gzipped; Python-ready time of every page with a
   playground against a bare page that only loads the same Pyodide in a module worker,
   cold (new context) and warm (same context, reload); playground input -> read-outs
   through Python; visualizer scrub -> page updated;
5. Lighthouse 12 (node_modules) with the system Chromium: mobile performance and
   accessibility of every page of the sitemap.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import dev  # noqa: E402  (the project's setup: .venv and node_modules)


def bootstrap() -> None:
    """Make sure .venv and node_modules are set up, and run inside .venv's Python."""
    dev.setup_python()
    dev.setup_node()
    if Path(sys.prefix).resolve() != dev.VENV.resolve():
        os.execv(str(dev.PYTHON), [str(dev.PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])


SUBPATH = "/nn-lesson/"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
PLAYWRIGHT_FLAGS = CHROME_FLAGS[1:] + ["--no-first-run", "--disable-quic"]
GZIP_LEVEL = 6  # what a typical CDN (and `gzip` itself) uses
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/wasm",
                "application/xml")
PYTHON_URL_PARTS = ("/assets/pyodide/", "/python-worker.js")
PYODIDE_DIR = "assets/pyodide/314.0.7/"
KB = 1000

TARGETS = {
    "build_s": 10.0,
    "edit_s": 3.0,
    "before_python_kb": 400.0,
    "widget_json_kb": 150.0,
    "ready_ratio": 1.15,
    "playground_p95_ms": 16.0,
    "scrub_p95_ms": 8.0,
    "lh_performance": 95,
    "lh_accessibility": 100,
}


# Where the time goes when a target is missed: found with Chromium traces and in-page timers on
# this machine while writing the benchmark (2026-11-25). Added to a row's note only when it misses.
CAUSES = {
    "ready_ratio": (
        "Cause: the bare page starts its worker at once; the lesson page asks for Python only after its own HTML, "
        "CSS and scripts have run and the playground has been seen (DOMContentLoaded, then the widget's "
        "IntersectionObserver), as its lazy start intends; the asked-to-ready ratio above is the rest. The "
        "lesson's worker also loads and checks the lesson_py wheel and imports lesson_py.calls, and Material's "
        "search worker builds its index at the same time on the same two cores. Under load, single loads "
        "vary a lot (cold_ms and warm_ms in results.json)."),
    "playground_p95_ms": (
        "Cause: the worker's Python call (its p50 and p95 above) plus the render of the read-outs. Found and "
        "fixed while writing the benchmark: lesson_py.playground computed the hidden layer's 24x24 decision map "
        "(576 forward passes) on every call, now once per (size, activation); and every input event wrote the "
        "URL with history.replaceState, which headless Chromium follows with a re-request and re-parse of the "
        "SVG favicon, now written once input pauses (url-state.js). Compare the loop with URL writes turned off."),
    "scrub_p95_ms": (
        "Cause (Chromium trace of this build's scrubbing): the input handler is the small part (its p95 above); "
        "most of the frame is style and layout of the page, paint, and the commit to the compositor, where the "
        "decision-map canvas, a software bitmap with --disable-gpu, is copied on every step. Fixed while "
        "writing the benchmark: the URL was written with history.replaceState on every step, followed by a "
        "favicon re-parse (now written once input pauses, url-state.js), and the decision map made new canvases "
        "on every draw (now kept). Left: redraw the map only when its picture changes, and keep its canvas "
        "no larger than it is shown."),
    "lh_performance": (
        "Cause: Lighthouse simulates a 4x slower CPU from the tasks it observes, so on this loaded machine "
        "the same page scores differently from run to run (performance_runs in results.json). On every page "
        "Material's bundle makes most of the long tasks, and eight stylesheets block rendering (Material's two, "
        "the lesson's five), which this local HTTP/1.1 server delivers over six connections (GitHub Pages "
        "uses HTTP/2); widget pages also hydrate their widgets on load."),
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


# --- The machine -----------------------------------------------------------------------


def machine(chromium_version: str) -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    os_name = platform.platform()
    try:
        pretty = re.search(r'^PRETTY_NAME="?([^"\n]*)', Path("/etc/os-release").read_text(), re.M)
        if pretty:
            os_name = f"{pretty.group(1)} (kernel {platform.release()})"
    except OSError:
        pass
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    lighthouse = json.loads((ROOT / "node_modules/lighthouse/package.json").read_text())["version"]
    import mkdocs
    import playwright
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    return {
        "cpu": cpu, "cores": cores, "ram_gb": ram, "os": os_name,
        "python": platform.python_version(), "node": node, "chromium": chromium_version,
        "mkdocs": mkdocs.__version__, "lighthouse": lighthouse,
        "playwright": getattr(playwright, "__version__", "?"),
    }


def git_state() -> dict:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    changed = [line for line in git("status", "--porcelain").splitlines() if line and not line[3:].startswith("bench/")]
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted_files": len(changed)}


# --- 1. The project copy and its builds -------------------------------------------------


def copy_project(into: Path) -> Path:
    """The working tree (without .git, .venv, node_modules, built sites) in a temp folder."""
    target = into / "project"
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "bench", "tests", "scripts",
                                    "__pycache__", "*.pyc", ".pytest_cache", "dist", ".cache")
    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    return target


WIDGET_CACHE: Path | None = None  # set in main(): an empty widget-data cache of this run


def build_env(site_url: str) -> dict:
    env = dev.environment()
    env["SITE_URL"] = site_url
    if WIDGET_CACHE is not None:
        env["NN_LESSON_WIDGET_CACHE"] = str(WIDGET_CACHE)
    return env


def mkdocs_build(project: Path, site: Path, site_url: str) -> tuple[float, str | None]:
    """One clean `mkdocs build --strict`; returns (wall seconds, problem or None).
    Falls back to a non-strict build if the strict one fails, and says so."""
    if site.exists():
        shutil.rmtree(site)
    command = [str(dev.PYTHON), "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=build_env(site_url), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode == 0:
        return elapsed, None
    problem = (result.stderr.strip().splitlines() or ["?"])[-1]
    log(f"strict build failed ({problem}); building without --strict")
    command.remove("--strict")
    if site.exists():
        shutil.rmtree(site)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=build_env(site_url), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, f"--strict failed: {problem}"


def measure_builds(project: Path, site: Path, site_url: str, repeats: int) -> dict:
    log("one build to fill the caches (Pyodide runtime and wheel; widget data, from an empty cache)")
    warm, problem = mkdocs_build(project, site, site_url)
    log(f"first build, empty widget-data cache: {warm:.2f} s")
    times = []
    for i in range(repeats):
        elapsed, problem = mkdocs_build(project, site, site_url)
        times.append(elapsed)
        log(f"clean build {i + 1}/{repeats}: {elapsed:.2f} s")
    return {"times_s": times, "median_s": statistics.median(times), "first_build_empty_widget_cache_s": warm,
            "strict_problem": problem}


def measure_edit_reload(project: Path, repeats: int) -> dict:
    """Time from saving a prose edit to the rebuilt page served by `mkdocs serve --livereload`."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    page = project / "docs" / "misconceptions.md"
    original = page.read_bytes()
    serve_log = project.parent / "serve.log"
    with open(serve_log, "wb") as out:
        server = subprocess.Popen(
            [str(dev.PYTHON), "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=build_env(base), stdout=out, stderr=subprocess.STDOUT)
    times = []
    try:
        deadline = time.monotonic() + 180
        while not fetch_text(base + "misconceptions/"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"mkdocs serve did not start:\n{serve_log.read_text()}")
            time.sleep(0.2)
        for i in range(repeats):
            time.sleep(1.5)  # let the previous rebuild and the file watcher settle
            marker = f"Benchmark edit {uuid.uuid4().hex[:12]}"
            with open(page, "ab") as f:
                f.write(f"\n\n{marker}.\n".encode())
                f.flush()
                os.fsync(f.fileno())
            saved = time.perf_counter()
            deadline = saved + 60
            while True:
                body = fetch_text(base + "misconceptions/")
                if body and marker in body:
                    break
                if time.perf_counter() > deadline:
                    raise SystemExit(f"the edit never reached the served page:\n{serve_log.read_text()[-3000:]}")
                time.sleep(0.02)
            times.append(time.perf_counter() - saved)
            log(f"edit {i + 1}/{repeats}: rebuilt page served after {times[-1]:.2f} s")
    finally:
        page.write_bytes(original)
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"times_s": times, "median_s": statistics.median(times)}


def fetch_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


# --- 2. The static server ------------------------------------------------------------------


def static_server(site: Path, port: int):
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import SubpathHandler

    cache: dict[Path, tuple[float, bytes]] = {}
    lock = threading.Lock()

    class PagesLikeHandler(SubpathHandler):
        """SubpathHandler plus what GitHub Pages adds: gzip and a 10-minute Cache-Control."""

        def end_headers(self):
            self.send_header("Cache-Control", "max-age=600")
            super().end_headers()

        def do_GET(self):
            target = Path(self.translate_path(self.path))
            url_path = self.path.split("?", 1)[0].split("#", 1)[0]
            if target.is_dir() and url_path.endswith("/"):
                target = target / "index.html"
            ctype = self.guess_type(str(target))
            wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (target.is_file() and wants_gzip and ctype.startswith(COMPRESSIBLE)):
                return super().do_GET()
            stat = target.stat()
            since = self.headers.get("If-Modified-Since")
            if since:
                try:
                    if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                        self.send_response(304)
                        self.end_headers()
                        return
                except (TypeError, ValueError):
                    pass
            with lock:
                hit = cache.get(target)
            if hit is None or hit[0] != stat.st_mtime:
                hit = (stat.st_mtime, gzip.compress(target.read_bytes(), GZIP_LEVEL, mtime=0))
                with lock:
                    cache[target] = hit
            body = hit[1]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
            self.end_headers()
            self.wfile.write(body)

    # Compress everything now, so that no measured load waits for the server's first gzip of a file.
    import mimetypes
    for path in sorted(site.rglob("*")):
        if path.is_file():
            ctype = PagesLikeHandler.extensions_map.get(path.suffix) or mimetypes.guess_type(path.name)[0] or ""
            if ctype.startswith(COMPRESSIBLE):
                cache[path] = (path.stat().st_mtime, gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0))
    handler = functools.partial(PagesLikeHandler, site=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pages_of(site: Path) -> list[str]:
    """The lesson's pages, as paths under the site root, from its sitemap ('' is the home page)."""
    tree = ET.parse(site / "sitemap.xml")
    paths = []
    for loc in tree.getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        path = loc.text.strip().split(SUBPATH, 1)[1]
        paths.append(path)
    return paths


BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide</title></head>
<body><p>Loads Pyodide in a module worker, nothing else.</p>
<script type="module">
const worker = new Worker("worker.js", { type: "module" });
worker.onmessage = (event) => { window.__pyReady = performance.now(); window.__pyVersion = event.data; };
worker.postMessage(new URL("../%s", location.href).href);
</script></body></html>
""" % PYODIDE_DIR

BARE_WORKER = """self.onmessage = async (event) => {
  const indexURL = event.data;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL });
  self.postMessage(pyodide.version);
};
"""

# Runs before any page script: notes when the lesson's Python is asked for and when it is ready.
PYTHON_PROBE = """
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
          if (s.state === "ready" && window.__pyReady === undefined) window.__pyReady = performance.now();
          if (s.state === "failed") window.__pyFailed = s.text;
        });
      } catch (error) { window.__pyFailed = String(error); }
    },
  });
})();
"""

SCROLL_TO_PLAYGROUND = """
document.addEventListener("DOMContentLoaded", () => {
  const widget = document.querySelector("[data-pg-root]");
  if (widget) widget.scrollIntoView({ block: "start" });
});
"""


# --- 3. In the browser ----------------------------------------------------------------------


def url_to_file(site: Path, url: str) -> Path | None:
    path = url.split("?", 1)[0].split("#", 1)[0]
    if SUBPATH not in path:
        return None
    rel = path.split(SUBPATH, 1)[1]
    target = site / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".html": "html", ".css": "css", ".js": "js", ".mjs": "js", ".json": "json"}.get(suffix, "other")


def measure_page_loads(browser, site: Path, base: str, pages: list[str]) -> list[dict]:
    """Per page: what is downloaded on load with no interaction, and the widget JSON."""
    results = []
    for path in pages:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(PYTHON_PROBE)
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        page = context.new_page()
        page.goto(base + path, wait_until="load")
        try:
            page.wait_for_load_state("networkidle", timeout=30_000)
        except Exception:
            pass
        page.wait_for_timeout(1000)
        inline_json = page.evaluate("""() => [...document.querySelectorAll('script[type="application/json"]')]
            .filter((s) => s.id !== "__config").map((s) => s.textContent)""")
        info = page.evaluate("""() => ({
            asked: window.__pyAsked ?? null,
            playgrounds: document.querySelectorAll("[data-pg-root]").length,
            visualizers: document.querySelectorAll('[data-widget="training-visualizer"]').length,
        })""")
        context.close()
        by_kind = {k: {"raw": 0, "gzip": 0, "files": 0} for k in ("html", "css", "js", "json", "other")}
        python_files = 0
        seen = set()
        widget_json = [{"where": "inline", "raw": len(t.encode()), "gzip": gz(t.encode())} for t in inline_json]
        for url in requested:
            if url.startswith(("data:", "blob:")) or url in seen:
                continue
            seen.add(url)
            if any(part in url for part in PYTHON_URL_PARTS):
                python_files += 1
                continue
            target = url_to_file(site, url)
            if target is None:
                continue
            data = target.read_bytes()
            entry = by_kind[kind_of(target)]
            entry["raw"] += len(data)
            entry["gzip"] += gz(data)
            entry["files"] += 1
            rel = target.relative_to(site).as_posix()
            if target.suffix == ".json" and not rel.startswith("search/"):
                widget_json.append({"where": rel, "raw": len(data), "gzip": gz(data)})
        total = sum(v["gzip"] for v in by_kind.values())
        results.append({
            "page": path or "(home)", "url_path": path, "before_python": by_kind,
            "before_python_gzip": total,
            "python_started_on_load": info["asked"] is not None, "python_requests_on_load": python_files,
            "widget_json": widget_json, "widget_json_gzip": sum(w["gzip"] for w in widget_json),
            "playgrounds": info["playgrounds"], "visualizers": info["visualizers"],
        })
        log(f"page {path or '(home)'}: {total / KB:.1f} kB gzipped before Python, "
            f"widget JSON {results[-1]['widget_json_gzip'] / KB:.1f} kB"
            + (", Python started on load" if info["asked"] is not None else ""))
    return results


def wait_ready(page, timeout_ms: int = 180_000) -> dict:
    page.wait_for_function("window.__pyReady !== undefined || window.__pyFailed !== undefined", timeout=timeout_ms,
                           polling=10)
    return page.evaluate("() => ({ready: window.__pyReady ?? null, asked: window.__pyAsked ?? null,"
                         " failed: window.__pyFailed ?? null})")


def measure_python_ready(browser, base: str, pages: list[str], repeats: int) -> dict:
    """Navigation start -> Python ready, lesson page (playground scrolled into view) vs bare page."""
    targets = {"bare": base + "bench-bare/", **{p or "(home)": base + p for p in pages}}
    cold: dict[str, list[float]] = {name: [] for name in targets}
    warm: dict[str, list[float]] = {name: [] for name in targets}
    asked: dict[str, list[float]] = {name: [] for name in targets if name != "bare"}  # cold: ready - asked
    asked_warm: dict[str, list[float]] = {name: [] for name in targets if name != "bare"}
    asked_at: dict[str, list[float]] = {name: [] for name in targets if name != "bare"}  # cold and warm

    def prepare(context, name):
        if name != "bare":
            context.add_init_script(PYTHON_PROBE)
            context.add_init_script(SCROLL_TO_PLAYGROUND)

    names = list(targets)

    def rotated(i):  # each round starts with another target, so no target always follows a teardown
        return names[i % len(names):] + names[:i % len(names)]

    for i in range(repeats):  # cold: a new context (its own empty HTTP cache) per load, interleaved
        for name in rotated(i):
            url = targets[name]
            time.sleep(0.5)  # let the previous context's processes go away
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            prepare(context, name)
            page = context.new_page()
            page.goto(url)
            got = wait_ready(page)
            context.close()
            if got["failed"] or got["ready"] is None:
                raise RuntimeError(f"Python did not start on {url}: {got['failed']}")
            cold[name].append(got["ready"])
            if name != "bare" and got["asked"] is not None:
                asked[name].append(got["ready"] - got["asked"])
                asked_at[name].append(got["asked"])
            log(f"cold {i + 1}/{repeats} {name}: ready at {got['ready']:.0f} ms")
    # warm: one context per target, loaded once; then reloads, interleaved like the cold loads
    # (an idle Python worker of another open page costs no CPU)
    opened = {}
    for name, url in targets.items():
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        prepare(context, name)
        page = context.new_page()
        page.goto(url)
        wait_ready(page)
        opened[name] = (context, page)
    for i in range(repeats):
        for name in rotated(i):
            context, page = opened[name]
            page.reload()
            got = wait_ready(page)
            if got["failed"] or got["ready"] is None:
                raise RuntimeError(f"Python did not start on {targets[name]}: {got['failed']}")
            warm[name].append(got["ready"])
            if name != "bare" and got["asked"] is not None:
                asked_warm[name].append(got["ready"] - got["asked"])
                asked_at[name].append(got["asked"])
            log(f"warm {i + 1}/{repeats} {name}: ready at {got['ready']:.0f} ms")
    for context, _ in opened.values():
        context.close()
    out = {"bare": {"cold_ms": cold["bare"], "warm_ms": warm["bare"],
                    "cold_median_ms": statistics.median(cold["bare"]),
                    "warm_median_ms": statistics.median(warm["bare"])}, "pages": {}}
    for name in targets:
        if name == "bare":
            continue
        out["pages"][name] = {
            "cold_ms": cold[name], "warm_ms": warm[name],
            "cold_median_ms": statistics.median(cold[name]), "warm_median_ms": statistics.median(warm[name]),
            # the same loads, each against the bare load of its own round (the load of the machine drifts)
            "cold_paired_ratio_median": statistics.median(a / b for a, b in zip(cold[name], cold["bare"])),
            "warm_paired_ratio_median": statistics.median(a / b for a, b in zip(warm[name], warm["bare"])),
            "cold_ratio": statistics.median(cold[name]) / out["bare"]["cold_median_ms"],
            "warm_ratio": statistics.median(warm[name]) / out["bare"]["warm_median_ms"],
            "asked_median_ms": statistics.median(asked_at[name]) if asked_at[name] else None,
            "cold_asked_to_ready_median_ms": statistics.median(asked[name]) if asked[name] else None,
            "warm_asked_to_ready_median_ms": statistics.median(asked_warm[name]) if asked_warm[name] else None,
        }
    return out


PLAYGROUND_LOOP = """
async ({ index, count }) => {
  const root = document.querySelectorAll("[data-pg-root]")[index];
  root.scrollIntoView({ block: "start" });
  await globalThis.nnLessonPython.start();
  for (let i = 0; i < 200 && !root.playground; i++) await new Promise((r) => setTimeout(r, 10));
  if (!root.playground) throw new Error("the playground did not mount");
  const ranges = [...root.querySelectorAll('input[type="range"][data-pg-control]')];
  if (ranges.length < 2) throw new Error("the playground has fewer than two sliders");
  const [a, b] = ranges;
  const grid = (r) => {
    const min = Number(r.min), max = Number(r.max), step = Number(r.step);
    const n = Math.round((max - min) / step);
    return Array.from({ length: n + 1 }, (_, i) => Number((min + i * step).toFixed(6)));
  };
  const ga = grid(a), gb = grid(b);
  const nearest = (g, v) => g.reduce((best, x, i) => (Math.abs(x - v) < Math.abs(g[best] - v) ? i : best), 0);
  // A snake over the (a, b) grid from the current values: every step is a state never seen,
  // so every read-out comes from a new Python call (the widget caches states it has seen).
  let ia = nearest(ga, Number(a.value)), ib = nearest(gb, Number(b.value));
  let da = ia < ga.length - 1 ? 1 : -1;
  const rowsNeeded = Math.ceil(count / (ga.length - 1)) + 1;
  const db = ib + rowsNeeded < gb.length ? 1 : -1;
  const steps = [];
  while (steps.length < count) {
    if (ia + da >= 0 && ia + da < ga.length) { ia += da; steps.push([a, ga[ia]]); }
    else { da = -da; ib += db; if (ib < 0 || ib >= gb.length) throw new Error("grid too small"); steps.push([b, gb[ib]]); }
  }
  const times = [];
  let timeouts = 0;
  for (const [range, value] of steps) {
    const done = new Promise((resolve) => {
      const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
      const observer = new MutationObserver(() => {
        observer.disconnect(); clearTimeout(timer); resolve(performance.now());
      });
      observer.observe(root, { attributes: true, attributeFilter: ["data-pg-shown"] });
    });
    const t0 = performance.now();
    range.value = String(value);
    range.dispatchEvent(new Event("input", { bubbles: true }));
    const t1 = await done;
    if (t1 === null) timeouts++;
    else times.push(t1 - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  // Diagnosis: the worker round trip alone, on states not seen before (no page update at all).
  const calls = [];
  for (let i = 0; i < Math.min(100, count); i++) {
    const state = { mode: root.playground.mode, ...root.playground.state, [a.dataset.pgControl]: ga[i % ga.length],
                    [b.dataset.pgControl]: gb[(ib + 1 + Math.floor(i / ga.length)) % gb.length] };
    const t0 = performance.now();
    await globalThis.nnLessonPython.call("playground", state);
    calls.push(performance.now() - t0);
  }
  return { times, timeouts, calls, mode: root.dataset.mode || null, id: root.dataset.pgId || root.id || null };
}
"""

SCRUB_LOOP = """
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
"""



# Diagnosis run right after each widget measurement, in a fresh context of the same browser:
# the same loop with the page's URL writes (history.replaceState) turned into no-ops.
NO_URL_WRITES = "history.replaceState = function () {};"


def run_loop(browser, url: str, script: str, args: dict, init: tuple[str, ...]) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    for source in init:
        context.add_init_script(source)
    page = context.new_page()
    try:
        page.goto(url)
        return page.evaluate(script, args)
    finally:
        context.close()


def measure_playground(browser, base: str, pages: list[dict], count: int) -> list[dict]:
    results = []
    for info in pages:
        for index in range(info["playgrounds"]):
            url = base + info["url_path"]
            try:
                got = run_loop(browser, url, PLAYGROUND_LOOP, {"index": index, "count": count}, (PYTHON_PROBE,))
                bare = run_loop(browser, url, PLAYGROUND_LOOP, {"index": index, "count": count},
                                (PYTHON_PROBE, NO_URL_WRITES))
            except Exception as error:  # noqa: BLE001 - reported, the other widgets still run
                message = str(error).strip().splitlines()[0]
                results.append({"page": info["page"], "widget": f"playground {index + 1}", "error": message})
                log(f"playground {index + 1} on {info['page']}: not measured: {message}")
                continue
            times = got["times"]
            entry = {"page": info["page"], "widget": got["id"], "mode": got["mode"], "events": len(times),
                     "timeouts": got["timeouts"],
                     "p50_ms": percentile(times, 50) if times else None,
                     "p95_ms": percentile(times, 95) if times else None,
                     "max_ms": max(times) if times else None,
                     "worker_call_p50_ms": percentile(got["calls"], 50), "worker_call_p95_ms": percentile(got["calls"], 95),
                     "no_url_writes_p50_ms": percentile(bare["times"], 50) if bare["times"] else None,
                     "no_url_writes_p95_ms": percentile(bare["times"], 95) if bare["times"] else None}
            results.append(entry)
            log(f"playground {entry['widget']} on {info['page']}: p50 {entry['p50_ms']:.2f} ms, "
                f"p95 {entry['p95_ms']:.2f} ms over {len(times)} events ({got['timeouts']} timeouts); "
                f"worker call alone p50 {entry['worker_call_p50_ms']:.2f} ms; without URL writes p50 "
                f"{entry['no_url_writes_p50_ms']:.2f}, p95 {entry['no_url_writes_p95_ms']:.2f} ms")
    return results


def measure_scrub(browser, base: str, pages: list[dict], count: int) -> list[dict]:
    results = []
    for info in pages:
        if not info["visualizers"]:
            continue
        url = base + info["url_path"]
        try:
            got = run_loop(browser, url, SCRUB_LOOP, {"count": count}, ())
            bare = run_loop(browser, url, SCRUB_LOOP, {"count": count}, (NO_URL_WRITES,))
        except Exception as error:  # noqa: BLE001 - reported in the table
            message = str(error).strip().splitlines()[0]
            results.append({"page": info["page"], "error": message})
            log(f"scrub on {info['page']}: not measured: {message}")
            continue
        times = got["times"]
        entry = {"page": info["page"], "steps": len(times), "max_epoch": got["max"],
                 "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "max_ms": max(times),
                 "handler_p50_ms": percentile(got["handler"], 50), "handler_p95_ms": percentile(got["handler"], 95),
                 "deferred_updates": got["lateDom"],
                 "no_url_writes_p50_ms": percentile(bare["times"], 50), "no_url_writes_p95_ms": percentile(bare["times"], 95),
                 "no_url_writes_handler_p50_ms": percentile(bare["handler"], 50)}
        results.append(entry)
        log(f"scrub on {info['page']}: p50 {entry['p50_ms']:.2f} ms, p95 {entry['p95_ms']:.2f} ms "
            f"(input handler p95 {entry['handler_p95_ms']:.2f} ms) over {len(times)} steps; without URL writes "
            f"p50 {entry['no_url_writes_p50_ms']:.2f}, p95 {entry['no_url_writes_p95_ms']:.2f} ms")
    return results


# --- 4. Lighthouse ----------------------------------------------------------------------------


def lighthouse(url: str, chromium: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=chromium)
    command = ["node", str(ROOT / "node_modules/lighthouse/cli/index.js"), url, "--output=json",
               f"--output-path={out}", "--only-categories=performance,accessibility", "--quiet",
               f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {result.stderr[-2000:]}")
    report = json.loads(out.read_text())
    cats = report["categories"]
    audits = report["audits"]

    def value(audit_id):
        audit = audits.get(audit_id) or {}
        return audit.get("numericValue")

    failing = sorted(a for a in (cats["accessibility"].get("auditRefs") or [])
                     for a in [a["id"]] if (audits.get(a) or {}).get("score") not in (None, 1))
    perf_misses = sorted(
        (ref["id"], (audits.get(ref["id"]) or {}).get("score")) for ref in cats["performance"]["auditRefs"]
        if ref.get("weight") and (audits.get(ref["id"]) or {}).get("score") not in (None, 1))
    return {
        "performance": round(cats["performance"]["score"] * 100) if cats["performance"]["score"] is not None else None,
        "accessibility": round(cats["accessibility"]["score"] * 100) if cats["accessibility"]["score"] is not None else None,
        "fcp_ms": value("first-contentful-paint"), "lcp_ms": value("largest-contentful-paint"),
        "tbt_ms": value("total-blocking-time"), "cls": value("cumulative-layout-shift"),
        "si_ms": value("speed-index"),
        "accessibility_failing": failing, "performance_below_1": perf_misses,
        "long_tasks": [{"url": item.get("url"), "ms": round(item.get("duration", 0))}
                       for item in ((audits.get("long-tasks") or {}).get("details") or {}).get("items", [])[:5]],
        "runtime_error": (report.get("runtimeError") or {}).get("message"),
    }


def measure_lighthouse(base: str, pages: list[str], chromium: str, runs: int, scratch: Path) -> list[dict]:
    results = []
    for path in pages:
        reports = []
        for i in range(runs):
            reports.append(lighthouse(base + path, chromium, scratch / f"lh-{len(results)}-{i}.json"))
        perf = statistics.median([r["performance"] for r in reports])
        a11y = statistics.median([r["accessibility"] for r in reports])
        middle = sorted(reports, key=lambda r: r["performance"])[len(reports) // 2]
        results.append({"page": path or "(home)", "performance": perf, "accessibility": a11y,
                        "performance_runs": [r["performance"] for r in reports], "median_run": middle})
        log(f"lighthouse {path or '(home)'}: performance {perf}, accessibility {a11y}")
    return results


# --- 5. The table ----------------------------------------------------------------------------


def row(metric, measured, target, met, note="", cause=None):
    if met is False and cause in CAUSES:
        note = f"{note}. {CAUSES[cause]}" if note else CAUSES[cause]
    return {"metric": metric, "measured": measured, "target": target,
            "met": None if met is None else bool(met), "note": note}


def table_rows(r: dict, quick: bool) -> list[dict]:
    rows = []
    t = TARGETS
    b = r["build"]
    rows.append(row(f"Clean `mkdocs build --strict`, runtime cached (median of {len(b['times_s'])})",
                    f"{b['median_s']:.2f} s", f"<= {t['build_s']:g} s", b["median_s"] <= t["build_s"],
                    f"wall time of the whole command; runs: {', '.join(f'{x:.2f}' for x in b['times_s'])} s; "
                    f"the first build of the run, with an empty widget-data cache: {b['first_build_empty_widget_cache_s']:.2f} s"
                    + (f"; {b['strict_problem']}" if b["strict_problem"] else "")))
    e = r["edit"]
    rows.append(row(f"Prose edit saved -> rebuilt page served by `mkdocs serve --livereload` (median of {len(e['times_s'])})",
                    f"{e['median_s']:.2f} s", f"<= {t['edit_s']:g} s", e["median_s"] <= t["edit_s"],
                    f"misconceptions.md of a temporary copy; runs: {', '.join(f'{x:.2f}' for x in e['times_s'])} s"))
    loads = r["page_loads"]
    worst = max(loads, key=lambda p: p["before_python_gzip"])
    parts = ", ".join(f"{k} {v['gzip'] / KB:.1f}" for k, v in worst["before_python"].items() if v["files"])
    started = [p["page"] for p in loads if p["python_started_on_load"]]
    rows.append(row("Downloaded before Python is asked for, gzipped (largest page)",
                    f"{worst['before_python_gzip'] / KB:.1f} kB", f"<= {t['before_python_kb']:g} kB",
                    worst["before_python_gzip"] / KB <= t["before_python_kb"],
                    f"{worst['page']}: {parts} kB; all requests on load with no interaction, except the Python "
                    f"worker and Pyodide files" + (f"; Python started on load (widget in view) on: {', '.join(started)}"
                                                   if started else "")))
    wj = max(loads, key=lambda p: p["widget_json_gzip"])
    rows.append(row("Widget JSON per page, gzipped (largest page)", f"{wj['widget_json_gzip'] / KB:.1f} kB",
                    f"<= {t['widget_json_kb']:g} kB", wj["widget_json_gzip"] / KB <= t["widget_json_kb"],
                    f"{wj['page']}; each JSON (inline or file) gzipped on its own and summed"))
    ready = r.get("python_ready")
    if ready and ready["pages"]:
        for cache in ("cold", "warm"):
            name, worst_ready = max(ready["pages"].items(), key=lambda kv: kv[1][f"{cache}_ratio"])
            others = "; ".join(f"{n} {v[f'{cache}_ratio']:.2f}" for n, v in ready["pages"].items() if n != name)
            n_runs = len(ready["bare"][f"{cache}_ms"])
            how = "new context per load" if cache == "cold" else "same context, reload"
            rows.append(row(f"Python ready / bare Pyodide, {cache} cache (median of {n_runs}, worst page)",
                            f"{worst_ready[f'{cache}_ratio']:.2f} ({worst_ready[f'{cache}_median_ms'] / 1000:.2f} s / "
                            f"{ready['bare'][f'{cache}_median_ms'] / 1000:.2f} s)",
                            f"<= {t['ready_ratio']:g}", worst_ready[f"{cache}_ratio"] <= t["ready_ratio"],
                            cause="ready_ratio", note=f"{name}, {how}, from navigation start, playground scrolled into view on load; "
                            f"Python asked for {worst_ready['asked_median_ms'] / 1000:.2f} s after navigation (median); "
                            f"from Python asked for to ready: {worst_ready[f'{cache}_asked_to_ready_median_ms'] / 1000:.2f} s "
                            f"(ratio {worst_ready[f'{cache}_asked_to_ready_median_ms'] / ready['bare'][f'{cache}_median_ms']:.2f})"
                            + f"; median of per-round ratios {worst_ready[f'{cache}_paired_ratio_median']:.2f}"
                            + (f"; other pages: {others}" if others else "")))
    else:
        rows.append(row("Python ready / bare Pyodide", "not measured", f"<= {t['ready_ratio']:g}", None,
                        "no page has a Neuron Playground in this build"))
    pg_all = r.get("playground") or []
    pg = [p for p in pg_all if "error" not in p]
    pg_errors = "; ".join(f"{p['widget']} on {p['page']}: {p['error']}" for p in pg_all if "error" in p)
    if pg:
        worst_pg = max(pg, key=lambda p: p["p95_ms"])
        others = "; ".join(f"{p['widget']} ({p['mode']}) p50 {p['p50_ms']:.1f}, p95 {p['p95_ms']:.1f}"
                           for p in pg if p is not worst_pg)
        rows.append(row(f"Playground input -> read-outs through Python, p50 / p95 (worst of {len(pg)} widgets)",
                        f"{worst_pg['p50_ms']:.1f} / {worst_pg['p95_ms']:.1f} ms", f"p95 <= {t['playground_p95_ms']:g} ms",
                        worst_pg["p95_ms"] <= t["playground_p95_ms"] and not worst_pg["timeouts"],
                        cause="playground_p95_ms", note=f"{worst_pg['widget']} ({worst_pg['mode']}) on {worst_pg['page']}, {worst_pg['events']} events, "
                        f"each a state not seen before; input event to the read-outs' re-render"
                        + (f"; {worst_pg['timeouts']} timeouts" if worst_pg["timeouts"] else "")
                        + f"; in this run its worker call alone took p50 {worst_pg['worker_call_p50_ms']:.1f} / p95 "
                        f"{worst_pg['worker_call_p95_ms']:.1f} ms, and the same loop with URL writes turned off "
                        f"p50 {worst_pg['no_url_writes_p50_ms']:.1f} / p95 {worst_pg['no_url_writes_p95_ms']:.1f} ms"
                        + (f"; others: {others}" if others else "")
                        + (f"; not measured: {pg_errors}" if pg_errors else "")))
    else:
        rows.append(row("Playground input -> read-outs through Python", "not measured",
                        f"p95 <= {t['playground_p95_ms']:g} ms", None,
                        pg_errors or "no Neuron Playground in this build"))
    sc_all = r.get("scrub") or []
    sc = [p for p in sc_all if "error" not in p]
    sc_errors = "; ".join(f"{p['page']}: {p['error']}" for p in sc_all if "error" in p)
    if sc:
        s = max(sc, key=lambda p: p["p95_ms"])
        rows.append(row(f"Visualizer scrub step -> page updated, p50 / p95",
                        f"{s['p50_ms']:.1f} / {s['p95_ms']:.1f} ms", f"p95 <= {t['scrub_p95_ms']:g} ms",
                        s["p95_ms"] <= t["scrub_p95_ms"], cause="scrub_p95_ms",
                        note=f"{s['page']}, {s['steps']} steps over epochs 0-{s['max_epoch']}; input event at a frame's start "
                        f"to the end of that frame (style, layout, paint); input handler alone p95 "
                        f"{s['handler_p95_ms']:.1f} ms; the same loop with URL writes turned off: p50 "
                        f"{s['no_url_writes_p50_ms']:.1f} / p95 {s['no_url_writes_p95_ms']:.1f} ms"))
    else:
        rows.append(row("Visualizer scrub step -> page updated", "not measured", f"p95 <= {t['scrub_p95_ms']:g} ms",
                        None, sc_errors or "no Training Loop Visualizer in this build"))
    lh = r.get("lighthouse") or []
    if lh:
        worst_perf = min(lh, key=lambda p: p["performance"])
        worst_a11y = min(lh, key=lambda p: p["accessibility"])
        per_page = ", ".join(f"{p['page']} {p['performance']:g}" for p in lh)
        rows.append(row(f"Lighthouse mobile performance (lowest of {len(lh)} pages)", f"{worst_perf['performance']:g}",
                        f">= {t['lh_performance']}", worst_perf["performance"] >= t["lh_performance"], cause="lh_performance",
                        note=f"lowest: {worst_perf['page']}; all (median of runs): {per_page}; longest tasks in its "
                        f"median run (at 4x slowdown): "
                        + ", ".join(f"{(t_['url'] or '?').rsplit('/', 1)[-1] or (t_['url'] or '?')} {t_['ms']} ms"
                                    for t_ in worst_perf["median_run"].get("long_tasks", [])[:3])))
        failing = sorted({a for p in lh for a in p["median_run"]["accessibility_failing"]})
        rows.append(row(f"Lighthouse mobile accessibility (lowest of {len(lh)} pages)", f"{worst_a11y['accessibility']:g}",
                        f"= {t['lh_accessibility']}", worst_a11y["accessibility"] >= t["lh_accessibility"],
                        f"lowest: {worst_a11y['page']}" + (f"; failing audits: {', '.join(failing)}" if failing else "")))
    return rows


def markdown(r: dict) -> str:
    m = r["machine"]
    loads = [v for phase_load in r.get("load", {}).values() for v in (phase_load["load1_before"], phase_load["load1_after"])] or [0.0]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {r['date']} by `{r['command']}` on commit {r['git']['commit']}"
        + (f" with {r['git']['uncommitted_files']} uncommitted files in the working tree" if r["git"]["uncommitted_files"] else "")
        + (" (**quick run: few repeats, not the published numbers**)" if r["quick"] else "") + ".",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; Python {m['python']}, "
        f"Node {m['node']}, Chromium {m['chromium']}, MkDocs {m['mkdocs']}, Lighthouse {m['lighthouse']}.",
        "",
        f"This machine is shared: its 1-minute load average ranged {min(loads):.1f}-{max(loads):.1f} around the "
        f"measurements (on {m['cores']} cores; see `load` in results.json), which slows every timing here"
        + (f"; the benchmark and its browsers ran at nice {r['nice']} to be disturbed less." if r.get("nice", 0) < 0 else "."),
        "",
        "| metric | measured | target | met? | note |",
        "|---|---|---|---|---|",
    ]
    for x in r["table"]:
        met = "n/a" if x["met"] is None else ("yes" if x["met"] else "**no**")
        note = x["note"].replace("|", "\\|")
        lines.append(f"| {x['metric']} | {x['measured']} | {x['target']} | {met} | {note} |")
    lines += ["", "## Per page", "",
              "| page | before Python, gzipped | html | css | js | json | other | widget JSON, gzipped | "
              "Lighthouse performance | Lighthouse accessibility |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    lh = {p["page"]: p for p in r.get("lighthouse") or []}
    for p in r["page_loads"]:
        k = p["before_python"]
        cells = [f"{k[name]['gzip'] / KB:.1f}" for name in ("html", "css", "js", "json", "other")]
        l = lh.get(p["page"])
        lines.append(f"| {p['page']} | {p['before_python_gzip'] / KB:.1f} kB | " + " | ".join(cells)
                     + f" | {p['widget_json_gzip'] / KB:.1f} kB | {l['performance'] if l else '-'} | "
                     f"{l['accessibility'] if l else '-'} |")
    lines += ["", "kB = 1,000 bytes; gzip level 6 on each file's bytes.",
              "The static server gzips text and WebAssembly and sends `Cache-Control: max-age=600`, as GitHub Pages does.",
              "Chromium keeps an HTTP cache per browser context: a cold load is a new context, a warm load a reload in the same one.",
              ""]
    if r.get("notes"):
        lines += ["## Notes", ""] + [f"- {n}" for n in r["notes"]] + [""]
    return "\n".join(lines)


# --- Main ---------------------------------------------------------------------------------------


def phase(results: dict, name: str, function, *args, required: bool = False):
    """Run one measurement; note the machine's load around it; a failure becomes a note, not a crash."""
    before = os.getloadavg()[0]
    started = time.monotonic()
    try:
        value = function(*args)
    except Exception as error:  # noqa: BLE001 - reported in the results instead
        if required:
            raise
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        log(f"{name} could not be measured: {message}")
        results["notes"].append(f"{name}: not measured: {message}")
        value = None
    results.setdefault("load", {})[name] = {"load1_before": before, "load1_after": os.getloadavg()[0],
                                            "seconds": round(time.monotonic() - started, 1)}
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a fast sanity run: few repeats, output to a temp folder")
    parser.add_argument("--out", type=Path, help="where results.md and results.json go (default: bench/, "
                                                  "or a temp folder with --quick)")
    parser.add_argument("--priority", type=int, default=0, metavar="N",
                        help="run the benchmark and the browsers it starts at nice -N (root only), so that other "
                             "work on a shared machine disturbs the timings less; recorded in the results")
    parser.add_argument("--skip-lighthouse", action="store_true", help="leave Lighthouse out (its rows say so)")
    parser.add_argument("--lighthouse-runs", type=int, default=None, help="Lighthouse runs per page (median; default 3, 1 with --quick)")
    args = parser.parse_args()
    bootstrap()

    quick = args.quick
    if args.priority:
        os.setpriority(os.PRIO_PROCESS, 0, -args.priority)  # inherited by every process started below
    n_build, n_edit, n_ready, n_events = (1, 2, 1, 40) if quick else (3, 7, 5, 220)
    lh_runs = args.lighthouse_runs or (1 if quick else 3)
    scratch = Path(tempfile.mkdtemp(prefix="nn-bench-"))
    out_dir = args.out or (scratch / "results" if quick else ROOT / "bench")
    out_dir.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import find_chromium
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found: install Debian's chromium package or set CHROMIUM_PATH")

    results: dict = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "quick": quick,
                     "command": "python3 bench/run.py" + (" --quick" if quick else "")
                                + (f" --priority {args.priority}" if args.priority else ""),
                     "nice": os.getpriority(os.PRIO_PROCESS, 0), "git": git_state(),
                     "targets": TARGETS, "notes": []}
    server = None
    global WIDGET_CACHE
    WIDGET_CACHE = scratch / "widget-cache"
    try:
        project = copy_project(scratch)
        port = free_port()
        base = f"http://127.0.0.1:{port}{SUBPATH}"
        site = scratch / "site"
        results["build"] = phase(results, "build", measure_builds, project, site, base, n_build, required=True)
        results["edit"] = phase(results, "edit", measure_edit_reload, project, n_edit, required=True)
        # The last clean build is the one served; the bare page goes into that served folder only.
        (site / "bench-bare").mkdir()
        (site / "bench-bare" / "index.html").write_text(BARE_PAGE)
        (site / "bench-bare" / "worker.js").write_text(BARE_WORKER)
        server = static_server(site, port)
        pages = pages_of(site)

        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=PLAYWRIGHT_FLAGS)
            results["machine"] = machine(browser.version)
            results["page_loads"] = phase(results, "page loads", measure_page_loads, browser, site, base, pages,
                                          required=True)
            with_playground = [x["url_path"] for x in results["page_loads"] if x["playgrounds"]]
            if with_playground:
                results["python_ready"] = phase(results, "Python ready", measure_python_ready, browser, base,
                                                with_playground, n_ready)
            results["playground"] = phase(results, "playground", measure_playground, browser, base,
                                          results["page_loads"], n_events)
            results["scrub"] = phase(results, "scrub", measure_scrub, browser, base, results["page_loads"], n_events)
            browser.close()
        if not args.skip_lighthouse:
            lh_pages = pages[:1] if quick else pages
            results["lighthouse"] = phase(results, "Lighthouse", measure_lighthouse, base, lh_pages, chromium,
                                          lh_runs, scratch)
        else:
            results["notes"].append("Lighthouse was skipped (--skip-lighthouse).")
    finally:
        if server is not None:
            server.shutdown()
    results["table"] = table_rows(results, quick)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (out_dir / "results.md").write_text(markdown(results))
    print(markdown(results))
    log(f"wrote {out_dir / 'results.md'} and {out_dir / 'results.json'}")
    if not quick:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
