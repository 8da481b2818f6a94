"""Running a rendered project's own tools, the way its README and CI do."""

import functools
import glob
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# The uv of the template's own environment: a real binary, unlike a version-manager shim.
UV = str(Path(sys.executable).with_name("uv"))
if not Path(UV).exists():  # pragma: no cover - uv installed some other way
    UV = shutil.which("uv") or "uv"

CHECKS = (
    ("ruff", "check", "."),
    ("ruff", "format", "--check", "."),
    ("mypy",),
    ("lint-imports",),
    ("pytest", "-q", "-p", "no:cacheprovider"),
)


@functools.cache
def interpreter_for(version: str) -> str:
    """An interpreter of ``version`` on this machine, else this one (the code supports 3.11+).

    No Python is downloaded: the rendered project declares ``version`` in .python-version, and
    we run it on the closest interpreter the machine really has.
    """
    candidates = sorted(
        glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}"))
    )
    candidates += [f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    # Where actions/setup-python puts them (the template's own CI).
    candidates += [found for found in [shutil.which(f"python{version}")] if found]
    for candidate in candidates:
        probe = (
            subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
            )
            if Path(candidate).exists()
            else None
        )
        if probe is not None and probe.returncode == 0 and probe.stdout.strip() == version:
            return candidate
    return sys.executable


# One mypy cache for the rendered projects that one test process checks, one after the other
# (conftest.py sets it), instead of each project's own .mypy_cache: the installed libraries,
# the same in every variant of one Python version, are analysed once per process (a cold mypy
# run takes about 25 s, a warm one 2 s). mypy keys its cache by Python version and checks anew
# every module whose file has another hash, so each project's own modules are checked. Never
# one cache for concurrent processes: two of them writing the same modules' entries at once
# (every variant has an ``inventory_service.infrastructure.database.tables``) mix them up.
MYPY_CACHE_DIR: Path | None = None


@dataclass
class RenderedProject:
    path: Path
    python_version: str = "3.13"

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST_", "COV_", "UV_", "VIRTUAL_ENV", "PYTHON"))
        }
        env.update(UV_PYTHON=interpreter_for(self.python_version), UV_PYTHON_DOWNLOADS="never")
        # The commit hooks call `uv run`: the real uv first, before any version-manager shim.
        env.update(PATH=os.pathsep.join([str(Path(UV).parent), env.get("PATH", "")]))
        if MYPY_CACHE_DIR is not None:
            env.update(MYPY_CACHE_DIR=str(MYPY_CACHE_DIR))
        env.update(extra)
        return env

    def run(self, *command: str, timeout: float = 600, **extra_env: str) -> str:
        """Run a command in the project; fail the test with its output if it fails."""
        result = subprocess.run(
            list(command),
            cwd=self.path,
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, (
            f"{' '.join(command)} failed ({result.returncode}):\n{output}"
        )
        return output

    def uv(self, *arguments: str, **extra_env: str) -> str:
        return self.run(UV, *arguments, **extra_env)

    def sync(self) -> None:
        """Install what uv.lock pins, as the rendered CI and Dockerfile do (a stale lock fails)."""
        self.uv("sync", "--locked", "--quiet")

    def check(self, **extra_env: str) -> dict[str, str]:
        """Every check the rendered CI runs; returns each one's output."""
        self.sync()
        return {
            " ".join(check): self.uv("run", "--no-sync", *check, **extra_env) for check in CHECKS
        }

    def pre_commit(self) -> str:
        """``pre-commit run --all-files`` in a fresh git repository of the project's files."""
        if not (self.path / ".git").exists():
            subprocess.run(["git", "init", "--quiet"], cwd=self.path, check=True)
        subprocess.run(["git", "add", "-A"], cwd=self.path, check=True)
        home = self.path.parent / "pre-commit-home"  # pre-commit's own cache, of this test only
        return self.uv(
            "run", "--no-sync", "pre-commit", "run", "--all-files", PRE_COMMIT_HOME=str(home)
        )

    def read(self, relative: str) -> str:
        return (self.path / relative).read_text()

    def files(self) -> set[str]:
        return {
            str(path.relative_to(self.path))
            for path in self.path.rglob("*")
            if path.is_file() and ".venv" not in path.parts and ".git" not in path.parts
        }
