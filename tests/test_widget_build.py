"""The widget hook inside real MkDocs builds: the lesson's pages get their
snapshots and JSON, a broken block fails the build with its one-line message
(and `mkdocs serve` shows it and keeps running), and two clean builds write
the same bytes."""

import gzip
import json
import os
import posixpath
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html import unescape
from pathlib import Path

import pytest

from build_hooks import widget_data
from build_hooks.widgets import COMPUTED

ROOT = Path(__file__).resolve().parent.parent

from build_hooks.widget_blocks import find_blocks

HOOK = ROOT / "build_hooks" / "widgets.py"
CONTAINER = re.compile(r'<div class="nn-widget nn-widget--[^"]+" id="widget-([^"]+)"[^>]*data-src="([^"]+)"')
BUDGET = 150_000  # gzipped JSON bytes a page may load


# --- Helpers -----------------------------------------------------------------

def project(folder: Path, pages: dict[str, str]) -> Path:
    """A minimal MkDocs project using only the widget hook."""
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(
        "site_name: Widget test\nsite_url: http://127.0.0.1/test/\n"
        f"hooks:\n  - {HOOK.as_posix()}\nnav:\n" + "".join(f"  - {name}\n" for name in pages),
        encoding="utf-8")
    for name, text in pages.items():
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    return folder


def logged(message: str) -> str:
    """How MkDocs logs an error line."""
    return f"ERROR   -  {message}"


def environment(cache: Path) -> dict[str, str]:
    return dict(os.environ, NN_LESSON_WIDGET_CACHE=str(cache), NO_MKDOCS_2_WARNING="1")


def build(folder: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=folder, env=environment(cache),
                          capture_output=True, text=True, timeout=300)


GOOD = {
    "index.md": "---\ntitle: Both widgets\n---\n\n# Both widgets\n\n"
                "/// widget | neuron-playground\nid: first-neuron\nmode: single\n///\n\n"
                "/// widget | training-visualizer\nid: loop\nnetwork: deep\npreset: aggressive\nepoch: 5\n"
                "highlight: se-soft\n///\n",
    "hidden.md": "# Hidden\n\n/// widget | neuron-playground\nid: first-neuron\nmode: hidden\nhidden: 2\n"
                 "activation: linear\n///\n",
}
BROKEN = ("---\ntitle: Broken\n---\n\n# Broken\n\n"
          "/// widget | neuron-playground\nid: broken\nmode: duo\n///\n")
BROKEN_MESSAGE = "docs/index.md:9: neuron-playground option 'mode': expected single or hidden, got 'duo'"


# --- The lesson itself -------------------------------------------------------

def lesson_blocks() -> dict[str, list]:
    pages = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        blocks = find_blocks(path.read_text(encoding="utf-8"), str(path))
        if blocks:
            pages[path.relative_to(ROOT / "docs").as_posix()] = blocks
    return pages


def built_page(site: Path, src: str) -> Path:
    stem = src[:-3]
    return site / ("index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html")


def test_the_lesson_has_a_snapshot_and_json_for_every_widget(built_site):
    pages = lesson_blocks()
    assert {b.widget for blocks in pages.values() for b in blocks} == set(widget_data.specs.WIDGETS)   # every widget is used
    for src, blocks in pages.items():
        html_path = built_page(built_site, src)
        html = html_path.read_text(encoding="utf-8")
        found = dict(CONTAINER.findall(html))
        assert set(found) == {b.options["id"] for b in blocks}, src
        loaded = 0
        for block in blocks:
            url = unescape(found[block.options["id"]])
            data_file = Path(posixpath.normpath((html_path.parent / url).as_posix()))
            assert data_file.is_file(), f"{src}: {url} is missing"
            data = json.loads(data_file.read_text(encoding="utf-8"))
            assert (data["schema"], data["version"]) == (block.widget, widget_data.SCHEMA_VERSION)
            loaded += len(gzip.compress(data_file.read_bytes()))
        assert loaded <= BUDGET, f"{src} loads {loaded} gzipped JSON bytes"
        assert "/// widget" not in html


def test_the_lesson_snapshots_hold_the_first_numbers(built_site):
    pages = lesson_blocks()
    for src, blocks in pages.items():
        text = re.sub(r"<[^>]+>", " ", built_page(built_site, src).read_text(encoding="utf-8"))
        for block in blocks:
            if block.widget == "neuron-playground" and block.options == {
                    "id": block.options["id"], "mode": "single", "activation": "sigmoid",
                    "x1": 0.9, "x2": 0.3, "w1": 1.2, "w2": -0.8, "b": -0.15}:
                assert all(n in text for n in ("0.69", "0.67", "67%", "Positive")), src
            if block.widget == "training-visualizer" and block.options.get("network") == "shallow" \
                    and block.options["epoch"] == 0:
                assert "0.697" in text and "44%" in text and "Scripts make it interactive" in text, src


