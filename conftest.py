"""Test harness: browser contexts bypass the site's Content-Security-Policy unless a
test asks for it (`bypass_csp=False`).

Playwright's wait_for_function compiles its predicate in the page with `new Function`,
which the policy (build_hooks/csp.py: no 'unsafe-eval') refuses. The tests that check
the policy itself open their contexts with bypass_csp=False
(tests/test_reader_notes_browser.py)."""

import functools

from playwright.sync_api import Browser


def _bypassing(new_context):
    @functools.wraps(new_context)
    def wrapper(self, *args, **kwargs):
        kwargs.setdefault("bypass_csp", True)
        return new_context(self, *args, **kwargs)
    return wrapper


Browser.new_context = _bypassing(Browser.new_context)
Browser.new_page = _bypassing(Browser.new_page)
