"""The lesson's two commands, needing only Python 3.12+ and git:

    python3 dev.py serve    set everything up, then serve the lesson with live reload
    python3 dev.py test     set everything up, then run the whole test suite

Setup is idempotent and quick the second time: a virtual environment in .venv
holds the exact versions of requirements.txt and is refreshed only when that
file changes. Extra arguments go to `mkdocs serve` or to `pytest`.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".requirements.sha256"
NODE_STAMP = ROOT / "node_modules" / ".package-lock.sha256"


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*args: object, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()


def setup_python() -> None:
    if sys.version_info < (3, 12):
        sys.exit(f"Python 3.12 or newer is needed (this is {sys.version.split()[0]}); see .python-version.")
    wanted = digest(ROOT / "requirements.txt", ROOT / "pyproject.toml")
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        say(f"creating {VENV.name} with Python {sys.version.split()[0]}")
        venv.create(VENV, with_pip=True)
    say("installing the pinned Python packages (requirements.txt)")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--no-deps", "--no-build-isolation", "--editable", ".")
    STAMP.write_text(wanted)


def setup_node() -> None:
    """npm packages used only by the tests and the benchmark (pinned in package-lock.json)."""
    lock = ROOT / "package-lock.json"
    if not lock.exists():
        return
    if shutil.which("npm") is None:
        sys.exit("npm (Node.js 20 or newer) is needed for the tests: install Node.js, then run this again.")
    wanted = digest(lock)
    if NODE_STAMP.exists() and NODE_STAMP.read_text() == wanted:
        return
    say("installing the pinned npm packages (package-lock.json)")
    run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
    NODE_STAMP.write_text(wanted)


def environment() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def serve(extra: list[str]) -> None:
    setup_python()
    say("serving the lesson at http://127.0.0.1:8000/ (Ctrl+C stops)")
    os.execve(PYTHON, [str(PYTHON), "-m", "mkdocs", "serve", "--livereload", *extra], environment())


def test(extra: list[str]) -> None:
    setup_python()
    setup_node()
    result = subprocess.run([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT, env=environment())
    sys.exit(result.returncode)


def main() -> None:
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
