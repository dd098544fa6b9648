"""The lesson's performance benchmark (see bench/__init__.py): `python3 bench/run.py [--quick]`.

This entry point needs only Python 3.12+: it reads the options, sets up .venv and node_modules
like dev.py, runs itself again in .venv's Python, and there runs bench/main.py."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, Python puts bench/ first on sys.path: put the repository there instead, so
# that the package is `bench` and none of its modules can stand in for another top-level module.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT)]

import dev  # noqa: E402  (the project's setup: .venv and node_modules)
from bench.cli import parse_args  # noqa: E402


def bootstrap() -> None:
    """Make sure .venv and node_modules are set up, and run inside .venv's Python."""
    dev.setup_python()
    dev.setup_node()
    if Path(sys.prefix).resolve() != dev.VENV.resolve():
        os.execv(str(dev.PYTHON), [str(dev.PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])


def main() -> None:
    args = parse_args()
    bootstrap()
    from bench.main import run
    run(args)


if __name__ == "__main__":
    main()
