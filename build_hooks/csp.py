"""MkDocs hook: a Content-Security-Policy for the static site, as a <meta> tag.

GitHub Pages sets no headers, so each page carries its policy itself: only the
site's own origin, plus what Pyodide needs ('wasm-unsafe-eval'; workers from the
site or from blob: URLs). Material's inline scripts are allowed by their sha256
hashes, computed when the site is built; no 'unsafe-inline' for scripts. The
hashes of every page go into every page's policy, since instant navigation keeps
the first page's policy while it swaps in the others.

- on_startup: under `mkdocs serve` no policy is written (the live-reload script
  it injects is inline and changes).
- on_post_build: hash the inline scripts of every built page, then write the
  policy into each page's <head>, before its first script.

>>> policy({"'sha256-abc='"}).split("; ")[:2]
["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='"]
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

# --- Data ----------------------------------------------------------------------

# A classic inline script: a <script> without src whose type is JavaScript (or none).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<code>.*?)</script>", re.S)
JSON_TYPE = re.compile(r"""\btype=["']?(?!text/javascript|module)[^"'\s>]+""")
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval' {hashes}"),
    ("worker-src", "'self' blob:"),
    ("connect-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("style-src", "'self' 'unsafe-inline'"),   # Material sets style attributes from its scripts
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


# --- Hooks ---------------------------------------------------------------------

class CspHooks:
    """The hook's state: whether this run writes a policy (not under `mkdocs serve`)."""

    def __init__(self) -> None:
        self.enabled = True

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.enabled = command != "serve"

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.enabled:
            return
        pages = sorted(Path(config.site_dir).rglob("*.html"))
        texts = {path: path.read_text(encoding="utf-8") for path in pages}
        hashes = set().union(*(inline_hashes(text) for text in texts.values())) if texts else set()
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
        for path, text in texts.items():
            path.write_text(with_meta(text, meta), encoding="utf-8")


HOOKS = CspHooks()
on_startup = HOOKS.on_startup
on_post_build = HOOKS.on_post_build


# --- Helpers -------------------------------------------------------------------

def inline_hashes(html: str) -> set[str]:
    """The CSP source of each inline script a browser would run: "'sha256-…'".

    >>> sorted(inline_hashes('<script>a()</script><script type="application/json">{}</script><script src="x.js"></script>'))
    ["'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"]
    """
    found = set()
    for match in INLINE_SCRIPT.finditer(html):
        if JSON_TYPE.search(match["attrs"]):
            continue   # data, not code: the browser does not run it
        digest = hashlib.sha256(match["code"].encode("utf-8")).digest()
        found.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return found


def policy(hashes: set[str]) -> str:
    """The policy's text, its script hashes in a stable order."""
    return "; ".join(f"{name} {value.format(hashes=' '.join(sorted(hashes)))}".strip() for name, value in DIRECTIVES)


def with_meta(html: str, meta: str) -> str:
    """The page with the policy right after its charset (before any script); an older policy is replaced."""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    charset = CHARSET.search(html)
    if charset:
        return html[:charset.end()] + meta + html[charset.end():]
    return html.replace("<head>", "<head>" + meta, 1)
