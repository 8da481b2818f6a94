"""A service grows: an aggregate added by hand, as the rendered README says, edits no file that
the template renders, and the project still passes every check with it."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .rendered import RenderedProject
from .test_rendered_checks import assert_every_check_passes, backends

NOTES = Path(__file__).parent / "fixtures" / "notes"
VARIANTS = {
    "defaults": {},
    "postgresql-redis-jwt": {"database": "postgresql", "event_publisher": "redis", "auth": "jwt"},
}


def git(project: RenderedProject, *arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=project.path, check=True, capture_output=True, text=True
    ).stdout


def add_the_notes_aggregate(project: RenderedProject, event_publisher: str) -> None:
    """The files of the README's "Adding an aggregate", for a Note, and nothing else."""
    # The revision follows the current head, as `alembic heads` names it.
    project.sync()
    heads = re.findall(r"^(\w+) \(head\)", project.uv("run", "--no-sync", "alembic", "heads"), re.M)
    assert len(heads) == 1, heads
    publishing = "memory" if event_publisher == "memory" else "outbox"
    for part in ("common", publishing):
        shutil.copytree(NOTES / part, project.path, dirs_exist_ok=True)
    revision = project.path / "src/inventory_service/migrations/versions/notes0001_create_notes.py"
    revision.write_text(revision.read_text().replace("HEAD", heads[0]))


@pytest.mark.parametrize("answers", VARIANTS.values(), ids=VARIANTS.keys())
def test_an_aggregate_added_by_hand_changes_no_rendered_file_and_passes_every_check(
    render, answers: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    project = render(**answers)
    git(project, "init", "--quiet")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "render")

    add_the_notes_aggregate(project, answers.get("event_publisher", "memory"))

    changes = git(project, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert changes and all(line.startswith("?? ") for line in changes), changes
    assert_every_check_passes(project, answers)
    # The aggregate's own tests ran, and passed: the events reached the bus or the outbox by type.
    notes_tests = [
        str(path.relative_to(project.path)) for path in project.path.rglob("test_note*.py")
    ]
    notes_output = project.uv(
        "run",
        "--no-sync",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--no-cov",
        *notes_tests,
        **backends(answers),
    )
    expected = 5 if answers.get("event_publisher", "memory") == "memory" else 6
    assert f"{expected} passed" in notes_output, notes_output
