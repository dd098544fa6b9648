"""The runtime in a real browser: the built site, served under a subpath by a plain
static server, starts Pyodide in one module worker, loads lesson_py by its lock
entry (sha256 checked), answers like CPython, keeps the worker across instant
navigation, and explains failures with a working Retry."""

import json
import random
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
from build_hooks import runtime
from lesson_py.widgets import calls
from parity_cases import differences, random_cases

READY_WITHIN_MS = 90_000
RUNTIME = f"assets/pyodide/{runtime.PYODIDE_VERSION}/"


def open_page(page, site_url: str, path: str = "how-it-learns/") -> list[str]:
    """Open a page of the lesson and record every URL it (and its worker) requests."""
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + path)
    page.wait_for_function("() => window.nnLessonPython !== undefined")
    page.evaluate("() => { window.statusLog = []; nnLessonPython.onStatus(s => statusLog.push(s)); }")
    return requested


def ask(page, cases: list[tuple[str, str]]):
    """Send calls to the worker all at once; each answer is {"result": ...} or {"error": ...}."""
    return page.evaluate(
        """async ([cases, limit]) => {
             const late = new Promise((_, reject) => setTimeout(() => reject(new Error("no answer in time")), limit));
             const answers = Promise.all(cases.map(([name, args]) => nnLessonPython.call(name, JSON.parse(args))
               .then(result => ({result}), error => ({error: error.message}))));
             return Promise.race([answers, late]);
           }""",
        [[list(case) for case in cases], READY_WITHIN_MS],
    )


def add_status_element(page) -> None:
    page.evaluate("() => document.querySelector('article').prepend(nnLessonPython.statusElement())")


