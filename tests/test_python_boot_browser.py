"""How Python boots in the browser: from the build's memory snapshot, the normal way when
the snapshot is refused (missing, damaged, not Pyodide's), the normal way plus a
background download of the snapshot on a slow connection, a real progress bar, and
instant navigation (one Python) when the site is opened at another address than its
site_url."""

import gzip
import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from build_hooks import runtime
from devkit.site_server import base_url, build_site, serve

READY_WITHIN_MS = 120_000
SNAPSHOT_FILES = "**/assets/pyodide/*/snapshot-*.bin.gz"


def boot(page, url: str) -> dict:
    """Open `url`, ask for Python, wait until it is ready (or failed); its status."""
    page.goto(url)
    page.wait_for_function("() => window.nnLessonPython !== undefined")
    page.evaluate("() => nnLessonPython.start().catch(() => {})")
    page.wait_for_function("() => ['ready', 'failed'].includes(nnLessonPython.status().state)",
                           timeout=READY_WITHIN_MS)
    return page.evaluate("() => nnLessonPython.status()")


def answers_like_the_lesson(page) -> bool:
    """One call through the booted worker, and Show the Python's source (read from the wheel's files)."""
    out = page.evaluate("() => nnLessonPython.call('fire', {inputs: [0.9, 0.3], weights: [1.2, -0.8], bias: -0.15})")
    parts = page.evaluate("() => nnLessonPython.call('playground_source', {mode: 'single', activation: 'tanh'})")
    return out["verdict"] == "positive" and round(out["z"], 2) == 0.69 and parts[2]["code"].startswith("def tanh(")


def snapshot_info(built_site: Path) -> dict:
    text = (built_site / runtime.RUNTIME_MODULE).read_text()
    return json.loads(re.search(r"export const SNAPSHOT = (.*);", text).group(1))


def test_the_build_places_a_snapshot_that_the_worker_boots_from(page, site_url, built_site):
    info = snapshot_info(built_site)
    packed = (built_site / runtime.SITE_DIR / info["file"]).read_bytes()
    assert len(packed) == info["gzip_bytes"] and hashlib.sha256(gzip.decompress(packed)).hexdigest() == info["sha256"]
    wheels: list[str] = []
    page.context.on("request", lambda request: wheels.append(request.url) if request.url.endswith(".whl") else None)
    status = boot(page, site_url)
    assert (status["state"], status["boot"], status.get("snapshotRefused")) == ("ready", "snapshot", None)
    assert answers_like_the_lesson(page)  # Show the Python too: the snapshot keeps the source lines
    assert not wheels  # the snapshot holds lesson_py: no wheel to fetch and unpack


