"""Benchmark: the rendered service against a hand-written FastAPI + SQLAlchemy baseline.

One command, from the template repository: ``uv run python bench/run.py``. It renders the
postgresql and sqlite variants, migrates and seeds each, starts the rendered service and the
baseline (bench/baseline_app.py) under the same production server settings and pool size on the
same database, and drives the same wrk load at both, interleaved, for each workload. It prints
requests/s, p50 and p99 for each and the ratio rendered/baseline, plus the copy time, the
rendered default suite's time and the idle memory of the service. Needs wrk and the database
servers of DESIGN.md section 4.
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml
from copier import run_copy

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PACKAGE = "bench_service"
SERVERS = {
    "postgresql": os.environ.get(
        "FASTMICRO_POSTGRESQL_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    ),
    "sqlite": "",
}
WORKLOADS = {
    "GET /items/{id}": "get_by_id.lua",
    "GET /items?limit=20": "list.lua",
    "POST /items": "create.lua",
}
# Workloads on the generated aggregate Note (bench/note.yml, Item's fields), measured on the
# rendered service interleaved with the same workload on Item: the generated code against the
# template's own.
GENERATED_WORKLOADS = {"GET by id": "get_by_id.lua", "POST (create)": "create.lua"}
UV = str(Path(sys.executable).with_name("uv"))


@dataclass
class Run:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    failures: int


def sh(*command: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def project_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    python = os.environ.get(
        "FASTMICRO_BENCH_PYTHON", getattr(sys, "_base_executable", sys.executable)
    )
    return env | {"UV_PYTHON": python, "UV_PYTHON_DOWNLOADS": "never"} | extra


def render(database: str, destination: Path) -> float:
    started = time.perf_counter()
    run_copy(
        str(ROOT),
        destination,
        data={"project_name": "Bench Service", "database": database},
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        quiet=True,
    )
    elapsed = time.perf_counter() - started
    run_copy(
        str(ROOT),
        destination,
        data=yaml.safe_load((BENCH / "note.yml").read_text()),
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        quiet=True,
    )
    sh(UV, "sync", "--quiet", cwd=destination, env=project_env())
    shutil.copy(BENCH / "baseline_app.py", destination)
    shutil.copy(BENCH / "seed.py", destination)
    return elapsed


def prepare_database(project: Path, database: str, items: int) -> tuple[str, Path]:
    """A fresh database of this run's own, migrated and seeded with items and as many notes;
    returns its URL and the file of item ids (the notes' are in ``notes.txt`` beside it)."""
    python = str(project / ".venv" / "bin" / "python")
    url = sh(
        python,
        "-c",
        "import asyncio, sys; from tests.databases import new_database_url, create_database;"
        "url = new_database_url(sys.argv[1]); asyncio.run(create_database(url)); print(url)",
        SERVERS[database],
        cwd=project,
        env=project_env(),
    ).strip()
    env = project_env(DATABASE_URL=url)
    sh(str(project / ".venv" / "bin" / "bench-service"), "migrate", cwd=project, env=env)
    ids = project / "ids.txt"
    ids.write_text(sh(python, "seed.py", PACKAGE, str(items), cwd=project, env=env))
    notes = sh(python, "seed.py", PACKAGE, str(items), "notes", "Note", cwd=project, env=env)
    (project / "notes.txt").write_text(notes)
    return url, ids


def drop_database(project: Path, url: str) -> None:
    sh(
        str(project / ".venv" / "bin" / "python"),
        "-c",
        "import asyncio, sys; from tests.databases import drop_database;"
        "asyncio.run(drop_database(sys.argv[1]))",
        url,
        cwd=project,
        env=project_env(),
    )


class Server:
    """One process serving HTTP on ``port``; its output goes to ``log``."""

    def __init__(self, project: Path, command: list[str], env: dict[str, str], port: int) -> None:
        self.port = port
        self.log = project / f"server-{port}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/items?limit=1", timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"{command} exited:\n{self.log.read_text()}") from None
                time.sleep(0.2)
        raise SystemExit(f"{command} did not start")

    @classmethod
    def rendered(cls, project: Path, env: dict[str, str]) -> "Server":
        """The rendered service as production starts it: its own ``serve`` command (uvicorn, one
        worker; uvloop and httptools, which uvicorn[standard] installs), its logging set up
        (JSON lines, one access line per request at the default level ``info``)."""
        port = free_port()
        prefix = f"{PACKAGE.upper()}_"
        env = env | {
            f"{prefix}HOST": "127.0.0.1",
            f"{prefix}PORT": str(port),
            f"{prefix}ENVIRONMENT": "production",
            f"{prefix}MIGRATE_ON_START": "false",
        }
        return cls(project, [str(project / ".venv" / "bin" / "bench-service"), "serve"], env, port)

    @classmethod
    def baseline(cls, project: Path, env: dict[str, str]) -> "Server":
        """The baseline under the same server: uvicorn, one worker, uvloop and httptools."""
        port = free_port()
        command = [
            str(project / ".venv" / "bin" / "uvicorn"),
            "baseline_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        return cls(project, command, env, port)

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@dataclass
class Target:
    """What one side of a comparison loads: a server, the ids file and the collection."""

    url: str
    ids: Path
    collection: str = "items"


def wrk(target: Target, script: str, seconds: float, connections: int, tag: str) -> Run:
    output = sh(
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "-s",
        str(BENCH / "wrk" / script),
        target.url,
        "--",
        str(target.ids),
        tag,
        cwd=BENCH,
        env=os.environ
        | {"BENCH_WRK_DIR": str(BENCH / "wrk"), "BENCH_COLLECTION": target.collection},
    )
    fields = dict(re.findall(r"(\w+)=(\d+)", output.split("BENCH", 1)[1]))
    seconds_run = int(fields["duration_us"]) / 1e6
    return Run(
        requests_per_second=int(fields["requests"]) / seconds_run,
        p50_ms=int(fields["p50_us"]) / 1000,
        p99_ms=int(fields["p99_us"]) / 1000,
        failures=int(fields["socket_errors"]) + int(fields["non_2xx"]),
    )


def bench_database(database: str, workdir: Path, options: argparse.Namespace) -> list[str]:
    project = workdir / database
    copy_seconds = render(database, project)
    url, ids = prepare_database(project, database, options.items)
    pool = {"BENCH_POOL_SIZE": str(options.pool), "BENCH_POOL_OVERFLOW": "0"}
    prefix = f"{PACKAGE.upper()}_"
    rendered_env = project_env(
        DATABASE_URL=url,
        **{
            f"{prefix}DATABASE_POOL_SIZE": str(options.pool),
            f"{prefix}DATABASE_POOL_MAX_OVERFLOW": "0",
        },
    )
    servers = {
        "rendered": Server.rendered(project, rendered_env),
        "baseline": Server.baseline(project, project_env(DATABASE_URL=url, **pool)),
    }
    lines = [
        f"\n## {database}: copier copy {copy_seconds:.1f} s; idle RSS rendered "
        f"{servers['rendered'].rss_mib():.0f} MiB, baseline {servers['baseline'].rss_mib():.0f} MiB\n",
        "| workload | service | req/s | p50 ms | p99 ms | failed | rendered/baseline |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    try:
        targets = {name: Target(server.url, ids) for name, server in servers.items()}
        for workload, script in WORKLOADS.items():
            lines += table_rows(workload, interleaved(targets, script, options), "baseline")
        lines += bench_generated(servers["rendered"], ids, options)
    finally:
        for server in servers.values():
            server.stop()
        drop_database(project, url)
    return lines


def interleaved(
    targets: dict[str, Target], script: str, options: argparse.Namespace
) -> dict[str, list[Run]]:
    """A warm-up of each target (pools, caches, prepared statements), then rounds in which
    each target runs in turn, the order reversed every other round."""
    for name, target in targets.items():
        wrk(target, script, options.warmup, options.connections, f"warm-{name}")
    runs: dict[str, list[Run]] = {name: [] for name in targets}
    for round_number in range(options.rounds):
        order = list(targets.items())
        for name, target in order if round_number % 2 == 0 else reversed(order):
            runs[name].append(
                wrk(target, script, options.duration, options.connections, f"{name}-{round_number}")
            )
    return runs


def table_rows(workload: str, runs: dict[str, list[Run]], reference: str) -> list[str]:
    """One row per target with its medians; each row but the reference's has the ratio of its
    req/s to the reference's."""
    medians = {
        name: statistics.median(r.requests_per_second for r in rs) for name, rs in runs.items()
    }
    rows = []
    for name, rs in runs.items():
        ratio = f"{medians[name] / medians[reference]:.2f}x" if name != reference else ""
        rows.append(
            f"| {workload} | {name} | {medians[name]:,.0f} | "
            f"{statistics.median(r.p50_ms for r in rs):.2f} | "
            f"{statistics.median(r.p99_ms for r in rs):.2f} | "
            f"{sum(r.failures for r in rs)} | {ratio} |"
        )
    return rows


def bench_generated(server: "Server", ids: Path, options: argparse.Namespace) -> list[str]:
    """Each generated workload against Item's, interleaved on the rendered service."""
    lines = [
        "\n| workload | aggregate | req/s | p50 ms | p99 ms | failed | generated/Item |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    targets = {
        "Note (generated), /notes": Target(server.url, ids.with_name("notes.txt"), "notes"),
        "Item, /items": Target(server.url, ids),
    }
    for workload, script in GENERATED_WORKLOADS.items():
        lines += table_rows(workload, interleaved(targets, script, options), "Item, /items")
    return lines


def suite_seconds(workdir: Path) -> float:
    project = workdir / "sqlite"
    started = time.perf_counter()
    sh(
        UV,
        "run",
        "--no-sync",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        cwd=project,
        env=project_env(),
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", default=["postgresql", "sqlite"], choices=SERVERS)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=10, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs per service")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--pool", type=int, default=10, help="connections in each service's pool")
    parser.add_argument(
        "--suite",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time the rendered default (sqlite) test suite",
    )
    parser.add_argument("--write", type=Path, help="also write the report to this markdown file")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    with tempfile.TemporaryDirectory(prefix="fastmicro-bench-") as workdir:
        report = [
            f"# fastmicro benchmark\n\n{machine()}\n\nwrk -t2 -c{options.connections}, "
            f"{options.rounds} interleaved rounds of {options.duration:g} s after "
            f"{options.warmup:g} s of warm-up; {options.items:,} items; pool {options.pool}; "
            "medians."
        ]
        for database in options.databases:
            report += bench_database(database, Path(workdir), options)
        if options.suite and "sqlite" in options.databases:
            report.append(
                f"\nRendered default suite (sqlite): {suite_seconds(Path(workdir)):.1f} s"
            )
    text = "\n".join(report) + "\n"
    print(text)
    if options.write:
        options.write.write_text(text)


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    versions = subprocess.run(
        ["wrk", "--version"], capture_output=True, text=True
    ).stdout.splitlines()
    return (
        f"Machine: {os.cpu_count()} cores ({cpu.group(1) if cpu else 'unknown CPU'}), "
        f"Python {sys.version.split()[0]} for the runner; {versions[0] if versions else 'wrk'}."
    )


if __name__ == "__main__":
    main()
