"""The built site served as GitHub Pages serves it: under SUBPATH, text and WebAssembly
gzipped, with `Cache-Control: max-age=600`."""

from __future__ import annotations

import email.utils
import mimetypes
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from bench.common import gzipped
from devkit.site_server import SUBPATH, SubpathHandler, serve

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/wasm",
                "application/xml")


def static_server(site: Path, port: int):
    cache: dict[Path, tuple[float, bytes]] = {}
    lock = threading.Lock()

    class PagesLikeHandler(SubpathHandler):
        """SubpathHandler plus what GitHub Pages adds: gzip and a 10-minute Cache-Control."""

        def end_headers(self):
            self.send_header("Cache-Control", "max-age=600")
            super().end_headers()

        def do_GET(self):
            target = Path(self.translate_path(self.path))
            url_path = self.path.split("?", 1)[0].split("#", 1)[0]
            if target.is_dir() and url_path.endswith("/"):
                target = target / "index.html"
            ctype = self.guess_type(str(target))
            wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (target.is_file() and wants_gzip and ctype.startswith(COMPRESSIBLE)):
                return super().do_GET()
            stat = target.stat()
            since = self.headers.get("If-Modified-Since")
            if since:
                try:
                    if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                        self.send_response(304)
                        self.end_headers()
                        return
                except (TypeError, ValueError):
                    pass
            with lock:
                hit = cache.get(target)
            if hit is None or hit[0] != stat.st_mtime:
                hit = (stat.st_mtime, gzipped(target.read_bytes()))
                with lock:
                    cache[target] = hit
            body = hit[1]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
            self.end_headers()
            self.wfile.write(body)

    # Compress everything now, so that no measured load waits for the server's first gzip of a file.
    for path in sorted(site.rglob("*")):
        if path.is_file():
            ctype = PagesLikeHandler.extensions_map.get(path.suffix) or mimetypes.guess_type(path.name)[0] or ""
            if ctype.startswith(COMPRESSIBLE):
                cache[path] = (path.stat().st_mtime, gzipped(path.read_bytes()))
    return serve(site, port, PagesLikeHandler)


def pages_of(site: Path) -> list[str]:
    """The lesson's pages, as paths under the site root, from its sitemap ('' is the home page)."""
    tree = ET.parse(site / "sitemap.xml")
    paths = []
    for loc in tree.getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        path = loc.text.strip().split(SUBPATH, 1)[1]
        paths.append(path)
    return paths
