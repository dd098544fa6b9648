"""MkDocs hook: the lesson's widget blocks (a thin wrapper around widget_blocks).

- on_config: adds the widget_blocks Markdown extension for every page.
- on_files: reads every page's widget blocks, validates them (a mistake fails
  `mkdocs build` with one line: page, line, option, what was expected) and adds
  each widget's JSON as a generated file (nothing is written into docs/).
- on_page_markdown: tells the extension which page it converts, and fills in the
  page's prose numbers ('{{ run deep/balanced loss epoch=32 }}', build_hooks.prose_numbers),
  whose mistakes fail the build or show on the page like a block's.

Under `mkdocs serve` a mistake is logged as an error and shown on the page in
place of the widget, and the server keeps running. Computed data is cached in
memory and in a folder (NN_LESSON_WIDGET_CACHE, default ~/.cache/nn-lesson/widget-data),
keyed on lesson_py's source and the options.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from build_hooks.prose_numbers import fill as fill_prose_numbers
from build_hooks.runtime import cache_dir as cache_root
from build_hooks.widget_blocks import BadBlock, WidgetBlocksExtension, WidgetError, scan
from build_hooks.widget_data import DataStore, data_path

# Under mkdocs.plugins (so --strict counts it), without a prefix: every mistake logs as
# the same single line the build fails with.
log = logging.getLogger("mkdocs.plugins.widgets")


# --- Hooks -------------------------------------------------------------------

class WidgetHooks:
    """The hook's whole state: the data store (kept across `mkdocs serve` rebuilds),
    whether this is `serve`, and the Markdown extension of the current build."""

    def __init__(self, store: DataStore):
        self.store = store
        self.serving = False
        self.extension: WidgetBlocksExtension | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.extension = WidgetBlocksExtension(store=self.store, show_errors=self.serving)
        config.markdown_extensions.append(self.extension)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        errors: list[WidgetError] = []
        added: set[str] = set()
        computed = self.store.computed
        for file in files.documentation_pages():
            markdown, offset = page_markdown(file)
            for item in scan(markdown.split("\n"), page_label(file, config), offset):
                if isinstance(item, BadBlock):
                    errors.append(item.error)
                    continue
                path = data_path(item.widget, file.src_uri, item.options)
                if path not in added:
                    added.add(path)
                    files.append(File.generated(config, path, content=self.store.get(item.widget, item.options)[1]))
        if self.store.computed > computed:
            log.info(f"{COMPUTED} {self.store.computed - computed} widget block(s) (the rest came from the cache)")
        self.report(errors)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        _, offset = page_markdown(page.file)
        self.extension.setConfigs({
            "page": page_label(page.file, config),
            "src": page.file.src_uri,
            "line_offset": offset,
            "url": lambda path: get_relative_url(path, page.url),
        })
        markdown, errors = fill_prose_numbers(markdown, page_label(page.file, config), offset)
        self.report(errors)
        return markdown

    def report(self, errors: list[WidgetError]) -> None:
        """Log every mistake; when building (not serving), fail on the last one."""
        if errors and not self.serving:
            for error in errors[:-1]:
                log.error(str(error))
            raise PluginError(str(errors[-1]))
        for error in errors:
            log.error(str(error))


# --- Helpers -----------------------------------------------------------------

def page_label(file: File, config: MkDocsConfig) -> str:
    """The page as messages name it: its path from the project folder (docs/index.md)."""
    base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    try:
        return Path(os.path.relpath(file.abs_src_path, base)).as_posix()
    except (TypeError, ValueError):
        return file.src_uri


def page_markdown(file: File) -> tuple[str, int]:
    """The page's Markdown as MkDocs converts it (front matter removed) and how many
    lines of the file precede it, so messages give the file's line numbers."""
    source = file.content_string
    markdown, _ = get_data(source)
    offset = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
    return markdown, offset


def cache_dir() -> Path:
    """Where computed widget data is kept between builds: $NN_LESSON_WIDGET_CACHE, else
    widget-data in the lesson's cache folder (build_hooks.runtime.cache_dir)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return cache_root() / "widget-data"


# --- Data --------------------------------------------------------------------

CACHE_ENV = "NN_LESSON_WIDGET_CACHE"
COMPUTED = "Computed the data of"  # the log line's start: tests look for it to see what a rebuild recomputed

# One per process: `mkdocs serve` loads this hook once, so its rebuilds reuse the store.
HOOKS = WidgetHooks(DataStore(cache_dir()))
on_startup = HOOKS.on_startup
on_config = HOOKS.on_config
on_files = HOOKS.on_files
on_page_markdown = HOOKS.on_page_markdown