def test_the_worker_gets_ready_and_answers_like_cpython(page, site_url):
    requested = open_page(page, site_url)
    add_status_element(page)
    status = page.locator("article > .nn-python-status [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "Python starts when you use this widget."
    cases = [(name, json.dumps(args)) for name, args in random.Random(7).sample(random_cases(random.Random(7)), 60)]
    cases.append(("fire", json.dumps({"inputs": [0.9, 0.3], "weights": [1.2, -0.8], "bias": -0.15})))
    answers = ask(page, cases)
    page.wait_for_function("() => nnLessonPython.status().state === 'ready'", timeout=READY_WITHIN_MS)
    assert status.inner_text() == "Python ready"
    assert answers[-1]["result"]["verdict"] == "positive" and round(answers[-1]["result"]["z"], 2) == 0.69
    problems = []
    for (name, args), answer in zip(cases, answers):
        expected = json.loads(calls.respond(name, args))
        found = differences(expected, answer)
        if found:
            problems.append(f"{name} {args}: {found[:3]}")
    assert not problems, "\n".join(problems)
    # Progress in words, in order.
    stages = [s["text"].split("…")[0] for s in page.evaluate("statusLog")]
    wanted = ["Downloading the Python runtime", "Starting Python", "Loading lesson_py", "Python ready"]
    if page.evaluate("nnLessonPython.status().boot") == "snapshot":
        wanted.remove("Loading lesson_py")  # the snapshot holds it already imported
    assert [s for s in dict.fromkeys(stages) if s in wanted] == wanted
    # Everything came from the site itself, under its subpath, the runtime from its versioned folder.
    assert requested and all(url.startswith(site_url) for url in requested), [u for u in requested if not u.startswith(site_url)]
    fetched = {url[len(site_url):] for url in requested}
    for name in runtime.RUNTIME_FILES:
        assert RUNTIME + name in fetched
    wheel = any(url.startswith(RUNTIME + "lesson_py-") and url.endswith(".whl") for url in fetched)
    snapshot = any(url.startswith(RUNTIME + "snapshot-") and url.endswith(".bin.gz") for url in fetched)
    assert (wheel, snapshot) == ((False, True) if page.evaluate("nnLessonPython.status().boot") == "snapshot" else (True, False))
    assert "widgets/js/python-worker.js" in fetched


def test_one_worker_serves_every_page_across_instant_navigation_and_refuses_bad_calls(page, site_url):
    requested = open_page(page, site_url, "")
    first = ask(page, [("activation", '{"name": "relu", "z": 2.5}')])
    assert first == [{"result": json.loads(calls.call("activation", '{"name": "relu", "z": 2.5}'))}]
    page.evaluate("() => { window.sameDocument = true; }")
    page.locator("nav.md-nav--primary a[href$='building-blocks/']").first.click()
    page.wait_for_url("**/building-blocks/")
    assert page.evaluate("() => window.sameDocument === true"), "instant navigation reloaded the page"
    args = '{"network": [{"weights": [[1.0, 2.0], [0.5, -1.0]], "biases": [0.1, 0.2], "activation": "linear"}, ' \
           '{"weights": [[2.0, -1.0]], "biases": [0.3], "activation": "sigmoid"}]}'
    assert ask(page, [("equivalent_neuron", args)]) == [{"result": {"weights": [1.5, 5.0], "bias": 0.3}}]
    assert sum(url.endswith("/widgets/js/python-worker.js") for url in requested) == 1
    assert sum(url.endswith("/pyodide.asm.wasm") for url in requested) == 1
    # A refused call rejects with lesson_py's own message, and Python stays ready.
    answers = ask(page, [("activation", '{"name": "swish", "z": 1}'), ("no_such_call", "{}")])
    assert answers[0]["error"] == json.loads(calls.respond("activation", '{"name": "swish", "z": 1}'))["error"]
    assert answers[1]["error"].startswith("unknown call 'no_such_call'")
    assert page.evaluate("nnLessonPython.status().state") == "ready"


def test_python_starts_only_when_needed(page, site_url):
    page.set_viewport_size({"width": 800, "height": 400})
    requested = open_page(page, site_url, "key-terms/")
    page.evaluate("""() => {
        const probe = document.createElement("p");
        probe.id = "needs-python";
        probe.textContent = "a widget that needs Python";
        document.querySelector("article").append(probe);
        nnLessonPython.whenNeeded(probe);
    }""")
    page.wait_for_timeout(1000)
    assert page.evaluate("nnLessonPython.status().state") == "idle"
    assert not [url for url in requested if RUNTIME in url or "python-worker" in url]
    page.locator("#needs-python").scroll_into_view_if_needed()
    page.wait_for_function("() => nnLessonPython.status().state !== 'idle'")
    page.wait_for_function("() => nnLessonPython.status().state === 'ready'", timeout=READY_WITHIN_MS)


def refuse_snapshot(route):
    route.fulfill(status=404, body="")


@pytest.mark.parametrize("broken, reason, words", [
    ("pyodide.asm.wasm", "offline", "Could not download the Python runtime"),
    ("pyodide-lock.json:sha256", "package", "could not be loaded or failed its integrity check"),
    ("python-worker.js:nowasm", "blocked", "does not allow WebAssembly"),
])
def test_a_failure_is_explained_and_retry_recovers(page, site_url, broken, reason, words):
    """The runtime cannot be downloaded, the wheel does not match the sha256 in the
    lock (so Pyodide does check it), or the browser has no WebAssembly (as in
    Chromium's jitless mode): each time a clear message, then Retry works."""
    name, _, tamper = broken.partition(":")
    url = f"**/widgets/js/{name}" if name.endswith(".js") else f"**/{RUNTIME}{name}"

    def fault(route):
        if not tamper:
            route.abort("internetdisconnected")
            return
        if tamper == "nowasm":
            response = route.fetch()
            route.fulfill(response=response, body="delete globalThis.WebAssembly;\n" + response.text())
            return
        lock = json.loads(route.fetch().text())
        lock["packages"]["lesson-py"]["sha256"] = "0" * 64
        route.fulfill(status=200, content_type="application/json", body=json.dumps(lock))

    page.context.route(url, fault)
    if tamper == "sha256":  # a snapshot boot needs no wheel: refuse the snapshot, so the normal boot meets the lock
        page.context.route("**/snapshot-*.bin.gz", refuse_snapshot)
    open_page(page, site_url)
    add_status_element(page)
    answer = ask(page, [("fire", '{"inputs": [1, 1], "weights": [1, 1], "bias": 0}')])
    assert words in answer[0]["error"]
    state = page.evaluate("nnLessonPython.status()")
    assert state["state"] == "failed" and state["reason"] == reason
    assert words in page.locator("article > .nn-python-status [role=status]").inner_text()
    retry = page.locator("article > .nn-python-status").get_by_role("button", name="Retry")
    assert retry.is_visible()
    page.context.unroute(url, fault)
    if tamper == "sha256":
        page.context.unroute("**/snapshot-*.bin.gz")
    retry.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => nnLessonPython.status().state === 'ready'", timeout=READY_WITHIN_MS)
    assert not retry.is_visible()
    assert ask(page, [("weighted_sum", '{"inputs": [2], "weights": [3], "bias": 1}')]) == [{"result": 7.0}]
