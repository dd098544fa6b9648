"""The network diagram in headless Chromium, driven like a reader: on docs/going-deep.md scrubbing
redraws every line as its stored weight says (sign as class and colour, size as width) and every
neuron as its stored bias says (sign as class and fill colour, size as opacity); Tab reaches the
diagram, the arrow keys move through the weights, then the biases, and the read-out says each one's
value and gradient, as pointing at a line or a neuron does; on docs/interactive.md a designed run's
diagram grows with it; without scripts the snapshot is a still of the first shown epoch."""

import json
from urllib.parse import urljoin, urlparse

from playwright.sync_api import expect

from lesson_py.widgets import diagram

PYTHON_MS = 120_000
WIDGET = "#widget-circle-two-layers"

LINES = """root => [...root.querySelectorAll('.nn-nd-weight')].map(g => {
  const line = g.querySelector('.nn-nd-line');
  return [line.getAttribute('class'), Number(line.getAttribute('stroke-width')), getComputedStyle(line).stroke];
})"""
BIASES = """root => [...root.querySelectorAll('.nn-nd-neuron')].map(g => {
  const tint = g.querySelector('.nn-nd-bias');
  return [tint.getAttribute('class'), Number(tint.getAttribute('fill-opacity')), getComputedStyle(tint).fill];
})"""
COLOURS = """root => { const s = getComputedStyle(root);
  return {positive: s.getPropertyValue('--nn-positive').trim(), negative: s.getPropertyValue('--nn-negative').trim()}; }"""


def open_going_deep(page, site_url):
    page.goto(site_url + "going-deep/")
    page.wait_for_selector(f"{WIDGET}.nn-tv--live")
    return page.locator(WIDGET)


def stored(page, built_site):
    src = page.locator(WIDGET).get_attribute("data-src")
    return json.loads((built_site / urlparse(urljoin(page.url, src)).path.split("/nn-lesson/", 1)[1]).read_text())


def scrub(scrubber, index: int) -> None:
    scrubber.evaluate("(s, v) => { s.value = String(v); s.dispatchEvent(new Event('input', {bubbles: true})); }", index)


def rgb(colour: str) -> str:
    """'#00796b' as getComputedStyle writes a stroke: 'rgb(0, 121, 107)'."""
    h = colour.lstrip("#")
    return f"rgb({int(h[0:2], 16)}, {int(h[2:4], 16)}, {int(h[4:6], 16)})"


def expect_drawn(view, entry) -> None:
    """Every line's class, width and colour are what the checkpoint's shown weight says."""
    colours = {k: rgb(v) for k, v in view.evaluate(COLOURS).items()}
    drawn = view.evaluate(LINES)
    weights = entry["weights"].split(" ")
    assert len(drawn) == len(weights)
    for (classes, width, stroke), w in zip(drawn, weights):
        sign = diagram.sign_of(w)
        assert classes == f"nn-nd-line nn-nd-line--{sign}"
        assert abs(width - diagram.line_width(w)) < 0.006
        if sign != "zero":
            assert stroke == colours[sign]
    tints, biases = view.evaluate(BIASES), entry["biases"].split(" ")
    assert len(tints) == len(biases)
    for (classes, opacity, fill), b in zip(tints, biases):
        sign = diagram.sign_of(b)
        assert (classes, opacity) == (f"nn-nd-bias nn-nd-bias--{sign}", diagram.bias_tint(b))
        assert fill == (colours[sign] if sign != "zero" else "none")


def described(data, entry) -> str:
    return diagram.description(data["diagram"]["layers"], entry["weights"].split(" "), entry["biases"].split(" "))


def test_scrubbing_redraws_each_line_as_its_stored_weight_says(page, site_url, built_site):
    widget = open_going_deep(page, site_url)
    data = stored(page, built_site)
    last = len(data["checkpoints"]) - 1
    expect_drawn(widget, data["checkpoints"][0]["diagram"])
    before = widget.evaluate(LINES)
    for index in (20, last):
        scrub(widget.locator("[data-tv=scrubber]"), index)
        cp = data["checkpoints"][index]
        expect(widget.locator("[data-tv=diagram-epoch]")).to_have_text(str(cp["epoch"]))
        expect_drawn(widget, cp["diagram"])
        assert widget.locator("[data-tv=diagram-description]").text_content() == described(data, cp["diagram"])
    assert widget.evaluate(LINES) != before


