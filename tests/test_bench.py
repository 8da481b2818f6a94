"""The benchmark command works, on a tiny load (the benchmark itself is not part of the tests)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_the_bench_command_measures_both_services_on_every_workload(tmp_path: Path) -> None:
    report = tmp_path / "report.md"

    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--databases",
            "sqlite",
            "--items",
            "50",
            "--duration",
            "1",
            "--warmup",
            "1",
            "--rounds",
            "1",
            "--connections",
            "4",
            "--no-suite",
            "--write",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    text = report.read_text()
    for workload in ("GET /items/{id}", "GET /items?limit=20", "POST /items"):
        rows = [line for line in text.splitlines() if line.startswith(f"| {workload} |")]
        assert len(rows) == 2, text
        rendered, baseline = rows
        assert "| rendered |" in rendered and "| baseline |" in baseline
        assert re.search(r"\| \d+\.\d\dx \|$", rendered), rendered
        assert rendered.split("|")[6].strip() == "0", f"failed requests: {rendered}"
    assert re.search(r"copier copy \d+\.\d s; idle RSS rendered \d+ MiB", text)
    for workload in ("GET by id", "POST (create)"):
        rows = [line for line in text.splitlines() if line.startswith(f"| {workload} |")]
        generated, item = rows
        assert re.search(r"\| Note \(generated\), /notes \|.*\| 0 \| \d+\.\d\dx \|$", generated)
        assert "| Item, /items |" in item and item.split("|")[6].strip() == "0", item
