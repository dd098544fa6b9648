"""The run designer trains on two cores where it can: a second Python trains while the page's own
judges (docs/widgets/js/run-pipeline.js). In headless Chromium, with two Pythons and with one (a
browser that reports one core), a reader's run grows into the very JSON the build stores for that
spec (lesson_py.widgets.spec_json.run_json of CPython's run): every loss, accuracy, map and word."""

import pytest
from playwright.sync_api import expect

from lesson_py.spec import parse, to_flat
from lesson_py.trainer import train_spec
from lesson_py.widgets.spec_json import run_json

PAGE = "interactive/"
WIDGET = "#widget-training-loop"
PYTHON_MS = 180_000
SPEC = {"dataset": "circle", "points": "120", "test": "0.25", "noise": "0.1", "layers": "4,2",
        "activation": "tanh", "rate": "0.1", "epochs": "45", "batch": "10"}
CORES = "Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => %d })"


def grown_run(browser, site_url, cores: int):
    """Train SPEC through the designer's form in a fresh browser context that reports `cores` cores;
    the run's JSON as the page holds it, and the page's Python workers."""
    context = browser.new_context()
    context.add_init_script(CORES % cores)
    page = context.new_page()
    try:
        page.goto(site_url + PAGE)
        page.wait_for_selector(f"{WIDGET}.nn-tv--live")
        widget = page.locator(WIDGET)
        widget.locator("details.nn-rd summary").click()
        for name, value in SPEC.items():
            control = widget.locator(f'[data-rd-field="{name}"]')
            if control.evaluate("c => c.tagName") == "SELECT":
                control.select_option(value)
            else:
                control.fill(value)
        if cores > 1:  # the second Python starts when the panel opens; wait for it, or the first may train alone
            assert page.evaluate("() => nnLessonPython.second().ready.then(() => true)")
        widget.get_by_role("button", name="Train", exact=True).click()
        expect(widget.locator("[data-rd=status]")).to_have_text(
            f"Trained all {SPEC['epochs']} epochs in this page's Python.", timeout=PYTHON_MS)
        data = widget.evaluate("root => root.designer.view.run.data")
        workers = [w.url for w in page.workers if w.url.endswith("python-worker.js")]
        trained_by_second = widget.evaluate("root => root.designer.pipeline.trainedTo")  # the last epoch it trained
        return data, workers, trained_by_second
    finally:
        context.close()


@pytest.fixture(scope="module")
def stored():
    flat = to_flat(parse(SPEC))
    return run_json(train_spec(parse(flat)), flat)


@pytest.mark.parametrize("cores, pythons", [(2, 2), (1, 1)])
def test_a_readers_run_is_the_builds_json_with_two_pythons_and_with_one(browser, site_url, stored, cores, pythons):
    data, workers, trained_by_second = grown_run(browser, site_url, cores)
    assert len(workers) == pythons
    # With two, the second trained the run's later epochs (it starts once the first piece is in).
    assert trained_by_second == (int(SPEC["epochs"]) if pythons == 2 else 0)
    page_only = {"schema", "version", "grid"}
    assert {k: v for k, v in data.items() if k not in page_only} == stored
