"""`copier update` on projects that users have edited since they were generated.

The tests build their own template repository with two tagged releases: the older one is the
current tree rewound by a few lines, the newer one is the current tree. They need no tags in
this clone.
"""

import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from .rendered import UV, RenderedProject
from .test_rendered_checks import BROKER_URLS

ROOT = Path(__file__).parents[1]
RELEASE_PATHS = ("copier.yml", "includes", "template", "aggregate", "hooks")
PACKAGE = "template/src/{{package_name}}"
EXAMPLE = "{% if example_aggregate %}items.py{% endif %}"  # how Item's modules are named there
OLD, NEW = "1.0.0", "1.1.0"

# What the older release looked like: (file in the template, line now, line then).
REWINDS = (
    (f"{PACKAGE}/domain/{EXAMPLE}", "NAME_MAX_LENGTH = 200", "NAME_MAX_LENGTH = 100"),
    (
        f"{PACKAGE}/application/{EXAMPLE}",
        '"""Item use cases. Each public method is one transaction, '
        "retried as a whole on transient errors.\n",
        '"""Item use cases.\n',
    ),
)


def git(cwd: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def copier(cwd: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "copier", *arguments], cwd=cwd, capture_output=True, text=True
    )


def copy_release_files(destination: Path) -> None:
    for name in RELEASE_PATHS:
        source = ROOT / name
        if source.is_dir():
            shutil.rmtree(destination / name, ignore_errors=True)
            shutil.copytree(source, destination / name)
        else:
            shutil.copy(source, destination / name)


def rewind(tree: Path, rewinds: tuple[tuple[str, str, str], ...] = REWINDS) -> None:
    """Make ``tree`` the older release: each (file, line now, line then) of ``rewinds``."""
    for relative, now, then in rewinds:
        path = tree / relative
        text = path.read_text()
        assert now in text, f"{relative} no longer holds {now!r}: update the rewinds"
        path.write_text(text.replace(now, then))


def build_template_repo(
    destination: Path, older: str, newer: str, rewind_tree: Callable[[Path], None]
) -> Path:
    """A template repository: ``older`` is the current tree rewound, ``newer`` the current tree."""
    destination.mkdir()
    git(destination, "init", "--quiet")
    copy_release_files(destination)
    rewind_tree(destination)
    git(destination, "add", "-A")
    git(destination, "commit", "--quiet", "-m", "older release")
    git(destination, "tag", older)
    for name in RELEASE_PATHS:
        shutil.rmtree(destination / name, ignore_errors=True)
    copy_release_files(destination)
    git(destination, "add", "-A")
    git(destination, "commit", "--quiet", "-m", "current release")
    git(destination, "tag", newer)
    return destination


@pytest.fixture
def template_repo(tmp_path: Path) -> Path:
    """A template repository with the older release tagged OLD and the current tree NEW."""
    return build_template_repo(tmp_path / "fastmicro", OLD, NEW, rewind)


def generate(template_repo: Path, destination: Path, ref: str, *data: str) -> Path:
    answers = [
        arg for item in ("project_name=Inventory Service", *data) for arg in ("--data", item)
    ]
    result = copier(
        destination.parent,
        "copy",
        "--trust",
        "--defaults",
        "--vcs-ref",
        ref,
        *answers,
        str(template_repo),
        str(destination),
    )
    assert result.returncode == 0, result.stderr
    git(destination, "init", "--quiet")
    git(destination, "add", "-A")
    git(destination, "commit", "--quiet", "-m", "generated")
    return destination


def edit(project: Path, relative: str, change: Callable[[str], str]) -> None:
    path = project / relative
    path.write_text(change(path.read_text()))


@pytest.fixture
def edited_project(template_repo: Path, tmp_path: Path) -> Path:
    """A project generated from the older release, then edited and committed by its users."""
    project = generate(template_repo, tmp_path / "service", OLD)
    package = "src/inventory_service"
    # A line the template will not change, in a file it will change elsewhere.
    edit(
        project,
        f"{package}/domain/items.py",
        lambda text: text.replace("An item description must have", "Descriptions may have"),
    )
    # A file the template will not change at all.
    edit(
        project,
        f"{package}/api/routers/health.py",
        lambda text: (
            text
            + (
                '\n\n@router.get("/version")\nasync def version() -> dict[str, str]:\n'
                '    return {"version": "2.3.4"}\n'
            )
        ),
    )
    # The same line the template will change.
    edit(
        project,
        f"{package}/application/items.py",
        lambda text: text.replace(
            '"""Item use cases.\n', '"""Item use cases, as our team runs them.\n'
        ),
    )
    # A file of the users' own.
    (project / f"{package}/domain/pricing.py").write_text('"""Our pricing rules."""\n')
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "our edits")
    return project


