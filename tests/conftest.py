"""Shared fixtures: one real build of the site, served under a subpath like GitHub
Pages does (/nn-lesson/), and a headless Chromium to read it with.

Browser contexts bypass the site's Content-Security-Policy unless a test asks for it
(`bypass_csp=False`): Playwright's wait_for_function compiles its predicate in the
page with `new Function`, which the policy (build_hooks/csp.py: no 'unsafe-eval')
refuses. The tests of the policy itself (tests/test_reader_notes_browser.py) open
their contexts with bypass_csp=False."""

import os
from pathlib import Path

import pytest

# SUBPATH, SubpathHandler and find_chromium are imported here too for scripts that take them from conftest.
from devkit.chromium import MISSING, bypass_csp_by_default, find_chromium, launch
from devkit.site_server import SUBPATH, SubpathHandler, build_site, free_port, serve  # noqa: F401

bypass_csp_by_default()


@pytest.fixture(scope="session")
def server_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, server_port) -> Path:
    """The lesson built once with `mkdocs build --strict`, for a site under SUBPATH."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(site, f"http://127.0.0.1:{server_port}{SUBPATH}")
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def site_url(built_site, server_port) -> str:
    """Base URL of the built site, served by a plain static server on 127.0.0.1."""
    server = serve(built_site, server_port)
    yield f"http://127.0.0.1:{server_port}{SUBPATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless system Chromium driven by Playwright. In CI a missing browser fails."""
    from playwright.sync_api import sync_playwright
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    with sync_playwright() as p:
        browser = launch(p, executable)
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
