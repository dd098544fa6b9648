"""The lesson's performance benchmark: measures everything issue 9 asks for, in one run
on this machine, and writes bench/results.md (a table) and bench/results.json.

    python3 bench/run.py            # from a fresh clone: sets up .venv and node_modules first
    .venv/bin/python bench/run.py   # the same, once `python3 dev.py test` has set things up
    .venv/bin/python bench/run.py --quick   # a fast sanity run (few repeats), written to a temp folder

It is not part of the test suite: it never fails on a missed target, it reports it.

What it does, on a copy of the project in a temporary folder (docs/ is never touched):
1. builds the site with `mkdocs build --strict` once to warm the runtime cache, then
   times 3 clean builds (median);
2. starts `mkdocs serve --livereload` on the copy, appends a sentence to
   misconceptions.md and polls the served page until the sentence is there (median of 7);
3. serves the built site under /nn-lesson/ with a static server that gzips text and
   WebAssembly and sends `Cache-Control: max-age=600`, as GitHub Pages does;
4. in the system Chromium (Playwright): the requests each page makes on load with no
   interaction (everything except the Python worker and the Pyodide files), gzipped;
   the widget JSON of each page, gzipped; Python-ready time of every page with a
   playground against a bare page that only loads the same Pyodide in a module worker,
   cold (new context) and warm (same context, reload); playground input -> read-outs
   through Python; visualizer scrub -> page updated;
5. Lighthouse 12 (node_modules) with the system Chromium: mobile performance and
   accessibility of every page of the sitemap.

Its parts, by what they measure: builds.py (clean builds), edit_reload.py (edit to reload
under `mkdocs serve`), pages_server.py (the GitHub-Pages-like static server), page_bytes.py
(bytes on load, widget JSON), python_ready.py (Python-ready time against a bare Pyodide page),
playground.py and scrub.py (the widgets' latency), lighthouse.py and machine.py; targets.py
(the targets, the causes of misses) and report.py (the table, results.md). run.py is the entry
point (cli.py its options), main.py runs the parts in order, common.py holds what they share,
and js/ the JavaScript they run in the page. The static server and Chromium's setup come from
devkit/, which the tests use too.
"""
