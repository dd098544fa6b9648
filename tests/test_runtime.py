"""The runtime hook (build_hooks/runtime.py): the verified Pyodide package, its cache,
the lesson_py wheel and lock, the build's error when the runtime cannot be had, and
what lands in the built site."""

import gzip
import hashlib
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
from build_hooks import runtime
from mkdocs.exceptions import PluginError

SITE_RUNTIME = f"assets/pyodide/{runtime.PYODIDE_VERSION}"


@pytest.fixture(scope="module")
def tarball() -> bytes:
    """The real npm tarball, from the user's cache (downloaded and verified once if need be)."""
    runtime.unpacked_runtime(runtime.cache_dir())
    return (runtime.cache_dir() / runtime.tarball_name()).read_bytes()


def closed_port() -> int:
    """A port on 127.0.0.1 on which nothing listens: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeRegistry:
    """A tiny npm registry on 127.0.0.1 serving one version's metadata and tarball."""

    def __init__(self, integrity: str, tarball: bytes):
        registry = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                version = runtime.PYODIDE_VERSION
                if self.path == f"/pyodide/{version}":
                    body = json.dumps({"dist": {"integrity": registry.integrity}}).encode()
                elif self.path == f"/pyodide/-/pyodide-{version}.tgz":
                    body = registry.tarball
                else:
                    self.send_error(404)
                    return
                registry.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.integrity, self.tarball, self.requests = integrity, tarball, []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def registry_env(monkeypatch, tmp_path):
    """An empty cache and a registry URL to set: the hook sees nothing else."""
    cache = tmp_path / "cache"
    monkeypatch.setenv(runtime.CACHE_ENV, str(cache))

    def use(url: str) -> Path:
        monkeypatch.setenv(runtime.REGISTRY_ENV, url)
        return cache

    return use


# --- The Pyodide package ---------------------------------------------------------


def test_integrity_is_npms_sha512_form():
    assert runtime.integrity(b"") == (
        "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==")


def test_the_pinned_tarball_matches_the_pin(tarball):
    assert runtime.integrity(tarball) == runtime.PYODIDE_INTEGRITY


def test_download_verifies_and_caches_then_builds_offline(registry_env, tarball):
    registry = FakeRegistry(runtime.PYODIDE_INTEGRITY, tarball)
    try:
        cache = registry_env(registry.url)
        folder = runtime.unpacked_runtime(cache)
    finally:
        registry.close()
    assert registry.requests == [f"/pyodide/{runtime.PYODIDE_VERSION}", f"/pyodide/-/{runtime.tarball_name()}"]
    assert (cache / runtime.tarball_name()).read_bytes() == tarball
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == sorted(runtime.RUNTIME_FILES)
    # Later builds need no network: the registry is gone, even the unpacked files.
    registry_env(f"http://127.0.0.1:{closed_port()}")
    shutil.rmtree(folder)
    again = runtime.prepare_runtime(cache)
    assert (again.files["pyodide.asm.wasm"]).read_bytes()[:4] == b"\0asm"


def test_a_tampered_download_is_refused(registry_env, tarball):
    registry = FakeRegistry(runtime.PYODIDE_INTEGRITY, tarball[:-1] + bytes([tarball[-1] ^ 1]))
    try:
        cache = registry_env(registry.url)
        with pytest.raises(PluginError, match=rf"downloaded pyodide-{re.escape(runtime.PYODIDE_VERSION)}\.tgz has integrity sha512-"):
            runtime.unpacked_runtime(cache)
    finally:
        registry.close()
    assert not (cache / runtime.tarball_name()).exists()


def test_a_registry_publishing_another_hash_is_refused(registry_env, tarball):
    registry = FakeRegistry("sha512-" + "A" * 86 + "==", tarball)
    try:
        cache = registry_env(registry.url)
        with pytest.raises(PluginError, match="the registry publishes integrity sha512-AAAA"):
            runtime.unpacked_runtime(cache)
    finally:
        registry.close()
    assert registry.requests == [f"/pyodide/{runtime.PYODIDE_VERSION}"]  # the tarball was never fetched


