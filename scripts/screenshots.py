"""Take the README's screenshots of the lesson from the built site.

    .venv/bin/python scripts/screenshots.py [--site site] [--out screenshots] [--page PATH] [--full]

Builds nothing itself: run `mkdocs build` first (or pass --build). Serves the
built site under /nn-lesson/ on 127.0.0.1 like GitHub Pages would, then shoots
the page in light and dark, at desktop (1280 px) and phone (390 px) width,
with the system Chromium.
"""

import argparse
import os
import re
import sys
from pathlib import Path

from devkit.chromium import find_chromium, launch
from devkit.site_server import ROOT, base_url, build_site, serve

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")


def shoot(site: Path, out: Path, page_path: str, full_page: bool, wait_for: str | None,
          name: str | None = None, element: str | None = None) -> list[Path]:
    """Shoot `page_path` (it may carry a query string and a #fragment) in every scheme and viewport."""
    name = name or re.sub(r"[^a-z0-9]+", "-", page_path.split("?")[0].split("#")[0].lower()).strip("-") or "index"
    from playwright.sync_api import sync_playwright
    server = serve(site)
    base = base_url(server)
    out.mkdir(parents=True, exist_ok=True)
    taken = []
    chromium = find_chromium()
    with sync_playwright() as p:
        browser = launch(p, chromium)
        for scheme in SCHEMES:
            for device, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, color_scheme=scheme,
                                              device_scale_factor=1 if device == "desktop" else 2)
                page = context.new_page()
                page.goto(base + page_path)
                page.wait_for_load_state("networkidle")
                if wait_for:
                    page.wait_for_selector(wait_for, timeout=60_000)
                target = out / f"{name}-{scheme}-{device}.png"
                if element:
                    # Material's sticky header would cover the top of a tall element.
                    page.add_style_tag(content=".md-header { position: absolute !important; }")
                    page.locator(element).first.screenshot(path=str(target))
                else:
                    page.screenshot(path=str(target), full_page=full_page)
                taken.append(target)
                context.close()
        browser.close()
    server.shutdown()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--page", default="", help="page path under the site, e.g. interactive/?training-loop.epoch=5#widget-training-loop")
    parser.add_argument("--name", default=None, help="file name prefix (default: from the page path)")
    parser.add_argument("--full", action="store_true", help="the whole page, not just the first screen")
    parser.add_argument("--element", default=None, help="shoot only the first element matching this CSS selector")
    parser.add_argument("--wait-for", default=None, help="a CSS selector to wait for before shooting")
    parser.add_argument("--build", action="store_true", help="run mkdocs build --strict first")
    args = parser.parse_args()
    if args.build:
        result = build_site(args.site, os.environ.get("SITE_URL", "http://127.0.0.1:8000/"))
        if result.returncode:
            sys.exit(result.stdout + result.stderr)
    for path in shoot(args.site, args.out, args.page, args.full, args.wait_for, args.name, args.element):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
