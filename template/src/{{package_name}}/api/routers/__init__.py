"""The HTTP routers: one module per aggregate or concern, each with a ``router``.

The app includes the router of every module here (``all_routers``); adding a module is all it
takes to serve its routes.
"""

from fastapi import APIRouter

from ...infrastructure.discovery import import_submodules


def all_routers() -> list[APIRouter]:
    """The ``router`` of every module of this package, in module name order."""
    routers = (getattr(module, "router", None) for module in import_submodules(__name__))
    return [router for router in routers if isinstance(router, APIRouter)]
