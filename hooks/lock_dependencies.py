"""Create ``uv.lock`` in a generated project: a copier task of the copy only, and the migration
to 0.10.0 of projects copied before (which had no lock).

With the lock in place, ``uv sync --locked`` (the rendered CI) and the Dockerfile work as
rendered. Copier runs this with its own interpreter, in the project.

Which uv runs the lock, the first that answers ``uv --version`` in the project:
1. ``$UV``: uv sets it to its own binary for the commands it starts (``uvx copier copy ...``);
2. the ``uv`` package in copier's own environment (``pip install copier uv``; the template's
   tests run copier that way);
3. every ``uv`` on PATH, in order.
A version-manager shim (pyenv's ``uv``, say) that the project's ``.python-version`` sends to an
interpreter without uv does not answer, and the next candidate is tried.

The lock is universal (every Python that ``requires-python`` admits): whichever interpreter uv
resolves with, the file is the same. So it is resolved with an installed Python of the project's
``.python-version``, else with copier's own Python, and only then with whatever uv is set up to
find or download.

Without a working uv, or when ``uv lock`` fails (no registry reachable, say), the copy still
succeeds: this says what happened and what to run (``uv lock``), and exits 0, because a failed
task makes copier delete the project it has just rendered. Running it again changes nothing:
``uv lock`` keeps an up-to-date lock as it is.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path


def say(message: str) -> None:
    print(f"fastmicro: {message}", file=sys.stderr, flush=True)


def candidates() -> Iterator[str]:
    if os.environ.get("UV"):
        yield os.environ["UV"]
    if importlib.util.find_spec("uv") is not None:
        from uv import find_uv_bin

        try:
            yield find_uv_bin()
        except FileNotFoundError:  # the package is there, its binary is not
            pass
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        found = shutil.which("uv", path=directory) if directory else None
        if found:
            yield found


def answers(uv: str, project: Path) -> bool:
    try:
        probe = subprocess.run(
            [uv, "--version"], cwd=project, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0 and probe.stdout.startswith("uv ")


def find_uv(project: Path) -> str | None:
    return next((uv for uv in candidates() if answers(uv, project)), None)


# How to find an interpreter to resolve with, in turn, while uv's answer is about the interpreter.
# The lock is the same whichever is used, so an interpreter already installed is preferred to a
# download of the pinned version (which `uv sync` does later anyway, where it is needed).
ATTEMPTS = (
    ("an installed Python of .python-version", [], {"UV_PYTHON_DOWNLOADS": "never"}),
    ("copier's own Python", ["--python", sys.executable], {"UV_PYTHON_DOWNLOADS": "never"}),
    ("the Python uv is set up to find or download", [], {}),
)


def lock(uv: str, project: Path) -> subprocess.CompletedProcess[str]:
    for number, (interpreter, options, env) in enumerate(ATTEMPTS, start=1):
        result = subprocess.run(
            [uv, "lock", *options],
            cwd=project,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        if result.returncode == 0 or "interpreter" not in result.stderr.lower():
            return result
        if number < len(ATTEMPTS):
            say(f"no lock with {interpreter}: {first_error(result.stderr)}; trying the next way")
    return result


def first_error(text: str) -> str:
    lines = text.strip().splitlines() or ["(no message)"]
    return next((line for line in lines if line.startswith("error")), lines[-1])


def main(project: Path) -> int:
    uv = find_uv(project)
    if uv is None:
        say(
            "no working uv found, so uv.lock was not created. Install uv "
            "(https://docs.astral.sh/uv/), then run `uv lock` in the project and commit uv.lock."
        )
        return 0
    say(f"locking the dependencies with {uv} (uv lock)")
    result = lock(uv, project)
    if result.returncode != 0:
        say(
            "`uv lock` failed, so uv.lock was not created; run `uv lock` in the project once it "
            f"can reach the package index, and commit uv.lock. uv said:\n{result.stderr.strip()}"
        )
        return 0
    say(f"uv.lock written ({(project / 'uv.lock').stat().st_size // 1024} KiB); commit it")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path.cwd()))
