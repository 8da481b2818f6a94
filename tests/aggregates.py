"""Generating aggregates (``scaffold: aggregate``) from the specs in ``fixtures/aggregates``."""

import warnings
from pathlib import Path
from typing import Any

import yaml
from copier import run_copy
from copier.errors import MissingFileWarning

SPECS = Path(__file__).parent / "fixtures" / "aggregates"


def spec(name: str) -> dict[str, Any]:
    """The data file ``fixtures/aggregates/<name>.yml``, as the README's command passes it."""
    data: dict[str, Any] = yaml.safe_load((SPECS / f"{name}.yml").read_text())
    return data


def generate_aggregates(template: Path, project: Path, *names: str, ref: str = "HEAD") -> None:
    """Generate the aggregates of the given specs, in order, into a rendered project."""
    for name in names:
        # The generator looks for the aggregate's own answers file, to refuse a second copy;
        # copier warns that it is missing (MissingFileWarning), as it should be.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MissingFileWarning)
            run_copy(
                str(template),
                project,
                data=spec(name),
                defaults=True,
                unsafe=True,
                vcs_ref=ref,
                quiet=True,
            )
