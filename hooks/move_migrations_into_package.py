"""Copier migration to 0.4.0: the Alembic revisions move from ``migrations/`` into the package.

Runs before the update renders (``_stage == 'before'``), in the generated project. ``git mv``
carries the folder as it is: your own revisions land where Alembic now looks for them, and a
template file you edited (``env.py``, say) keeps your edit, offered as a conflict to resolve
against the template's copy. Without it, both would stay behind in a folder nothing reads.
Running it again changes nothing.

Usage, in the project: python move_migrations_into_package.py (the package name comes from
.copier-answers.yml; copier's answers are not in the context of a migration's command).
"""

import shutil
import subprocess
from pathlib import Path

import yaml  # copier's own dependency, so its interpreter has it


def move(package: str) -> None:
    old, new = Path("migrations"), Path("src") / package / "migrations"
    if not old.is_dir() or new.exists():
        return
    new.parent.mkdir(parents=True, exist_ok=True)
    moved = subprocess.run(["git", "mv", str(old), str(new)], capture_output=True, text=True)
    if moved.returncode != 0:  # not a git work tree, or migrations/ is not tracked
        shutil.move(old, new)
    print(f"moved {old}/ to {new}/ (fastmicro 0.4.0 ships the revisions inside the package)")


if __name__ == "__main__":
    answers = yaml.safe_load(Path(".copier-answers.yml").read_text())
    move(answers["package_name"])
