"""What the tests, the benchmark and the scripts share to look at the built lesson:
the site built and served under a subpath as GitHub Pages does (site_server), and
the system headless Chromium started with the project's flags (chromium)."""
