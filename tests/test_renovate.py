"""Template and dependency updates as pull requests: the rendered Renovate configuration.

Checked with Renovate's own code from its npm package: ``renovate-config-validator --strict``
on renovate.json (repository config) and .github/renovate-global.json (the self-hosted run's
global config), and the copier manager's reading of .copier-answers.yml. What Renovate then
runs (``copier update`` and the ``uv lock`` of postUpgradeTasks) is exercised against a real
template repository in test_update.py.
"""

import json
import subprocess
from pathlib import Path

import pytest

from .npm_tools import renovate_validator
from .rendered import RenderedProject

EXTRACT = """
import { readFileSync } from "node:fs";
const [extract, answers] = process.argv.slice(2);
const { extractPackageFile } = await import(extract);
console.log(JSON.stringify(extractPackageFile(readFileSync(answers, "utf8"), answers)));
"""


@pytest.fixture(scope="session")
def validator() -> list[str]:
    return renovate_validator()


def validate(validator: list[str], cwd: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*validator, "--strict", *files], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("python_version", ["3.13", "3.11"])
def test_the_renovate_configuration_passes_renovates_validator(  # type: ignore[no-untyped-def]
    render, validator: list[str], python_version: str
) -> None:
    project = render(python_version=python_version)

    repository = validate(validator, project.path)
    global_config = validate(validator, project.path, ".github/renovate-global.json")

    assert repository.returncode == 0, repository.stdout + repository.stderr
    assert "Validating renovate.json\n" in repository.stdout
    assert "Config validated successfully" in repository.stdout
    assert global_config.returncode == 0, global_config.stdout + global_config.stderr
    assert "Validating .github/renovate-global.json as global config" in global_config.stdout
    config = json.loads(project.read("renovate.json"))
    assert config["enabledManagers"] == ["copier", "pep621"]
    assert config["ignoreScripts"] is False
    assert config["lockFileMaintenance"] == {"enabled": True}
    assert config["constraints"] == {"python": f"~={python_version}.0", "copier": "==9.19.1"}
    rules = {manager: rule for rule in config["packageRules"] for manager in rule["matchManagers"]}
    assert rules["copier"]["postUpgradeTasks"]["commands"] == ["uv lock"]
    assert rules["pep621"]["rangeStrategy"] == "in-range-only"
    global_options = json.loads(project.read(".github/renovate-global.json"))
    assert global_options["allowScripts"] is True
    assert global_options["allowedCommands"] == ["^uv lock$"]
    workflow = project.read(".github/workflows/renovate.yml")
    assert "configurationFile: .github/renovate-global.json" in workflow


def test_renovates_validator_really_rejects_a_misplaced_option(
    validator: list[str], tmp_path: Path
) -> None:
    # allowScripts belongs to the global config: in renovate.json it is an error.
    (tmp_path / "renovate.json").write_text('{"allowScripts": true}\n')

    result = validate(validator, tmp_path)

    assert result.returncode == 1
    assert "is a global option reserved only for Renovate's global configuration" in result.stdout


def test_renovate_reads_the_template_and_its_version_from_a_git_url_in_the_answers_file(
    render, validator: list[str], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    project: RenderedProject = render()
    extract = Path(validator[1]).parent / "modules" / "manager" / "copier" / "extract.js"
    script = tmp_path / "extract.mjs"
    script.write_text(EXTRACT)
    answers = project.path / ".copier-answers.yml"

    def read() -> object:
        result = subprocess.run(
            [validator[0], str(script), str(extract), str(answers)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    copied_from_a_folder = read()
    url = "https://github.com/acme/fastmicro.git"
    lines = answers.read_text().splitlines(keepends=True)
    answers.write_text(
        "".join(f"_src_path: {url}\n" if line.startswith("_src_path:") else line for line in lines)
    )
    copied_from_a_url = read()

    assert copied_from_a_folder is None  # a local path is no git URL for the git-tags datasource
    assert copied_from_a_url == {
        "deps": [
            {
                "datasource": "git-tags",
                "depName": url,
                "packageName": url,
                "depType": "template",
                "currentValue": "99.99.99",  # the tag pytest-copier gives the template
            }
        ]
    }
