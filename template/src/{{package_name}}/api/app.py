"""The application factory and its lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from ..settings import Settings, get_settings
from .container import Container
from .errors import register_exception_handlers
from .request_id import RequestIdMiddleware
from .routers import health, items


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Container]]:
        container = Container.create(settings)
        try:
            yield {"container": container}
        finally:
            await container.aclose()

    app = FastAPI(title=settings.service_name, lifespan=lifespan)
    register_exception_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health.router)
    app.include_router(items.router)
    return app
