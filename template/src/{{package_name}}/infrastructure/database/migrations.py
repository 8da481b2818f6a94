"""Apply the Alembic migrations of ``migrations/`` from code (the start command does)."""

from pathlib import Path

from alembic import command
from alembic.config import Config


def upgrade_to_head(database_url: str, *, config_file: Path = Path("alembic.ini")) -> None:
    if not config_file.is_file():
        raise FileNotFoundError(
            f"{config_file.resolve()} does not exist: run the command from the project root"
        )
    config = Config(str(config_file))
    config.attributes["database_url"] = database_url
    # Alembic must not replace the service's logging configuration with its own.
    config.attributes["configure_logging"] = False
    command.upgrade(config, "head")