def said_for(data, index: int, item: int) -> str:
    """The read-out of item `item` in the arrow keys' order: the weights, then the biases."""
    cp, head = data["checkpoints"][index], data["diagram"]
    count = len(head["names"])
    if item < count:
        return diagram.readout(cp["epoch"], head["names"][item], cp["diagram"]["weights"].split(" ")[item],
                               cp["diagram"]["gradients"].split(" ")[item])
    k = item - count
    return diagram.bias_readout(cp["epoch"], head["bias_names"][k], cp["diagram"]["biases"].split(" ")[k],
                                cp["diagram"]["bias_gradients"].split(" ")[k])


def test_tab_reaches_the_weights_the_arrow_keys_move_and_the_readout_says_each(page, site_url, built_site):
    widget = open_going_deep(page, site_url)
    data = stored(page, built_site)
    scrub(widget.locator("[data-tv=scrubber]"), 30)
    widget.locator("[data-tv=scrubber]").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('nn-nd-weight')"):
            break
    weights = len(data["diagram"]["names"])
    active = f"""() => {{ const d = document.activeElement.dataset;
      return 'weight' in d ? Number(d.weight) : 'bias' in d ? {weights} + Number(d.bias) : null; }}"""
    assert page.evaluate(active) == 0, "Tab reaches the diagram's first weight"
    readout = widget.locator("[data-tv=diagram-readout]")
    expect(readout).to_have_text(said_for(data, 30, 0))
    count = weights + len(data["diagram"]["bias_names"])  # the weights, then the biases
    for key, at in (("ArrowRight", 1), ("ArrowDown", 2), ("ArrowLeft", 1), ("Home", 0), ("ArrowUp", count - 1),
                    ("ArrowLeft", count - 2), ("End", count - 1), ("ArrowRight", 0), ("ArrowLeft", count - 1),
                    *[("ArrowLeft", count - 1 - k) for k in range(1, count - weights + 1)], ("Home", 0),
                    ("ArrowRight", 1)):
        page.keyboard.press(key)
        assert page.evaluate(active) == at, key
        expect(readout).to_have_text(said_for(data, 30, at))
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.classList.contains('nn-nd-neuron')"), "a bias is a neuron"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == said_for(data, 30, count - 1)
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert widget.locator("[tabindex='0']:is(.nn-nd-weight, .nn-nd-neuron)").count() == 1  # one tab stop: the last focused
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == said_for(data, 30, 1)
    # The read-out follows the epoch: scrubbing keeps the same weight and says its new numbers.
    scrub(widget.locator("[data-tv=scrubber]"), 31)
    expect(readout).to_have_text(said_for(data, 31, 1))
    # Shift+Tab leaves the diagram in one step: it is one stop in the tab order.
    page.keyboard.press("Shift+Tab")
    assert not page.evaluate("document.activeElement.closest('.nn-nd')")


def test_pointing_at_a_line_shows_its_weight_and_gradient(page, site_url, built_site):
    widget = open_going_deep(page, site_url)
    data = stored(page, built_site)
    widget.locator(".nn-nd").scroll_into_view_if_needed()
    # Points along lines where no other line crosses: the weight found there is the one pointed at.
    spots = widget.evaluate("""root => [...root.querySelectorAll('.nn-nd-weight')].flatMap(g => {
      const line = g.querySelector('.nn-nd-line'), box = line.getBoundingClientRect();
      const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map(a => Number(line.getAttribute(a)));
      const m = line.getScreenCTM();
      return [0.2, 0.35, 0.5, 0.65, 0.8].map(t => {
        const x = m.a * (x1 + t * (x2 - x1)) + m.c * (y1 + t * (y2 - y1)) + m.e;
        const y = m.b * (x1 + t * (x2 - x1)) + m.d * (y1 + t * (y2 - y1)) + m.f;
        const found = document.elementFromPoint(x, y);
        const hit = found && found.closest('.nn-nd-weight');
        return hit === g ? [Number(g.dataset.weight), x, y] : null;
      }).filter(Boolean).slice(0, 1);
    })""")
    assert len({s[0] for s in spots}) >= 3
    for weight, x, y in spots[:4]:
        page.mouse.move(x, y)
        expect(widget.locator("[data-tv=diagram-readout]")).to_have_text(said_for(data, 0, weight))
    # A neuron's centre is its own: pointing there shows its bias.
    weights = len(data["diagram"]["names"])
    centres = widget.evaluate("""root => [...root.querySelectorAll('.nn-nd-neuron')].map(g => {
      const box = g.querySelector('.nn-nd-node').getBoundingClientRect();
      return [Number(g.dataset.bias), box.x + box.width / 2, box.y + box.height / 2];
    })""")
    assert len(centres) == len(data["diagram"]["bias_names"])
    for bias, x, y in (centres[0], centres[-1]):
        page.mouse.move(x, y)
        expect(widget.locator("[data-tv=diagram-readout]")).to_have_text(said_for(data, 0, weights + bias))


