"""What a reader noticed (issue 16), each point driven in headless Chromium like a reader:
search, the number boxes, Step on the boundary, nothing moving, the maps, links with
widget state, page titles on a phone, one name per page, no-script dark, the CSP."""

import pytest

from lesson_py.widgets import playground as P
from tests.test_playground_browser import PYTHON_START, open_widget, root_of, start_state, wait_until_shown

DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


# --- 1. Search finds the prose, not the widgets' insides -----------------------------

def test_search_shows_prose_and_a_result_highlights_the_term(page, site_url):
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("sigmoid")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=20_000)
    texts = results.all_inner_texts()
    assert len(texts) >= 2
    for text in texts:
        assert "def sigmoid" not in text and "then Sigmoid(" not in text and "× " not in text, text
    headings = page.locator(".md-search-result__item h1, .md-search-result__item h2")
    assert all(h.strip() for h in headings.all_text_contents())
    page.locator('.md-search-result__link[href*="h=sigmoid"]').first.click()   # search.highlight marks the term
    page.wait_for_selector("article mark", state="attached", timeout=10_000)
    assert any("sigmoid" in text.lower() for text in page.locator("article mark").all_text_contents())


# --- 2. Number boxes say what they accept, as the reader types ------------------------

def help_of(root, name):
    box = root.locator(f'[data-pg-box="{name}"]')
    described = box.get_attribute("aria-describedby")
    return box, root.page.locator(f"#{described}")


def test_a_number_box_clamps_visibly_and_says_what_it_accepts(page, site_url):
    root = open_widget(page, site_url, "first-neuron")
    box, message = help_of(root, "w1")
    w1 = P.CONTROLS["w1"]
    box.fill("99")          # not yet committed: the read-outs already use 3.00, and say so
    state = start_state("single", w1=w1.maximum)
    wait_until_shown(page, "first-neuron", state, "single")
    assert box.get_attribute("aria-invalid") == "true"
    assert message.inner_text() == f"{w1.label} takes {w1.expected}: 3.00 is used."
    assert root.locator('[data-pg-control="w1"]').input_value() == "3"
    box.press("Tab")
    assert box.input_value() == "3.00" and box.get_attribute("aria-invalid") == "false"

    box.fill("1e9")        # no number at all: nothing changes, and the box says what it takes
    assert box.get_attribute("aria-invalid") == "true"
    assert message.inner_text() == f"“1e9” is not a number: {w1.label} takes {w1.expected}."
    box.press("Enter")
    assert box.input_value() == "3.00"

    box.fill("2,5")        # a decimal comma reads as a point
    box.press("Enter")
    wait_until_shown(page, "first-neuron", start_state("single", w1=2.5), "single")
    assert box.input_value() == "2.50"


# --- 3. Step on the boundary --------------------------------------------------------

def test_step_on_the_boundary_explains_why_it_fired_but_decides_nothing(page, site_url):
    root = open_widget(page, site_url, "first-neuron")
    root.locator('[data-pg-control="activation"]').select_option("step")
    box = root.locator('[data-pg-box="b"]')
    box.fill("-0.84")
    box.press("Enter")
    wait_until_shown(page, "first-neuron", start_state("single", b=-0.84, activation="step"), "single")
    a = root.locator('[data-out="a"]').inner_text()
    reason = root.locator('[data-out="class-reason"]').inner_text()
    assert (a, root.locator('[data-out="class"]').inner_text()) == ("1.00", "Undecided")
    assert f"Step fired (a = {a})" in reason and "decides no class" in reason


# --- 4. Nothing moves -----------------------------------------------------------------

