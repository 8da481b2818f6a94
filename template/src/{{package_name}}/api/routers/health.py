from fastapi import APIRouter

from ...application.errors import ServiceUnavailableError
from ..dependencies import ContainerDep
from ..schemas.common import ErrorResponse, HealthResponse

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
async def live() -> HealthResponse:
    """The process is up and serving HTTP."""
    return HealthResponse(status="ok")


@router.get("/ready", responses={503: {"model": ErrorResponse}})
async def ready(container: ContainerDep) -> HealthResponse:
    """The service can do its work: the database answers."""
    if not await container.database_is_ready():
        raise ServiceUnavailableError(
            "The database is not reachable.", details={"checks": {"database": "unavailable"}}
        )
    return HealthResponse(status="ok", checks={"database": "ok"})