# --- Minimal projects ----------------------------------------------------------

def test_a_page_with_both_widgets_builds_strict(tmp_path):
    folder = project(tmp_path / "good", GOOD)
    result = build(folder, tmp_path / "cache", "--strict")
    assert result.returncode == 0, result.stderr
    site = folder / "site"
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-src="widgets/data/index/first-neuron.json"' in html
    assert 'data-src="widgets/data/training-runs.json"' in html and ">5 of 60<" in html
    assert 'data-src="../widgets/data/hidden/first-neuron.json"' in (site / "hidden" / "index.html").read_text()
    assert not (folder / "docs" / "widgets").exists()  # nothing written into docs/


@pytest.mark.parametrize("strict", [False, True])
def test_a_broken_block_fails_the_build_with_one_line(tmp_path, strict):
    folder = project(tmp_path / "broken", {"index.md": BROKEN})
    result = build(folder, tmp_path / "cache", *(["--strict"] if strict else []))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert [line for line in output.splitlines() if "docs/index.md:" in line] == [logged(BROKEN_MESSAGE)]
    assert "Traceback" not in output


def test_every_broken_block_is_reported(tmp_path):
    pages = {"index.md": BROKEN, "other.md": "# Other\n\n/// widget | training-visualizer\nid: x\nepoch: 99\n///\n"}
    result = build(project(tmp_path / "two", pages), tmp_path / "cache")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert BROKEN_MESSAGE in output
    assert "docs/other.md:5: training-visualizer option 'epoch': expected a whole number from 0 to 40" in output


def test_two_clean_builds_write_identical_json(tmp_path):
    outputs = []
    for attempt in ("one", "two"):
        folder = project(tmp_path / attempt, GOOD)
        result = build(folder, tmp_path / f"cache-{attempt}")  # a fresh cache: computed from scratch
        assert result.returncode == 0, result.stderr
        data = folder / "site" / "widgets" / "data"
        outputs.append({p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*.json"))})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == ["hidden/first-neuron.json", "index/first-neuron.json", "training-runs.json"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, seconds: float, what: str, log=lambda: ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}\n{log()}")


# Logged by MkDocs' server after each rebuild that finished. (Not "Documentation built in …
# seconds": MkDocs drops a build message it has logged before, so two rebuilds that take the
# same hundredths of a second log that line once.)
REBUILT = "Reloading browsers"


def test_serve_shows_the_mistake_keeps_running_and_rebuilds_a_prose_edit_from_the_cache(tmp_path):
    folder = project(tmp_path / "serve", {"index.md": BROKEN, "other.md": GOOD["index.md"]})
    port = free_port()
    log_path = tmp_path / "serve.log"
    # The server appends (O_APPEND) and the test reads through a file of its own: a shared
    # file offset would let the test's reads move where the server writes, and lose log lines.
    log = log_path.open("ab")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=folder, env=environment(tmp_path / "cache"), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/test/"

    def page(path: str = "") -> str | None:
        # MkDocs answers a page only when no rebuild is under way, so an answer also means
        # every build started before the request has finished (and logged its last line).
        try:
            with urllib.request.urlopen(url + path, timeout=20) as response:
                return response.read().decode("utf-8")
        except OSError:
            return None

    def output() -> str:
        return log_path.read_text(encoding="utf-8", errors="replace")

    def edit(name: str, text: str) -> None:
        # Saved at once, as an editor does: a rebuild never reads half of the new text.
        scratch = folder / f".{name}.partial"
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, folder / "docs" / name)

    try:
        html = wait_for(page, 120, "the first build", output)
        assert server.poll() is None
        assert BROKEN_MESSAGE in unescape(html) and 'role="alert"' in html
        assert logged(BROKEN_MESSAGE) in output()
        # The author fixes the block: the server rebuilds and the widget appears.
        edit("index.md", BROKEN.replace("mode: duo", "mode: single"))
        wait_for(lambda: 'id="widget-broken"' in (page() or ""), 60, "the fixed page", output)
        assert page() is not None, output()  # every build of the fix has finished
        before = output()
        assert COMPUTED in before, before  # the first builds did compute: the marker is real
        # A prose edit: the data is cached, so the rebuild computes no widget data at all.
        edit("other.md", GOOD["index.md"] + "\nOne more sentence.\n")
        wait_for(lambda: "One more sentence." in (page("other/") or ""), 60, "the edited page", output)
        assert page() is not None, output()  # the build that wrote it has finished, and logged
        rebuild = output()[len(before):]
        assert REBUILT in rebuild, rebuild
        assert COMPUTED not in rebuild, rebuild
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
