"""Scrub latency: the epoch scrubber of each page's Training Loop Visualizer stepped, from the
input event to the end of the frame that shows it (js/scrub-loop.js); then the same loop with
the page's URL writes turned off, as a diagnosis."""

from __future__ import annotations

from bench.common import js, log, percentile, run_loop


def measure_scrub(browser, base: str, pages: list[dict], count: int) -> list[dict]:
    results = []
    for info in pages:
        if not info["visualizers"]:
            continue
        url = base + info["url_path"]
        try:
            got = run_loop(browser, url, js("scrub-loop.js"), {"count": count}, ())
            bare = run_loop(browser, url, js("scrub-loop.js"), {"count": count}, (js("no-url-writes.js"),))
        except Exception as error:  # noqa: BLE001 - reported in the table
            message = str(error).strip().splitlines()[0]
            results.append({"page": info["page"], "error": message})
            log(f"scrub on {info['page']}: not measured: {message}")
            continue
        times = got["times"]
        entry = {"page": info["page"], "steps": len(times), "max_epoch": got["max"],
                 "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "max_ms": max(times),
                 "handler_p50_ms": percentile(got["handler"], 50), "handler_p95_ms": percentile(got["handler"], 95),
                 "deferred_updates": got["lateDom"],
                 "no_url_writes_p50_ms": percentile(bare["times"], 50), "no_url_writes_p95_ms": percentile(bare["times"], 95),
                 "no_url_writes_handler_p50_ms": percentile(bare["handler"], 50)}
        results.append(entry)
        log(f"scrub on {info['page']}: p50 {entry['p50_ms']:.2f} ms, p95 {entry['p95_ms']:.2f} ms "
            f"(input handler p95 {entry['handler_p95_ms']:.2f} ms) over {len(times)} steps; without URL writes "
            f"p50 {entry['no_url_writes_p50_ms']:.2f}, p95 {entry['no_url_writes_p95_ms']:.2f} ms")
    return results
