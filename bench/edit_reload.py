"""Edit to reload: a prose edit saved in the project copy, until `mkdocs serve --livereload`
serves the rebuilt page."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import dev
from bench.builds import build_env
from bench.common import log
from devkit.site_server import free_port


def measure_edit_reload(project: Path, repeats: int, widget_cache: Path) -> dict:
    """Time from saving a prose edit to the rebuilt page served by `mkdocs serve --livereload`."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    page = project / "docs" / "misconceptions.md"
    original = page.read_bytes()
    serve_log = project.parent / "serve.log"
    with open(serve_log, "wb") as out:
        server = subprocess.Popen(
            [str(dev.PYTHON), "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=dict(build_env(widget_cache), SITE_URL=base), stdout=out, stderr=subprocess.STDOUT)
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
