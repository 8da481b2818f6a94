"""The variants the template's tests render and check, listed in one place.

PAIRWISE covers every value of every question at least once and every pair of (database,
event_publisher, auth) values at least once; ``test_matrix.py`` proves it against copier.yml.
``FASTMICRO_MATRIX=fast`` selects FAST for local work: the defaults plus one variant per
database server and broker. (``test_without_example.py`` renders every database without the
example aggregate, whatever the matrix.)
"""

import os

FIELDS = (
    "database",
    "event_publisher",
    "auth",
    "observability",
    "python_version",
    "example_aggregate",
)

PAIRWISE: list[tuple[str, str, str, str, str, str]] = [
    ("sqlite", "memory", "none", "metrics", "3.13", "true"),  # the defaults
    ("sqlite", "none", "jwt", "none", "3.11", "false"),
    ("sqlite", "redis", "oidc", "otel", "3.12", "true"),
    ("sqlite", "rabbitmq", "none", "metrics", "3.13", "true"),
    ("sqlite", "nats", "none", "metrics", "3.13", "false"),
    ("postgresql", "memory", "jwt", "otel", "3.11", "true"),
    ("postgresql", "none", "oidc", "metrics", "3.13", "false"),
    ("postgresql", "redis", "jwt", "otel", "3.13", "true"),
    ("postgresql", "rabbitmq", "oidc", "none", "3.12", "true"),
    ("postgresql", "nats", "jwt", "metrics", "3.13", "true"),
    ("mysql", "memory", "oidc", "metrics", "3.12", "true"),
    ("mysql", "none", "none", "otel", "3.13", "false"),
    ("mysql", "redis", "none", "metrics", "3.13", "true"),
    ("mysql", "rabbitmq", "jwt", "metrics", "3.11", "false"),
    ("mysql", "nats", "oidc", "none", "3.13", "true"),
    ("sqlite", "kafka", "jwt", "otel", "3.13", "true"),
    ("postgresql", "kafka", "none", "metrics", "3.12", "true"),
    ("mysql", "kafka", "oidc", "metrics", "3.11", "false"),
]
FAST = [PAIRWISE[0], PAIRWISE[3], PAIRWISE[7], PAIRWISE[14], PAIRWISE[16]]


def variants() -> dict[str, dict[str, str]]:
    """The selected variants by id, as copier answers."""
    rows = FAST if os.environ.get("FASTMICRO_MATRIX", "full") == "fast" else PAIRWISE
    return {"-".join(row): dict(zip(FIELDS, row, strict=True)) for row in rows}
