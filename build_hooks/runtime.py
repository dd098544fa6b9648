"""The Python runtime inside the site: self-hosted Pyodide plus the lesson_py wheel.

At build time this hook
1. gets the npm package `pyodide` (PYODIDE_VERSION) from the npm registry, checks
   its sha512 against the pin below and against the registry's own metadata, and
   keeps it in a cache outside the repo, so later builds work offline;
2. builds the lesson_py wheel in-process with hatchling (byte-identical on every
   build) and adds it to a pyodide-lock.json with pyodide-lock's `add-wheels`
   (the code behind `pyodide lockfile add-wheels`), so that the browser's
   `loadPackage("lesson_py")` checks the wheel's sha256;
3. places only the runtime files, that lock and the wheel in the site under
   assets/pyodide/<version>/ as generated files (nothing is written into docs/).

Environment variables:
- NN_LESSON_CACHE: the cache folder (default $XDG_CACHE_HOME/nn-lesson or ~/.cache/nn-lesson).
- NN_LESSON_NPM_REGISTRY: the npm registry (default https://registry.npmjs.org).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files

# --- Data --------------------------------------------------------------------

PYODIDE_VERSION = "314.0.7"
PYODIDE_INTEGRITY = (
    "sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A=="
)
DEFAULT_REGISTRY = "https://registry.npmjs.org"
CACHE_ENV = "NN_LESSON_CACHE"
REGISTRY_ENV = "NN_LESSON_NPM_REGISTRY"

# What the browser really fetches: the ES module, the Emscripten glue it imports,
# the WebAssembly binary, the standard library and the lock file. The rest of the
# package (pyodide.js for CommonJS, source maps, type declarations, the consoles)
# is never requested at runtime.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
LOCK_NAME = "pyodide-lock.json"

SITE_DIR = f"assets/pyodide/{PYODIDE_VERSION}"
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "lesson_py"
# Bump when the layout of what this file caches changes.
CACHE_FORMAT = "1"


@dataclass(frozen=True)
class Runtime:
    """Everything the site needs, as files on disk: {path in SITE_DIR: file}."""

    files: dict[str, Path]
    wheel_name: str


# --- Hooks -------------------------------------------------------------------


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """Add the runtime, the lock and the wheel to the site as generated files."""
    runtime = prepare_runtime(cache_dir())
    for name, path in sorted(runtime.files.items()):
        files.append(File.generated(config, f"{SITE_DIR}/{name}", abs_src_path=str(path)))
    return files


def on_serve(server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    """`mkdocs serve`: a change to lesson_py rebuilds the site (and then the wheel)."""
    server.watch(str(ROOT / PACKAGE))
    server.watch(str(ROOT / "pyproject.toml"))
    return server


# --- Helpers: the whole runtime ------------------------------------------------


def prepare_runtime(cache: Path, project: Path = ROOT) -> Runtime:
    """The runtime files (from the verified npm package) plus lesson_py's wheel and lock.

    Everything is cached in `cache`: the package tarball, its unpacked runtime
    files, and one wheel + lock per state of lesson_py's sources, so a rebuild
    that changed only prose copies files and computes nothing.
    """
    core = unpacked_runtime(cache)
    key = source_key(project)
    built = cache / "lesson_py" / key
    if not (built / LOCK_NAME).is_file():
        with tempfile.TemporaryDirectory(dir=cache) as scratch:
            staged = Path(scratch) / key
            write_wheel_and_lock(project, core / LOCK_NAME, staged)
            built.parent.mkdir(parents=True, exist_ok=True)
            try:
                staged.rename(built)
            except OSError:  # another build put the same result there first
                if not (built / LOCK_NAME).is_file():
                    raise
    files = {name: core / name for name in RUNTIME_FILES if name != LOCK_NAME}
    files[LOCK_NAME] = built / LOCK_NAME
    wheels = [p for p in built.rglob("*.whl")]
    if len(wheels) != 1:
        raise PluginError(f"runtime: expected one lesson_py wheel in {built}, found {len(wheels)}; delete that folder")
    wheel = wheels[0]
    files[wheel.relative_to(built).as_posix()] = wheel
    return Runtime(files, wheel.name)


def cache_dir() -> Path:
    """$NN_LESSON_CACHE, else $XDG_CACHE_HOME/nn-lesson, else ~/.cache/nn-lesson."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nn-lesson"


# --- Helpers: the Pyodide package ----------------------------------------------


def unpacked_runtime(cache: Path) -> Path:
    """The folder of RUNTIME_FILES, unpacked once from the verified tarball."""
    target = cache / "pyodide" / PYODIDE_VERSION
    stamp = target / ".integrity"
    if stamp.is_file() and stamp.read_text() == PYODIDE_INTEGRITY:
        if all((target / name).is_file() for name in RUNTIME_FILES):
            return target
    data = pyodide_tarball(cache)
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        staged = Path(scratch) / "runtime"
        unpack_runtime_files(data, staged)
        (staged / ".integrity").write_text(PYODIDE_INTEGRITY)
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            staged.rename(target)
        except OSError:  # a concurrent build unpacked the same files first
            if not stamp.is_file():
                raise
    return target


