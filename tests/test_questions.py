"""The questions: derived defaults, and invalid answers rejected before anything is written."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml


def copier_copy(template: Path, destination: Path, *data: str) -> subprocess.CompletedProcess[str]:
    arguments = [arg for item in data for arg in ("--data", item)]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "copier",
            "copy",
            "--trust",
            "--defaults",
            *arguments,
            str(template),
            str(destination),
        ],
        capture_output=True,
        text=True,
    )


def test_slug_and_package_name_are_derived_from_the_project_name(
    copier_template: Path, tmp_path: Path
) -> None:
    destination = tmp_path / "service"

    result = copier_copy(
        copier_template,
        destination,
        "project_name=  Payments & Refunds API ",
        'description=Sells 🚀 things, "fast" \\o/',
        'author_name=Team "Ops"',
    )

    assert result.returncode == 0, result.stderr
    answers = yaml.safe_load((destination / ".copier-answers.yml").read_text())
    assert answers["project_slug"] == "payments-refunds-api"
    assert answers["package_name"] == "payments_refunds_api"
    assert (answers["database"], answers["event_publisher"], answers["auth"]) == (
        "sqlite",
        "memory",
        "none",
    )
    assert answers["example_aggregate"] is True
    assert (destination / "src" / "payments_refunds_api" / "api" / "app.py").is_file()
    assert (destination / "src" / "payments_refunds_api" / "domain" / "items.py").is_file()
    project = tomllib.loads((destination / "pyproject.toml").read_text())["project"]
    assert project["description"] == 'Sells 🚀 things, "fast" \\o/'
    assert project["authors"] == [{"name": 'Team "Ops"', "email": "backend@example.com"}]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("project_name=", "project_name must not be empty"),
        ("project_name=   ", "project_name must not be empty"),
        ("project_slug=Inventory Service", 'project_slug "Inventory Service" is not kebab-case'),
        ("project_slug=inventory_service", 'project_slug "inventory_service" is not kebab-case'),
        ("project_slug=-inventory", 'project_slug "-inventory" is not kebab-case'),
        (
            "package_name=class",
            'package_name "class" is a Python keyword, a standard-library module',
        ),
        ("package_name=json", 'package_name "json" is a Python keyword, a standard-library module'),
        ("package_name=asyncio", 'package_name "asyncio" is a Python keyword, a standard-library'),
        ("package_name=2fast", 'package_name "2fast" is not a valid Python package name'),
        ("package_name=my-service", 'package_name "my-service" is not a valid Python package name'),
        ("author_email=not-an-email", 'author_email "not-an-email" is not an email address'),
        ("author_email=a@b", 'author_email "a@b" is not an email address'),
        ("author_name=", "author_name must not be empty"),
        ("project_name=Acme \\N Service", "project_name must not contain backslashes"),
        ('project_name=The "Best" Service', "project_name must not contain backslashes"),
        ("package_name=order_fulfilment_service", "is longer than 20 characters"),
        ("python_version=2.7", "Invalid choice for 'python_version'"),
        ("database=oracle", "Invalid choice for 'database'"),
        ("event_publisher=pulsar", "Invalid choice for 'event_publisher'"),
        ("auth=magic", "Invalid choice for 'auth'"),
    ],
)
def test_an_invalid_answer_fails_with_its_reason_and_writes_nothing(
    copier_template: Path, tmp_path: Path, answer: str, message: str
) -> None:
    destination = tmp_path / "service"

    result = copier_copy(copier_template, destination, "project_name=Inventory Service", answer)

    assert result.returncode != 0
    assert message in result.stderr
    assert not destination.exists() or not any(destination.iterdir())


def test_the_reserved_names_list_is_current() -> None:
    """includes/reserved-names.yml is generated; regenerate it when it drifts."""
    root = Path(__file__).parents[1]
    generated = subprocess.run(
        [sys.executable, str(root / "hooks" / "reserved_names.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names = yaml.safe_load(generated)["reserved_package_names"]["default"]
    committed = yaml.safe_load((root / "includes" / "reserved-names.yml").read_text())
    assert set(names) <= set(committed["reserved_package_names"]["default"])
    assert {"class", "json", "asyncio", "typing", "match", "src", "tests"} <= set(names)
