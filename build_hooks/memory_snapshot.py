"""A Pyodide memory snapshot with lesson_py imported: Python in a quarter of a bare boot.

Made at build time by memory_snapshot.mjs in Node, from the site's own runtime
files and the lesson_py wheel, gzipped (the browser unpacks it with
DecompressionStream, whatever the server compresses) and cached next to the
wheel, so a prose edit never remakes it. The file's name carries its hash: a
redeploy gives a new snapshot a new URL.

Without Node the build still works: it makes no snapshot, logs why, and the
browser boots Python the normal way (which it also does whenever a snapshot is
refused).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "memory_snapshot.mjs"
INFO = "snapshot.json"
# Not under mkdocs.plugins: a missing Node is worth a line, never a --strict failure.
log = logging.getLogger("mkdocs.nn_lesson.snapshot")


@dataclass(frozen=True)
class Snapshot:
    """The gzipped snapshot as the site serves it: its file name, the sha256 of the
    unpacked bytes (the worker checks it) and both sizes (for the progress bar)."""

    file: str
    sha256: str
    bytes: int
    gzip_bytes: int


def prepare(runtime: Path, wheel: Path, folder: Path) -> tuple[Snapshot, Path] | None:
    """The snapshot for this runtime and wheel, made once into `folder` (a cache folder
    that belongs to this wheel), or None when Node is missing or cannot make it."""
    info = folder / INFO
    if info.is_file():
        snapshot = Snapshot(**json.loads(info.read_text(encoding="utf-8")))
        if (folder / snapshot.file).is_file():
            return snapshot, folder / snapshot.file
    node = shutil.which("node")
    if node is None:
        log.info("No Node.js found: the site gets no memory snapshot, so Python boots the normal way.")
        return None
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        raw = Path(scratch) / "snapshot.bin"
        paths = {"NN_SNAPSHOT_RUNTIME": str(runtime), "NN_SNAPSHOT_WHEEL": str(wheel), "NN_SNAPSHOT_OUT": str(raw)}
        result = subprocess.run([node, str(SCRIPT)], env={**os.environ, **paths},
                                capture_output=True, text=True, timeout=600)
        if result.returncode != 0 or not raw.is_file():
            log.info(f"Node could not make the memory snapshot, so Python boots the normal way: "
                     f"{result.stderr.strip()[:500]}")
            return None
        data = raw.read_bytes()
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    digest = hashlib.sha256(data).hexdigest()
    snapshot = Snapshot(f"snapshot-{digest[:16]}.bin.gz", digest, len(data), len(packed))
    (folder / snapshot.file).write_bytes(packed)
    info.write_text(json.dumps(asdict(snapshot)), encoding="utf-8")
    return snapshot, folder / snapshot.file


def script_key() -> str:
    """What the snapshot depends on besides the runtime and the wheel: the script that makes it."""
    return hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:12]
