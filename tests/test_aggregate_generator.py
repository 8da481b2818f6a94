"""The aggregate generator (``scaffold: aggregate``): bad specs, and updates of what it generated.

Generating the example aggregates into rendered variants and running their full checks happens
in ``test_rendered_checks.py`` (``AGGREGATE_VARIANTS``), on renders the suite makes anyway.
"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from copier import run_copy

from .aggregates import generate_aggregates, spec
from .rendered import RenderedProject
from .test_update import NEW, OLD, build_template_repo, copier, edit, generate, git, rewind

AGGREGATE = "aggregate/src/{{service_package}}"
# The service answers the generator reads: those of a default render.
SERVICE_ANSWERS = {
    "_src_path": "fastmicro",
    "package_name": "inventory_service",
    "database": "sqlite",
    "event_publisher": "memory",
    "auth": "none",
    "observability": "metrics",
    "example_aggregate": True,
}


@pytest.fixture
def template(copier_template: Path) -> Path:
    """The template as released: a git repository of its files, tagged."""
    return copier_template


@pytest.fixture
def service(tmp_path: Path) -> Path:
    (tmp_path / ".copier-answers.yml").write_text(yaml.safe_dump(SERVICE_ANSWERS))
    return tmp_path


ORDER = spec("order")
FIELDS = ORDER["aggregate_fields"]
BAD_SPECS = {
    "unknown type": (
        {"aggregate_fields": [{"name": "total", "type": "money"}]},
        'field "total" has the unknown type "money"',
    ),
    "name not an identifier": (
        {"aggregate_fields": [{"name": "Total-Price", "type": "int"}]},
        'field name "Total-Price" is not a snake_case identifier',
    ),
    "reserved id": (
        {"aggregate_fields": [{"name": "id", "type": "int"}]},
        'field name "id" is reserved',
    ),
    "reserved version": (
        {"aggregate_fields": [{"name": "version", "type": "int"}]},
        'field name "version" is reserved',
    ),
    "reserved created_at": (
        {"aggregate_fields": [{"name": "created_at", "type": "datetime"}]},
        'field name "created_at" is reserved',
    ),
    "python keyword": (
        {"aggregate_fields": [{"name": "class", "type": "str"}]},
        'field name "class" is reserved',
    ),
    "duplicate field": (
        {"aggregate_fields": [*FIELDS, {"name": "total", "type": "int"}]},
        'field "total" is declared twice',
    ),
    "enum without values": (
        {"aggregate_fields": [{"name": "status", "type": "enum"}]},
        'field "status" is an enum without values',
    ),
    "enum with empty values": (
        {"aggregate_fields": [{"name": "status", "type": "enum", "values": []}]},
        'field "status" is an enum without values',
    ),
    "enum default not a value": (
        {"aggregate_fields": [{"name": "s", "type": "enum", "values": ["a"], "default": "b"}]},
        'the default of enum field "s" is "b", which is not one of its values',
    ),
    "ref to a missing aggregate": (
        {"aggregate_fields": [{"name": "customer_id", "type": "ref", "to": "Customer"}]},
        "ref to Customer: the service has no aggregate Customer",
    ),
    "name not PascalCase": (
        {"aggregate_name": "order_thing"},
        'aggregate_name "order_thing" is not PascalCase',
    ),
    "name exists already": ({"aggregate_name": "Item"}, 'aggregate_name "Item" exists already'),
    "unknown key": (
        {"aggregate_fields": [{"name": "n", "type": "int", "maxlength": 3}]},
        'field "n" (int) has unknown keys: maxlength',
    ),
    "no fields": ({"aggregate_fields": []}, "aggregate_fields must be a non-empty list"),
    "later field not optional": (
        {"aggregate_fields": [*FIELDS, {"name": "coupon", "type": "str", "since": 2}]},
        'field "coupon" is added in revision 2 to a table that may have rows: make it optional',
    ),
    "revisions with a gap": (
        {"aggregate_fields": [*FIELDS, {"name": "c", "type": "str", "optional": True, "since": 3}]},
        "must count up from 1 without gaps",
    ),
}


# copier warns of each answers file it looks for and does not find (MissingFileWarning): here,
# that of an aggregate a ref names, or the service's own.
MISSING_FILE = "ignore::copier.errors.MissingFileWarning"


@pytest.mark.filterwarnings(MISSING_FILE)
@pytest.mark.parametrize(("change", "message"), BAD_SPECS.values(), ids=BAD_SPECS.keys())
def test_a_bad_spec_is_refused_with_its_reason_before_anything_is_written(
    template: Path, service: Path, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match="Validation error") as refused:
        run_copy(str(template), service, data=ORDER | change, defaults=True, unsafe=True)

    assert message in str(refused.value)
    assert [path.name for path in service.rglob("*")] == [".copier-answers.yml"]


@pytest.mark.filterwarnings(MISSING_FILE)
def test_an_aggregate_generated_before_is_refused_unless_overwriting(
    template: Path, service: Path
) -> None:
    answers = service / ".copier-answers.aggregate-order.yml"
    answers.write_text(yaml.safe_dump({"scaffold": "aggregate", "aggregate_name": "Order"}))

    with pytest.raises(ValueError, match='aggregate_name "Order" exists already: it was generated'):
        run_copy(str(template), service, data=ORDER, defaults=True, unsafe=True)

    assert sorted(path.name for path in service.rglob("*")) == sorted(
        [".copier-answers.yml", answers.name]
    )
    run_copy(str(template), service, data=ORDER, defaults=True, unsafe=True, overwrite=True)
    assert (service / "src" / "inventory_service" / "domain" / "orders.py").is_file()


@pytest.mark.filterwarnings(MISSING_FILE)
def test_the_generator_refuses_a_folder_that_is_not_a_service(
    template: Path, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="No fastmicro service here"):
        run_copy(str(template), tmp_path, data=ORDER, defaults=True, unsafe=True)

    assert list(tmp_path.iterdir()) == []


def test_a_service_copy_keeps_its_answers_file_as_it_was(template: Path, tmp_path: Path) -> None:
    run_copy(
        str(template),
        tmp_path,
        data={"project_name": "Inventory Service"},
        defaults=True,
        unsafe=True,
        skip_tasks=True,
    )

    answers = yaml.safe_load((tmp_path / ".copier-answers.yml").read_text())
    assert not {key for key in answers if key.startswith(("scaffold", "aggregate", "service_"))}
    assert not (tmp_path / "src" / "inventory_service" / "domain" / "orders.py").exists()


# What the older release of the aggregate templates looked like: (file, line now, line then).
AGGREGATE_REWINDS = (
    (
        f"{AGGREGATE}/application/{{{{aggregate_plural}}}}.py.jinja",
        "Each public method is one transaction, retried as a whole on transient errors.",
        "Each public method is one transaction.",
    ),
    (
        f"{AGGREGATE}/domain/{{{{aggregate_plural}}}}.py.jinja",
        "Generated by fastmicro's aggregate generator; add your domain logic here.",
        "Generated by fastmicro's aggregate generator.",
    ),
)


def rewind_service_and_aggregates(tree: Path) -> None:
    rewind(tree)
    rewind(tree, AGGREGATE_REWINDS)


def keep_our_side(text: str) -> str:
    return re.sub(
        r"<<<<<<< before updating\n(.*?)=======\n.*?>>>>>>> after updating\n",
        r"\1",
        text,
        flags=re.S,
    )


def conflicted(project: Path) -> list[str]:
    return [
        str(path.relative_to(project))
        for path in project.rglob("*.py")
        if ".venv" not in path.parts and "<<<<<<<" in path.read_text()
    ]


def test_updates_of_the_service_of_its_aggregates_and_of_a_spec(tmp_path: Path) -> None:
    """Two generated aggregates, edited by their users, through three updates in a row.

    1. the aggregate templates change: ``copier update -a`` brings the change in, keeps the
       edits and marks only the line changed on both sides;
    2. the service's template changes: its update merges into Item and leaves the aggregates'
       files alone;
    3. a new optional field (``since: 2``): a new revision; the first one stays as it was.
    """
    template = build_template_repo(tmp_path / "fastmicro", OLD, NEW, rewind_service_and_aggregates)
    project = generate(template, tmp_path / "service", OLD)
    generate_aggregates(template, project, "order", "order_line", ref=OLD)
    package = "src/inventory_service"
    imports_end = "from .events import DomainEvent\n"
    edit(
        project,
        f"{package}/domain/orders.py",
        lambda text: text.replace(imports_end, imports_end + "\nFREE_SHIPPING = 50\n"),
    )
    edit(
        project,
        f"{package}/domain/order_lines.py",
        lambda text: text.replace(
            "Generated by fastmicro's aggregate generator.", "Lines of an order, as we sell."
        ),
    )
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "aggregates, and our edits")

    def update_aggregate(name: str) -> None:
        result = copier(
            project, "update", "--trust", "--defaults", "-a", f".copier-answers.{name}.yml"
        )
        assert result.returncode == 0, result.stderr

    update_aggregate("aggregate-order")
    orders = (project / f"{package}/domain/orders.py").read_text()
    assert "add your domain logic here." in orders
    assert "\nFREE_SHIPPING = 50\n" in orders
    assert conflicted(project) == []
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "order updated")
    update_aggregate("aggregate-order-line")
    assert "retried as a whole" in (project / f"{package}/application/order_lines.py").read_text()
    assert conflicted(project) == [f"{package}/domain/order_lines.py"]  # the one true conflict
    edit(project, f"{package}/domain/order_lines.py", keep_our_side)
    assert conflicted(project) == []
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "aggregates updated")

    service_update = copier(project, "update", "--trust", "--defaults")
    assert service_update.returncode == 0, service_update.stderr
    assert "NAME_MAX_LENGTH = 200" in (project / f"{package}/domain/items.py").read_text()
    assert conflicted(project) == []
    changed = git(project, "status", "--porcelain").split()
    assert not [path for path in changed if "order" in path], changed
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "service updated")

    v2 = tmp_path / "order_v2.yml"
    added = {"name": "coupon", "type": "str", "max_length": 20, "optional": True, "since": 2}
    v2.write_text(yaml.safe_dump(ORDER | {"aggregate_fields": [*FIELDS, added]}))
    first_revision = f"{package}/migrations/versions/orders_0001_create_orders.py"
    before = (project / first_revision).read_text()
    spec_update = copier(
        project,
        "update",
        "--trust",
        "--defaults",
        "-a",
        ".copier-answers.aggregate-order.yml",
        "--data-file",
        str(v2),
    )
    assert spec_update.returncode == 0, spec_update.stderr
    assert (project / first_revision).read_text() == before
    assert conflicted(project) == []
    assert "FREE_SHIPPING = 50" in (project / f"{package}/domain/orders.py").read_text()
    second = (project / f"{package}/migrations/versions/orders_0002_alter_orders.py").read_text()
    assert 'down_revision: str | None = "orders_0001"' in second
    assert 'op.add_column(\n        "orders",\n        sa.Column("coupon"' in second

    rendered = RenderedProject(project)
    rendered.uv("lock", "--quiet")
    rendered.sync()
    for check in (("ruff", "check", "."), ("ruff", "format", "--check", "."), ("mypy",)):
        rendered.uv("run", "--no-sync", *check)
    tests = rendered.uv(
        "run",
        "--no-sync",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--no-cov",
        "tests/integration/test_migrations.py",
        "tests/api/test_orders_api.py",
        "tests/api/test_order_lines_api.py",
        "tests/unit/test_order_service.py",
    )
    assert " passed" in tests and "failed" not in tests, tests
