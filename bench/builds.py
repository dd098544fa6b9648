"""Clean builds: the project copied to a temporary folder and built with
`mkdocs build --strict`, once to fill the caches, then timed."""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

import dev
from bench.common import ROOT, log
from devkit.site_server import build_site


def copy_project(into: Path) -> Path:
    """The working tree (without .git, .venv, node_modules, built sites) in a temp folder."""
    target = into / "project"
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "bench", "tests", "scripts",
                                    "__pycache__", "*.pyc", ".pytest_cache", "dist", ".cache")
    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    return target


def build_env(widget_cache: Path) -> dict:
    """The environment of every mkdocs command of a run: dev.py's, with the run's own widget-data cache."""
    return dict(dev.environment(), NN_LESSON_WIDGET_CACHE=str(widget_cache))


def mkdocs_build(project: Path, site: Path, site_url: str, widget_cache: Path) -> tuple[float, str | None]:
    """One clean `mkdocs build --strict`; returns (wall seconds, problem or None).
    Falls back to a non-strict build if the strict one fails, and says so."""
    def timed(strict: bool):
        if site.exists():
            shutil.rmtree(site)
        started = time.perf_counter()
        result = build_site(site, site_url, cwd=project, python=dev.PYTHON, env=build_env(widget_cache), strict=strict)
        return time.perf_counter() - started, result

    elapsed, result = timed(strict=True)
    if result.returncode == 0:
        return elapsed, None
    problem = (result.stderr.strip().splitlines() or ["?"])[-1]
    log(f"strict build failed ({problem}); building without --strict")
    elapsed, result = timed(strict=False)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, f"--strict failed: {problem}"


def measure_builds(project: Path, site: Path, site_url: str, repeats: int, widget_cache: Path) -> dict:
    log("one build to fill the caches (Pyodide runtime and wheel; widget data, from an empty cache)")
    warm, problem = mkdocs_build(project, site, site_url, widget_cache)
    log(f"first build, empty widget-data cache: {warm:.2f} s")
    times = []
    for i in range(repeats):
        elapsed, problem = mkdocs_build(project, site, site_url, widget_cache)
        times.append(elapsed)
        log(f"clean build {i + 1}/{repeats}: {elapsed:.2f} s")
    return {"times_s": times, "median_s": statistics.median(times), "first_build_empty_widget_cache_s": warm,
            "strict_problem": problem}
