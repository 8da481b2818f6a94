"""The copy creates uv.lock (hooks/lock_dependencies.py, a task of the copy only).

The hook runs with copier's interpreter in the new project; these tests run it the same way,
with the uv it may find taken away or replaced by a version-manager shim that does not work.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .rendered import UV, RenderedProject

HOOK = Path(__file__).parents[1] / "hooks" / "lock_dependencies.py"
SYSTEM_PATH = "/usr/bin:/bin"


def run_hook(project: Path, path: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The hook with no ``uv`` package importable (``-S``: copier installed without it)."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(("UV", "VIRT"))}
    return subprocess.run(
        [sys.executable, "-S", str(HOOK)],
        cwd=project,
        env={**base, "PATH": path, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def project(render) -> RenderedProject:  # type: ignore[no-untyped-def]
    return render()


def test_the_copy_locks_the_dependencies_for_every_python_the_project_admits(
    project: RenderedProject,
) -> None:
    lock = project.read("uv.lock")

    assert 'requires-python = ">=3.11"' in lock
    assert '\nname = "fastapi"\n' in lock
    project.uv("lock", "--check")  # the lock matches pyproject.toml as rendered
    assert "uv.lock" not in project.read(".gitignore").split()
    assert "uv.lock" in project.read("Dockerfile")


def test_without_any_uv_the_copy_still_succeeds_and_says_what_to_run(
    project: RenderedProject,
) -> None:
    (project.path / "uv.lock").unlink()
    assert not any(Path(directory, "uv").exists() for directory in SYSTEM_PATH.split(":"))

    result = run_hook(project.path, SYSTEM_PATH)

    assert result.returncode == 0, result.stderr
    assert "no working uv found, so uv.lock was not created" in result.stderr
    assert "run `uv lock` in the project" in result.stderr
    assert not (project.path / "uv.lock").exists()


def test_a_shim_that_finds_no_uv_is_passed_over_for_the_next_uv_on_path(
    project: RenderedProject, tmp_path: Path
) -> None:
    rendered_lock = project.read("uv.lock")
    (project.path / "uv.lock").unlink()
    shims = tmp_path / "shims"
    shims.mkdir()
    shim = shims / "uv"
    shim.write_text('#!/bin/sh\necho "pyenv: uv: command not found" >&2\nexit 127\n')
    shim.chmod(0o755)

    path = os.pathsep.join([str(shims), str(Path(UV).parent), SYSTEM_PATH])
    first = run_hook(project.path, path)
    again = run_hook(project.path, path)

    assert first.returncode == 0, first.stderr
    assert f"locking the dependencies with {UV} (uv lock)" in first.stderr
    assert "uv.lock written" in first.stderr
    assert project.read("uv.lock") == rendered_lock  # what the copy made
    assert again.returncode == 0, again.stderr
    assert project.read("uv.lock") == rendered_lock  # running it again changes nothing


def test_the_uv_that_runs_copier_is_preferred(project: RenderedProject) -> None:
    (project.path / "uv.lock").unlink()

    result = run_hook(project.path, SYSTEM_PATH, UV=UV)

    assert result.returncode == 0, result.stderr
    assert f"locking the dependencies with {UV} (uv lock)" in result.stderr
    assert (project.path / "uv.lock").is_file()


def test_without_the_pinned_python_the_lock_is_resolved_with_copiers_own(
    project: RenderedProject,
) -> None:
    rendered_lock = project.read("uv.lock")
    (project.path / "uv.lock").unlink()
    # A version no machine has, with downloads refused: only copier's interpreter is left.
    (project.path / ".python-version").write_text("3.99\n")

    result = run_hook(project.path, SYSTEM_PATH, UV=UV, UV_PYTHON_DOWNLOADS="never")

    assert result.returncode == 0, result.stderr
    assert "no lock with an installed Python of .python-version" in result.stderr
    assert "uv.lock written" in result.stderr
    assert project.read("uv.lock") == rendered_lock  # the lock is universal: the same file
