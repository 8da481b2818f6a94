from typing import Any
from uuid import uuid4

import httpx
import pytest

WIDGET = {"name": "Widget", "description": "A blue widget", "price": "9.99"}


async def create(client: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    response = await client.post("/items", json=WIDGET | overrides)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Check the standard error body; return it without the request id its details carry."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "message", "details"}
    assert body["error"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    assert body["details"].pop("request_id") == response.headers["x-request-id"]
    return body


async def test_post_creates_an_item_and_points_to_it(client: httpx.AsyncClient) -> None:
    response = await client.post("/items", json=WIDGET)

    assert response.status_code == 201
    item = response.json()
    assert response.headers["location"] == f"http://testserver/items/{item['id']}"
    assert {k: item[k] for k in WIDGET} == WIDGET
    assert item["version"] == 1
    assert item["created_at"] == item["updated_at"]


async def test_get_returns_the_item(client: httpx.AsyncClient) -> None:
    created = await create(client)

    response = await client.get(f"/items/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created


async def test_get_of_an_unknown_item_is_404(client: httpx.AsyncClient) -> None:
    item_id = str(uuid4())

    body = assert_error(await client.get(f"/items/{item_id}"), 404, "not_found")

    assert body["details"] == {"id": item_id}


async def test_get_with_an_id_that_is_not_a_uuid_is_422(client: httpx.AsyncClient) -> None:
    body = assert_error(await client.get("/items/42"), 422, "validation_error")

    assert body["details"]["errors"][0]["location"] == ["path", "item_id"]


async def test_a_duplicate_name_is_409(client: httpx.AsyncClient) -> None:
    await create(client)

    body = assert_error(await client.post("/items", json=WIDGET), 409, "conflict")

    assert body["details"] == {"name": "Widget"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (WIDGET | {"price": "0"}, "price"),
        (WIDGET | {"price": "-3"}, "price"),
        (WIDGET | {"price": "1.001"}, "price"),
        (WIDGET | {"price": "a lot"}, "price"),
        (WIDGET | {"name": ""}, "name"),
        (WIDGET | {"name": "x" * 201}, "name"),
        ({"description": "no name, no price"}, "name"),
        (WIDGET | {"colour": "blue"}, "colour"),
    ],
)
async def test_an_invalid_item_is_422_naming_the_field(
    client: httpx.AsyncClient, payload: dict[str, Any], field: str
) -> None:
    body = assert_error(await client.post("/items", json=payload), 422, "validation_error")

    assert field in [error["location"][-1] for error in body["details"]["errors"]]


async def test_a_body_that_is_not_json_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/items", content=b"{not json", headers={"content-type": "application/json"}
    )

    assert_error(response, 422, "validation_error")


async def test_a_name_of_blanks_passes_the_schema_but_not_the_domain(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/items", json=WIDGET | {"name": "   "})

    body = assert_error(response, 422, "validation_error")

    assert body["details"] == {"field": "name"}


async def test_the_list_is_a_page_with_the_total(client: httpx.AsyncClient) -> None:
    for number in range(3):
        await create(client, name=f"Item {number}")

    response = await client.get("/items", params={"skip": 1, "limit": 1})

    assert response.status_code == 200
    page = response.json()
    assert (page["total"], page["skip"], page["limit"]) == (3, 1, 1)
    assert [item["name"] for item in page["items"]] == ["Item 1"]


async def test_the_list_defaults_to_twenty_items(client: httpx.AsyncClient) -> None:
    page = (await client.get("/items")).json()

    assert (page["items"], page["total"], page["skip"], page["limit"]) == ([], 0, 0, 20)


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"skip": -1}, {"skip": 2**31}, {"skip": 10**30}, {"limit": "x"}],
)
async def test_the_page_bounds_are_enforced(
    client: httpx.AsyncClient, params: dict[str, Any]
) -> None:
    assert_error(await client.get("/items", params=params), 422, "validation_error")


async def test_the_largest_page_is_accepted(client: httpx.AsyncClient) -> None:
    assert (await client.get("/items", params={"limit": 100})).status_code == 200


async def test_put_replaces_every_field(client: httpx.AsyncClient) -> None:
    created = await create(client)

    response = await client.put(
        f"/items/{created['id']}", json={"name": "Gadget", "price": "20.00"}
    )

    assert response.status_code == 200
    item = response.json()
    assert (item["name"], item["description"], item["price"], item["version"]) == (
        "Gadget",
        None,
        "20.00",
        2,
    )


