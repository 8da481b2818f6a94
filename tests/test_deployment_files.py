"""The files that only run elsewhere (Dockerfile, compose.yaml, Kubernetes manifests), checked
with the real validators on every variant that renders them."""

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

BIN = Path(sys.executable).parent
KUBERNETES_VERSION = "1.37.0"
DATABASES = ("sqlite", "postgresql", "mysql")
OBSERVABILITY = ("metrics", "otel", "none")
VARIANTS = [
    {"database": database, "observability": observability}
    for database in DATABASES
    for observability in OBSERVABILITY
] + [{"database": "postgresql", "python_version": "3.11"}]
KUSTOMIZATIONS = ("base", "overlays/dev", "overlays/prod")


def run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{output}"
    return output


def kustomize(project: Path, kustomization: str) -> list[dict[str, Any]]:
    built = run(BIN / "kubectl", "kustomize", f"deploy/kubernetes/{kustomization}", cwd=project)
    return [document for document in yaml.safe_load_all(built) if document]


def variant_id(answers: dict[str, str]) -> str:
    return "-".join(answers.values())


@pytest.mark.parametrize("answers", VARIANTS, ids=variant_id)
def test_the_deployment_files_pass_their_validators(  # type: ignore[no-untyped-def]
    render, answers: dict[str, str], tmp_path: Path
) -> None:
    project = render(**answers)

    check_dockerfile(project.path, answers.get("python_version", "3.13"))
    check_compose_file(project.path, answers["database"])
    if answers["database"] == "sqlite":
        # One SQLite file cannot be shared by the replicas of a Deployment.
        assert not (project.path / "deploy").exists()
    else:
        check_kubernetes_manifests(project.path, tmp_path)


def check_dockerfile(project: Path, python_version: str) -> None:
    run(BIN / "hadolint", "--failure-threshold", "info", "Dockerfile", cwd=project)

    final_stage = (project / "Dockerfile").read_text().rsplit("\nFROM ", 1)[1]
    assert final_stage.startswith(f"python:{python_version}-slim\n")
    assert "USER 10001:10001" in final_stage
    assert "HEALTHCHECK" in final_stage
    instructions = "\n".join(line for line in final_stage.splitlines() if not line.startswith("#"))
    assert not re.search(r"\buv\b|gcc|build-essential", instructions)  # no build tools


def check_compose_file(project: Path, database: str) -> None:
    compose = "compose.yaml"
    run(BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", compose, cwd=project)

    services = yaml.safe_load((project / compose).read_text())["services"]
    assert "healthcheck" in services["app"]
    if database == "sqlite":
        assert set(services) == {"app"}
    else:
        assert services["app"]["depends_on"] == {"db": {"condition": "service_healthy"}}
        assert "healthcheck" in services["db"]


def check_kubernetes_manifests(project: Path, scratch: Path) -> None:
    validate = (BIN / "kubernetes-validate", "--strict", "-k", KUBERNETES_VERSION)
    base = project / "deploy" / "kubernetes" / "base"
    resource_files = sorted(
        path for path in base.glob("*.yaml") if path.name != "kustomization.yaml"
    )
    assert len(resource_files) == 6
    run(*validate, *resource_files, cwd=project)
    for kustomization in KUSTOMIZATIONS:
        built = scratch / f"{kustomization.replace('/', '-')}.yaml"
        built.write_text(yaml.safe_dump_all(kustomize(project, kustomization)))
        run(*validate, built, cwd=project)


def test_the_deployment_is_locked_down_and_probed(render) -> None:  # type: ignore[no-untyped-def]
    project = render(database="postgresql")

    for kustomization in KUSTOMIZATIONS:
        resources = {
            (doc["kind"], doc["metadata"]["name"]): doc
            for doc in kustomize(project.path, kustomization)
        }
        assert set(resources) >= {
            ("ConfigMap", "inventory-service-config"),
            ("Deployment", "inventory-service"),
            ("Service", "inventory-service"),
            ("HorizontalPodAutoscaler", "inventory-service"),
            ("PodDisruptionBudget", "inventory-service"),
            ("Job", "inventory-service-migrate"),
        }
        for kind in ("Deployment", "Job"):
            (workload,) = [doc for (k, _), doc in resources.items() if k == kind]
            pod = workload["spec"]["template"]["spec"]
            assert pod["securityContext"]["runAsNonRoot"] is True
            assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
            (container,) = pod["containers"]
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
            assert container["resources"]["requests"] and container["resources"]["limits"]
            (database_url,) = [env for env in container["env"] if env["name"] == "DATABASE_URL"]
            assert database_url["valueFrom"]["secretKeyRef"] == {
                "name": "inventory-service-database",
                "key": "url",
            }
        job = resources["Job", "inventory-service-migrate"]["spec"]["template"]["spec"][
            "containers"
        ][0]
        assert job["command"] == ["inventory-service", "migrate"]
        api = resources["Deployment", "inventory-service"]["spec"]["template"]["spec"][
            "containers"
        ][0]
        assert api["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert api["readinessProbe"]["httpGet"]["path"] == "/health/ready"

    prod = {
        (doc["kind"], doc["metadata"]["name"]): doc
        for doc in kustomize(project.path, "overlays/prod")
    }
    deployment = prod["Deployment", "inventory-service"]
    assert deployment["metadata"]["namespace"] == "inventory-service"
    assert deployment["spec"]["replicas"] == 3
    assert deployment["spec"]["template"]["spec"]["containers"][0]["image"] == (
        "registry.example.com/inventory-service:0.1.0"
    )
    assert prod["HorizontalPodAutoscaler", "inventory-service"]["spec"]["minReplicas"] == 3
