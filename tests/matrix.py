"""The variants the template's tests render and check, listed in one place.

PAIRWISE covers every value of every question at least once and every pair of (database,
event_publisher, auth) values at least once; ``test_matrix.py`` proves it against copier.yml.
``FASTMICRO_MATRIX=fast`` selects FAST for local work: the defaults plus one variant per
database server and broker.
"""

import os

FIELDS = ("database", "event_publisher", "auth", "observability", "python_version")

PAIRWISE: list[tuple[str, str, str, str, str]] = [
    ("sqlite", "memory", "none", "metrics", "3.13"),  # the defaults
    ("sqlite", "none", "jwt", "none", "3.11"),
    ("sqlite", "redis", "oidc", "otel", "3.12"),
    ("sqlite", "rabbitmq", "jwt", "metrics", "3.13"),
    ("sqlite", "nats", "none", "metrics", "3.13"),
    ("postgresql", "memory", "jwt", "otel", "3.11"),
    ("postgresql", "none", "oidc", "metrics", "3.13"),
    ("postgresql", "redis", "none", "metrics", "3.13"),
    ("postgresql", "rabbitmq", "oidc", "none", "3.12"),
    ("postgresql", "nats", "jwt", "metrics", "3.13"),
    ("mysql", "memory", "oidc", "metrics", "3.12"),
    ("mysql", "none", "none", "otel", "3.13"),
    ("mysql", "redis", "jwt", "metrics", "3.13"),
    ("mysql", "rabbitmq", "none", "metrics", "3.11"),
    ("mysql", "nats", "oidc", "none", "3.13"),
]
FAST = [PAIRWISE[0], PAIRWISE[3], PAIRWISE[7], PAIRWISE[14]]


def variants() -> dict[str, dict[str, str]]:
    """The selected variants by id, as copier answers."""
    rows = FAST if os.environ.get("FASTMICRO_MATRIX", "full") == "fast" else PAIRWISE
    return {"-".join(row): dict(zip(FIELDS, row, strict=True)) for row in rows}
