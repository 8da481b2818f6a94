from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from ...domain.items import Item
from ..dependencies import ExpectedVersionDep, ItemServiceDep
from ..responses import json_response
from ..schemas import (
    ErrorResponse,
    ItemCreate,
    ItemPageResponse,
    ItemPatch,
    ItemReplace,
    ItemResponse,
)

MAX_PAGE_SIZE = 100
MAX_SKIP = 2**31 - 1  # beyond what every supported database takes as an OFFSET

router = APIRouter(
    prefix="/items",
    tags=["items"],
    responses={
        422: {"model": ErrorResponse, "description": "The request is not valid"},
        503: {"model": ErrorResponse, "description": "The database is unavailable; retry later"},
    },
)
Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"model": ErrorResponse, "description": "No item has this id"}}
CONFLICT: Responses = {
    409: {
        "model": ErrorResponse,
        "description": "Another item has this name, or If-Match names an old version",
    }
}


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=ItemResponse, responses=CONFLICT
)
async def create_item(body: ItemCreate, service: ItemServiceDep, request: Request) -> Response:
    item = await service.create_item(name=body.name, description=body.description, price=body.price)
    location = str(request.url_for("get_item", item_id=item.id))
    return item_response(item, status.HTTP_201_CREATED, {"Location": location})


@router.get("", response_model=ItemPageResponse)
async def list_items(
    service: ItemServiceDep,
    skip: Annotated[int, Query(ge=0, le=MAX_SKIP)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> Response:
    page = await service.list_items(skip=skip, limit=limit)
    body = ItemPageResponse(
        items=[ItemResponse.model_validate(item) for item in page.items],
        total=page.total,
        skip=page.skip,
        limit=page.limit,
    )
    return json_response(body)


@router.get("/{item_id}", response_model=ItemResponse, responses=NOT_FOUND)
async def get_item(item_id: UUID, service: ItemServiceDep) -> Response:
    return item_response(await service.get_item(item_id))


@router.put("/{item_id}", response_model=ItemResponse, responses=NOT_FOUND | CONFLICT)
async def replace_item(
    item_id: UUID, body: ItemReplace, service: ItemServiceDep, expected_version: ExpectedVersionDep
) -> Response:
    item = await service.update_item(
        item_id,
        {"name": body.name, "description": body.description, "price": body.price},
        expected_version=expected_version,
    )
    return item_response(item)


@router.patch("/{item_id}", response_model=ItemResponse, responses=NOT_FOUND | CONFLICT)
async def patch_item(
    item_id: UUID, body: ItemPatch, service: ItemServiceDep, expected_version: ExpectedVersionDep
) -> Response:
    item = await service.update_item(item_id, body.changes(), expected_version=expected_version)
    return item_response(item)


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND | CONFLICT)
async def delete_item(
    item_id: UUID, service: ItemServiceDep, expected_version: ExpectedVersionDep
) -> None:
    await service.delete_item(item_id, expected_version=expected_version)


def item_response(
    item: Item, status_code: int = status.HTTP_200_OK, headers: dict[str, str] | None = None
) -> Response:
    """The item's body, with its version as a strong ETag for If-Match."""
    etag = {"ETag": f'"{item.version}"'}
    return json_response(ItemResponse.model_validate(item), status_code, etag | (headers or {}))