def test_update_keeps_edits_merges_template_changes_and_marks_only_real_conflicts(
    edited_project: Path,
) -> None:
    project = edited_project
    package = project / "src/inventory_service"
    untouched = (package / "api/routers/health.py").read_bytes()

    result = copier(project, "update", "--trust", "--defaults")

    assert result.returncode == 0, result.stderr
    assert (package / "api/routers/health.py").read_bytes() == untouched
    items = (package / "domain/items.py").read_text()
    assert "NAME_MAX_LENGTH = 200" in items  # the template's change
    assert "Descriptions may have" in items  # the users' change
    conflicted = (package / "application/items.py").read_text()
    assert "<<<<<<<" in conflicted
    assert "as our team runs them" in conflicted
    assert "retried as a whole on transient errors" in conflicted
    assert (package / "domain/pricing.py").read_text() == '"""Our pricing rules."""\n'
    unmerged = git(project, "diff", "--name-only", "--diff-filter=U").split()
    assert unmerged == ["src/inventory_service/application/items.py"]
    assert f"_commit: {NEW}" in (project / ".copier-answers.yml").read_text()


def test_update_with_rej_files_puts_the_users_rejected_hunk_beside_the_templates_line(
    edited_project: Path,
) -> None:
    package = edited_project / "src/inventory_service"

    result = copier(edited_project, "update", "--trust", "--defaults", "--conflict", "rej")

    assert result.returncode == 0, result.stderr
    merged = (package / "application/items.py").read_text()
    assert "retried as a whole on transient errors" in merged
    assert "<<<<<<<" not in merged
    assert "as our team runs them" in (package / "application/items.py.rej").read_text()
    items = (package / "domain/items.py").read_text()
    assert "NAME_MAX_LENGTH = 200" in items
    assert "Descriptions may have" in items


def test_check_update_reports_a_newer_release(template_repo: Path, tmp_path: Path) -> None:
    project = generate(template_repo, tmp_path / "service", OLD)

    report = copier(project, "check-update")
    quiet = copier(project, "check-update", "--quiet")

    assert report.returncode == 0, report.stderr
    assert f"latest version is {NEW}" in report.stdout
    assert quiet.returncode == 2


@pytest.mark.parametrize(
    ("answer", "appears", "disappears", "dependencies_change"),
    [
        ("database=postgresql", "tests/tcp_proxy.py", None, True),
        ("auth=jwt", "src/inventory_service/api/routers/auth.py", None, True),
        (
            "event_publisher=none",
            None,
            "src/inventory_service/infrastructure/events/memory.py",
            False,
        ),
    ],
    ids=["sqlite-to-postgresql", "none-to-jwt", "memory-to-none"],
)
def test_changing_an_answer_turns_the_project_into_the_other_variant(
    template_repo: Path,
    tmp_path: Path,
    answer: str,
    appears: str | None,
    disappears: str | None,
    dependencies_change: bool,
) -> None:
    project = generate(template_repo, tmp_path / "service", NEW)

    result = copier(project, "update", "--trust", "--defaults", "--data", answer)

    assert result.returncode == 0, result.stderr
    key, value = answer.split("=")
    assert f"{key}: {value}" in (project / ".copier-answers.yml").read_text()
    if appears:
        assert (project / appears).is_file()
    if disappears:
        assert not (project / disappears).exists()
    # The lock task runs on copy only: a change of dependencies leaves uv.lock stale, and the
    # message after the update says to run `uv lock`, as the README does.
    rendered = RenderedProject(project)
    stale = subprocess.run(
        [UV, "lock", "--check"], cwd=project, env=rendered.env(), capture_output=True
    )
    assert (stale.returncode != 0) == dependencies_change
    assert "uv lock " in result.stdout + result.stderr
    rendered.uv("lock")
    # The project is now that variant, file for file: the same as a fresh copy with the answer,
    # whose checks the matrix covers (tests/matrix.py). Only the lock may differ, by releases
    # published between the two resolutions.
    fresh = generate(template_repo, tmp_path / "fresh", NEW, answer)
    assert project_files(project) == project_files(fresh)


