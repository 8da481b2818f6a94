"""The aggregates of this service: found in this package, not listed anywhere.

A module here that defines a repository with a ``key`` (see ``repositories``) registers its
aggregate: the unit of work opens that repository by key and the mapper maps the aggregate's
class onto its table. Adding an aggregate is adding its module; no hub changes.
"""

from typing import Any

from sqlalchemy import MetaData

from ..discovery import import_submodules
from .repositories import SqlAlchemyRepository, registered_repository_types
from .tables import mapper_registry, metadata


def load_aggregates() -> dict[str, type[SqlAlchemyRepository[Any, Any]]]:
    """Import every module of this package; the repository class of each aggregate, by key."""
    import_submodules(__name__.rpartition(".")[0])
    return registered_repository_types()


def start_mappers() -> None:
    """Map every aggregate's class onto its table; safe to call more than once."""
    mapped = {mapper.class_ for mapper in mapper_registry.mappers}
    for repository_type in load_aggregates().values():
        if repository_type.entity_type not in mapped:
            repository_type.map_entity(mapper_registry)


def loaded_metadata() -> MetaData:
    """The metadata, with the table of every aggregate in it (what migrations compare with)."""
    load_aggregates()
    return metadata
