"""Widget blocks: a Python-Markdown extension that places the lesson's widgets.

An author writes, on lines of their own:

    /// widget | neuron-playground
    id: first-neuron
    mode: single
    ///

The extension finds every such block (not inside fenced code or an HTML
comment), validates its options against widget_specs, computes the widget's
data with widget_data (lesson_py underneath) and replaces the block with the
widget's container holding a static snapshot (snapshots). A mistake raises
WidgetError, one line: "<page>:<line>: <what is wrong>: expected <what>".

It needs nothing from MkDocs: any Python-Markdown user can load it, and after
each conversion `extension.files` maps the data files the page's widgets need
(site path -> JSON text) for the host to write.

>>> import markdown
>>> ext = WidgetBlocksExtension(page="demo.md")
>>> html = markdown.Markdown(extensions=[ext]).convert(
...     "/// widget | neuron-playground\\nid: first-neuron\\n///")
>>> 'data-out="z">0.69<' in html, sorted(ext.files)
(True, ['widgets/data/demo/first-neuron.json'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Any, Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from . import widget_specs as specs
from .snapshots import RENDERERS
from .widget_data import DataStore, data_path

# --- Data --------------------------------------------------------------------

OPENER = re.compile(r"(?P<indent>[ \t]*)///(?P<rest>.*)\Z")
WIDGET = re.compile(r"widget(?:[ \t]*\|[ \t]*(?P<name>.*?))?[ \t]*\Z")
OPTION = re.compile(r"(?P<key>[^:\s]+)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\Z")
FENCE = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,})")
SYNTAX = "'/// widget | NAME', then 'key: value' lines, then '///'"
PRIORITY = 29  # after whitespace normalising (30, which drops stash markers; lines keep their numbers),
              # before fenced code (25) and raw HTML (20)


class WidgetError(ValueError):
    """An authoring mistake in a widget block, with the page and the Markdown line."""

    def __init__(self, page: str, line: int, message: str):
        self.page, self.line, self.message = page, line, message
        super().__init__(f"{page or '<markdown>'}:{line}: {message}")


@dataclass
class WidgetBlock:
    """One valid block: which widget, its validated options, and where it stands.

    `start` and `end` are 0-based indexes of its first and last line in the
    converted text; `line` is the opener's 1-based line in the page's file."""

    widget: str
    options: dict[str, Any]
    line: int
    start: int
    end: int
    indent: str = ""
    option_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class BadBlock:
    """Lines that look like a widget block but are wrong, with the first mistake."""

    error: WidgetError
    start: int
    end: int
    indent: str = ""


# --- Helpers -----------------------------------------------------------------

def _skip_fence(lines: list[str], index: int) -> int:
    """The index after a fenced code block opening at `index` (or the end)."""
    opening = FENCE.match(lines[index]).group("fence")
    for j in range(index + 1, len(lines)):
        found = FENCE.match(lines[j])
        if (found and found.group("fence")[0] == opening[0] and len(found.group("fence")) >= len(opening)
                and not lines[j][found.end():].strip()):
            return j + 1
    return len(lines)


def _skip_comment(lines: list[str], index: int) -> int:
    """The index after an HTML comment opening at `index` (or the end)."""
    for j in range(index, len(lines)):
        if "-->" in (lines[j].split("<!--", 1)[1] if j == index else lines[j]):
            return j + 1
    return len(lines)


def _closing(lines: list[str], index: int) -> int:
    """The index of the line ending the block opened at `index`: its '///' line, or a
    line opening another block (a mistake), or len(lines) if nothing ends it."""
    for j in range(index + 1, len(lines)):
        if lines[j].strip().startswith("///"):
            return j
    return len(lines)


def _read_options(lines: list[str], start: int, end: int, page: str, line_of) -> tuple[dict, dict]:
    """The 'key: value' lines between a block's opener and its closing line."""
    raw: dict[str, str] = {}
    where: dict[str, int] = {}
    for j in range(start + 1, end):
        text = lines[j].strip()
        if not text:
            continue
        found = OPTION.match(text)
        if found is None:
            raise WidgetError(page, line_of(j), f"expected an option line 'key: value', got '{text}'")
        key, value = found.group("key"), found.group("value")
        if key in raw:
            raise WidgetError(page, line_of(j), f"option '{key}' is given twice (first on line {where[key]}): "
                              "expected each option once")
        if not value:
            raise WidgetError(page, line_of(j), f"option '{key}' has no value: expected 'key: value'")
        raw[key], where[key] = value, line_of(j)
    return raw, where


def parse_block(lines: list[str], index: int, end: int, page: str, line_of,
                ids: dict[str, int]) -> WidgetBlock:
    """Validate the block from its opener at `index` to the line `end` that ends it."""
    rest = OPENER.match(lines[index]).group("rest").strip()
    if not rest:
        raise WidgetError(page, line_of(index), f"'///' closes no widget block: expected {SYNTAX}")
    kind = WIDGET.match(rest)
    if kind is None:
        raise WidgetError(page, line_of(index), f"unknown block '/// {rest}': expected {SYNTAX}")
    if end == len(lines):
        raise WidgetError(page, line_of(index), "this widget block is never closed: "
                          "expected a line '///' after its options")
    if lines[end].strip() != "///":
        raise WidgetError(page, line_of(end), f"a new block starts before the block of line {line_of(index)} "
                          "is closed: expected '///' on a line of its own first")
    name = kind.group("name")
    if not name:
        raise WidgetError(page, line_of(index), "the block names no widget: expected '/// widget | NAME' "
                          f"with NAME {specs.one_of(specs.WIDGETS)}")
    if name not in specs.WIDGETS:
        raise WidgetError(page, line_of(index), f"unknown widget '{name}': expected {specs.one_of(specs.WIDGETS)}")
    raw, where = _read_options(lines, index, end, page, line_of)
    try:
        options = specs.VALIDATORS[name](raw)
    except specs.OptionError as error:
        raise WidgetError(page, where.get(error.option, line_of(index)), f"{name} {error}") from None
    ident = options["id"]
    if ident in ids:
        raise WidgetError(page, where["id"], f"{name} option 'id': expected an id unique on the page, "
                          f"got '{ident}' (already used on line {ids[ident]})")
    ids[ident] = where["id"]
    return WidgetBlock(name, options, line_of(index), index, end, OPENER.match(lines[index]).group("indent"), where)


