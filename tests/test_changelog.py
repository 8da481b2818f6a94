"""CHANGELOG.md lists the releases that the release workflow turns into tags.

`copier update` orders tags as PEP 440 versions and runs each `_migrations` step when it crosses
its version, so every version must be canonical PEP 440, newer than the one below it, and every
migration version must be a release.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import yaml
from packaging.version import Version

ROOT = Path(__file__).parents[1]
SCRIPT = ROOT / "hooks" / "changelog.py"
spec = importlib.util.spec_from_file_location("changelog", SCRIPT)
assert spec and spec.loader
changelog = importlib.util.module_from_spec(spec)
spec.loader.exec_module(changelog)

TEXT = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_every_release_is_a_canonical_pep_440_version_newer_than_the_one_below() -> None:
    versions = [version for version, _ in changelog.releases(TEXT)]

    assert versions, "CHANGELOG.md lists no release"
    for version in versions:
        assert str(Version(version)) == version, f"{version} is not canonical PEP 440"
    parsed = [Version(version) for version in versions]
    assert all(newer > older for newer, older in zip(parsed, parsed[1:], strict=False)), versions
    assert TEXT.count("\n## ") == len(versions), "a release heading is not '## <version> — <date>'"


def test_every_migration_version_is_a_release() -> None:
    documents = yaml.safe_load_all((ROOT / "copier.yml").read_text().replace("!include", "#"))
    settings = {key: value for document in documents if document for key, value in document.items()}
    releases = {version for version, _ in changelog.releases(TEXT)}

    migrations = [migration["version"] for migration in settings["_migrations"]]

    assert migrations
    assert set(migrations) <= releases, set(migrations) - releases


def test_the_release_notes_are_the_newest_versions_section() -> None:
    top = subprocess.run(
        [sys.executable, str(SCRIPT), "top"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (newest, _), (previous, _) = changelog.releases(TEXT)[:2]

    notes = subprocess.run(
        [sys.executable, str(SCRIPT), "notes", top], capture_output=True, text=True, check=True
    ).stdout

    assert top == newest
    section = TEXT.split(f"\n## {newest} — ", 1)[1].split(f"\n## {previous} — ", 1)[0]
    assert notes.strip() == section.split("\n", 1)[1].strip()
    assert notes.startswith("- ")
    assert "\n## " not in notes


def test_notes_of_a_version_that_is_no_release_are_refused() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "notes", "0.0.1"], capture_output=True, text=True
    )

    assert result.returncode != 0
    assert "CHANGELOG.md has no release 0.0.1" in result.stderr