def project_files(project: Path) -> dict[str, str]:
    """Every file of a project but its lock, git and tool folders, by path."""
    return {
        str(path.relative_to(project)): path.read_text()
        for path in sorted(project.rglob("*"))
        if path.is_file()
        and path.name != "uv.lock"
        and not {".git", ".venv", ".mypy_cache", ".ruff_cache", "__pycache__"} & set(path.parts)
    }


def put_migrations_back_at_the_root(tree: Path) -> None:
    """Before 0.4.0 the Alembic revisions lived in ``migrations/`` at the project root."""
    rewind(tree)
    shutil.move(tree / PACKAGE / "migrations", tree / "template" / "migrations")
    ini = tree / "template" / "alembic.ini.jinja"
    ini.write_text(
        ini.read_text().replace(
            "script_location = {{ package_name }}:migrations",
            "script_location = %(here)s/migrations",
        )
    )


def test_the_move_of_the_migrations_into_the_package_carries_the_users_revisions_and_edits(
    tmp_path: Path,
) -> None:
    repo = build_template_repo(
        tmp_path / "fastmicro", "0.3.0", "0.4.0", put_migrations_back_at_the_root
    )
    project = generate(repo, tmp_path / "service", "0.3.0")
    assert (project / "migrations" / "env.py").is_file()
    edit(project, "migrations/env.py", lambda text: text + "# our team's note on migrations\n")
    own_revision = '"""Add a colour to items."""\n\nrevision = "0099"\ndown_revision = "0001"\n'
    (project / "migrations" / "versions" / "0099_add_colour.py").write_text(own_revision)
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "our revision")

    result = copier(project, "update", "--trust", "--defaults")

    assert result.returncode == 0, result.stderr
    moved = project / "src" / "inventory_service" / "migrations"
    assert not (project / "migrations").exists()
    assert (moved / "versions" / "0099_add_colour.py").read_text() == own_revision
    # The edited env.py moved too; copier then sees it as added on both sides, so the edit
    # comes back as a conflict to resolve rather than silently staying behind at the old path.
    env = (moved / "env.py").read_text()
    assert "# our team's note on migrations" in env
    unmerged = git(project, "diff", "--name-only", "--diff-filter=U").split()
    assert unmerged in ([], ["src/inventory_service/migrations/env.py"])
    untouched = (moved / "versions" / "0001_create_items.py").read_text()
    assert "<<<<<<<" not in untouched
    assert "script_location = inventory_service:migrations" in (project / "alembic.ini").read_text()


def drop_orjson(tree: Path) -> None:
    """An older release whose services did not depend on orjson yet."""
    rewind(tree)
    pyproject = tree / "template" / "pyproject.toml.jinja"
    text = pyproject.read_text()
    assert '    "orjson>=3.10,<4",\n' in text, "pyproject.toml.jinja no longer lists orjson"
    pyproject.write_text(text.replace('    "orjson>=3.10,<4",\n', ""))


def test_renovates_template_update_and_its_post_upgrade_task_leave_a_project_that_syncs_locked(
    tmp_path: Path,
) -> None:
    repo = build_template_repo(tmp_path / "fastmicro", OLD, NEW, drop_orjson)
    project = generate(repo, tmp_path / "service", OLD)
    assert '\nname = "orjson"\n' not in (project / "uv.lock").read_text()
    rendered = RenderedProject(project)
    config = json.loads((project / "renovate.json").read_text())
    (rule,) = [rule for rule in config["packageRules"] if rule["matchManagers"] == ["copier"]]

    # What Renovate's copier manager runs for a new tag (lib/modules/manager/copier/artifacts.ts,
    # with --trust as the self-hosted global config allows), then the rule's postUpgradeTasks.
    update = copier(
        project,
        *("update", "--skip-answered", "--defaults", "--trust"),
        *("--answers-file", ".copier-answers.yml", "--vcs-ref", NEW),
    )
    assert update.returncode == 0, update.stderr
    assert '"orjson>=3.10,<4"' in (project / "pyproject.toml").read_text()
    stale = subprocess.run(
        [UV, "lock", "--check"], cwd=project, env=rendered.env(), capture_output=True
    )
    assert stale.returncode != 0  # the template added a dependency: the old lock no longer fits
    for command in rule["postUpgradeTasks"]["commands"]:
        program, *arguments = command.split()
        assert program == "uv"
        rendered.uv(*arguments)

    assert '\nname = "orjson"\n' in (project / "uv.lock").read_text()
    rendered.sync()  # uv sync --locked, as CI does on the pull request
    assert f"_commit: {NEW}" in (project / ".copier-answers.yml").read_text()
    changed = git(project, "status", "--porcelain").split("\n")
    assert " M uv.lock" in changed


