"""The targets the benchmark measures against, and the causes found for the ones it misses."""

from __future__ import annotations

TARGETS = {
    "build_s": 10.0,
    "edit_s": 3.0,
    "before_python_kb": 400.0,
    "widget_json_kb": 150.0,
    "ready_ratio_cold": 0.6,
    "ready_ratio_warm": 0.35,
    "first_visit_ratio": 1.3,
    "playground_p95_ms": 16.0,
    "scrub_p95_ms": 8.0,
    "lh_performance": 95,
    "lh_accessibility": 100,
    "live_epochs_per_s": 60.0,
    "live_first_ms": 150.0,
    "live_longest_task_ms": 50.0,
}


# Where the time goes when a target is missed: found with Chromium traces and in-page timers on
# this machine while writing the benchmark (2026-11-25). Added to a row's note only when it misses.
CAUSES = {
    "ready_ratio": (
        "Cause, from the split above: the bare page starts its worker at once, while the lesson page asks for "
        "Python when the playground is seen, which needs the page's first render (its HTML, CSS and scripts; "
        "python.js watches the widget from the page's markup, before Material's scripts and the widget's own "
        "mount); then most of the rest is reading the runtime and the snapshot (6.2 MB gzipped, 31 MB unpacked "
        "and checked against its sha256) before Pyodide starts from them, which takes the smaller part. A snapshot "
        "boot needs no lesson_py wheel (the snapshot holds it, source lines included). Material's search worker "
        "builds its index at the same time on the same two cores. Under load, single loads vary a lot "
        "(cold_ms and warm_ms in results.json)."),
    "first_visit_ratio": (
        "Why more pays off: a first visit that boots from the memory snapshot also downloads the snapshot "
        "(6.2 MB gzipped), about as much again as the runtime, and gets Python in about a quarter of the time. "
        "That trade is taken only when the browser does not report a slow link: with Save-Data or a 2g/3g "
        "connection (navigator.connection) the first visit boots the normal way, downloading exactly what the "
        "bare page does, and fetches the snapshot in the background for the next page load."),
    "playground_p95_ms": (
        "Cause: the worker's Python call (its p50 and p95 above) plus the render of the read-outs. Found and "
        "fixed while writing the benchmark: lesson_py.playground computed the hidden layer's 24x24 decision map "
        "(576 forward passes) on every call, now once per (size, activation); and every input event wrote the "
        "URL with history.replaceState, which headless Chromium follows with a re-request and re-parse of the "
        "SVG favicon, now written once input pauses (url-state.js). Compare the loop with URL writes turned off."),
    "scrub_p95_ms": (
        "Cause: the input handler alone takes most of the budget (its p95 above): on the worst page it paints the "
        "decision map's picture (decision-map.js keeps the last 16 pictures, and this scrub crosses more stored "
        "epochs than that, so most steps paint it anew), draws every point of the run (200 on going-deep), and "
        "rewrites the read-outs, the points table and the gradient list; the "
        "rest of the frame is style, layout and paint, and the commit of the canvas, a software bitmap with "
        "--disable-gpu. Fixed while writing the benchmark: the URL was written with history.replaceState on "
        "every step (now once input pauses, url-state.js), and the decision map made new canvases on every draw "
        "(now kept, sized to its box)."),
    "lh_performance": (
        "Cause: Lighthouse simulates a 4x slower CPU from the tasks it observes, so on this loaded machine "
        "the same page scores differently from run to run (performance_runs in results.json). On every page "
        "Material's bundle makes most of the long tasks, and eight stylesheets block rendering (Material's two, "
        "the lesson's five), which this local HTTP/1.1 server delivers over six connections (GitHub Pages "
        "uses HTTP/2); widget pages also hydrate their widgets on load."),
    "live_epochs_per_s": (
        "Cause: the worker's Python, on 2 cores shared with the page and, on this machine, other work (the load "
        "beside). An epoch of the reference spec is 25 mini-batch steps over 250 points, then the checkpoint: all "
        "250 training and 150 test points judged (every epoch's losses and accuracies are stored) and the full "
        "gradient taken; with the stored checkpoints' decision maps that is about 4,700 tanh evaluations an epoch, "
        "each lesson_py.exact.tanh in pure Python (so that CPython and Pyodide give the same bits), the largest "
        "single cost in a profile, then the weighted sums. Measured off the page (2026-12-02, load about 5): "
        "CPython 42 epochs per CPU second, Pyodide under Node 15 epochs/s; the worker alone in the page, asked "
        "directly, is in worker_20_epochs_ms in results.json. Fixed while writing these rows (every number "
        "bit-identical, tests/test_parity.py): the words judged each stored checkpoint four times over with a "
        "slow forward pass (now once, from the confidences the trainer already has), the dataset was generated "
        "anew for every sentence (now kept), backpropagation and the forward passes of many points run one "
        "layer at a time over all the points (the same sums in the same order, twice as fast), tanh inlines "
        "its exp; the page asks for the next piece before drawing the last one and draws once per frame. Before, "
        "with --quick at 02:49 UTC (load 4.7-5.7): 5.4 epochs/s, first checkpoint 1155 ms, longest task 160 ms."),
    "live_first_ms": (
        "Cause, from after_train in results.json: the first piece's reply reaches the page about 320 ms after "
        "Train (the fields' check, then the piece: epoch 0 and one epoch beyond, which the piece needs to know "
        "whether its last epoch is the run's last and to word the step, its decision map of 576 forward passes "
        "and every word of epoch 0 and of the run's setup; the worker alone needs about 90 ms for it when asked "
        "directly after the run, worker_first_piece_ms, and the first one in a fresh Python about twice that), "
        "then about 100 ms to show it: the view's markup put in and its first drawing, one task of 90-130 ms. "
        "Fixed: opening the panel trains a short run unseen once Python is ready, so the code is compiled "
        "before Train (three runs each, load below 1: 495-511 ms without it, 411-453 ms with it over two rounds)."),
    "live_longest_task_ms": (
        "Cause, from longest_tasks and main_thread in results.json: the longest task is the view's first "
        "showing (its markup put in, laid out and drawn, about 300 ms after Train); while the run grows, the "
        "drawing of a new checkpoint, mostly the decision map's picture (every pixel of the square coloured in "
        "JavaScript, then 400 points drawn; up to about 40 ms a paint), leaves a few tasks a little over 50 ms. "
        "Fixed: the page draws at most once per animation frame, the map only for a new checkpoint and at most "
        "every 250 ms while the run grows (before, with --quick at 02:49 UTC, load about 5: 53 tasks over 50 ms, the "
        "longest 160 ms, in 300 epochs)."),
}


def row(metric, measured, target, met, note="", cause=None):
    if met is False and cause in CAUSES:
        note = f"{note}. {CAUSES[cause]}" if note else CAUSES[cause]
    return {"metric": metric, "measured": measured, "target": target,
            "met": None if met is None else bool(met), "note": note}