def unpack_runtime_files(tarball: bytes, target: Path) -> None:
    """Write only RUNTIME_FILES from the npm tarball (its members live under package/)."""
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for name in RUNTIME_FILES:
            try:
                member = archive.getmember(f"package/{name}")
            except KeyError:
                raise PluginError(f"runtime: the pyodide {PYODIDE_VERSION} package has no {name}") from None
            source = archive.extractfile(member)
            assert source is not None, name
            (target / name).write_bytes(source.read())


def tarball_name() -> str:
    return f"pyodide-{PYODIDE_VERSION}.tgz"


def pyodide_tarball(cache: Path) -> bytes:
    """The verified npm tarball: from the cache if it is there and intact, else downloaded."""
    cached = cache / tarball_name()
    cache_problem = f"{cached} does not exist"
    if cached.is_file():
        data = cached.read_bytes()
        if integrity(data) == PYODIDE_INTEGRITY:
            return data
        cache_problem = f"{cached} is damaged (its sha512 is not the pinned one)"
    registry = os.environ.get(REGISTRY_ENV, DEFAULT_REGISTRY).rstrip("/")
    try:
        data = download_tarball(registry)
    except (OSError, ValueError) as error:
        raise PluginError(missing_runtime_message(registry, error, cache_problem)) from error
    cache.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".tgz.partial")
    partial.write_bytes(data)
    partial.replace(cached)
    return data


def download_tarball(registry: str) -> bytes:
    """Fetch the tarball, checking the registry's published integrity and our pin."""
    metadata_url = f"{registry}/pyodide/{PYODIDE_VERSION}"
    with urllib.request.urlopen(metadata_url, timeout=30) as response:
        published = json.load(response)["dist"]["integrity"]
    if published != PYODIDE_INTEGRITY:
        raise ValueError(
            f"the registry publishes integrity {published} for pyodide {PYODIDE_VERSION}, "
            f"but build_hooks/runtime.py pins {PYODIDE_INTEGRITY}"
        )
    with urllib.request.urlopen(f"{registry}/pyodide/-/{tarball_name()}", timeout=120) as response:
        data = response.read()
    if integrity(data) != PYODIDE_INTEGRITY:
        raise ValueError(f"the downloaded {tarball_name()} has integrity {integrity(data)}, expected {PYODIDE_INTEGRITY}")
    return data


def integrity(data: bytes) -> str:
    """npm's Subresource-Integrity form of a sha512: 'sha512-' + base64 digest."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def missing_runtime_message(registry: str, error: Exception, cache_problem: str) -> str:
    cache = cache_dir()
    return (
        f"runtime: cannot get Pyodide {PYODIDE_VERSION} (the Python runtime the site serves).\n"
        f"  download from {registry} failed: {error}\n"
        f"  cache: {cache_problem}\n"
        "How to fix it, any one of:\n"
        "  - connect to the internet (only the npm registry is needed) and build again; "
        "the package is then cached and later builds work offline;\n"
        f"  - copy a verified {tarball_name()} (npm pack pyodide@{PYODIDE_VERSION}) to {cache / tarball_name()};\n"
        f"  - point ${CACHE_ENV} at a cache folder that has it, or ${REGISTRY_ENV} at a reachable npm registry mirror."
    )


# --- Helpers: the lesson_py wheel and lock ------------------------------------


def source_key(project: Path) -> str:
    """A digest of all that goes into the wheel and lock: a prose edit leaves it alone."""
    h = hashlib.sha256()
    import hatchling
    import pyodide_lock

    for part in (CACHE_FORMAT, PYODIDE_INTEGRITY, os.environ.get("SOURCE_DATE_EPOCH", ""),
                 getattr(hatchling, "__version__", ""), getattr(pyodide_lock, "__version__", "")):
        h.update(part.encode() + b"\0")
    for path in [project / "pyproject.toml", *package_sources(project)]:
        h.update(path.relative_to(project).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def package_sources(project: Path) -> list[Path]:
    return sorted(p for p in (project / PACKAGE).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def build_wheel(project: Path, directory: Path) -> Path:
    """Build lesson_py's wheel in this process with hatchling (reproducible by default)."""
    from hatchling.builders.wheel import WheelBuilder

    artifacts = list(WheelBuilder(str(project)).build(directory=str(directory), versions=["standard"]))
    if len(artifacts) != 1:
        raise PluginError(f"runtime: hatchling built {artifacts!r}, expected one wheel")
    return Path(artifacts[0])


def write_wheel_and_lock(project: Path, pristine_lock: Path, target: Path) -> None:
    """Build the wheel into target/lesson_py-<sha256>/ and write target/pyodide-lock.json.

    The wheel's folder carries its hash so a redeploy gives it a new URL: a
    browser that cached the old lock for a while never meets a new wheel under
    an old name. The lock keeps only lesson_py: the site ships no other package,
    so no other entry could load (better a clear "no known package" than a 404).
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    scratch = target / "build"
    wheel = build_wheel(project, scratch)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()[:16]
    home = target / f"{PACKAGE}-{digest}"
    home.mkdir(parents=True)
    wheel = wheel.replace(home / wheel.name)
    scratch.rmdir()
    upstream = json.loads(pristine_lock.read_text(encoding="utf-8"))
    base = PyodideLockSpec.from_dict({**upstream, "packages": {}})
    try:
        lock = add_wheels_to_spec(base, [wheel], base_path=target)
    except RuntimeError as error:
        raise PluginError(f"runtime: pyodide lockfile add-wheels refused the lesson_py wheel: {error}") from error
    lock.to_json(target / LOCK_NAME)
