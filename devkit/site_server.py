"""The lesson built with `mkdocs build --strict` for a site under SUBPATH, and a plain
static server that serves it there as GitHub Pages does."""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBPATH = "/nn-lesson/"  # GitHub Pages serves a project's site under /<repo-name>/


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(site: Path, site_url: str, *, cwd: Path = ROOT, python: str | Path = sys.executable,
               env: dict[str, str] | None = None, strict: bool = True) -> subprocess.CompletedProcess:
    """One clean `mkdocs build [--strict]` of the project in `cwd` into `site`, for a site at
    `site_url`; its output is captured, and the caller decides what a failure means."""
    command = [str(python), "-m", "mkdocs", "build", *(["--strict"] if strict else []), "--clean",
               "--site-dir", str(site)]
    env = dict(os.environ if env is None else env, SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


class SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under SUBPATH and answers unknown paths with 404.html,
    status 404, as GitHub Pages does. Nothing else is reachable."""

    site: Path

    def __init__(self, *args, site: Path, **kwargs):
        self.site = site
        super().__init__(*args, directory=str(site), **kwargs)

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(SUBPATH):
            return str(self.site / "__outside_the_subpath__")
        return super().translate_path("/" + path[len(SUBPATH):])

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            body = (self.site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()

    def log_message(self, format, *args):  # keep test output quiet
        pass


SubpathHandler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                 ".mjs": "text/javascript", ".js": "text/javascript",
                                 ".wasm": "application/wasm", ".json": "application/json"}


def serve(site: Path, port: int = 0, handler: type[SubpathHandler] = SubpathHandler) -> http.server.ThreadingHTTPServer:
    """Serve `site` under SUBPATH on 127.0.0.1:`port` (0: any free port) from a daemon thread;
    the caller stops it with `.shutdown()`. Its base URL is `base_url(server)`."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, site=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def base_url(server: http.server.HTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