def test_no_download_and_no_cache_says_what_failed_and_how_to_fix_it(registry_env):
    port = closed_port()
    cache = registry_env(f"http://127.0.0.1:{port}")
    with pytest.raises(PluginError) as failure:
        runtime.prepare_runtime(cache)
    message = str(failure.value)
    assert f"cannot get Pyodide {runtime.PYODIDE_VERSION}" in message
    assert f"download from http://127.0.0.1:{port} failed" in message
    assert "Connection refused" in message
    assert f"cache: {cache / runtime.tarball_name()} does not exist" in message
    assert "connect to the internet" in message and runtime.CACHE_ENV in message


def test_a_damaged_cache_is_named_as_such(registry_env):
    cache = registry_env(f"http://127.0.0.1:{closed_port()}")
    cache.mkdir()
    (cache / runtime.tarball_name()).write_bytes(b"not a tarball")
    with pytest.raises(PluginError, match="is damaged"):
        runtime.prepare_runtime(cache)


def test_the_build_fails_with_that_message(tmp_path):
    """A real `mkdocs build --strict`, with an empty cache and an unreachable registry."""
    port = closed_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{runtime.CACHE_ENV: str(tmp_path / "empty"),
                                                         runtime.REGISTRY_ENV: f"http://127.0.0.1:{port}"})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"cannot get Pyodide {runtime.PYODIDE_VERSION}" in output
    assert f"download from http://127.0.0.1:{port} failed" in output
    assert "How to fix it" in output


# --- The lesson_py wheel and lock --------------------------------------------------


