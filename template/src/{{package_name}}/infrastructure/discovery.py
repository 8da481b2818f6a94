"""Finding the modules of a package, so that hubs need no list of them."""

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any


@cache
def import_submodules(package: str) -> tuple[ModuleType, ...]:
    """Every module of ``package`` (a dotted name), imported, in name order.

    Modules whose name starts with an underscore are left out.
    """
    path = importlib.import_module(package).__path__
    names = sorted(info.name for info in pkgutil.iter_modules(path))
    return tuple(
        importlib.import_module(f"{package}.{name}") for name in names if not name.startswith("_")
    )


def functions_named(name: str, package: str) -> list[Callable[..., Any]]:
    """The function ``name`` of every module of ``package`` that has one, in module order."""
    found = (getattr(module, name, None) for module in import_submodules(package))
    return [function for function in found if callable(function)]
