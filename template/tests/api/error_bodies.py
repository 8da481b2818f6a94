"""The error body every endpoint answers with, checked the same way by every API test."""

from typing import Any

import httpx


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Check the standard error body; return it without the request id its details carry."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "message", "details"}
    assert body["error"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    assert body["details"].pop("request_id") == response.headers["x-request-id"]
    return body
