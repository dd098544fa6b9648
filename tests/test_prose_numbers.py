"""Prose numbers ('{{ run NETWORK/PRESET FIELD key=value }}'): each field gives the stored
run's number as the widgets format it, every mistake is one line naming the page and line,
code and comments are left alone, `mkdocs build` fails on a mistake and `mkdocs serve`
shows it on the page."""

import math
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from build_hooks.prose_numbers import FIELDS, fill, stored_run
from lesson_py.dataset import POINT_NAMES
from lesson_py.runs import PLANS, replay
from lesson_py.widgets.format import percent, shown
from test_widget_build import build, environment, free_port, logged, project, wait_for

ROOT = Path(__file__).resolve().parent.parent
LESSON_PAGES = ("index.md", "interactive.md", "how-it-learns.md", "key-terms.md", "misconceptions.md")


def filled(text: str) -> str:
    out, errors = fill(text, "docs/page.md")
    assert errors == []
    return out


def verdicts(run, epoch):
    return [j.verdict for j in run.checkpoints[epoch].judgements]


# --- Each field, against the run replayed here -----------------------------------

@pytest.mark.parametrize("network,preset", list(PLANS))
def test_each_field_is_the_runs_number_as_the_widgets_show_it(network, preset):
    run = replay(network, preset)  # replayed afresh: the module's cached run must agree
    name = f"{network}/{preset}"
    last = len(run.checkpoints) - 1
    losses = [c.loss for c in run.checkpoints]
    for epoch in (0, 1, last // 2, last):
        assert filled(f"{{{{ run {name} loss epoch={epoch} }}}}") == f"{losses[epoch]:.3f}"
        assert filled(f"{{{{ run {name} loss epoch={epoch} decimals=5 }}}}") == f"{losses[epoch]:.5f}"
        for verdict in ("correct", "wrong", "undecided"):
            assert filled(f"{{{{ run {name} {verdict} epoch={epoch} }}}}") == str(verdicts(run, epoch).count(verdict))
        for index, point in enumerate(POINT_NAMES):
            confidence = run.checkpoints[epoch].judgements[index].confidence
            assert filled(f"{{{{ run {name} confidence epoch={epoch} point={point} }}}}") == f"{round(confidence * 100)}%"
    assert filled(f"{{{{ run {name} loss epoch=last }}}}") == shown(losses[-1], 3)
    correct = [verdicts(run, e).count("correct") for e in range(last + 1)]
    assert filled(f"{{{{ run {name} most-correct }}}}") == str(max(correct))
    best = max(correct)
    assert filled(f"{{{{ run {name} first-epoch correct={best} }}}}") == str(correct.index(best))
    assert filled(f"{{{{ run {name} last-epoch correct={best} }}}}") == str(last - correct[::-1].index(best))
    below = losses[last // 2]  # some epoch meets it whether the loss falls or not
    first_below = next(e for e, loss in enumerate(losses) if loss < below + 1e-9)
    assert filled(f"{{{{ run {name} first-epoch loss-below={below + 1e-9!r} }}}}") == str(first_below)
    assert filled(f"{{{{ run {name} rises }}}}") == str(sum(b - a > 1e-12 for a, b in zip(losses, losses[1:])))
    assert filled(f"{{{{ run {name} epochs }}}}") == str(PLANS[(network, preset)].epochs) == str(last)
    assert filled(f"{{{{ run {name} rate }}}}") == f"{PLANS[(network, preset)].learning_rate:g}"
    assert filled(f"{{{{ run {name} points }}}}") == "8"
    if network == "shallow":
        (w1, w2), b = run.checkpoints[3].network[0].weights[0], run.checkpoints[3].network[0].biases[0]
        assert filled(f"{{{{ run {name} w1 epoch=3 }}}} {{{{ run {name} w2 epoch=3 }}}} {{{{ run {name} b epoch=3 }}}}") \
            == f"{shown(w1, 4)} {shown(w2, 4)} {shown(b, 4)}"


def test_the_lessons_known_numbers():
    text = ("{{ run shallow/balanced loss epoch=0 }} {{ run shallow/balanced confidence epoch=0 point=nw-positive }} "
            "{{ run deep/balanced first-epoch correct=all }} {{ run shallow/balanced first-epoch undecided=all }} "
            "{{ run shallow/balanced last-epoch correct=0 }} {{ run deep/gentle most-correct }} "
            "{{ run shallow/balanced w1 epoch=0 decimals=2 }} {{ run shallow/balanced b epoch=0 decimals=0 }} "
            "{{ run shallow/aggressive rate }} {{ run deep/balanced first-epoch loss-below=0,1 }}")
    assert filled(text) == "0.697 44% 32 8 14 6 0.12 0 12 59"


# The fields the tests above compute independently; a new field needs its test here first.
TESTED = {"loss", "correct", "wrong", "undecided", "confidence", "w1", "w2", "b", "most-correct", "first-epoch",
          "last-epoch", "rises", "epochs", "rate", "points"}


def test_every_field_is_tested_and_documented():
    assert set(FIELDS) == TESTED
    authoring = (ROOT / "build_hooks" / "AUTHORING.md").read_text(encoding="utf-8")
    section = authoring[authoring.index("## Numbers of a run in prose"):]
    conditions = ("correct", "wrong", "undecided", "loss-below")
    for name, field in FIELDS.items():
        options = [f"`{o}=`" for o in field.needs] + [f"`{o}=` (optional)" for o in field.takes]
        given = "one condition" if field.takes == conditions else ", ".join(options) or "none"
        assert f"| `{name}` | {given} | {field.meaning} |" in section, name


def test_the_module_reads_the_runs_the_visualizer_stores():
    assert stored_run("deep", "balanced") is stored_run("deep", "balanced")
    assert [c.loss for c in stored_run("deep", "balanced").checkpoints] == \
           [c.loss for c in replay("deep", "balanced").checkpoints]


# --- Mistakes ------------------------------------------------------------------------

MISTAKES = [
    ("{{ lol }}", "expected '{{ run NETWORK/PRESET FIELD key=value ... }}', got '{{ lol }}'"),
    ("{{ run }}", "the number names no run: expected '{{ run NETWORK/PRESET FIELD key=value ... }}'"),
    ("{{ run deep/gentel loss epoch=1 }}", "unknown run 'deep/gentel': expected NETWORK/PRESET with NETWORK "
                                           "shallow or deep and PRESET gentle, balanced or aggressive"),
    ("{{ run deep loss epoch=1 }}", "unknown run 'deep': expected NETWORK/PRESET with NETWORK shallow or deep "
                                    "and PRESET gentle, balanced or aggressive"),
    ("{{ run deep/balanced }}", "run 'deep/balanced' names no field: expected one of loss, correct, wrong, "
                                "undecided, confidence, w1, w2, b, most-correct, first-epoch, last-epoch, rises, "
                                "epochs, rate or points"),
    ("{{ run deep/balanced acuracy epoch=3 }}", "unknown field 'acuracy' of run 'deep/balanced': expected loss, "
                                                "correct, wrong, undecided, confidence, w1, w2, b, most-correct, "
                                                "first-epoch, last-epoch, rises, epochs, rate or points"),
    ("{{ run deep/balanced loss }}", "run 'deep/balanced' loss needs option 'epoch': expected epoch=VALUE, "
                                     "VALUE a whole number from 0 to 60 or 'last'"),
    ("{{ run deep/balanced loss epoch=61 }}", "run 'deep/balanced' option 'epoch': expected a whole number from "
                                              "0 to 60 or 'last', got '61'"),
    ("{{ run shallow/gentle correct epoch=-1 }}", "run 'shallow/gentle' option 'epoch': expected a whole number "
                                                  "from 0 to 40 or 'last', got '-1'"),
    ("{{ run deep/balanced loss epoch=3.5 }}", "run 'deep/balanced' option 'epoch': expected a whole number from "
                                               "0 to 60 or 'last', got '3.5'"),
    ("{{ run deep/balanced loss epoch=3 epoch=4 }}", "run 'deep/balanced' option 'epoch' is given twice: "
                                                     "expected each option once"),
    ("{{ run deep/balanced loss epoch=3 decimals=7 }}", "run 'deep/balanced' option 'decimals': expected a whole "
                                                        "number from 0 to 6, got '7'"),
    ("{{ run deep/balanced loss epoch 3 }}", "run 'deep/balanced' loss: expected key=value after the field, "
                                             "got 'epoch'"),
    ("{{ run deep/balanced correct epoch=3 decimals=2 }}", "run 'deep/balanced' correct takes no option "
                                                           "'decimals': expected epoch"),
    ("{{ run deep/balanced rate epoch=3 }}", "run 'deep/balanced' rate takes no option 'epoch': expected no options"),
    ("{{ run deep/balanced confidence epoch=3 }}", "run 'deep/balanced' confidence needs option 'point': expected "
                                                   "point=VALUE, VALUE a point's name: nw-positive, se-positive, "
                                                   "ne-negative, sw-negative, nw-soft, se-soft, ne-soft or sw-soft"),
    ("{{ run deep/balanced confidence epoch=3 point=nw }}", "run 'deep/balanced' option 'point': expected a "
                                                            "point's name: nw-positive, se-positive, ne-negative, "
                                                            "sw-negative, nw-soft, se-soft, ne-soft or sw-soft, "
                                                            "got 'nw'"),
    ("{{ run deep/balanced w1 epoch=3 }}", "run 'deep/balanced' has no single neuron's w1: expected a shallow run"),
    ("{{ run deep/balanced first-epoch }}", "run 'deep/balanced' first-epoch needs one condition: expected one of "
                                            "correct=..., wrong=..., undecided=... or loss-below=..., got none"),
    ("{{ run deep/balanced first-epoch correct=8 wrong=0 }}", "run 'deep/balanced' first-epoch needs one "
                                                              "condition: expected one of correct=..., wrong=..., "
                                                              "undecided=... or loss-below=..., got correct, wrong"),
    ("{{ run deep/balanced first-epoch correct=9 }}", "run 'deep/balanced' option 'correct': expected a whole "
                                                      "number from 0 to 8 or 'all', got '9'"),
    ("{{ run deep/balanced last-epoch loss-below=low }}", "run 'deep/balanced' option 'loss-below': expected a "
                                                          "number, such as 0.1, got 'low'"),
    ("{{ run deep/gentle first-epoch correct=all }}", "no epoch of run 'deep/gentle' meets correct=all: expected "
                                                      "a condition that some epoch from 0 to 60 meets"),
    ("The loss is {{ run deep/balanced loss epoch=3", "'{{' is never closed on its line: expected "
                                                      "'{{ run NETWORK/PRESET FIELD key=value ... }}'"),
]


@pytest.mark.parametrize("text,message", MISTAKES)
def test_a_mistake_is_one_line_with_page_and_line(text, message):
    # Three lines of front matter precede the Markdown; the use stands on the Markdown's line 3.
    page = f"# Title\n\n{text} and more.\n"
    out, errors = fill(page, "docs/page.md", line_offset=3)
    assert [str(e) for e in errors] == [f"docs/page.md:6: {message}"]
    # Shown in place of the number (under serve), the rest of the line kept.
    assert out.splitlines()[2].endswith(" and more.") and 'class="nn-prose-error" role="alert"' in out
    assert "This number has a mistake:" in out
    assert unescape(re.search(r"<code>(.*?)</code>", out).group(1)) == f"docs/page.md:6: {message}"


def test_every_mistake_of_a_page_is_reported_in_order():
    out, errors = fill("{{ run a/b rate }}\n\nfine {{ run deep/balanced rate }}, {{ run deep/balanced nope }}\n",
                       "docs/page.md")
    assert [e.line for e in errors] == [1, 3]
    assert "fine 1, <mark" in out


# --- Code and comments stay as written -------------------------------------------------

UNTOUCHED = [
    "Write `{{ run deep/balanced loss epoch=3 }}` in a page.",
    "Write ``{{ run deep/balanced loss epoch=3 }}`` or `` `{{ run a/b }}` ``.",
    "<!-- {{ run deep/nothing }} -->",
    "<!--\n{{ run deep/nothing }}\n-->",
    "```text\n{{ run deep/nothing }}\n```",
    "~~~~\n{{ run deep/nothing }}\n```\n{{ run still/code }}\n~~~~",
    "!!! note\n    ```markdown\n    {{ run deep/nothing }}\n    ```",
]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_code_and_comments_are_left_alone(text):
    assert fill(text, "docs/page.md") == (text, [])


def test_prose_around_code_is_filled():
    text = "Loss `{{ run x }}` is {{ run deep/balanced loss epoch=0 }} <!-- {{ no }} --> and {{ run deep/balanced rate }}."
    assert filled(text) == "Loss `{{ run x }}` is 0.783 <!-- {{ no }} --> and 1."
    assert filled("```\ncode\n```\n{{ run deep/balanced epochs }}") == "```\ncode\n```\n60"
    assert filled("An unmatched ` tick, then {{ run deep/balanced epochs }}") == "An unmatched ` tick, then 60"


# --- The lesson's pages --------------------------------------------------------------

@pytest.mark.parametrize("name", LESSON_PAGES)
def test_the_lessons_pages_fill_without_a_mistake(name):
    out, errors = fill((ROOT / "docs" / name).read_text(encoding="utf-8"), f"docs/{name}")
    assert errors == []
    assert fill(out, f"docs/{name}") == (out, [])  # nothing is left to fill outside code


# --- Real MkDocs builds -------------------------------------------------------------

PAGE = "---\ntitle: Prose\n---\n\n# Prose\n\nDeep gets all points right from epoch {{ run deep/balanced first-epoch correct=all }}.\n\n" \
       "Shown as code: `{{ run deep/balanced first-epoch correct=all }}`.\n"
BAD = PAGE + "\nThe loss is {{ run deep/balanced loss epoch=99 }}.\n"
BAD_MESSAGE = ("docs/index.md:11: run 'deep/balanced' option 'epoch': expected a whole number from 0 to 60 or "
               "'last', got '99'")


def test_the_build_fills_in_the_number_and_leaves_code(tmp_path):
    folder = project(tmp_path / "good", {"index.md": PAGE})
    result = build(folder, tmp_path / "cache", "--strict")
    assert result.returncode == 0, result.stderr
    html = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "right from epoch 32." in html
    assert "<code>{{ run deep/balanced first-epoch correct=all }}</code>" in html


@pytest.mark.parametrize("strict", [False, True])
def test_a_wrong_number_fails_the_build_with_page_and_line(tmp_path, strict):
    result = build(project(tmp_path / "bad", {"index.md": BAD}), tmp_path / "cache", *(["--strict"] if strict else []))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert [line for line in output.splitlines() if "docs/index.md:" in line] == [logged(BAD_MESSAGE)]
    assert "Traceback" not in output


def test_serve_shows_a_wrong_number_on_the_page_and_logs_it(tmp_path):
    import urllib.request
    folder = project(tmp_path / "serve", {"index.md": BAD})
    port = free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("ab")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=folder, env=environment(tmp_path / "cache"), stdout=log, stderr=subprocess.STDOUT)

    def page() -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/test/", timeout=20) as response:
                return response.read().decode("utf-8")
        except OSError:
            return None

    try:
        html = wait_for(page, 120, "the first build", lambda: log_path.read_text(errors="replace"))
        assert server.poll() is None
        assert 'class="nn-prose-error" role="alert"' in html and BAD_MESSAGE in unescape(html)
        assert "right from epoch 32." in html  # the good number next to it is filled in
        assert logged(BAD_MESSAGE) in log_path.read_text(errors="replace")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_math_is_not_mistaken_for_a_number():
    # Single braces (attribute lists, set notation) are prose, not numbers to fill.
    assert filled("A set {1, 2} and a heading {#id}") == "A set {1, 2} and a heading {#id}"
    assert math.isclose(float(filled("{{ run deep/balanced loss epoch=0 decimals=6 }}")),
                        stored_run("deep", "balanced").checkpoints[0].loss, abs_tol=5e-7)
