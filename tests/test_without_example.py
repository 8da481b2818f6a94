"""Without the example aggregate (``example_aggregate=false``): no rendered file names Item and the
revisions chain without Item's one, for every publisher, auth and observability.

That such a service passes every check, its infrastructure tests running on the tests' own
aggregate (``tests/specimens``), is shown by the matrix's variants without the example
(``test_rendered_checks.py``): one per database at least, between them no revision at all, the
outbox's revision as the root with the users' after it, and the users' revision as the root."""

import re

import pytest

from .rendered import RenderedProject

ITEM = re.compile(r"\bItem|/items|\bitem_id\b")
REVISION = re.compile(r'^revision: str = "(\w+)"$', re.M)
DOWN_REVISION = re.compile(r"^down_revision: str \| None = (.+)$", re.M)

# Rendered only: every event publisher, every auth and observability, for the names and revisions.
RENDERED = {
    "memory-jwt-otel": {"event_publisher": "memory", "auth": "jwt", "observability": "otel"},
    "none-oidc-metrics": {"event_publisher": "none", "auth": "oidc"},
    "redis-none-none": {"event_publisher": "redis", "observability": "none"},
    "rabbitmq-oidc-otel": {"event_publisher": "rabbitmq", "auth": "oidc", "observability": "otel"},
    "nats-jwt-metrics": {"event_publisher": "nats", "auth": "jwt"},
    "kafka-oidc-none": {"event_publisher": "kafka", "auth": "oidc", "observability": "none"},
}


def without_the_example(render, answers: dict[str, str]) -> RenderedProject:  # type: ignore[no-untyped-def]
    # A string, as the CLI's --data sends it: copier reads "false" as the boolean.
    return render(**answers, example_aggregate="false")


def files_naming_item(project: RenderedProject) -> list[str]:
    return sorted(
        name
        for name in project.files()
        if name.startswith(("src/", "tests/"))
        and ("item" in name.lower() or ITEM.search(project.read(name)))
    )


def revisions(project: RenderedProject) -> dict[str, str | None]:
    """Each revision's id and the id it follows (None for a root)."""
    chain: dict[str, str | None] = {}
    for path in (project.path / "src/inventory_service/migrations/versions").glob("*.py"):
        text = path.read_text()
        (revision,) = REVISION.findall(text)
        (down,) = DOWN_REVISION.findall(text)
        chain[revision] = None if down == "None" else down.strip('"')
    return chain


def expected_revisions(answers: dict[str, str]) -> dict[str, str | None]:
    """The outbox's revision, the users' one and the login failures' one, in that order, each
    after the one before."""
    chain: dict[str, str | None] = {}
    previous = None
    for revision, rendered in (
        (
            "0002",
            answers.get("event_publisher", "memory") in ("redis", "rabbitmq", "nats", "kafka"),
        ),
        ("0003", answers.get("auth", "none") == "jwt"),
        ("0004", answers.get("auth", "none") == "jwt"),
    ):
        if rendered:
            chain[revision], previous = previous, revision
    return chain


@pytest.mark.parametrize("answers", RENDERED.values(), ids=RENDERED.keys())
def test_no_file_names_item_and_the_revisions_chain_without_its_one(  # type: ignore[no-untyped-def]
    render, answers: dict[str, str]
) -> None:
    project = without_the_example(render, answers)

    assert files_naming_item(project) == []
    assert revisions(project) == expected_revisions(answers)
    assert "/items" not in project.read("README.md")
    assert "tests/specimens/api.py" in project.files()
