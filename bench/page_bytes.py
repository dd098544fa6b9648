"""Bytes on load: what each page downloads with no interaction before its Python is asked
for, by kind and gzipped, and its widget JSON (inline or in files), gzipped."""

from __future__ import annotations

from pathlib import Path

from bench.common import KB, VIEWPORT, gz, js, log
from devkit.site_server import SUBPATH

PYTHON_URL_PARTS = ("/assets/pyodide/", "/python-worker.js")


def url_to_file(site: Path, url: str) -> Path | None:
    path = url.split("?", 1)[0].split("#", 1)[0]
    if SUBPATH not in path:
        return None
    rel = path.split(SUBPATH, 1)[1]
    target = site / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".html": "html", ".css": "css", ".js": "js", ".mjs": "js", ".json": "json"}.get(suffix, "other")


def measure_page_loads(browser, site: Path, base: str, pages: list[str]) -> list[dict]:
    """Per page: what is downloaded on load with no interaction, and the widget JSON."""
    results = []
    for path in pages:
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(js("python-probe.js"))
        requested: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        page = context.new_page()
        page.goto(base + path, wait_until="load")
        try:
            page.wait_for_load_state("networkidle", timeout=30_000)
        except Exception:
            pass
        page.wait_for_timeout(1000)
        info = page.evaluate(js("page-info.js"))
        context.close()
        by_kind = {k: {"raw": 0, "gzip": 0, "files": 0} for k in ("html", "css", "js", "json", "other")}
        python_files = 0
        seen = set()
        widget_json = [{"where": "inline", "raw": len(t.encode()), "gzip": gz(t.encode())} for t in info["inlineJson"]]
        for url in requested:
            if url.startswith(("data:", "blob:")) or url in seen:
                continue
            seen.add(url)
            if any(part in url for part in PYTHON_URL_PARTS):
                python_files += 1
                continue
            target = url_to_file(site, url)
            if target is None:
                continue
            data = target.read_bytes()
            entry = by_kind[kind_of(target)]
            entry["raw"] += len(data)
            entry["gzip"] += gz(data)
            entry["files"] += 1
            rel = target.relative_to(site).as_posix()
            if target.suffix == ".json" and not rel.startswith("search/"):
                widget_json.append({"where": rel, "raw": len(data), "gzip": gz(data)})
        total = sum(v["gzip"] for v in by_kind.values())
        results.append({
            "page": path or "(home)", "url_path": path, "before_python": by_kind,
            "before_python_gzip": total,
            "python_started_on_load": info["asked"] is not None, "python_requests_on_load": python_files,
            "widget_json": widget_json, "widget_json_gzip": sum(w["gzip"] for w in widget_json),
            "playgrounds": info["playgrounds"], "visualizers": info["visualizers"],
        })
        log(f"page {path or '(home)'}: {total / KB:.1f} kB gzipped before Python, "
            f"widget JSON {results[-1]['widget_json_gzip'] / KB:.1f} kB"
            + (", Python started on load" if info["asked"] is not None else ""))
    return results