def project_copy(tmp_path: Path, name: str) -> Path:
    """pyproject.toml and lesson_py/, as hatchling sees the project."""
    copy = tmp_path / name
    copy.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", copy / "pyproject.toml")
    shutil.copytree(ROOT / runtime.PACKAGE, copy / runtime.PACKAGE,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return copy


def test_the_wheel_is_byte_identical_across_builds(tmp_path):
    first = runtime.build_wheel(ROOT, tmp_path / "one")
    # Another checkout, made later: other paths, other file times.
    copy = project_copy(tmp_path, "checkout")
    for path in copy.rglob("*"):
        os.utime(path, (time.time() + 3600, time.time() + 3600))
    second = runtime.build_wheel(copy, tmp_path / "two")
    assert first.name == second.name == f"lesson_py-{lesson_version()}-py3-none-any.whl"
    assert first.read_bytes() == second.read_bytes()


def lesson_version() -> str:
    return re.search(r'__version__ = "([^"]+)"', (ROOT / "lesson_py" / "__init__.py").read_text()).group(1)


def test_the_wheel_holds_every_lesson_py_module(tmp_path):
    import zipfile
    wheel = runtime.build_wheel(ROOT, tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in runtime.package_sources(ROOT):
        assert source.relative_to(ROOT).as_posix() in names


def test_the_lock_names_only_lesson_py_with_the_wheels_sha256(tmp_path, tarball):
    core = runtime.unpacked_runtime(runtime.cache_dir())
    runtime.write_wheel_and_lock(ROOT, core / runtime.LOCK_NAME, tmp_path)
    lock = json.loads((tmp_path / runtime.LOCK_NAME).read_text())
    upstream = json.loads((core / runtime.LOCK_NAME).read_text())
    assert lock["info"] == upstream["info"]
    assert list(lock["packages"]) == ["lesson-py"]
    entry = lock["packages"]["lesson-py"]
    wheel = tmp_path / entry["file_name"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["file_name"] == f"lesson_py-{entry['sha256'][:16]}/lesson_py-{lesson_version()}-py3-none-any.whl"
    assert entry["imports"] == ["lesson_py"] and entry["depends"] == []


def test_the_cache_key_follows_the_sources_only(tmp_path):
    copy = project_copy(tmp_path, "checkout")
    key = runtime.source_key(copy)
    assert runtime.source_key(copy) == key
    (copy / "docs").mkdir()
    (copy / "docs" / "index.md").write_text("# prose")
    assert runtime.source_key(copy) == key
    network = copy / runtime.PACKAGE / "network.py"
    network.write_text(network.read_text() + "\n# a change\n")
    assert runtime.source_key(copy) != key


def test_a_warm_rebuild_reuses_the_wheel_and_builds_nothing(monkeypatch):
    cache = runtime.cache_dir()
    first = runtime.prepare_runtime(cache)
    stamp = first.files[runtime.LOCK_NAME].stat().st_mtime_ns

    def must_not_build(*args, **kwargs):
        raise AssertionError("a rebuild with unchanged lesson_py built the wheel and lock again")

    monkeypatch.setattr(runtime, "write_wheel_and_lock", must_not_build)
    monkeypatch.setattr(runtime, "download_tarball", must_not_build)
    second = runtime.prepare_runtime(cache)
    assert second == first
    assert second.files[runtime.LOCK_NAME].stat().st_mtime_ns == stamp


# --- The built site ----------------------------------------------------------------


def test_the_site_holds_only_the_runtime_files_and_the_snapshot_under_a_versioned_path(built_site):
    folder = built_site / SITE_RUNTIME
    found = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    lock = json.loads((folder / runtime.LOCK_NAME).read_text())
    wheel = lock["packages"]["lesson-py"]["file_name"]
    generated = (built_site / runtime.RUNTIME_MODULE).read_text()
    snapshot = json.loads(re.search(r"export const SNAPSHOT = (.*);", generated).group(1))["file"]
    assert found == sorted([*runtime.RUNTIME_FILES, wheel, snapshot])
    found.remove(snapshot)  # measured in the benchmark (it is already gzipped)
    assert hashlib.sha256((folder / wheel).read_bytes()).hexdigest() == lock["packages"]["lesson-py"]["sha256"]
    core = runtime.unpacked_runtime(runtime.cache_dir())
    for name in runtime.RUNTIME_FILES:
        if name != runtime.LOCK_NAME:
            assert (folder / name).read_bytes() == (core / name).read_bytes(), name
    raw = sum((folder / name).stat().st_size for name in found)
    packed = sum(len(gzip.compress((folder / name).read_bytes(), 6)) for name in found)
    print(f"runtime in the site: {raw / 1e6:.1f} MB raw, {packed / 1e6:.1f} MB gzipped")
    assert raw < 15e6 and packed < 7e6


def test_the_client_asks_for_the_folder_the_hook_places(built_site):
    client = (ROOT / "docs" / "widgets" / "js" / "python.js").read_text()
    assert re.search(r'import \{[^}]*\bRUNTIME_DIR\b[^}]*\} from "\./python-runtime\.js";', client)
    assert "new URL(`../../${RUNTIME_DIR}`, import.meta.url)" in client
    assert runtime.PYODIDE_VERSION not in client   # the version is written in build_hooks/runtime.py alone
    generated = (built_site / runtime.RUNTIME_MODULE).read_text()
    assert f'export const RUNTIME_DIR = "{runtime.SITE_DIR}/";' in generated
    assert (built_site / runtime.SITE_DIR / "pyodide.mjs").is_file()


def test_nothing_of_the_runtime_is_written_into_docs(built_site):
    assert not list((ROOT / "docs").rglob("pyodide*"))
    assert not list((ROOT / "docs").rglob("*.whl"))


def test_the_memory_snapshot_is_the_same_on_two_clean_builds(tmp_path):
    """Two snapshots made from scratch (fresh folders, no cache) hold the same bytes."""
    import shutil
    if shutil.which("node") is None and os.environ.get("CI") != "true":
        pytest.skip("no Node.js: the build makes no snapshot (the browser boots the normal way)")
    from build_hooks import memory_snapshot
    made = runtime.prepare_runtime(runtime.cache_dir())
    wheel = next(path for name, path in made.files.items() if name.endswith(".whl"))
    core = runtime.unpacked_runtime(runtime.cache_dir())
    first = memory_snapshot.prepare(core, wheel, tmp_path / "one")
    second = memory_snapshot.prepare(core, wheel, tmp_path / "a-folder-whose-path-is-longer")
    assert first is not None and second is not None
    assert first[0] == second[0]
    assert first[1].read_bytes() == second[1].read_bytes()
    assert made.snapshot == first[0]  # and the site's own snapshot is that one