def scan(lines: list[str], page: str = "", line_offset: int = 0) -> list[WidgetBlock | BadBlock]:
    """Every widget block of a page's lines, in order: valid ones and bad ones.

    `line_offset` is how many lines of the page's file come before `lines`
    (front matter that the host stripped), so messages name the file's lines.
    A bad block spans the lines up to what ends it, so one mistake gives one message.
    """
    def line_of(index: int) -> int:
        return index + 1 + line_offset

    lines = [line.rstrip("\r") for line in lines]
    found: list[WidgetBlock | BadBlock] = []
    ids: dict[str, int] = {}
    index = 0
    while index < len(lines):
        text = lines[index]
        opener = OPENER.match(text)
        if FENCE.match(text):
            index = _skip_fence(lines, index)
        elif text.lstrip().startswith("<!--"):
            index = _skip_comment(lines, index)
        elif opener is None:
            index += 1
        else:
            rest = opener.group("rest").strip()
            end = index if not rest else _closing(lines, index)
            closed = end < len(lines) and end > index and lines[end].strip() == "///"
            # The last line the block owns: through its '///' if it has one; a widget block
            # without one runs up to the next block; any other stray '///' line owns itself.
            last = end if closed else (end - 1 if rest and WIDGET.match(rest) else index)
            try:
                found.append(parse_block(lines, index, end, page, line_of, ids))
            except WidgetError as error:
                found.append(BadBlock(error, index, last, opener.group("indent")))
            index = last + 1
    return found


def find_blocks(text: str, page: str = "", line_offset: int = 0) -> list[WidgetBlock]:
    """The valid widget blocks of a page's Markdown; WidgetError at the first mistake."""
    blocks = []
    for item in scan(text.split("\n"), page, line_offset):
        if isinstance(item, BadBlock):
            raise item.error
        blocks.append(item)
    return blocks


def error_box(error: WidgetError) -> str:
    """What a bad block shows instead of a widget when errors are shown, not raised."""
    return ('<div class="admonition failure nn-widget-error" role="alert">'
            '<p class="admonition-title">This widget block has a mistake</p>'
            f"<p><code>{escape(str(error))}</code></p></div>")


# --- The extension -----------------------------------------------------------

class WidgetBlockPreprocessor(Preprocessor):
    """Replaces each widget block by its rendered container (kept in the HTML stash)."""

    def __init__(self, md: Markdown, extension: "WidgetBlocksExtension"):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        page, offset = ext.getConfig("page"), ext.getConfig("line_offset")
        items = scan(list(lines), page, offset)
        out: list[str] = []
        position = 0
        for item in items:
            if isinstance(item, BadBlock):
                if not ext.getConfig("show_errors"):
                    raise item.error
                html = error_box(item.error)
            else:
                html = ext.render(item)
            out.extend(lines[position:item.start])
            out.extend(["", item.indent + self.md.htmlStash.store(html), ""])
            position = item.end + 1
        out.extend(lines[position:])
        return out


class WidgetBlocksExtension(Extension):
    """Python-Markdown extension for `/// widget | NAME` blocks (see the module's docstring)."""

    def __init__(self, **kwargs):
        self.config = {
            "page": ["", "the page's path, named in messages (and in its data files' paths, unless src is set)"],
            "src": ["", "the page's path inside the site's sources, for its data files' paths"],
            "line_offset": [0, "how many lines of the page's file precede the Markdown (front matter)"],
            # (not None: Python-Markdown would turn a None-default option's value into a bool)
            "url": ["", "a function from a site path (widgets/data/...) to the URL the page uses for it"],
            "store": ["", "the widget_data.DataStore to compute and remember data with"],
            "show_errors": [False, "show a bad block as an error box on the page instead of raising"],
        }
        super().__init__(**kwargs)
        self.files: dict[str, str] = {}
        self._default_store = DataStore()

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(WidgetBlockPreprocessor(md, self), "widget_blocks", PRIORITY)
        self.files = {}

    def reset(self) -> None:
        self.files = {}

    def render(self, block: WidgetBlock) -> str:
        """A valid block's container and snapshot; remembers the JSON it points at."""
        store: DataStore = self.getConfig("store") or self._default_store
        data, text = store.get(block.widget, block.options)
        path = data_path(block.widget, self.getConfig("src") or self.getConfig("page"), block.options)
        self.files[path] = text
        url: Callable[[str], str] | None = self.getConfig("url")
        return RENDERERS[block.widget](block.options, data, url(path) if url else path)


def makeExtension(**kwargs) -> WidgetBlocksExtension:  # noqa: N802 - Python-Markdown's entry point
    return WidgetBlocksExtension(**kwargs)
