"""Runs every measurement in order, on a copy of the project in a temporary folder, and
writes results.json and results.md."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.builds import copy_project, measure_builds
from bench.common import ROOT, log
from bench.edit_reload import measure_edit_reload
from bench.lighthouse import measure_lighthouse
from bench.live_training import LIVE_PAGE, measure_live_training, run_only
from bench.machine import git_state, machine
from bench.page_bytes import measure_page_loads
from bench.pages_server import pages_of, static_server
from bench.playground import measure_playground
from bench.python_ready import add_bare_page, measure_python_ready
from bench.report import markdown, table_rows
from bench.scrub import measure_scrub
from bench.targets import TARGETS
from devkit.chromium import MISSING, bypass_csp_by_default, find_chromium, launch
from devkit.site_server import SUBPATH, free_port


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


def run(args: argparse.Namespace) -> None:
    """The whole benchmark, with the options of bench/cli.py; run.py has set things up."""
    quick = args.quick
    if args.priority:
        os.setpriority(os.PRIO_PROCESS, 0, -args.priority)  # inherited by every process started below
    if args.only:
        return run_only(args)
    n_build, n_edit, n_ready, n_events = (1, 2, 1, 40) if quick else (3, 7, 5, 220)
    n_live = 1 if quick else 3
    lh_runs = args.lighthouse_runs or (1 if quick else 3)
    scratch = Path(tempfile.mkdtemp(prefix="nn-bench-"))
    out_dir = args.out or (scratch / "results" if quick else ROOT / "bench")
    out_dir.mkdir(parents=True, exist_ok=True)
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit(MISSING)

    results: dict = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "quick": quick,
                     "command": "python3 bench/run.py" + (" --quick" if quick else "")
                                + (f" --priority {args.priority}" if args.priority else ""),
                     "nice": os.getpriority(os.PRIO_PROCESS, 0), "git": git_state(),
                     "targets": TARGETS, "notes": []}
    server = None
    widget_cache = scratch / "widget-cache"  # empty: the first build computes every widget's data
    try:
        project = copy_project(scratch)
        port = free_port()
        base = f"http://127.0.0.1:{port}{SUBPATH}"
        site = scratch / "site"
        results["build"] = phase(results, "build", measure_builds, project, site, base, n_build,
                             widget_cache, required=True)
        results["edit"] = phase(results, "edit", measure_edit_reload, project, n_edit, widget_cache,
                            required=True)
        # The last clean build is the one served; the bare page goes into that served folder only.
        add_bare_page(site)
        server = static_server(site, port)
        pages = pages_of(site)

        bypass_csp_by_default()  # the in-page probes use wait_for_function, which the site's policy refuses
        with sync_playwright() as p:
            browser = launch(p, chromium)
            results["machine"] = machine(browser.version)
            results["page_loads"] = phase(results, "page loads", measure_page_loads, browser, site, base, pages,
                                          required=True)
            with_playground = [x["url_path"] for x in results["page_loads"] if x["playgrounds"]]
            if with_playground:
                results["python_ready"] = phase(results, "Python ready", measure_python_ready, browser, site, base,
                                                with_playground, n_ready)
            results["playground"] = phase(results, "playground", measure_playground, browser, base,
                                          results["page_loads"], n_events)
            results["scrub"] = phase(results, "scrub", measure_scrub, browser, base, results["page_loads"], n_events)
            results["live_training"] = phase(results, "live training", measure_live_training, browser, base,
                                             LIVE_PAGE, n_live)
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
