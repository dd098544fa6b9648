"""Shared fixtures: one real build of the site, served under a subpath like GitHub
Pages does (/nn-lesson/), and a headless Chromium to read it with."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUBPATH = "/nn-lesson/"


def find_chromium() -> str | None:
    """The system Chromium: $CHROMIUM_PATH, then /usr/bin/chromium, then PATH."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


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


@pytest.fixture(scope="session")
def server_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, server_port) -> Path:
    """The lesson built once with `mkdocs build --strict`, for a site under SUBPATH."""
    site = tmp_path_factory.mktemp("site")
    env = dict(os.environ, SITE_URL=f"http://127.0.0.1:{server_port}{SUBPATH}", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def site_url(built_site, server_port) -> str:
    """Base URL of the built site, served by a plain static server on 127.0.0.1."""
    handler = functools.partial(SubpathHandler, site=built_site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", server_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server_port}{SUBPATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless system Chromium driven by Playwright. In CI a missing browser fails."""
    from playwright.sync_api import sync_playwright
    executable = find_chromium()
    if executable is None:
        message = "no Chromium found: install Debian's chromium package or set CHROMIUM_PATH"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own context; it fails the test on any request to another origin."""
    context = browser.new_context()
    foreign: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    yield page
    context.close()
    assert not foreign, f"requests to other origins: {foreign}"
