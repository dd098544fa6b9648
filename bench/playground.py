"""Playground latency: a slider of each Neuron Playground moved to states never seen, from the
input event to the read-outs computed by Python in the worker and shown (js/playground-loop.js);
then the same loop with the page's URL writes turned off, as a diagnosis."""

from __future__ import annotations

from bench.common import js, log, percentile, run_loop


def measure_playground(browser, base: str, pages: list[dict], count: int) -> list[dict]:
    results = []
    for info in pages:
        for index in range(info["playgrounds"]):
            url = base + info["url_path"]
            try:
                got = run_loop(browser, url, js("playground-loop.js"), {"index": index, "count": count},
                               (js("python-probe.js"),))
                bare = run_loop(browser, url, js("playground-loop.js"), {"index": index, "count": count},
                                (js("python-probe.js"), js("no-url-writes.js")))
            except Exception as error:  # noqa: BLE001 - reported, the other widgets still run
                message = str(error).strip().splitlines()[0]
                results.append({"page": info["page"], "widget": f"playground {index + 1}", "error": message})
                log(f"playground {index + 1} on {info['page']}: not measured: {message}")
                continue
            times = got["times"]
            entry = {"page": info["page"], "widget": got["id"], "mode": got["mode"], "events": len(times),
                     "timeouts": got["timeouts"],
                     "p50_ms": percentile(times, 50) if times else None,
                     "p95_ms": percentile(times, 95) if times else None,
                     "max_ms": max(times) if times else None,
                     "worker_call_p50_ms": percentile(got["calls"], 50), "worker_call_p95_ms": percentile(got["calls"], 95),
                     "no_url_writes_p50_ms": percentile(bare["times"], 50) if bare["times"] else None,
                     "no_url_writes_p95_ms": percentile(bare["times"], 95) if bare["times"] else None}
            results.append(entry)
            log(f"playground {entry['widget']} on {info['page']}: p50 {entry['p50_ms']:.2f} ms, "
                f"p95 {entry['p95_ms']:.2f} ms over {len(times)} events ({got['timeouts']} timeouts); "
                f"worker call alone p50 {entry['worker_call_p50_ms']:.2f} ms; without URL writes p50 "
                f"{entry['no_url_writes_p50_ms']:.2f}, p95 {entry['no_url_writes_p95_ms']:.2f} ms")
    return results
