"""Python-ready time: from navigation start to the lesson's Python ready on every page with a
Neuron Playground (scrolled into view on load), against a bare page that only loads the same
Pyodide in a module worker; cold (a new context per load) and warm (a reload in the same one)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.common import PYODIDE_DIR, VIEWPORT, gz, js, log
from bench.page_bytes import PYTHON_URL_PARTS, url_to_file

BARE_PAGE = """<!doctype html>
<html lang="en" data-pyodide="../{pyodide_dir}"><head><meta charset="utf-8"><title>Bare Pyodide</title></head>
<body><p>Loads Pyodide in a module worker, nothing else.</p>
<script type="module">
{script}
</script></body></html>
"""


def add_bare_page(site: Path) -> None:
    """The bare page, bench-bare/, in the served site only (the measured builds never have it)."""
    (site / "bench-bare").mkdir()
    (site / "bench-bare" / "index.html").write_text(BARE_PAGE.format(pyodide_dir=PYODIDE_DIR, script=js("bare-page.js")))
    (site / "bench-bare" / "worker.js").write_text(js("bare-worker.js") + "\n")


def wait_ready(page, timeout_ms: int = 180_000) -> dict:
    return page.wait_for_function(js("python-state.js"), timeout=timeout_ms, polling=10).json_value()


def python_bytes(site: Path, urls: list[str], sizes: dict[str, int]) -> int:
    """What a load fetched for its Python, as it travels gzipped (a .gz file as it is)."""
    total = 0
    for url in set(urls):
        if not any(part in url for part in PYTHON_URL_PARTS):
            continue
        target = url_to_file(site, url)
        if target is None:
            continue
        if target not in sizes:
            data = target.read_bytes()
            sizes[target] = len(data) if target.suffix == ".gz" else gz(data)
        total += sizes[target]
    return total


def measure_python_ready(browser, site: Path, base: str, pages: list[str], repeats: int) -> dict:
    """Navigation start -> Python ready, lesson page (playground scrolled into view) vs bare page."""
    targets = {"bare": base + "bench-bare/", **{p or "(home)": base + p for p in pages}}
    cold: dict[str, list[float]] = {name: [] for name in targets}
    warm: dict[str, list[float]] = {name: [] for name in targets}
    asked: dict[str, list[float]] = {name: [] for name in targets if name != "bare"}  # cold: ready - asked
    asked_warm: dict[str, list[float]] = {name: [] for name in targets if name != "bare"}
    asked_at: dict[str, list[float]] = {name: [] for name in targets if name != "bare"}  # cold and warm
    # asked -> downloads in (stage "start") and downloads in -> ready, per cache
    phases = {cache: {name: ([], []) for name in targets if name != "bare"} for cache in ("cold", "warm")}
    first_visit: dict[str, int] = {}  # bytes fetched for Python by a cold load (the first round's)
    sizes: dict[Path, int] = {}

    def prepare(context, name):
        if name != "bare":
            context.add_init_script(js("python-probe.js"))
            context.add_init_script(js("scroll-to-playground.js"))

    def record(name, got, ready, asked_to_ready):
        if got["failed"] or got["ready"] is None:
            raise RuntimeError(f"Python did not start on {targets[name]}: {got['failed']}")
        ready[name].append(got["ready"])
        if name != "bare" and got["asked"] is not None:
            asked_to_ready[name].append(got["ready"] - got["asked"])
            asked_at[name].append(got["asked"])
            if got["started"] is not None:
                downloads, booting = phases["cold" if asked_to_ready is asked else "warm"][name]
                downloads.append(got["started"] - got["asked"])
                booting.append(got["ready"] - got["started"])

    names = list(targets)

    def rotated(i):  # each round starts with another target, so no target always follows a teardown
        return names[i % len(names):] + names[:i % len(names)]

    for i in range(repeats):  # cold: a new context (its own empty HTTP cache) per load, interleaved
        for name in rotated(i):
            url = targets[name]
            time.sleep(0.5)  # let the previous context's processes go away
            context = browser.new_context(viewport=VIEWPORT)
            prepare(context, name)
            fetched: list[str] = []
            context.on("requestfinished", lambda request: fetched.append(request.url))
            page = context.new_page()
            page.goto(url)
            got = wait_ready(page)
            page.wait_for_timeout(300)  # let the last responses finish
            context.close()
            record(name, got, cold, asked)
            first_visit.setdefault(name, python_bytes(site, fetched, sizes))
            log(f"cold {i + 1}/{repeats} {name}: ready at {got['ready']:.0f} ms")
    # warm: one context per target, loaded once; then reloads, interleaved like the cold loads
    # (an idle Python worker of another open page costs no CPU)
    opened = {}
    for name, url in targets.items():
        context = browser.new_context(viewport=VIEWPORT)
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
            record(name, got, warm, asked_warm)
            log(f"warm {i + 1}/{repeats} {name}: ready at {got['ready']:.0f} ms")
    for context, _ in opened.values():
        context.close()
    out = {"bare": {"cold_ms": cold["bare"], "warm_ms": warm["bare"], "first_visit_bytes": first_visit["bare"],
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
            "first_visit_bytes": first_visit[name],
            "first_visit_ratio": first_visit[name] / first_visit["bare"],
            "cold_ratio": statistics.median(cold[name]) / out["bare"]["cold_median_ms"],
            "warm_ratio": statistics.median(warm[name]) / out["bare"]["warm_median_ms"],
            "asked_median_ms": statistics.median(asked_at[name]) if asked_at[name] else None,
            "cold_asked_to_ready_median_ms": statistics.median(asked[name]) if asked[name] else None,
            "warm_asked_to_ready_median_ms": statistics.median(asked_warm[name]) if asked_warm[name] else None,
            **{f"{cache}_{phase}_median_ms": statistics.median(values) if values else None
               for cache in ("cold", "warm") for phase, values in zip(("downloads", "boot"), phases[cache][name])},
        }
    return out
