"""Apply the Alembic migrations that ship inside the package (the start command does).

The configuration is built here rather than read from ``alembic.ini``, so that ``migrate``
works from any directory, including an installed package in a container.
"""

from alembic import command
from alembic.config import Config

# The top-level package of the service: its ``migrations`` folder holds the revisions.
PACKAGE = __name__.partition(".")[0]
SCRIPT_LOCATION = f"{PACKAGE}:migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = database_url
    # Alembic must not replace the service's logging configuration with its own.
    config.attributes["configure_logging"] = False
    return config


def upgrade_to_head(database_url: str) -> None:
    """Apply every pending revision, up to each head: revisions that a team adds for its own
    aggregates may branch off the template's, which keeps adding its own."""
    command.upgrade(alembic_config(database_url), "heads")