async def test_put_needs_the_whole_item(client: httpx.AsyncClient) -> None:
    created = await create(client)

    response = await client.put(f"/items/{created['id']}", json={"name": "Gadget"})

    assert_error(response, 422, "validation_error")


async def test_put_of_an_unknown_item_is_404(client: httpx.AsyncClient) -> None:
    assert_error(await client.put(f"/items/{uuid4()}", json=WIDGET), 404, "not_found")


async def test_patch_changes_only_the_given_fields(client: httpx.AsyncClient) -> None:
    created = await create(client)

    response = await client.patch(f"/items/{created['id']}", json={"price": "10.50"})

    assert response.status_code == 200
    item = response.json()
    assert (item["name"], item["description"], item["price"], item["version"]) == (
        "Widget",
        "A blue widget",
        "10.50",
        2,
    )


async def test_patch_can_clear_the_description(client: httpx.AsyncClient) -> None:
    created = await create(client)

    response = await client.patch(f"/items/{created['id']}", json={"description": None})

    assert response.json()["description"] is None


@pytest.mark.parametrize("payload", [{"name": None}, {"price": None}, {"price": "0"}])
async def test_patch_rejects_invalid_values(
    client: httpx.AsyncClient, payload: dict[str, Any]
) -> None:
    created = await create(client)

    response = await client.patch(f"/items/{created['id']}", json=payload)

    assert_error(response, 422, "validation_error")


async def test_patch_onto_another_items_name_is_409(client: httpx.AsyncClient) -> None:
    await create(client)
    gadget = await create(client, name="Gadget")

    response = await client.patch(f"/items/{gadget['id']}", json={"name": "Widget"})

    assert_error(response, 409, "conflict")


async def test_patch_of_an_unknown_item_is_404(client: httpx.AsyncClient) -> None:
    assert_error(await client.patch(f"/items/{uuid4()}", json={"name": "x"}), 404, "not_found")


async def test_delete_removes_the_item(client: httpx.AsyncClient) -> None:
    created = await create(client)

    response = await client.delete(f"/items/{created['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert_error(await client.get(f"/items/{created['id']}"), 404, "not_found")


async def test_delete_of_an_unknown_item_is_404(client: httpx.AsyncClient) -> None:
    assert_error(await client.delete(f"/items/{uuid4()}"), 404, "not_found")


async def test_reads_and_writes_carry_the_version_as_an_etag(client: httpx.AsyncClient) -> None:
    response = await client.post("/items", json=WIDGET)
    item_id = response.json()["id"]
    assert response.headers["etag"] == '"1"'

    assert (await client.get(f"/items/{item_id}")).headers["etag"] == '"1"'
    patched = await client.patch(f"/items/{item_id}", json={"price": "1.00"})
    assert patched.headers["etag"] == '"2"'


async def test_a_write_with_the_current_etag_succeeds(client: httpx.AsyncClient) -> None:
    created = await create(client)

    response = await client.put(
        f"/items/{created['id']}", json=WIDGET | {"price": "5.00"}, headers={"If-Match": '"1"'}
    )

    assert response.status_code == 200
    assert response.headers["etag"] == '"2"'


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_a_write_against_an_old_etag_is_409(client: httpx.AsyncClient, method: str) -> None:
    created = await create(client)
    await client.patch(f"/items/{created['id']}", json={"price": "2.00"})

    response = await client.request(
        method, f"/items/{created['id']}", json=WIDGET, headers={"If-Match": '"1"'}
    )

    body = assert_error(response, 409, "conflict")
    assert body["details"] == {"expected_version": 1, "current_version": 2}
    assert (await client.get(f"/items/{created['id']}")).json()["price"] == "2.00"


async def test_if_match_star_accepts_any_version(client: httpx.AsyncClient) -> None:
    created = await create(client)

    response = await client.delete(f"/items/{created['id']}", headers={"If-Match": "*"})

    assert response.status_code == 204


@pytest.mark.parametrize("if_match", ["1", 'W/"1"', '"1", "2"', '"x"'])
async def test_a_malformed_if_match_is_422(client: httpx.AsyncClient, if_match: str) -> None:
    created = await create(client)

    response = await client.patch(
        f"/items/{created['id']}", json={"price": "3.00"}, headers={"If-Match": if_match}
    )

    body = assert_error(response, 422, "validation_error")
    assert body["details"] == {"header": "If-Match"}
