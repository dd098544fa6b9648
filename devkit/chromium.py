"""The system Chromium, headless, with the flags the project starts it with everywhere."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

# Chromium's own flags (Lighthouse passes them with --headless=new); Playwright starts it headless itself.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
PLAYWRIGHT_ARGS = CHROMIUM_FLAGS + ["--no-first-run", "--disable-quic"]
MISSING = "no Chromium found: install Debian's chromium package or set CHROMIUM_PATH"


def find_chromium() -> str | None:
    """The system Chromium: $CHROMIUM_PATH, then /usr/bin/chromium, then PATH."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def launch(playwright, executable: str):
    """A headless Chromium browser of Playwright (`sync_playwright()`'s object) at `executable`."""
    return playwright.chromium.launch(executable_path=executable, args=PLAYWRIGHT_ARGS)


def bypass_csp_by_default() -> None:
    """Make Playwright's new contexts and pages bypass the site's Content-Security-Policy unless
    asked not to (`bypass_csp=False`): wait_for_function compiles its predicate in the page with
    `new Function`, which the site's policy (build_hooks/csp.py, no 'unsafe-eval') refuses."""
    from playwright.sync_api import Browser

    def bypassing(new_context):
        if getattr(new_context, "bypasses_csp", False):
            return new_context

        @functools.wraps(new_context)
        def wrapper(self, *args, **kwargs):
            kwargs.setdefault("bypass_csp", True)
            return new_context(self, *args, **kwargs)
        wrapper.bypasses_csp = True
        return wrapper

    Browser.new_context = bypassing(Browser.new_context)
    Browser.new_page = bypassing(Browser.new_page)
