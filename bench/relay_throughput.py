"""Benchmark: how fast the outbox relay drains a backlog, for each broker.

For each broker it renders the template (SQLite unless --database-url says otherwise), installs
the rendered project, writes a backlog of events to its outbox and times the relay publishing
all of them to the real broker. Kafka is the Tansu broker the template's tests use (started
here on a free port, producer idempotence off, see ``tests/tansu.py``). Not part of the test
suite:

    uv run python bench/relay_throughput.py [--events 10000] [--batch-size 100] [BROKER ...]
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TEMPLATE))
from tests import tansu  # noqa: E402  (the template's own test helpers: Tansu for Kafka)

DRAIN = Path(__file__).with_name("drain_backlog.py")
UV = str(Path(sys.executable).with_name("uv"))
BROKER_URLS = {
    "redis": os.environ.get("FASTMICRO_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": os.environ.get("FASTMICRO_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"),
    "nats": os.environ.get("FASTMICRO_NATS_URL", "nats://127.0.0.1:4222"),
    "kafka": "",  # Tansu, started when asked for
}


def render(broker: str, database: str, workdir: Path) -> Path:
    destination = workdir / broker
    subprocess.run(
        [
            sys.executable,
            "-m",
            "copier",
            "copy",
            "--quiet",
            "--trust",
            "--defaults",
            "--vcs-ref",
            "HEAD",
            "--data",
            "project_name=Bench Service",
            "--data",
            f"event_publisher={broker}",
            "--data",
            f"database={database}",
            str(TEMPLATE),
            str(destination),
        ],
        check=True,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    subprocess.run([UV, "sync", "--quiet"], cwd=destination, check=True, env=env)
    return destination


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brokers", nargs="*", default=list(BROKER_URLS))
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--database-url", default="", help="default: a SQLite file")
    arguments = parser.parse_args()
    database = arguments.database_url.split("+")[0].split(":")[0] or "sqlite"

    with tempfile.TemporaryDirectory(prefix="fastmicro-bench-") as workdir:
        for broker in arguments.brokers:
            project = render(broker, database, Path(workdir))
            result = subprocess.run(
                [
                    str(project / ".venv" / "bin" / "python"),
                    str(DRAIN),
                    "--events",
                    str(arguments.events),
                    "--batch-size",
                    str(arguments.batch_size),
                ],
                cwd=project,
                env=os.environ
                | {
                    "BROKER_URL": BROKER_URLS[broker] or tansu.broker_url(),
                    "DATABASE_URL": arguments.database_url
                    or f"sqlite+aiosqlite:///{Path(workdir) / f'{broker}.db'}",
                },
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"{broker:9} {database:10} {result.stdout.strip()}", flush=True)


if __name__ == "__main__":
    main()
