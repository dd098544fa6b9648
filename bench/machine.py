"""The machine and the commit a run measured, for the head of results.md."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from pathlib import Path

from bench.common import ROOT


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
