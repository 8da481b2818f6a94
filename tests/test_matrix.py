"""The matrix really covers every value and every pair it claims to."""

from itertools import combinations
from pathlib import Path

import yaml

from .matrix import FAST, FIELDS, PAIRWISE

ROOT = Path(__file__).parents[1]


def choices() -> dict[str, set[str]]:
    documents = list(yaml.safe_load_all((ROOT / "copier.yml").read_text().replace("!include", "#")))
    questions = {
        key: value for document in documents if document for key, value in document.items()
    }
    listed = {
        field: ["true", "false"]
        if questions[field]["type"] == "bool"
        else questions[field]["choices"]
        for field in FIELDS
    }
    return {
        field: set(values.values() if isinstance(values, dict) else values)
        for field, values in listed.items()
    }


def test_every_value_of_every_question_is_rendered() -> None:
    for position, field in enumerate(FIELDS):
        assert {row[position] for row in PAIRWISE} == choices()[field], field


def test_every_pair_of_database_event_publisher_and_auth_is_rendered() -> None:
    values = choices()
    for (i, first), (j, second) in combinations(enumerate(FIELDS[:3]), 2):
        wanted = {(a, b) for a in values[first] for b in values[second]}
        assert {(row[i], row[j]) for row in PAIRWISE} == wanted, (first, second)


def test_the_fast_subset_has_the_defaults_and_each_server_and_broker() -> None:
    assert FAST[0] == ("sqlite", "memory", "none", "metrics", "3.13", "true")
    assert {row[0] for row in FAST} == {"sqlite", "postgresql", "mysql"}
    assert {"redis", "rabbitmq", "nats", "kafka"} <= {row[1] for row in FAST}
