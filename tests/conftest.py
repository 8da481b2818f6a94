"""Fixtures shared by the template's tests: rendering a variant into a fresh folder."""

from pathlib import Path

import pytest
from pytest_copier.plugin import CopierFixture

from . import rendered
from .rendered import RenderedProject

# Files that the tests copy into rendered projects, not tests of this repository.
collect_ignore = ["fixtures"]


@pytest.fixture(scope="session", autouse=True)
def mypy_cache_of_this_process(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The mypy cache of this test process (an xdist worker has a base folder of its own); see
    ``rendered.MYPY_CACHE_DIR``."""
    rendered.MYPY_CACHE_DIR = tmp_path_factory.getbasetemp() / "mypy-cache"


@pytest.fixture(scope="session")
def copier_template_paths() -> list[str]:
    # Copy only what a template release contains: no .git, .venv or caches of this checkout.
    return ["copier.yml", "includes", "template", "aggregate", "hooks"]


@pytest.fixture
def render(copier: CopierFixture, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Render the template with the given answers (the rest default) into a fresh folder."""

    def _render(**answers: str) -> RenderedProject:
        answers.setdefault("project_name", "Inventory Service")
        destination = tmp_path / "rendered"
        copier.copy(destination, **answers)
        return RenderedProject(destination, python_version=answers.get("python_version", "3.13"))

    return _render
