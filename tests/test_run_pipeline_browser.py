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


# A pipeline whose second Python becomes ready only while the first piece waits for the view (holdUntil):
# the second must then take the training, and the piece must come, the very one the first Python gives.
READY_DURING_HOLD = r"""
async ({ base, options }) => {
  const { RunPipeline } = await import(base + "run-pipeline.js");
  const { secondPython } = await import(base + "python-second.js");
  const { start, call } = await import(base + "python.js");
  await start();
  const real = secondPython();
  await real.ready;
  let becomeReady, release;
  const asked = [];
  const second = {
    ready: new Promise((resolve) => { becomeReady = resolve; }),
    call: (name, args) => { asked.push({ name, from: args.from }); return real.call(name, args); },
  };
  const flat = (await call("spec_check", { options })).flat;
  const first = await call("spec_run", { spec: flat, count: 1 });
  const pipeline = new RunPipeline(flat, second);
  pipeline.holdUntil(new Promise((resolve) => { release = resolve; }));
  const piece = pipeline.next(first, 1);
  await new Promise((resolve) => setTimeout(resolve, 0));
  const askedBeforeReady = asked.length;
  becomeReady();
  await new Promise((resolve) => setTimeout(resolve, 0));
  release();
  const hung = new Promise((resolve) => setTimeout(() => resolve("hung"), 60000)); // a bound, not a measure
  const reply = await Promise.race([piece, hung]);
  pipeline.stop();
  const alone = await call("spec_run", { spec: flat, count: 1, ...first.next });
  return { askedBeforeReady, asked, from: first.next.from, reply, alone };
}
"""


def test_a_second_python_ready_only_while_the_first_piece_is_held_takes_the_training(page, site_url):
    page.goto(site_url + PAGE)
    page.wait_for_selector(f"{WIDGET}.nn-tv--live")
    result = page.evaluate(READY_DURING_HOLD, {"base": site_url + "widgets/js/", "options": SPEC})
    assert result["askedBeforeReady"] == 0
    assert result["reply"] != "hung"
    assert result["asked"] and result["asked"][0] == {"name": "spec_train", "from": result["from"]}
    assert result["reply"] == result["alone"]  # judged from the second's network: the same piece
