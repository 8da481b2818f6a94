"""Render variants and run each rendered project's own checks: ruff, mypy, import-linter, pytest."""

import json
import os
import re
import tomllib
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from .aggregates import generate_aggregates
from .growth import add_the_notes_aggregate, assert_the_notes_tests_pass
from .matrix import variants
from .npm_tools import asyncapi_schema
from .rendered import RenderedProject
from .tansu import kafka_environment
from .test_without_example import expected_revisions, files_naming_item, revisions

VARIANTS = variants()  # tests/matrix.py: the pairwise set, or FASTMICRO_MATRIX=fast
# The servers of this machine (see DESIGN.md); each rendered test run makes its own database.
SERVER_URLS = {
    "sqlite": "",
    "postgresql": os.environ.get(
        "FASTMICRO_POSTGRESQL_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    ),
    "mysql": os.environ.get("FASTMICRO_MYSQL_URL", "mysql+aiomysql://root@127.0.0.1:3306/test"),
}
# The brokers of this machine; each rendered test uses stream, queue and subject names of its own.
BROKER_URLS = {
    "memory": "",
    "none": "",
    "redis": os.environ.get("FASTMICRO_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": os.environ.get("FASTMICRO_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"),
    "nats": os.environ.get("FASTMICRO_NATS_URL", "nats://127.0.0.1:4222"),
}


# The commit hooks of the rendered .pre-commit-config.yaml, all of which must pass.
HOOKS = [
    "check-merge-conflict",
    "check-yaml",
    "check-toml",
    "check-json",
    "end-of-file-fixer",
    "trailing-whitespace",
    "check-added-large-files",
    "ruff-check",
    "ruff-format",
    "mypy",
    "lint-imports",
]


def backends(answers: dict[str, str]) -> dict[str, str]:
    """``DATABASE_URL`` and ``BROKER_URL`` of this machine's servers, for a variant's answers;
    for Kafka, a Tansu of this test process and the settings its limits need."""
    environment = {"DATABASE_URL": SERVER_URLS[answers.get("database", "sqlite")]}
    if answers.get("event_publisher") == "kafka":
        return environment | kafka_environment(answers.get("package_name", "inventory_service"))
    return environment | {"BROKER_URL": BROKER_URLS[answers.get("event_publisher", "memory")]}


def assert_every_check_passes(project: RenderedProject, answers: dict[str, str]) -> str:
    """Every check of the rendered CI, then every commit hook; the tests' summary line."""
    outputs = project.check(**backends(answers))

    assert "All checks passed!" in outputs["ruff check ."]
    assert "Success: no issues found" in outputs["mypy"]
    assert "Contracts: 3 kept, 0 broken." in outputs["lint-imports"]
    pytest_output = outputs["pytest -q -p no:cacheprovider"]
    assert re.search(r"\d+ passed", pytest_output), pytest_output
    assert not re.search(r"\d+ (failed|error)", pytest_output), pytest_output
    assert "Required test coverage of 90% reached" in pytest_output
    # The rendered contract test (schemathesis) prints its totals; none may fail.
    (contract,) = re.findall(
        r"^contract: \d+ operations, \d+ cases, \d+ failures$", pytest_output, re.M
    )
    assert contract.endswith(" 0 failures"), contract
    hooks = project.pre_commit()
    assert re.findall(r"\.(Passed|Failed|Skipped)$", hooks, re.MULTILINE) == ["Passed"] * len(
        HOOKS
    ), hooks
    return f"{pytest_output.strip().splitlines()[-1]}; {contract}"


def asyncapi_errors(document: Any) -> list[str]:
    """What the official AsyncAPI 3.0 JSON Schema (npm ``@asyncapi/specs``) finds wrong."""
    validator = Draft7Validator(json.loads(asyncapi_schema("3.0.0").read_text()))
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(document)]


def assert_the_asyncapi_document_is_valid(project: RenderedProject, answers: dict[str, str]) -> str:
    """The ``asyncapi`` command's document of a variant with a broker; what it describes."""
    output = project.path.parent / "asyncapi.json"
    project.uv(
        "run", "--no-sync", "inventory-service", "asyncapi", "--output", str(output),
        **backends(answers),
    )  # fmt: skip
    document = json.loads(output.read_text())
    assert asyncapi_errors(document) == []
    return f"AsyncAPI {document['asyncapi']} valid, {len(document['channels'])} channels"


# Variants that get the generated example aggregates (Order, every field type, and OrderLine,
# which refers to it) before their checks: the defaults, PostgreSQL with redis, jwt and otel,
# MySQL with NATS (an outbox) and oidc.
AGGREGATE_VARIANTS = {
    "sqlite-memory-none-metrics-3.13-true",
    "postgresql-redis-jwt-otel-3.13-true",
    "mysql-nats-oidc-none-3.13-true",
}
# Variants that get an aggregate added by hand first, as the rendered README says (a Note, new
# files only): the defaults, and PostgreSQL with a broker and jwt.
GROWTH_VARIANTS = {
    "sqlite-memory-none-metrics-3.13-true",
    "postgresql-nats-jwt-metrics-3.13-true",
}


@pytest.mark.parametrize("answers", VARIANTS.values(), ids=VARIANTS.keys())
def test_the_rendered_project_passes_its_own_checks(
    render, copier, answers: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    variant = "-".join(answers.values())
    project = render(**answers)
    if answers["example_aggregate"] == "false":
        assert files_naming_item(project) == []
        assert revisions(project) == expected_revisions(answers)
    if variant in GROWTH_VARIANTS:
        add_the_notes_aggregate(project, answers["event_publisher"])
    if variant in AGGREGATE_VARIANTS:
        generate_aggregates(copier.template, project.path, "order", "order_line")
        assert "tests/api/test_order_lines_api.py" in project.files()

    summary = assert_every_check_passes(project, answers)
    if variant in GROWTH_VARIANTS:
        summary += "; " + assert_the_notes_tests_pass(
            project, answers["event_publisher"], **backends(answers)
        )
    if answers["event_publisher"] in ("redis", "rabbitmq", "nats", "kafka"):
        summary += "; " + assert_the_asyncapi_document_is_valid(project, answers)

    print(f"\n{answers or 'defaults'}: {summary}")


def test_the_asyncapi_schema_really_rejects_a_broken_document() -> None:
    broken = {"asyncapi": "3.0.0", "info": {"title": "x"}, "channels": {"a": {"address": 5}}}

    errors = asyncapi_errors(broken)

    assert any("'version' is a required property" in error for error in errors), errors
    assert any("['channels', 'a']" in error for error in errors), errors


def test_no_publisher_code_is_rendered_without_an_event_publisher(render) -> None:  # type: ignore[no-untyped-def]
    project = render(event_publisher="none")

    package = project.path / "src" / "inventory_service"
    assert not (package / "infrastructure" / "events").exists()
    for path in package.rglob("*.py"):
        text = path.read_text()
        assert "EventPublisher" not in text, path
        assert "event_bus" not in text, path


def test_no_metrics_or_tracing_code_is_rendered_without_observability(render) -> None:  # type: ignore[no-untyped-def]
    project = render(observability="none")
    app = project.path / "src/inventory_service/api/app.py"
    # The one mention allowed: the switch that keeps FastAPI's own instrumentation off.
    switch_off = re.compile(r"# FastAPI's own OpenTelemetry.*?\nNO_NATIVE_TELEMETRY: [^\n]*\n", re.S)
    assert switch_off.search(app.read_text())

    for path in [*(project.path / "src").rglob("*.py"), project.path / "pyproject.toml"]:
        text = switch_off.sub("", path.read_text()).lower()
        for word in ("prometheus", "opentelemetry", "metrics", "tracing"):
            assert word not in text, (path, word)


def test_tracing_is_rendered_only_for_otel(render) -> None:  # type: ignore[no-untyped-def]
    project = render()

    assert "src/inventory_service/api/metrics.py" in project.files()
    assert "src/inventory_service/api/tracing.py" not in project.files()
    assert "opentelemetry" not in project.read("pyproject.toml")


def test_the_default_variant_renders_every_layer(render) -> None:  # type: ignore[no-untyped-def]
    project = render()

    files = project.files()
    for expected in (
        ".copier-answers.yml",
        ".env.example",
        ".gitignore",
        ".python-version",
        "README.md",
        "alembic.ini",
        "src/inventory_service/migrations/env.py",
        "pyproject.toml",
        "src/inventory_service/domain/items.py",
        "src/inventory_service/application/ports.py",
        "src/inventory_service/infrastructure/database/unit_of_work.py",
        "src/inventory_service/infrastructure/events/memory.py",
        "src/inventory_service/api/app.py",
        "src/inventory_service/settings.py",
        "tests/unit/fakes.py",
    ):
        assert expected in files
    assert project.read(".python-version").strip() == "3.13"
    assert "create_all" not in "".join(
        (project.path / name).read_text() for name in files if name.startswith("src/")
    )


@pytest.mark.parametrize("broker", ["redis", "rabbitmq", "nats", "kafka"])
def test_only_the_chosen_brokers_client_and_code_are_rendered(render, broker: str) -> None:  # type: ignore[no-untyped-def]
    project = render(event_publisher=broker)

    package = project.path / "src" / "inventory_service"
    assert (package / "infrastructure" / "messaging" / "broker.py").is_file()
    assert not (package / "infrastructure" / "events").exists()
    assert (
        "src/inventory_service/migrations/versions/0002_create_outbox_and_inbox.py"
        in project.files()
    )
    clients = {
        "redis": '"redis>=',
        "rabbitmq": '"aio-pika>=',
        "nats": '"nats-py>=',
        "kafka": '"aiokafka>=',
    }
    pyproject = project.read("pyproject.toml")
    for other, requirement in clients.items():
        assert (requirement in pyproject) == (other == broker), other


def test_the_memory_variant_renders_no_outbox(render) -> None:  # type: ignore[no-untyped-def]
    project = render()

    assert not (
        project.path / "src" / "inventory_service" / "infrastructure" / "messaging"
    ).exists()
    assert (
        "src/inventory_service/migrations/versions/0002_create_outbox_and_inbox.py"
        not in project.files()
    )
    assert "outbox" not in project.read("src/inventory_service/infrastructure/database/tables.py")


AUTH_WORDS = re.compile(r"jwt|oidc|bearer|principal|access.token|argon2|users|roles", re.I)


def test_nothing_auth_related_is_rendered_without_auth(render) -> None:  # type: ignore[no-untyped-def]
    project = render()

    files = project.files()
    assert not [name for name in files if AUTH_WORDS.search(name)]
    assert not any("migrations/versions/0003" in name for name in files)
    for name in files:
        if name.endswith((".py", ".toml", ".example", ".md")):
            assert not AUTH_WORDS.search(project.read(name)), name


def test_jwt_renders_users_with_a_revision_that_follows_the_items_one(render) -> None:  # type: ignore[no-untyped-def]
    project = render(auth="jwt")

    files = project.files()
    for expected in (
        "src/inventory_service/domain/users.py",
        "src/inventory_service/application/users.py",
        "src/inventory_service/infrastructure/auth/passwords.py",
        "src/inventory_service/infrastructure/auth/access_tokens.py",
        "src/inventory_service/api/routers/auth.py",
        "tests/api/test_jwt_attacks_api.py",
        "tests/integration/test_user_commands.py",
    ):
        assert expected in files
    assert not [name for name in files if "oidc" in name or "identity_provider" in name]
    revision = project.read("src/inventory_service/migrations/versions/0003_create_users.py")
    assert 'revision: str = "0003"' in revision
    assert 'down_revision: str | None = "0001"' in revision


def test_with_an_outbox_the_users_revision_follows_the_outbox_one(render) -> None:  # type: ignore[no-untyped-def]
    project = render(auth="jwt", event_publisher="redis")

    revision = project.read("src/inventory_service/migrations/versions/0003_create_users.py")
    assert 'down_revision: str | None = "0002"' in revision


def test_oidc_renders_a_token_verifier_and_no_users(render) -> None:  # type: ignore[no-untyped-def]
    project = render(auth="oidc")

    files = project.files()
    assert "src/inventory_service/infrastructure/auth/oidc.py" in files
    assert "tests/identity_provider.py" in files
    assert not [name for name in files if re.search(r"users|passwords|0003", name)]
    assert "argon2" not in project.read("pyproject.toml")


@pytest.mark.parametrize("auth", ["jwt", "oidc"])
def test_tracked_files_hold_placeholders_and_no_secret(render, auth: str) -> None:  # type: ignore[no-untyped-def]
    project = render(auth=auth)

    example = dict(
        line.split("=", 1)
        for line in project.read(".env.example").splitlines()
        if line and not line.startswith("#")
    )
    if auth == "jwt":
        assert example["INVENTORY_SERVICE_JWT_SECRET"].startswith("change-me")
    else:
        assert "change-me" in example["INVENTORY_SERVICE_OIDC_ISSUER"]
    assert ".env" in project.read(".gitignore").splitlines()
    assert "secret" not in project.read(".copier-answers.yml").lower()


def test_every_commit_hook_is_local_and_runs_the_projects_own_tool_through_uv(render) -> None:  # type: ignore[no-untyped-def]
    project = render()

    config = yaml.safe_load(project.read(".pre-commit-config.yaml"))

    (repository,) = config["repos"]
    assert repository["repo"] == "local"
    hooks = repository["hooks"]
    assert [hook["id"] for hook in hooks] == HOOKS
    dev = tomllib.loads(project.read("pyproject.toml"))["dependency-groups"]["dev"]
    assert {"pre-commit>=4", "pre-commit-hooks>=5"} <= set(dev)
    for hook in hooks:
        assert hook["language"] == "system", hook["id"]
        assert hook["entry"].startswith("uv run --no-sync "), hook["id"]
