"""Live training: the run designer ("Design your own run") trains the reference spec in the page's
Python worker (js/live-training.js): epochs per second, Train pressed to the first checkpoint on
screen, and the longest main-thread task while it trains; each with the machine's load beside it.

The reference spec is TensorFlow Playground's default network: a circle, hidden layers of 4 and 2
tanh neurons, mini-batches of 10 and its learning rate 0.03. The Playground draws 500 points and
holds half out; a run spec has at most 400, so 400 points with 150 (0.375) held out give its 250
training points (and 150 test points, which every epoch also judges), without noise (its default).
"""

from __future__ import annotations

import os
import statistics

from bench.common import js, log, run_loop

REFERENCE = {"dataset": "circle", "points": "400", "test": "0.375", "noise": "0", "seed": "1",
             "layers": "4,2", "activation": "tanh", "init": "1", "rate": "0.03", "epochs": "300",
             "batch": "10", "l2": "0"}
TIMEOUT_MS = 600_000


def measure_live_training(browser, base: str, page: str, repeats: int) -> dict:
    """`repeats` runs of the reference spec, each in a new context (Python booted anew, then Train)."""
    runs = []
    for index in range(repeats):
        load_before = os.getloadavg()[0]
        got = run_loop(browser, base + page, js("live-training.js"), {"spec": REFERENCE, "timeoutMs": TIMEOUT_MS},
                       (js("python-probe.js"),))
        load_after = os.getloadavg()[0]
        if not got["done"] or got["epochs"] != got["planned"]:
            raise RuntimeError(f"the run stopped at epoch {got['epochs']} of {got['planned']}: {got['status']}")
        seconds = got["doneMs"] / 1000
        after_first = (got["doneMs"] - got["firstMs"]) / 1000
        entry = {"epochs": got["epochs"], "first_ms": got["firstMs"], "done_ms": got["doneMs"],
                 "epochs_per_s": got["epochs"] / seconds,
                 "epochs_per_s_after_first": (got["epochs"] - 1) / after_first if after_first > 0 else None,
                 "longest_task_ms": max((t["ms"] for t in got["longTasks"]), default=0.0),
                 "long_tasks": len(got["longTasks"]), "pieces_seen": got["pieces"],
                 "main_thread": got["spent"],
                 "second_python_wait_ms": got["secondReadyMs"],
                 "worker_first_piece_ms": got["firstPieceMs"], "worker_20_epochs_ms": got["twentyMs"],
                 "after_train": got["marks"],
                 "longest_tasks": sorted(got["longTasks"], key=lambda t: -t["ms"])[:5],
                 "load1_before": load_before, "load1_after": load_after}
        runs.append(entry)
        log(f"live training {index + 1}/{repeats}: {entry['epochs_per_s']:.1f} epochs/s ({got['epochs']} epochs in "
            f"{seconds:.1f} s), first checkpoint {entry['first_ms']:.0f} ms, longest task "
            f"{entry['longest_task_ms']:.0f} ms ({entry['long_tasks']} over 50 ms), load {load_before:.1f}-{load_after:.1f}")
    return {"page": page, "spec": REFERENCE, "runs": runs,
            "epochs_per_s_median": statistics.median(r["epochs_per_s"] for r in runs),
            "first_ms_median": statistics.median(r["first_ms"] for r in runs),
            "longest_task_ms_max": max(r["longest_task_ms"] for r in runs),
            "load1": [min(min(r["load1_before"], r["load1_after"]) for r in runs),
                      max(max(r["load1_before"], r["load1_after"]) for r in runs)]}


LIVE_PAGE = "interactive/"  # the page whose visualizer has the run designer


def run_only(args) -> None:
    """`bench/run.py --only live`: one build of the working tree, these rows measured, and put into the
    existing results.json and results.md (the other rows stay as they were measured)."""
    import json
    import shutil
    import tempfile
    from datetime import datetime, timezone
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from bench.builds import copy_project, mkdocs_build
    from bench.common import ROOT
    from bench.machine import git_state
    from bench.main import phase
    from bench.pages_server import static_server
    from bench.report import markdown, table_rows
    from bench.targets import TARGETS
    from devkit.chromium import MISSING, bypass_csp_by_default, find_chromium, launch
    from devkit.site_server import SUBPATH, free_port

    out_dir = args.out or ROOT / "bench"
    results = json.loads((out_dir / "results.json").read_text())
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit(MISSING)
    scratch = Path(tempfile.mkdtemp(prefix="nn-bench-live-"))
    server = None
    try:
        project = copy_project(scratch)
        port = free_port()
        base = f"http://127.0.0.1:{port}{SUBPATH}"
        site = scratch / "site"
        _, problem = mkdocs_build(project, site, base, args.widget_cache or scratch / "widget-cache")
        server = static_server(site, port)
        bypass_csp_by_default()
        with sync_playwright() as p:
            browser = launch(p, chromium)
            results["live_training"] = phase(results, "live training", measure_live_training, browser, base,
                                             LIVE_PAGE, 1 if args.quick else 3)
            browser.close()
    finally:
        if server is not None:
            server.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)
    results["targets"] = TARGETS
    results["live_training_measured"] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "git": git_state(),
        "command": "python3 bench/run.py --only live" + (" --quick" if args.quick else "")
                   + (f" --priority {args.priority}" if args.priority else ""),
        "nice": os.getpriority(os.PRIO_PROCESS, 0), "build_problem": problem}
    results["table"] = table_rows(results, results["quick"])
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (out_dir / "results.md").write_text(markdown(results))
    print(markdown(results))
    log(f"wrote the live training rows into {out_dir / 'results.md'} and {out_dir / 'results.json'}")
