"""The layers: lesson_py's core is the math alone, and the widgets read it, never the reverse."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = sorted((ROOT / "lesson_py").glob("*.py"))
WIDGETS = sorted((ROOT / "lesson_py" / "widgets").glob("*.py"))
# The standard library's math side: nothing that reads files, text formats or the platform.
MATH_SIDE = {"math", "random", "dataclasses", "typing"}


def imports(path: Path) -> list[tuple[int, str]]:
    """(level, module) of every import: level 0 is absolute, 1 is `from .x`, 2 is `from ..x`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(0, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.module is None:  # from . import a, b
                found += [(node.level, alias.name) for alias in node.names]
            else:
                found.append((node.level, node.module))
    return found


def test_the_layers_hold_modules():
    assert {p.name for p in CORE} >= {"activations.py", "neuron.py", "network.py", "loss.py", "training.py",
                                      "dataset.py", "runs.py"}
    assert {p.name for p in WIDGETS} >= {"calls.py", "playground.py", "wording.py", "format.py"}


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_the_core_imports_only_the_math_side_and_itself(path):
    for level, module in imports(path):
        if level == 0:
            assert module.split(".")[0] in MATH_SIDE, f"{path.name} imports {module}"
        else:
            assert level == 1 and not module.startswith("widgets"), f"{path.name} imports {'.' * level}{module}"


@pytest.mark.parametrize("path", WIDGETS, ids=lambda p: p.name)
def test_the_widgets_read_the_core_and_nothing_reads_them_back(path):
    for level, module in imports(path):
        assert level in (0, 1, 2), f"{path.name}: import above lesson_py"
        if level == 0:
            assert not module.startswith(("build_hooks", "mkdocs", "markdown")), f"{path.name} imports {module}"


def test_a_core_module_that_read_the_widgets_would_be_caught(tmp_path):
    bad = tmp_path / "neuron.py"
    bad.write_text("from .widgets.format import shown\nimport json\n")
    assert imports(bad) == [(1, "widgets.format"), (0, "json")]


def widget_modules(entry: str) -> set[str]:
    """The modules of lesson_py/widgets/ that `entry` reads, itself included, followed through their imports."""
    folder = ROOT / "lesson_py" / "widgets"
    seen, todo = set(), [entry]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for level, module in imports(folder / name):
            if level == 1:
                todo.append(module.split(".")[0] + ".py")
    return seen


@pytest.mark.parametrize("widget, entry", [("neuron-playground", "playground.py"), ("training-visualizer", "visualizer.py"),
                                           ("softmax", "softmax.py")])
def test_a_widgets_cache_key_covers_every_widget_module_it_reads(widget, entry):
    from build_hooks import widget_data
    keyed = {p.name for p in widget_data.SOURCES[widget] if p.parent.name == "widgets"}
    assert widget_modules(entry) <= keyed, widget_modules(entry) - keyed
