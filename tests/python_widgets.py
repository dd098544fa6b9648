"""What the browser tests of the widgets whose read-outs Python computes share (the playground,
softmax and one-step): how long Python may take to start, how JavaScript writes a number, and
opening a page with such a widget until Python is ready."""

PYTHON_START = 90_000  # ms: the first start downloads and compiles the runtime


def js_number(value) -> str:
    """A number as JavaScript's String() writes it: 0.9, -0.15, 2 (not 2.0)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def open_widget_at(page, url: str, root):
    """Open a page, bring the widget (a locator) into view, which starts Python, and wait until Python is ready."""
    page.goto(url)
    root.scroll_into_view_if_needed()
    page.wait_for_function("window.nnLessonPython && window.nnLessonPython.status().state === 'ready'",
                           timeout=PYTHON_START)
    return root