def fake_snapshot() -> tuple[bytes, dict]:
    """A gzipped 'snapshot' of random bytes with a manifest that matches it: only Pyodide can refuse it."""
    data = os.urandom(1 << 20)
    packed = gzip.compress(data, mtime=0)
    return packed, {"file": "not-pyodides.bin.gz", "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data), "gzip_bytes": len(packed)}


@pytest.mark.parametrize("trouble", ["missing", "damaged", "refused by Pyodide"])
def test_a_refused_snapshot_still_gives_a_working_python_and_no_alarm(page, site_url, built_site, trouble):
    context = page.context
    if trouble == "missing":
        context.route(SNAPSHOT_FILES, lambda route: route.fulfill(status=404, body="gone"))
    elif trouble == "damaged":
        context.route(SNAPSHOT_FILES, lambda route: route.fulfill(status=200, body=b"\x1f\x8b\x08 cut short"))
    else:
        packed, info = fake_snapshot()
        module = (built_site / runtime.RUNTIME_MODULE).read_text()
        module = re.sub(r"export const SNAPSHOT = .*;", f"export const SNAPSHOT = {json.dumps(info)};", module)
        context.route(f"**/{runtime.RUNTIME_MODULE}",
                      lambda route: route.fulfill(status=200, content_type="text/javascript", body=module))
        context.route(f"**/{info['file']}", lambda route: route.fulfill(status=200, body=packed))
    status = boot(page, site_url)
    assert (status["state"], status["boot"]) == ("ready", "normal"), status
    assert status["snapshotRefused"]  # noted for the console and tests ...
    assert status["text"] == "Python ready" and status["reason"] is None  # ... but nothing alarming is shown
    assert answers_like_the_lesson(page)


SLOW_LINK = "Object.defineProperty(Navigator.prototype, 'connection', {get: () => ({effectiveType: '3g', saveData: false})});"


def test_on_a_slow_link_the_first_boot_is_normal_and_the_snapshot_comes_for_the_next_page(page, site_url, built_site):
    page.context.add_init_script(SLOW_LINK)
    fetched = []
    page.context.on("requestfinished", lambda request: fetched.append(request.url))
    status = boot(page, site_url)
    assert (status["state"], status["boot"]) == ("ready", "normal")
    info = snapshot_info(built_site)
    # Fetched in the background once Python is ready, and remembered.
    page.wait_for_function("sha => localStorage.getItem('nn-lesson-python-snapshot') === sha", arg=info["sha256"],
                           timeout=READY_WITHIN_MS)
    assert any(url.endswith(info["file"]) for url in fetched)
    # A full page load (a new tab, a reload) now boots from it.
    second = boot(page, site_url + "how-it-learns/")
    assert (second["state"], second["boot"]) == ("ready", "snapshot")


def test_the_status_shows_a_real_progress_bar_while_python_downloads(page, site_url):
    page.goto(site_url)
    page.wait_for_function("() => window.nnLessonPython !== undefined")
    page.evaluate("""() => {
        const box = nnLessonPython.statusElement();
        document.querySelector('article').prepend(box);
        const bar = box.querySelector('progress');
        window.barSeen = [];
        new MutationObserver(() => barSeen.push({shown: bar.dataset.shown, max: bar.max, value: bar.value,
                                                 visible: getComputedStyle(bar).visibility}))
          .observe(bar, {attributes: true});
        window.barBefore = getComputedStyle(bar).visibility;
        nnLessonPython.start();
    }""")
    page.wait_for_function("() => nnLessonPython.status().state === 'ready'", timeout=READY_WITHIN_MS)
    seen = page.evaluate("() => barSeen")
    assert page.evaluate("() => barBefore") == "hidden"
    loading = [s for s in seen if s["shown"] == "true"]
    assert loading and all(s["visible"] == "visible" and s["max"] > 1e6 for s in loading)
    assert max(s["value"] for s in loading) > 0.5 * loading[-1]["max"]
    assert seen[-1]["visible"] == "hidden"  # hidden again once ready, its space kept
    label = page.locator("article > .nn-python-status progress").get_attribute("aria-label")
    assert label and "Python" in label


@pytest.fixture(scope="module")
def site_built_for_elsewhere(tmp_path_factory):
    """The site built as an author builds it, for the default site_url (http://127.0.0.1:8000/)."""
    site = tmp_path_factory.mktemp("elsewhere")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = build_site(site, "http://127.0.0.1:8000/", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(site)
    yield base_url(server)
    server.shutdown()


def test_instant_navigation_keeps_one_python_at_another_address(browser, site_built_for_elsewhere):
    assert not site_built_for_elsewhere.startswith("http://127.0.0.1:8000/")
    context = browser.new_context()
    try:
        page = context.new_page()
        workers = []
        page.on("worker", lambda worker: workers.append(worker.url))
        status = boot(page, site_built_for_elsewhere)
        assert status["state"] == "ready"
        page.evaluate("() => { window.sameDocument = true; }")
        page.locator("nav.md-nav--primary a[href$='how-it-learns/']").first.click()
        page.wait_for_url(re.compile(r".*/how-it-learns/$"))
        page.wait_for_function("() => document.querySelector('[data-md-component=content] h1')?.id !== 'what-a-neural-network-is'"
                               " && location.pathname.endsWith('/how-it-learns/')")
        assert page.evaluate("() => window.sameDocument === true"), "the page reloaded: instant navigation was off"
        assert page.evaluate("() => nnLessonPython.status().state") == "ready"
        assert len([url for url in workers if url.endswith("python-worker.js")]) == 1
    finally:
        context.close()


def test_a_playground_in_view_on_arrival_starts_python_before_its_script_mounts(page, site_url):
    """A link to the playground: python.js starts Python from the page's markup at once, so it
    does not wait for the widget's own script (here never loaded) to mount and observe it."""
    workers: list[str] = []
    page.context.on("request", lambda request: workers.append(request.url) if "python-worker" in request.url else None)
    page.route("**/neuron-playground.js", lambda route: route.abort())
    page.goto(site_url + "#widget-first-neuron")
    page.wait_for_function("() => window.nnLessonPython !== undefined")
    assert page.locator("#widget-first-neuron").get_attribute("data-python") == "in-view"
    assert page.locator("#widget-first-neuron").get_attribute("data-mounted") is None  # its script never ran
    page.wait_for_function("() => nnLessonPython.status().state !== 'idle'")
    assert workers


def test_a_playground_out_of_view_leaves_python_asleep(page, site_url):
    page.set_viewport_size({"width": 800, "height": 400})
    workers: list[str] = []
    page.context.on("request", lambda request: workers.append(request.url) if "python-worker" in request.url else None)
    page.goto(site_url + "building-blocks/")
    page.wait_for_function("() => window.nnLessonPython !== undefined && document.querySelector('[data-mounted]')")
    assert page.locator('[data-python="in-view"]').count() >= 1
    page.wait_for_timeout(500)
    assert page.evaluate("nnLessonPython.status().state") == "idle" and not workers
    page.locator('[data-python="in-view"]').first.scroll_into_view_if_needed()
    page.wait_for_function("() => nnLessonPython.status().state !== 'idle'")
