from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from ...domain.items import Item
from ..dependencies import ExpectedVersionDep, ItemServiceDep
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


@router.post("", status_code=status.HTTP_201_CREATED, responses=CONFLICT)
async def create_item(
    body: ItemCreate, service: ItemServiceDep, request: Request, response: Response
) -> ItemResponse:
    item = await service.create_item(name=body.name, description=body.description, price=body.price)
    response.headers["Location"] = str(request.url_for("get_item", item_id=item.id))
    return _with_etag(item, response)


@router.get("")
async def list_items(
    service: ItemServiceDep,
    skip: Annotated[int, Query(ge=0, le=MAX_SKIP)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> ItemPageResponse:
    page = await service.list_items(skip=skip, limit=limit)
    return ItemPageResponse(
        items=[ItemResponse.model_validate(item) for item in page.items],
        total=page.total,
        skip=page.skip,
        limit=page.limit,
    )


@router.get("/{item_id}", responses=NOT_FOUND)
async def get_item(item_id: UUID, service: ItemServiceDep, response: Response) -> ItemResponse:
    return _with_etag(await service.get_item(item_id), response)


@router.put("/{item_id}", responses=NOT_FOUND | CONFLICT)
async def replace_item(
    item_id: UUID,
    body: ItemReplace,
    service: ItemServiceDep,
    expected_version: ExpectedVersionDep,
    response: Response,
) -> ItemResponse:
    item = await service.update_item(
        item_id,
        {"name": body.name, "description": body.description, "price": body.price},
        expected_version=expected_version,
    )
    return _with_etag(item, response)


@router.patch("/{item_id}", responses=NOT_FOUND | CONFLICT)
async def patch_item(
    item_id: UUID,
    body: ItemPatch,
    service: ItemServiceDep,
    expected_version: ExpectedVersionDep,
    response: Response,
) -> ItemResponse:
    item = await service.update_item(item_id, body.changes(), expected_version=expected_version)
    return _with_etag(item, response)


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND | CONFLICT)
async def delete_item(
    item_id: UUID, service: ItemServiceDep, expected_version: ExpectedVersionDep
) -> None:
    await service.delete_item(item_id, expected_version=expected_version)


def _with_etag(item: Item, response: Response) -> ItemResponse:
    """The item's body; its version, as a strong ETag, goes to the header for If-Match."""
    response.headers["ETag"] = f'"{item.version}"'
    return ItemResponse.model_validate(item)