def drop_the_lock_task(tree: Path) -> None:
    """Before 0.10.0 a copy made no uv.lock (the migrations an update runs are the newer ones)."""
    rewind(tree)
    config = tree / "copier.yml"
    text = config.read_text()
    task = text[text.index("\n_tasks:\n") : text.index("\n_message_after_copy:")]
    config.write_text(text.replace(task, ""))


def test_the_update_to_0_10_0_locks_a_project_that_was_copied_without_a_lock(
    tmp_path: Path,
) -> None:
    repo = build_template_repo(tmp_path / "fastmicro", "0.8.0", "0.10.0", drop_the_lock_task)
    project = generate(repo, tmp_path / "service", "0.8.0")
    assert not (project / "uv.lock").exists()

    result = copier(project, "update", "--trust", "--defaults")

    assert result.returncode == 0, result.stderr
    assert "fastmicro: uv.lock written" in result.stderr
    RenderedProject(project).sync()  # uv sync --locked
    assert "?? uv.lock" in git(project, "status", "--porcelain").splitlines()


# The previous release, 0.8.0: the last layout with Item's code in modules of generic names.
PREVIOUS_RELEASE = ("0.8.0", "b8683275ac7db9e5b09409def689463620bc1487")
NOTES = Path(__file__).parent / "fixtures" / "notes"


def current_release() -> str:
    """The top version of CHANGELOG.md: what this tree releases."""
    match = re.search(r"^## (\S+)", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert match, "CHANGELOG.md names no release"
    return match.group(1)


def previous_release_tree(tree: Path) -> None:
    """The release files of the previous release, from this repository's history."""
    for name in RELEASE_PATHS:
        path = tree / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    # Only the paths that release had (the aggregate generator came later).
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "--name-only", PREVIOUS_RELEASE[1]],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    archive = subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "archive",
            PREVIOUS_RELEASE[1],
            *(name for name in RELEASE_PATHS if name in listed),
        ],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as files:
        files.extractall(tree, filter="data")


# (file at 0.8.0, its line then, the user's line; the file it lives in at 0.9.0): lines that
# the template changes in no release since, so each edit must merge without a conflict.
ITEM_EDITS = (
    (
        "infrastructure/database/readers.py",
        '"""``gate``: see ``create_connection_gate``; without one, reads queue in the pool."""',
        '"""``gate``: shared with the writers, as our team runs it."""',
        "infrastructure/database/items.py",
    ),
    (
        "api/schemas.py",
        '"""PUT: every field is given; a missing description clears it."""',
        '"""PUT: every field is given (our clients send them all); no description clears it."""',
        "api/schemas/items.py",
    ),
    (
        "domain/items.py",
        '"""Replace the item\'s details; a revision that changes nothing records nothing."""',
        '"""Replace the item\'s details (our rule: a no-op records nothing)."""',
        "domain/items.py",
    ),
    (
        "application/items.py",
        '"""Apply the given changes; fields that are absent keep their value.',
        '"""Apply the given changes (our team\'s PATCH); absent fields keep their value.',
        "application/items.py",
    ),
)
BROKER_AND_JWT_EDITS = (
    (
        "infrastructure/messaging/handlers.py",
        '"consumed %s v%d of item %s (%s): %s"',
        '"handled %s v%d of item %s (%s): %s"',
        "infrastructure/messaging/items.py",
    ),
    (
        "api/user_schemas.py",
        "# Long enough to resist guessing;",
        "# Long enough (our policy) to resist guessing;",
        "api/schemas/users.py",
    ),
    (
        "infrastructure/database/user_repositories.py",
        "    async def get_by_email(self, email: str) -> User | None:\n",
        "    async def get_by_email(self, email: str) -> User | None:\n"
        "        # Emails are stored in lower case: callers normalise first.\n",
        "infrastructure/database/users.py",
    ),
)
HAND_ADDED_NOTES_AT_0_8 = """
notes = Table(
    "notes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("text", String(500), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
)
"""


