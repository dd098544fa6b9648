"""What every measurement uses: the log, percentiles, gzip sizes, the page's JavaScript in js/,
and a fresh browser context that runs one of those scripts."""

from __future__ import annotations

import functools
import gzip
import time
from pathlib import Path

from build_hooks.runtime import SITE_DIR

ROOT = Path(__file__).resolve().parent.parent
JS = Path(__file__).resolve().parent / "js"
PYODIDE_DIR = SITE_DIR + "/"  # the versioned folder of the runtime in the built site
GZIP_LEVEL = 6  # what a typical CDN (and `gzip` itself) uses
KB = 1000
VIEWPORT = {"width": 1280, "height": 800}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, GZIP_LEVEL, mtime=0)


def gz(data: bytes) -> int:
    return len(gzipped(data))


@functools.cache
def js(name: str) -> str:
    """The JavaScript of bench/js/<name>: an init script, or a function for page.evaluate."""
    return (JS / name).read_text().strip()


def run_loop(browser, url: str, script: str, args: dict, init: tuple[str, ...]) -> dict:
    """Open `url` in a new context with the init scripts `init`, and return what `script` gives for `args`."""
    context = browser.new_context(viewport=VIEWPORT)
    for source in init:
        context.add_init_script(source)
    page = context.new_page()
    try:
        page.goto(url)
        return page.evaluate(script, args)
    finally:
        context.close()
