"""Finding the modules of a package, so that hubs need no list of them."""

import importlib
import pkgutil
from functools import cache
from types import ModuleType


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
