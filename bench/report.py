"""The report: one row per target (results.json's `table`) and bench/results.md."""

from __future__ import annotations

from bench.common import KB
from bench.targets import TARGETS, row


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
                            f"<= {t['ready_ratio_' + cache]:g}", worst_ready[f"{cache}_ratio"] <= t["ready_ratio_" + cache],
                            cause="ready_ratio", note=f"{name}, {how}, from navigation start, playground scrolled into view on load; "
                            f"Python asked for {worst_ready['asked_median_ms'] / 1000:.2f} s after navigation (median); "
                            f"from Python asked for to ready: {worst_ready[f'{cache}_asked_to_ready_median_ms'] / 1000:.2f} s "
                            f"(ratio {worst_ready[f'{cache}_asked_to_ready_median_ms'] / ready['bare'][f'{cache}_median_ms']:.2f})"
                            + (f", of which {worst_ready[f'{cache}_downloads_median_ms'] / 1000:.2f} s until the runtime's "
                               f"files and the snapshot were in and unpacked, then {worst_ready[f'{cache}_boot_median_ms'] / 1000:.2f} s "
                               "for Pyodide to start from them" if worst_ready.get(f"{cache}_downloads_median_ms") else "")
                            + f"; median of per-round ratios {worst_ready[f'{cache}_paired_ratio_median']:.2f}"
                            + (f"; other pages: {others}" if others else "")))
        name, worst_bytes = max(ready["pages"].items(), key=lambda kv: kv[1]["first_visit_ratio"])
        rows.append(row("First visit: bytes fetched for Python / bare Pyodide's, gzipped (worst page)",
                        f"{worst_bytes['first_visit_ratio']:.2f} ({worst_bytes['first_visit_bytes'] / 1e6:.1f} MB / "
                        f"{ready['bare']['first_visit_bytes'] / 1e6:.1f} MB)", f"<= {t['first_visit_ratio']:g}",
                        worst_bytes["first_visit_ratio"] <= t["first_visit_ratio"], cause="first_visit_ratio",
                        note=f"{name}, a new context (empty cache), the memory snapshot's .gz counted as served"))
    else:
        rows.append(row("Python ready / bare Pyodide", "not measured", f"<= {t['ready_ratio_cold']:g}", None,
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
        rows.append(row("Visualizer scrub step -> page updated, p50 / p95",
                        f"{s['p50_ms']:.1f} / {s['p95_ms']:.1f} ms", f"p95 <= {t['scrub_p95_ms']:g} ms",
                        s["p95_ms"] <= t["scrub_p95_ms"], cause="scrub_p95_ms",
                        note=f"{s['page']}, {s['steps']} steps over epochs 0-{s['max_epoch']}; input event at a frame's start "
                        f"to the end of that frame (style, layout, paint); input handler alone p95 "
                        f"{s['handler_p95_ms']:.1f} ms; the same loop with URL writes turned off: p50 "
                        f"{s['no_url_writes_p50_ms']:.1f} / p95 {s['no_url_writes_p95_ms']:.1f} ms"))
    else:
        rows.append(row("Visualizer scrub step -> page updated", "not measured", f"p95 <= {t['scrub_p95_ms']:g} ms",
                        None, sc_errors or "no Training Loop Visualizer in this build"))
    rows += live_rows(r)
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


def live_rows(r: dict) -> list[dict]:
    """The run designer's live training of the reference spec (bench/live_training.py): three rows."""
    t = TARGETS
    live = r.get("live_training")
    if not live:
        return [row("Live training of the reference spec in the page", "not measured",
                    f">= {t['live_epochs_per_s']:g} epochs/s", None, "no run in these results")]
    runs = live["runs"]
    load = f"load {live['load1'][0]:.1f}-{live['load1'][1]:.1f} on 2 cores"
    spec = live["spec"]
    what = (f"{live['page']}, run designer, TensorFlow Playground's default: {spec['dataset']}, {spec['points']} points "
            f"with {spec['test']} held out (250 training, 150 test), noise {spec['noise']}, layers {spec['layers']} "
            f"{spec['activation']}, batch {spec['batch']}, rate {spec['rate']}, {spec['epochs']} epochs; a new context "
            f"per run, both Pythons ready before Train (pressed from a task of its own)")

    def each(key: str, fmt: str) -> str:
        return ", ".join(fmt.format(x[key]) for x in runs)
    return [
        row(f"Live training, epochs per second (median of {len(runs)})", f"{live['epochs_per_s_median']:.1f} epochs/s",
            f">= {t['live_epochs_per_s']:g} epochs/s", live["epochs_per_s_median"] >= t["live_epochs_per_s"],
            f"{load}; {what}; Train pressed to the last epoch trained; runs: {each('epochs_per_s', '{:.1f}')}; "
            f"after the first checkpoint: {each('epochs_per_s_after_first', '{:.1f}')}", cause="live_epochs_per_s"),
        row(f"Live training, Train pressed -> first checkpoint on screen (median of {len(runs)})",
            f"{live['first_ms_median']:.0f} ms", f"<= {t['live_first_ms']:g} ms",
            live["first_ms_median"] <= t["live_first_ms"],
            f"{load}; to the end of the frame that shows the run's first checkpoint; runs: {each('first_ms', '{:.0f}')} ms",
            cause="live_first_ms"),
        row("Live training, longest main-thread task while training (worst run)", f"{live['longest_task_ms_max']:.0f} ms",
            f"<= {t['live_longest_task_ms']:g} ms", live["longest_task_ms_max"] <= t["live_longest_task_ms"],
            f"{load}; PerformanceObserver longtask from Train to the last epoch; tasks over 50 ms per run: "
            f"{each('long_tasks', '{}')}; longest per run: {each('longest_task_ms', '{:.0f}')} ms",
            cause="live_longest_task_ms"),
    ]


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
    ]
    measured = r.get("live_training_measured")
    if measured:
        lines += [f"The live training rows were measured {measured['date']} by `{measured['command']}` on commit "
                  f"{measured['git']['commit']}"
                  + (f" with {measured['git']['uncommitted_files']} uncommitted files in the working tree"
                     if measured["git"]["uncommitted_files"] else "")
                  + (f", at nice {measured['nice']}" if measured.get("nice", 0) < 0 else "")
                  + "; the other rows are from the run above.", ""]
    lines += [
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
