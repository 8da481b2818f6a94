"""An AsyncAPI 3.0 document of the events this service publishes, built from the event classes.

Every subclass of ``DomainEvent`` that is imported (the domain modules are imported first) gets
a channel, a ``send`` operation and a message whose payload is the envelope, with the event's
own fields under ``data``: pydantic makes their JSON Schema from the dataclass, so a new event
class needs no hand-written schema.
"""

import dataclasses
import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic import TypeAdapter

from ...domain.events import DomainEvent
from ..discovery import import_submodules
from .envelope import Envelope

ASYNCAPI_VERSION = "3.0.0"
_REFS = "#/components/schemas/{model}"
_METADATA_FIELDS = ("event_id", "aggregate_id", "occurred_at")


@dataclass(frozen=True)
class Broker:
    """Where the messages go: the broker's protocol, its URL and the destination's name."""

    protocol: str
    url: str
    destination: str
    headers: Mapping[str, str]


def domain_events() -> list[type[DomainEvent]]:
    """Every concrete event class imported so far, after importing the domain, by name."""
    import_submodules(importlib.import_module(DomainEvent.__module__).__package__ or "")
    found: dict[str, type[DomainEvent]] = {}
    pending = list(DomainEvent.__subclasses__())
    while pending:
        event_type = pending.pop()
        pending.extend(event_type.__subclasses__())
        found[event_type.__name__] = event_type
    return [found[name] for name in sorted(found)]


def asyncapi_document(
    *, title: str, version: str, broker: Broker, events: Iterable[type[DomainEvent]]
) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event_type in events:
        name = event_type.__name__
        messages[name] = _message(event_type, broker, schemas)
        channels[name] = {
            "address": broker.destination,
            "description": f"{name} events",
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        operations[f"send{name}"] = {
            "action": "send",
            "summary": f"The outbox relay publishes each {name} once its change committed.",
            "channel": {"$ref": f"#/channels/{name}"},
            "messages": [{"$ref": f"#/channels/{name}/messages/{name}"}],
        }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": title,
            "version": version,
            "description": "The domain events this service publishes, through a transactional "
            "outbox: at least once, in order per aggregate.",
        },
        "defaultContentType": "application/json",
        "servers": {"broker": _server(broker)},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def _server(broker: Broker) -> dict[str, Any]:
    # Host and port only: the URL's credentials stay out of a public document.
    parts = urlsplit(broker.url)
    host = parts.netloc.rpartition("@")[2]
    return {"host": host, "protocol": broker.protocol}


def _message(
    event_type: type[DomainEvent], broker: Broker, schemas: dict[str, Any]
) -> dict[str, Any]:
    name = event_type.__name__
    return {
        "name": name,
        "title": name,
        "summary": (event_type.__doc__ or f"A {name} event").strip().splitlines()[0],
        "contentType": "application/json",
        "headers": {
            "type": "object",
            "properties": {
                header: {"type": "string", "description": description}
                for header, description in broker.headers.items()
            },
        },
        "payload": _envelope_schema(event_type, schemas),
    }


def _envelope_schema(event_type: type[DomainEvent], schemas: dict[str, Any]) -> dict[str, Any]:
    envelope = _schema(Envelope, schemas)
    properties = dict(envelope["properties"])
    properties["event_type"] = {"type": "string", "const": event_type.__name__}
    properties["schema_version"] = {"type": "integer", "const": event_type.schema_version}
    properties["data"] = _data_schema(event_type, schemas)
    return {**envelope, "title": f"{event_type.__name__} envelope", "properties": properties}


def _data_schema(event_type: type[DomainEvent], schemas: dict[str, Any]) -> dict[str, Any]:
    full = _schema(event_type, schemas)
    own = {field.name for field in dataclasses.fields(event_type)} - set(_METADATA_FIELDS)
    return {
        "type": "object",
        "title": f"{event_type.__name__} data",
        "properties": {key: value for key, value in full["properties"].items() if key in own},
        "required": [key for key in full.get("required", []) if key in own],
    }


def _schema(python_type: Any, schemas: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of what pydantic serialises; nested definitions go to ``schemas``."""
    schema = TypeAdapter(python_type).json_schema(mode="serialization", ref_template=_REFS)
    schemas.update(schema.pop("$defs", {}))
    return schema
