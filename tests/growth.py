"""A service grows: an aggregate added by hand (a ``Note``), exactly as the rendered README's
"Adding an aggregate" says, with new files only. ``test_rendered_checks.py`` adds it to two
variants of the matrix (``GROWTH_VARIANTS``) before their full checks."""

import re
import shutil
import subprocess
from pathlib import Path

from .rendered import RenderedProject

NOTES = Path(__file__).parent / "fixtures" / "notes"


def git(project: RenderedProject, *arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=project.path, check=True, capture_output=True, text=True
    ).stdout


def add_the_notes_aggregate(project: RenderedProject, event_publisher: str) -> None:
    """Commit the render, add the files of the README's "Adding an aggregate" for a Note, and
    assert that they are all new: no file the template rendered changed."""
    git(project, "init", "--quiet")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "render")
    # The revision follows the current head, as `alembic heads` names it.
    project.sync()
    heads = re.findall(r"^(\w+) \(head\)", project.uv("run", "--no-sync", "alembic", "heads"), re.M)
    assert len(heads) == 1, heads
    publishing = "memory" if event_publisher == "memory" else "outbox"
    for part in ("common", publishing):
        shutil.copytree(NOTES / part, project.path, dirs_exist_ok=True)
    revision = project.path / "src/inventory_service/migrations/versions/notes0001_create_notes.py"
    revision.write_text(revision.read_text().replace("HEAD", heads[0]))

    changes = git(project, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert changes and all(line.startswith("?? ") for line in changes), changes


def assert_the_notes_tests_pass(project: RenderedProject, event_publisher: str, **env: str) -> str:
    """The aggregate's own tests ran and passed: its events reached the bus or the outbox by
    type, its API works end to end."""
    notes_tests = [
        str(path.relative_to(project.path)) for path in project.path.rglob("test_note*.py")
    ]
    output = project.uv(
        "run", "--no-sync", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov", *notes_tests,
        **env,
    )  # fmt: skip
    expected = 5 if event_publisher == "memory" else 6
    assert f"{expected} passed" in output, output
    return f"Note by hand: {expected} passed"
