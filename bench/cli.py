"""The benchmark's command line; it imports nothing that needs .venv, so that `--help` and
the setup in run.py work from any Python 3.12."""

from __future__ import annotations

import argparse
from pathlib import Path

import bench


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=bench.__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a fast sanity run: few repeats, output to a temp folder")
    parser.add_argument("--out", type=Path, help="where results.md and results.json go (default: bench/, "
                                                  "or a temp folder with --quick)")
    parser.add_argument("--priority", type=int, default=0, metavar="N",
                        help="run the benchmark and the browsers it starts at nice -N (root only), so that other "
                             "work on a shared machine disturbs the timings less; recorded in the results")
    parser.add_argument("--skip-lighthouse", action="store_true", help="leave Lighthouse out (its rows say so)")
    parser.add_argument("--lighthouse-runs", type=int, default=None, help="Lighthouse runs per page (median; default 3, 1 with --quick)")
    parser.add_argument("--only", choices=["live"], help="measure only these rows (live: the run designer's live "
                        "training) on one build of the working tree, and put them into the existing results")
    parser.add_argument("--widget-cache", type=Path, help="with --only: the widget-data cache of its build "
                        "(default: an empty one)")
    return parser.parse_args(argv)
