"""MkDocs hook: without JavaScript, follow the system's dark preference.

Material picks the scheme with a script (data-md-color-scheme on <body>); with
scripts off every reader got the light scheme. After the build this hook takes
the dark scheme's rules as they are (Material's palette and the site's own
stylesheets, every rule written for [data-md-color-scheme=slate]), applies them
to whatever scheme the page carries, and links that stylesheet inside <noscript>
for readers whose system prefers dark. Nothing is copied by hand.

>>> dark_rules('a{x:1}[data-md-color-scheme=slate]{--c:#000}[data-md-color-scheme="slate"] .b{y:2}')
'[data-md-color-scheme]{--c:#000}\\n[data-md-color-scheme] .b{y:2}'
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

# --- Data ----------------------------------------------------------------------

SLATE = re.compile(r"""\[data-md-color-scheme=["']?slate["']?\]""")
RULE = re.compile(r"(?P<selector>[^{}@;]+)\{(?P<body>[^{}]*)\}")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
OUTPUT = "assets/stylesheets/no-script-dark.css"


# --- Hooks ---------------------------------------------------------------------

def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    sheets = sorted((site / "assets" / "stylesheets").glob("palette.*.css")) + [
        site / path for path in config.extra_css if str(path).endswith(".css")]
    css = "\n".join(dark_rules(sheet.read_text(encoding="utf-8")) for sheet in sheets if sheet.is_file())
    (site / OUTPUT).write_text(css + "\n", encoding="utf-8")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if OUTPUT in html or "</head>" not in html:
            continue
        href = os.path.relpath(site / OUTPUT, page.parent).replace(os.sep, "/")
        link = f'<noscript><link rel="stylesheet" href="{href}" media="(prefers-color-scheme: dark)"></noscript>'
        page.write_text(html.replace("</head>", link + "</head>", 1), encoding="utf-8")


# --- Helpers -------------------------------------------------------------------

def dark_rules(css: str) -> str:
    """The top-level rules written for the dark scheme, made to apply to any scheme
    (rules that exclude it, :not([…slate]), are left out)."""
    rules = []
    for match in RULE.finditer(COMMENT.sub("", css)):
        selector = match["selector"].strip()
        if SLATE.search(selector) and ":not(" not in selector:
            rules.append(f"{SLATE.sub('[data-md-color-scheme]', selector)}{{{match['body']}}}")
    return "\n".join(rules)
