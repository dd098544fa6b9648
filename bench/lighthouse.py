"""Lighthouse 12 (node_modules) with the system Chromium: mobile performance and accessibility
of every page, the median of a few runs each."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from pathlib import Path

from bench.common import ROOT, log
from devkit.chromium import CHROMIUM_FLAGS


def lighthouse(url: str, chromium: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=chromium)
    command = ["node", str(ROOT / "node_modules/lighthouse/cli/index.js"), url, "--output=json",
               f"--output-path={out}", "--only-categories=performance,accessibility", "--quiet",
               f"--chrome-flags={' '.join(['--headless=new', *CHROMIUM_FLAGS])}"]
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