def commit_all(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", message)


@pytest.mark.parametrize(
    ("data", "edits"),
    [
        ((), ITEM_EDITS),
        (
            ("event_publisher=redis", "auth=jwt"),
            ITEM_EDITS + BROKER_AND_JWT_EDITS,
        ),
    ],
    ids=["defaults", "redis-jwt"],
)
def test_a_grown_project_of_the_previous_release_updates_to_the_aggregate_layout(
    tmp_path: Path, data: tuple[str, ...], edits: tuple[tuple[str, str, str, str], ...]
) -> None:
    old, new = PREVIOUS_RELEASE[0], current_release()
    repo = build_template_repo(tmp_path / "fastmicro", old, new, previous_release_tree)
    project = generate(repo, tmp_path / "service", old, *data)
    package = project / "src" / "inventory_service"
    for relative, line, edited, _ in edits:
        path = package / relative
        assert line in path.read_text(), f"{relative} at {old} has no {line!r}"
        path.write_text(path.read_text().replace(line, edited))
    # A Note aggregate added the 0.8 way: its own domain module and revision, its table in the
    # shared tables module.
    shutil.copy(NOTES / "common/src/inventory_service/domain/notes.py", package / "domain")
    revision = "common/src/inventory_service/migrations/versions/notes0001_create_notes.py"
    (package / "migrations/versions/notes0001_create_notes.py").write_text(
        (NOTES / revision).read_text().replace('"HEAD"', '"0003"' if data else '"0001"')
    )
    edit(
        project,
        "src/inventory_service/infrastructure/database/tables.py",
        lambda text: (
            text.replace("\nmapper_registry = ", HAND_ADDED_NOTES_AT_0_8 + "\nmapper_registry = ")
            .replace(
                "from ...domain.items import Item\n",
                "from ...domain.items import Item\nfrom ...domain.notes import Note\n",
            )
            .replace(
                '    event.listen(Item, "load", _give_loaded_item_an_event_list)\n',
                '    event.listen(Item, "load", _give_loaded_item_an_event_list)\n'
                "    mapper_registry.map_imperatively("
                "Note, notes, version_id_col=notes.c.version)\n",
            )
        ),
    )
    commit_all(project, "our edits and our Note aggregate")

    result = copier(project, "update", "--trust", "--defaults")

    assert result.returncode == 0, result.stderr
    for _, _, edited, now in edits:
        merged = (package / now).read_text()
        assert edited in merged, now
        assert "<<<<<<<" not in merged, now
    for gone in ("infrastructure/database/readers.py", "api/schemas.py"):
        assert not (package / gone).exists()
    assert (package / "domain/notes.py").read_text() == (
        NOTES / "common/src/inventory_service/domain/notes.py"
    ).read_text()
    # The only conflict is the true one: the template took start_mappers and the items table
    # out of tables.py, right where the notes table went in.
    unmerged = git(project, "diff", "--name-only", "--diff-filter=U").split()
    assert unmerged == ["src/inventory_service/infrastructure/database/tables.py"]
    conflicted = [path.name for path in package.rglob("*.py") if "<<<<<<<" in path.read_text()]
    assert conflicted == ["tables.py"]
    assert f"_commit: {new}" in (project / ".copier-answers.yml").read_text()

    # Resolved as the README's "Adding an aggregate" says: the template's tables.py, and the
    # notes table with its repository in a module of its own.
    git(
        project,
        "checkout",
        "--theirs",
        "--",
        "src/inventory_service/infrastructure/database/tables.py",
    )
    shutil.copytree(NOTES / "common", project, dirs_exist_ok=True)
    revision_file = package / "migrations/versions/notes0001_create_notes.py"
    revision_file.write_text(
        (NOTES / revision).read_text().replace('"HEAD"', '"0003"' if data else '"0001"')
    )
    outputs = RenderedProject(project).check(
        BROKER_URL=BROKER_URLS["redis"] if data else "",
    )
    assert "Required test coverage of 90% reached" in outputs["pytest -q -p no:cacheprovider"]