def test_a_designed_runs_diagram_grows_with_it(page, site_url):
    page.goto(site_url + "interactive/")
    page.wait_for_selector("#widget-training-loop.nn-tv--live")
    widget = page.locator("#widget-training-loop")
    panel = widget.locator("details.nn-rd")
    if not panel.evaluate("d => d.open"):
        panel.locator("summary").click()
    for name, text in (("layers", "4,2"), ("epochs", "300"), ("rate", "0.5")):  # a shape unlike the view's template
        widget.locator(f"[data-rd-field={name}]").fill(text)
    widget.get_by_role("button", name="Train", exact=True).click()
    live = page.locator("#widget-training-loop [data-rd=live]")
    scrubber = live.locator("[data-tv=scrubber]")
    page.wait_for_function("s => Number(s.max) >= 2", arg=scrubber.element_handle(), timeout=PYTHON_MS)
    view = "root => root.designer.view.run.data"
    lines = live.locator(".nn-nd-weight")
    expect(lines).to_have_count(2 * 4 + 4 * 2 + 2)
    expect(live.locator(".nn-nd-neuron")).to_have_count(4 + 2 + 1)
    first = widget.evaluate(f"root => ({view})(root).checkpoints.at(-1).diagram")
    reached = int(scrubber.get_attribute("max"))
    page.wait_for_function(f"s => Number(s.max) > {reached + 3}", arg=scrubber.element_handle(), timeout=PYTHON_MS)
    widget.get_by_role("button", name="Cancel").click()
    expect(widget.locator("[data-rd=status]")).to_contain_text("Cancelled after epoch")
    shown_index = int(scrubber.input_value())
    entry = widget.evaluate(f"(root, i) => ({view})(root).checkpoints[i].diagram", shown_index)
    epoch = widget.evaluate(f"(root, i) => ({view})(root).checkpoints[i].epoch", shown_index)
    assert shown_index > reached and entry["weights"] != first["weights"] and entry["biases"] != first["biases"]
    expect(live.locator("[data-tv=diagram-epoch]")).to_have_text(str(epoch))
    expect_drawn(live, entry)
    head = widget.evaluate(f"root => ({view})(root).diagram")
    assert live.locator("[data-tv=diagram-description]").text_content() == described({"diagram": head}, entry)
    assert live.locator("[data-tv=diagram-note]").text_content() == head["words"]["note"]


def test_without_scripts_the_snapshot_is_a_still_of_the_first_shown_epoch(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "going-deep/")
    widget = page.locator(WIDGET)
    svg = widget.locator("svg[data-tv=diagram]")
    expect(svg).to_be_visible()
    data = stored(page, built_site)
    entry = data["checkpoints"][0]["diagram"]
    classes = svg.locator(".nn-nd-line").evaluate_all("ls => ls.map(l => l.getAttribute('class'))")
    assert classes == [f"nn-nd-line nn-nd-line--{diagram.sign_of(w)}" for w in entry["weights"].split(" ")]
    tints = svg.locator(".nn-nd-bias").evaluate_all(
        "cs => cs.map(c => [c.getAttribute('class'), Number(c.getAttribute('fill-opacity'))])")
    assert tints == [[f"nn-nd-bias nn-nd-bias--{diagram.sign_of(b)}", diagram.bias_tint(b)]
                     for b in entry["biases"].split(" ")]
    assert widget.locator("[data-tv=diagram-description]").text_content() == described(data, entry)
    assert widget.locator("[data-tv=diagram-readout]").is_hidden()
    context.close()
