"""Every dependency the routers use, as an ``Annotated`` alias. All are async: a sync
dependency would cost a thread-pool hop per request."""

from typing import Annotated, cast

from fastapi import Depends, Request

from ..application.items import ItemService
from .container import Container


async def get_container(request: Request) -> Container:
    return cast(Container, request.state.container)


ContainerDep = Annotated[Container, Depends(get_container)]


async def get_item_service(container: ContainerDep) -> ItemService:
    return container.item_service()


ItemServiceDep = Annotated[ItemService, Depends(get_item_service)]
