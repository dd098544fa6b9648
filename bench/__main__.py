"""`python3 -m bench [--quick]`, the same as `python3 bench/run.py`."""

from bench.run import main

main()
