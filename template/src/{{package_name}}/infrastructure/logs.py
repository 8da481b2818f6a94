"""Structured logs: one JSON object per line in production, readable lines in development.

The service, uvicorn, SQLAlchemy and Alembic all log through the standard library; structlog's
``ProcessorFormatter`` renders every record through the same processors, which add the
context bound for the current request (its ``request_id``) from a context variable.
"""

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal, TextIO

import structlog
from structlog.typing import Processor

LogFormat = Literal["json", "console"]
REQUEST_ID = "request_id"


def configure_logging(*, level: str, log_format: LogFormat, stream: TextIO = sys.stderr) -> None:
    """Route every log record, the libraries' included, to ``stream`` in ``log_format``."""
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _drop_color_message,
    ]
    renderer: list[Processor] = (
        [
            # Tracebacks as data, without the frames' local variables: they can hold secrets.
            structlog.processors.ExceptionRenderer(
                structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
            ),
            structlog.processors.JSONRenderer(),
        ]
        if log_format == "json"
        else [structlog.dev.ConsoleRenderer()]
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderer],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    # uvicorn's loggers would print a second, unstructured copy through their own handlers.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def _drop_color_message(
    logger: object, method_name: str, event_dict: structlog.typing.EventDict
) -> structlog.typing.EventDict:
    """uvicorn passes a terminal-coloured copy of some messages as an extra field."""
    event_dict.pop("color_message", None)
    return event_dict


@contextmanager
def request_context(request_id: str) -> Iterator[None]:
    """Every log line written inside the block carries ``request_id``."""
    with structlog.contextvars.bound_contextvars(**{REQUEST_ID: request_id}):
        yield
