"""Structured logs: one JSON object per line in production, readable lines in development.

structlog loggers, the access log among them, take structlog's native path: a call below the
level returns at once, and a line is rendered by the processors and written in one go. Records
of the standard library (uvicorn, SQLAlchemy, Alembic, the service's ``logging`` loggers) go
through ``ProcessorFormatter`` and the same processors, so both kinds of line have one shape.
Either way the context bound for the current request (its ``request_id``) is added from a
context variable.
"""

import logging
import sys
from collections.abc import Mapping
from contextvars import Token
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

import orjson
import structlog
from structlog.typing import EventDict, Processor

LogFormat = Literal["json", "console"]
REQUEST_ID = "request_id"


def configure_logging(*, level: str, log_format: LogFormat, stream: TextIO = sys.stderr) -> None:
    """Route every log record, the libraries' included, to ``stream`` in ``log_format``."""
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        _add_timestamp if log_format == "json" else structlog.processors.TimeStamper(fmt="iso"),
    ]
    renderer: list[Processor] = (
        [
            # Tracebacks as data, without the frames' local variables: they can hold secrets.
            structlog.processors.ExceptionRenderer(
                structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
            ),
            structlog.processors.JSONRenderer(serializer=_json_line),
        ]
        if log_format == "json"
        else [structlog.dev.ConsoleRenderer()]
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder(), _drop_color_message],
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
        processors=[*shared, *renderer],
        wrapper_class=structlog.make_filtering_bound_logger(root.level),
        logger_factory=_LineLoggerFactory(stream),
        # Not cached: a logger made at import time follows a later configure_logging.
        cache_logger_on_first_use=False,
    )


class _LineLogger(structlog.WriteLogger):
    """Writes rendered lines to the stream of the standard library's handler, under a name."""

    def __init__(self, stream: TextIO, name: str) -> None:
        super().__init__(stream)
        self.name = name


class _LineLoggerFactory:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        # Names as the standard library's would be: the argument, else the caller's module.
        self._names = structlog.stdlib.LoggerFactory(ignore_frame_names=[__name__])

    def __call__(self, *args: object) -> _LineLogger:
        name = args[0] if args and isinstance(args[0], str) else self._names().name
        return _LineLogger(self._stream, name)


def _json_line(event_dict: EventDict, **options: Any) -> str:
    """The JSON of a line, by orjson: a few times faster than the standard library's ``json``.

    Keys that are not strings are written as strings, as ``json.dumps`` does.
    """
    return orjson.dumps(event_dict, option=_JSON_OPTIONS, **options).decode()


_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z  # UTC as "Z", as TimeStamper writes it


def _add_timestamp(logger: object, method_name: str, event_dict: EventDict) -> EventDict:
    """TimeStamper's ISO time in UTC, left for orjson to write: faster than formatting it here."""
    event_dict["timestamp"] = datetime.now(UTC)
    return event_dict


def _drop_color_message(logger: object, method_name: str, event_dict: EventDict) -> EventDict:
    """uvicorn passes a terminal-coloured copy of some messages as an extra field."""
    event_dict.pop("color_message", None)
    return event_dict


def request_context(request_id: str) -> "_RequestContext":
    """Every log line written inside the block carries ``request_id``."""
    return _RequestContext(request_id)


class _RequestContext:
    # A class, not a @contextmanager generator: every request enters one.
    def __init__(self, request_id: str) -> None:
        self._request_id = request_id
        self._tokens: Mapping[str, Token[Any]] = {}

    def __enter__(self) -> None:
        self._tokens = structlog.contextvars.bind_contextvars(**{REQUEST_ID: self._request_id})

    def __exit__(self, *exc_info: object) -> None:
        structlog.contextvars.reset_contextvars(**self._tokens)