@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_playground_keeps_its_height_across_activations_and_python_starting(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(site_url)
        root = root_of(page, "first-neuron")
        # Hydrated: the build's first view is on screen (data-mounted comes before the data has loaded).
        page.wait_for_selector('[data-pg-id="first-neuron"][data-pg-shown]')
        heights = {"before Python": root.bounding_box()["height"]}
        root.scroll_into_view_if_needed()
        root.locator('[data-pg-box="x1"]').fill("0.5")   # a state Python must compute: "Waiting…" shows
        page.wait_for_function("document.querySelector('[data-pg=\"waiting\"]').hidden === false")
        heights["waiting for Python"] = root.bounding_box()["height"]
        page.wait_for_function("window.nnLessonPython.status().state === 'ready'", timeout=PYTHON_START)
        for name in ("sigmoid", "tanh", "relu", "step", "linear"):
            root.locator('[data-pg-control="activation"]').select_option(name)
            wait_until_shown(page, "first-neuron", start_state("single", x1=0.5, activation=name), "single")
            heights[name] = root.bounding_box()["height"]
        assert len(set(heights.values())) == 1, heights
    finally:
        context.close()


# --- 5. Maps: one class rule, smooth boundaries, hue kept in the dark, axes, canvas size ---

DRAW = """async ([url, data]) => {
    const { DecisionMap } = await import(url);
    const canvas = document.createElement('canvas');
    canvas.className = 'nn-map';
    canvas.style.width = '240px';
    document.querySelector('.nn-widget').append(canvas);
    new DecisionMap(canvas).update(data);
    const ctx = canvas.getContext('2d');
    const at = (x, y) => [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)];
    const neutral = getComputedStyle(canvas).getPropertyValue('--nn-map-neutral').trim();
    return { width: canvas.width, shown: canvas.clientWidth * devicePixelRatio, centre: at(120, 100),
             row: Array.from({ length: canvas.width }, (_, x) => at(x, 60)), neutral };
}"""


def rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_map_colours_by_the_words_rule_smoothly_and_keeps_hue_in_the_dark(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site_url)
        url = site_url + "widgets/js/decision-map.js"
        rule = P.map_rule(P.MAP_DECIMALS)
        fence = page.evaluate(DRAW, [url, {"size": 4, "extent": 2, "values": [0.503] * 16, **rule}])
        assert P.probability_verdict(0.503) == "undecided"
        assert max(abs(a - b) for a, b in zip(fence["centre"], rgb(fence["neutral"]))) <= 2   # neutral, like the words
        assert fence["width"] == fence["shown"]          # drawn at its shown size, never larger

        # A linear boundary x1 = 0 on a coarse grid: the colour flips at the centre column, not on a cell's edge.
        size = 8
        values = [round(1 / (1 + 2.718281828 ** -(2.0 * (-2 + 4 * (c + 0.5) / size))), 3)
                  for r in range(size) for c in range(size)]
        line = page.evaluate(DRAW, [url, {"size": size, "extent": 2, "values": values, **rule}])
        positive = rgb(page.evaluate("getComputedStyle(document.body).getPropertyValue('--nn-positive').trim()"))
        row = line["row"]
        near_positive = [i for i, px in enumerate(row) if px[1] - px[0] > 8]   # teal: more green than red
        assert abs(near_positive[0] - len(row) / 2) <= 3, near_positive[:3]
        if scheme == "dark":   # just either side of the boundary the two classes still differ in hue, not black
            left, right = row[len(row) // 2 - 4], row[len(row) // 2 + 4]
            assert sum(left) / 3 > 60 and sum(right) / 3 > 60, (left, right)
            assert (left[0] - left[1]) > 8 and (right[1] - right[0]) > 8, (left, right, positive)
    finally:
        context.close()


# --- 6. A link with widget state opens at the widget -------------------------------

def in_view(page, selector: str) -> bool:
    return page.evaluate("""(s) => { const r = document.querySelector(s).getBoundingClientRect();
                                     return r.top < innerHeight && r.bottom > 0; }""", selector)


def test_a_link_with_widget_state_opens_at_the_widget(page, site_url):
    page.goto(f"{site_url}interactive/?playground-hidden.hidden=2#what-to-try-in-the-visualizer")
    page.wait_for_selector('[data-pg-id="playground-hidden"][data-mounted="true"]')
    page.wait_for_function("""() => { const r = document.getElementById('widget-playground-hidden')
                                        .getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }""")
    assert not in_view(page, "#what-to-try-in-the-visualizer")
    page.goto(site_url)      # a reader's own link, with whatever fragment the page tracked
    box = root_of(page, "first-neuron").locator('[data-pg-box="w1"]')
    box.fill("1.50")
    box.press("Enter")
    page.wait_for_function("location.search.includes('first-neuron.w1=1.5')")
    page.mouse.wheel(0, 2500)        # read on past the widget, as the reader did
    page.wait_for_timeout(500)
    link = page.evaluate("location.href")
    page.goto("about:blank")
    page.goto(link)
    page.wait_for_selector('[data-pg-id="first-neuron"][data-mounted="true"]')
    page.wait_for_function("""() => { const r = document.getElementById('widget-first-neuron')
                                        .getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }""")


# --- 7. A short page title is one line on a phone -------------------------------------

def test_a_short_title_takes_one_line_on_a_phone(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        for path in ("", "building-blocks/", "further-reading/"):
            page.goto(site_url + path)
            h1 = page.locator("article h1")
            line = h1.evaluate("h => parseFloat(getComputedStyle(h).lineHeight)")
            assert h1.bounding_box()["height"] < 1.5 * line, (path, h1.bounding_box(), line)
    finally:
        context.close()


# --- 8. One name per page ---------------------------------------------------------------

def test_each_pages_nav_entry_is_its_title(page, site_url):
    page.goto(site_url)
    links = page.locator("nav.md-nav--primary > ul > li > a.md-nav__link")
    entries = [(link.inner_text().strip(), link.get_attribute("href")) for link in links.all()]
    assert len(entries) == 8
    for name, href in entries:
        page.goto(site_url + href.lstrip("./") if not href.startswith("http") else href)
        assert page.locator("article h1").inner_text().strip() == name
        assert page.title().startswith(name) or page.url == site_url   # the home page's title is the site's name


# --- 10. Without JavaScript, the system's dark preference ------------------------------

def test_without_javascript_a_dark_system_gets_the_dark_scheme(browser, site_url):
    backgrounds = {}
    for scheme in ("dark", "light"):
        context = browser.new_context(java_script_enabled=False, color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url)
        backgrounds[scheme] = page.evaluate("""() => { const [r, g, b] = getComputedStyle(document.body)
            .backgroundColor.match(/[\\d.]+/g).map(Number); return (r + g + b) / 3; }""")
        context.close()
    assert backgrounds["dark"] < 64 < backgrounds["light"], backgrounds


# --- 11. A Content-Security-Policy refuses other origins ---------------------------------

def poll(page, expression: str, tries: int = 600):
    """Wait for a page expression by polling page.evaluate (wait_for_function needs eval, which the policy refuses)."""
    for _ in range(tries):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"never true: {expression}")


@pytest.fixture
def strict_page(browser):
    """A page under the site's real policy (the harness bypasses it elsewhere: conftest.py)."""
    context = browser.new_context(bypass_csp=False)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page, problems
    context.close()


def test_the_site_works_under_its_policy(strict_page, site_url):
    page, problems = strict_page
    page.add_init_script("""window.nnViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.nnViolations.push(e.blockedURI))""")
    page.goto(site_url)
    root = root_of(page, "first-neuron")
    root.scroll_into_view_if_needed()
    poll(page, "window.nnLessonPython && window.nnLessonPython.status().state === 'ready'")
    root.locator('[data-pg-box="w1"]').fill("1.50")
    poll(page, "document.querySelector('[data-pg-id=\"first-neuron\"]').dataset.pgShown.includes('w1=1.5')")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("sigmoid")
    poll(page, "document.querySelectorAll('.md-search-result__item').length > 0")
    page.locator('.md-search-result__link[href*="h=sigmoid"]').first.click()   # instant navigation keeps the policy
    poll(page, "document.querySelector('article mark') !== null")
    page.goto(site_url + "interactive/")
    poll(page, "document.querySelectorAll('[data-mounted=\"true\"]').length >= 2")
    assert page.evaluate("window.nnViolations") == [] and problems == []


def test_a_script_from_another_origin_is_refused(strict_page, site_url):
    page = strict_page[0]
    page.goto(site_url)
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    blocked = page.evaluate("""() => new Promise((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve([e.violatedDirective, e.blockedURI]),
                                  {once: true});
        const script = document.createElement('script');
        script.src = 'http://127.0.0.2:9/x.js';
        document.head.append(script);
    })""")
    assert blocked[0].startswith("script-src") and blocked[1].startswith("http://127.0.0.2:9/")
