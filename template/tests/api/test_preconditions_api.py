"""Optimistic concurrency over HTTP, as every aggregate's writes have it (here on the tests' own
Specimen): the version as a strong ETag, and If-Match to change only that version."""

from typing import Any

import httpx
import pytest

from ..specimens.api import WIDGET
from .error_bodies import assert_error


async def create(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/specimens", json=WIDGET)
    assert response.status_code == 201, response.text
    assert response.headers["etag"] == '"1"'
    body: dict[str, Any] = response.json()
    return body


async def test_a_write_with_the_current_etag_succeeds_and_answers_the_next_one(
    client: httpx.AsyncClient,
) -> None:
    created = await create(client)

    response = await client.patch(
        f"/specimens/{created['id']}", json={"note": "checked"}, headers={"If-Match": '"1"'}
    )

    assert response.status_code == 200
    assert response.headers["etag"] == '"2"'
    assert (await client.get(f"/specimens/{created['id']}")).headers["etag"] == '"2"'


async def test_a_write_against_an_old_etag_is_409_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    created = await create(client)
    await client.patch(f"/specimens/{created['id']}", json={"amount": "2.00"})

    response = await client.patch(
        f"/specimens/{created['id']}", json={"amount": "3.00"}, headers={"If-Match": '"1"'}
    )

    body = assert_error(response, 409, "conflict")
    assert body["details"] == {"expected_version": 1, "current_version": 2}
    assert (await client.get(f"/specimens/{created['id']}")).json()["amount"] == "2.00"


async def test_if_match_star_accepts_any_version(client: httpx.AsyncClient) -> None:
    created = await create(client)
    await client.patch(f"/specimens/{created['id']}", json={"amount": "2.00"})

    response = await client.patch(
        f"/specimens/{created['id']}", json={"amount": "3.00"}, headers={"If-Match": "*"}
    )

    assert response.status_code == 200
    assert response.headers["etag"] == '"3"'


@pytest.mark.parametrize("if_match", ["1", 'W/"1"', '"1", "2"', '"x"'])
async def test_a_malformed_if_match_is_422(client: httpx.AsyncClient, if_match: str) -> None:
    created = await create(client)

    response = await client.patch(
        f"/specimens/{created['id']}", json={"amount": "3.00"}, headers={"If-Match": if_match}
    )

    body = assert_error(response, 422, "validation_error")
    assert [error["location"] for error in body["details"]["errors"]] == [["header", "if-match"]]
