from fastapi import Response
from pydantic import BaseModel


def json_response(
    body: BaseModel, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """Serialise ``body`` once, straight to JSON bytes.

    Returning a model instead would make FastAPI validate it again against the response model,
    turn it into Python objects and only then into JSON. The routes still declare their
    ``response_model`` for the OpenAPI document.
    """
    return Response(
        body.model_dump_json(),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )
