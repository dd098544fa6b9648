"""CPU time per call of lesson_py.exact's exp, tanh and log1p, old against new (printed; not a test).

    .venv/bin/python bench/exact_speed.py [OLD_REVISION] [CALLS]

OLD_REVISION (default bfede1b, the last commit with the double-double tanh) is read with
`git show REV:lesson_py/exact.py`; the new one is the working tree's. Each figure is the best of 5
runs of CALLS calls (default 1,000,000) timed with time.process_time, in nanoseconds per call,
loop and call included; the row "empty" is a function that returns its argument, the loop's own
cost. The load average is printed beside, since other work on the machine slows every figure.
"""

import math
import os
import random
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lesson_py import exact  # noqa: E402


def old_module(revision: str) -> types.ModuleType:
    source = subprocess.run(["git", "show", f"{revision}:lesson_py/exact.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("exact_old")
    exec(compile(source, f"{revision}:lesson_py/exact.py", "exec"), module.__dict__)
    return module


def per_call_ns(f, xs: list[float], repeats: int = 5) -> float:
    best = math.inf
    for _ in range(repeats):
        start = time.process_time()
        for x in xs:
            f(x)
        best = min(best, time.process_time() - start)
    return best / len(xs) * 1e9


def empty(x: float) -> float:
    return x


def signed(rng: random.Random, low: float, high: float) -> float:
    return math.copysign(rng.uniform(low, high), rng.random() - 0.5)


def input_sets(calls: int) -> dict[str, tuple[str, list[float]]]:
    """label: (function, inputs). 'training-like' is spread about as the reference spec's tanh inputs
    are (two thirds below 0.55 in size, nine tenths below 1)."""
    rng = random.Random(1)
    return {
        "tanh |x| < 0.9 (new: rational)": ("tanh", [rng.uniform(-0.9, 0.9) for _ in range(calls)]),
        "tanh 0.9 <= |x| < 5 (new: table)": ("tanh", [signed(rng, 0.9, 5.0) for _ in range(calls)]),
        "tanh training-like, gauss(0, 0.6)": ("tanh", [rng.gauss(0.0, 0.6) for _ in range(calls)]),
        "exp -1 <= x <= 0 (sigmoid's)": ("exp", [rng.uniform(-1.0, 0.0) for _ in range(calls)]),
        "exp -20 <= x <= 20": ("exp", [rng.uniform(-20.0, 20.0) for _ in range(calls)]),
        "log1p -0.5 <= x <= 1": ("log1p", [rng.uniform(-0.5, 1.0) for _ in range(calls)]),
    }


def main() -> None:
    revision = sys.argv[1] if len(sys.argv) > 1 else "bfede1b"
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    old = old_module(revision)
    print(f"ns per call, best of 5 x {calls:,} calls; old = {revision}, new = working tree")
    print(f"{'inputs':38} {'old':>8} {'new':>8} {'ratio':>6}  load (1 min)")
    sets = input_sets(calls)
    print(f"{'empty (the loop itself)':38} {per_call_ns(empty, sets['exp -20 <= x <= 20'][1]):8.0f}")
    for label, (name, xs) in sets.items():
        before = per_call_ns(getattr(old, name), xs)
        after = per_call_ns(getattr(exact, name), xs)
        print(f"{label:38} {before:8.0f} {after:8.0f} {before / after:6.2f}  {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
