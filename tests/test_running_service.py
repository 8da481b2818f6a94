"""The default service, started with its README command as a real process, serves real HTTP."""

import re
import signal
import socket
import subprocess
import time

import httpx

from .rendered import UV


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def readme_command(readme: str, section: str) -> list[str]:
    """The one command in the ```bash block under the README heading ``section``."""
    block = re.search(rf"## {section}\n.*?```bash\n(.*?)```", readme, re.DOTALL)
    assert block, f"no bash block under '## {section}'"
    (line,) = [line for line in block.group(1).splitlines() if line.strip()]
    return line.split()


def wait_until_ready(url: str, process: subprocess.Popen[str], deadline: float) -> httpx.Response:
    while time.monotonic() < deadline:
        assert process.poll() is None, (
            f"the service exited early:\n{process.stdout and process.stdout.read()}"
        )
        try:
            response = httpx.get(url, timeout=1)
            if response.status_code == 200:
                return response
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} was not ready in time")


def test_the_readme_command_serves_the_api_and_stops_cleanly(render) -> None:  # type: ignore[no-untyped-def]
    project = render()
    command = readme_command(project.read("README.md"), "Run it")
    assert command[:2] == ["uv", "run"]
    port = free_port()
    env = project.env(INVENTORY_SERVICE_PORT=str(port))
    process = subprocess.Popen(
        [UV, *command[1:]],
        cwd=project.path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        ready = wait_until_ready(f"{base}/health/ready", process, time.monotonic() + 180)
        assert ready.json() == {"status": "ok", "checks": {"database": "ok"}}

        created = httpx.post(f"{base}/items", json={"name": "Widget", "price": "4.20"})
        assert created.status_code == 201, created.text
        fetched = httpx.get(created.headers["location"])
        assert fetched.status_code == 200
        assert fetched.json() == created.json()
        missing = httpx.get(f"{base}/items/00000000-0000-0000-0000-000000000000")
        assert missing.status_code == 404
        assert set(missing.json()) == {"error", "message", "details"}
    finally:
        process.send_signal(signal.SIGTERM)  # uv passes it on to the server
        output, _ = process.communicate(timeout=60)

    # uvicorn shuts down gracefully, then re-raises SIGTERM: 128 + 15 is a clean stop.
    assert process.returncode in (0, 128 + signal.SIGTERM), output
    assert "Application shutdown complete" in output
    assert "Traceback" not in output
    assert (project.path / "inventory_service.db").is_file()
