"""Copier migration to 0.9.0: Item's code moves into modules of its own, one per layer.

Until 0.8.0 a few modules held the code of Item only but had generic names (``readers.py``,
``api/schemas.py``, ``messaging/handlers.py``; under jwt ``user_repositories.py`` and
``api/user_schemas.py`` likewise for users). 0.9.0 names them after their aggregate. Copier
would delete the old files and write the new ones, so the edits you made in the old ones would
be gone from the work tree (kept only in git history). This migration carries them over:

- ``before`` (the old files are still there): for each file you edited, a 3-way merge of your
  file, the template's old version of it (read from the template's git history) and the
  template's new module; the result is kept in ``.git/fastmicro-0.9.0/``.
- ``after`` (copier has written the new modules): each kept result replaces the new module.
  Your edits are in it; where they touch lines the template changed too, the merge marks
  them as a conflict (``<<<<<<<``) to resolve by hand.

Running either stage again changes nothing. Files you did not edit are left to copier.

Usage, in the project: python move_aggregate_modules.py before|after TEMPLATE_DIR
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml  # copier's own dependency, so its interpreter has it

JWT = "{% if auth == 'jwt' %}"
EXAMPLE = "{% if example_aggregate %}"
OUTBOX = "{% if uses_outbox %}messaging{% endif %}"
# (project file before, project file after, template file before, template file after); the
# package folder is written as {package}. Every one of these is copied without rendering.
MOVES = (
    (
        "src/{package}/infrastructure/database/readers.py",
        "src/{package}/infrastructure/database/items.py",
        "src/{{package_name}}/infrastructure/database/readers.py",
        f"src/{{{{package_name}}}}/infrastructure/database/{EXAMPLE}items.py{{% endif %}}",
    ),
    (
        "src/{package}/api/schemas.py",
        "src/{package}/api/schemas/items.py",
        "src/{{package_name}}/api/schemas.py",
        f"src/{{{{package_name}}}}/api/schemas/{EXAMPLE}items.py{{% endif %}}",
    ),
    (
        "src/{package}/infrastructure/messaging/handlers.py",
        "src/{package}/infrastructure/messaging/items.py",
        f"src/{{{{package_name}}}}/infrastructure/{OUTBOX}/handlers.py",
        f"src/{{{{package_name}}}}/infrastructure/{OUTBOX}/{EXAMPLE}items.py{{% endif %}}",
    ),
    (
        "src/{package}/infrastructure/database/user_repositories.py",
        "src/{package}/infrastructure/database/users.py",
        f"src/{{{{package_name}}}}/infrastructure/database/{JWT}user_repositories.py{{% endif %}}",
        f"src/{{{{package_name}}}}/infrastructure/database/{JWT}users.py{{% endif %}}",
    ),
    (
        "src/{package}/api/user_schemas.py",
        "src/{package}/api/schemas/users.py",
        f"src/{{{{package_name}}}}/api/{JWT}user_schemas.py{{% endif %}}",
        f"src/{{{{package_name}}}}/api/schemas/{JWT}users.py{{% endif %}}",
    ),
)


def kept_merges() -> Path:
    git_dir = subprocess.run(
        ["git", "rev-parse", "--git-dir"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return Path(git_dir) / "fastmicro-0.9.0"


def template_file_at(template: Path, commit: str | None, relative: str) -> str:
    """The template's file at ``commit`` (its old version), or "" when git cannot say."""
    if not commit:
        return ""
    shown = subprocess.run(
        ["git", "-C", str(template), "show", f"{commit}:template/{relative}"],
        capture_output=True,
        text=True,
    )
    return shown.stdout if shown.returncode == 0 else ""


def merge(mine: str, base: str, theirs: str) -> tuple[str, bool]:
    """``git merge-file``: the result, and whether it has conflicts."""
    labels = ["-L", "your edits", "-L", "fastmicro 0.8", "-L", "fastmicro 0.9"]
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, text in (("mine", mine), ("base", base), ("theirs", theirs)):
            path = Path(folder, name)
            path.write_text(text)
            paths.append(str(path))
        result = subprocess.run(
            ["git", "merge-file", "-p", *labels, *paths], capture_output=True, text=True
        )
    return result.stdout, result.returncode != 0


def before(package: str, template: Path, commit: str | None) -> None:
    for old, new, old_template, new_template in MOVES:
        old_file, new_file = Path(old.format(package=package)), Path(new.format(package=package))
        theirs_file = template / "template" / new_template
        if not old_file.is_file() or new_file.exists() or not theirs_file.is_file():
            continue
        mine, base = old_file.read_text(), template_file_at(template, commit, old_template)
        if mine == base:
            continue  # not edited: copier's own update is right
        merged, conflicts = merge(mine, base, theirs_file.read_text())
        kept = kept_merges() / new_file
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(merged)
        note = "with conflicts to resolve" if conflicts else "merged"
        print(f"{old_file}: your edits move to {new_file} ({note})")


def after() -> None:
    root = kept_merges()
    if not root.is_dir():
        return
    for kept in sorted(root.rglob("*.py")):
        target = kept.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(kept.read_text())
        kept.unlink()
        print(f"{target}: carries your edits from fastmicro 0.8")
    shutil.rmtree(root)


if __name__ == "__main__":
    stage = sys.argv[1]
    if stage == "before":
        answers = yaml.safe_load(Path(".copier-answers.yml").read_text())
        before(answers["package_name"], Path(sys.argv[2]), answers.get("_commit"))
    else:
        after()
