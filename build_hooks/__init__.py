"""The lesson's MkDocs hooks and the build-time work behind them.

mkdocs.yml loads two hook files by path, runtime.py (the self-hosted Pyodide and
the lesson_py wheel) and widgets.py (the widget blocks and their data); both
import the rest of this package by its full name, build_hooks.*.
"""
