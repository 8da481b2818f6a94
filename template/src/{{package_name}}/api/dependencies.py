"""Every dependency the routers use, as an ``Annotated`` alias. All are async: a sync
dependency would cost a thread-pool hop per request."""

import re
from typing import Annotated, cast

from fastapi import Depends, Header, Request

from ..application.items import ItemService
from ..domain.errors import ValidationError
from .container import Container

_STRONG_ETAG = re.compile(r'\s*"(\d{1,18})"\s*')


async def get_container(request: Request) -> Container:
    return cast(Container, request.state.container)


ContainerDep = Annotated[Container, Depends(get_container)]


async def get_item_service(container: ContainerDep) -> ItemService:
    return container.item_service()


ItemServiceDep = Annotated[ItemService, Depends(get_item_service)]


async def get_expected_version(
    if_match: Annotated[str | None, Header(description='An ETag, e.g. "3", or *')] = None,
) -> int | None:
    """The version an ``If-Match`` header requires; None when any version will do."""
    if if_match is None or if_match.strip() == "*":
        return None
    etag = _STRONG_ETAG.fullmatch(if_match)
    if etag is None:
        raise ValidationError(
            'If-Match must be * or one strong ETag as the ETag header sends it, such as "3".',
            details={"header": "If-Match"},
        )
    return int(etag.group(1))


ExpectedVersionDep = Annotated[int | None, Depends(get_expected_version)]
