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
# Every database with every observability value, each cell with one event publisher, so that
# every broker is validated (with and without a database, in compose and Kubernetes) without
# adding renders; the memory and none cells keep the manifests without a broker covered.
VARIANTS = [
    {"database": "sqlite", "event_publisher": "memory", "observability": "metrics"},
    {"database": "sqlite", "event_publisher": "redis", "observability": "otel"},
    {"database": "sqlite", "event_publisher": "none", "observability": "none"},
    {"database": "postgresql", "event_publisher": "redis", "observability": "metrics"},
    {"database": "postgresql", "event_publisher": "nats", "observability": "otel"},
    {"database": "postgresql", "event_publisher": "memory", "observability": "none"},
    {"database": "mysql", "event_publisher": "kafka", "observability": "metrics"},
    {"database": "mysql", "event_publisher": "none", "observability": "otel"},
    {"database": "mysql", "event_publisher": "rabbitmq", "observability": "none"},
    {"database": "postgresql", "python_version": "3.11"},
]
BROKERS = ("redis", "rabbitmq", "nats", "kafka")
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


def resources_by_kind_and_name(
    project: Path, kustomization: str
) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (doc["kind"], doc["metadata"]["name"]): doc for doc in kustomize(project, kustomization)
    }


def variant_id(answers: dict[str, str]) -> str:
    return "-".join(answers.values())


@pytest.mark.parametrize("answers", VARIANTS, ids=variant_id)
def test_the_deployment_files_pass_their_validators(  # type: ignore[no-untyped-def]
    render, answers: dict[str, str], tmp_path: Path
) -> None:
    project = render(**answers)
    broker = answers.get("event_publisher", "memory")

    check_dockerfile(project.path, answers.get("python_version", "3.13"))
    check_compose_file(project.path, answers["database"], broker)
    if answers["database"] == "sqlite":
        # One SQLite file cannot be shared by the replicas of a Deployment.
        assert not (project.path / "deploy").exists()
    else:
        check_kubernetes_manifests(project.path, tmp_path, broker)


def check_dockerfile(project: Path, python_version: str) -> None:
    run(BIN / "hadolint", "--failure-threshold", "info", "Dockerfile", cwd=project)

    final_stage = (project / "Dockerfile").read_text().rsplit("\nFROM ", 1)[1]
    assert final_stage.startswith(f"python:{python_version}-slim\n")
    assert "USER 10001:10001" in final_stage
    assert "HEALTHCHECK" in final_stage
    instructions = "\n".join(line for line in final_stage.splitlines() if not line.startswith("#"))
    assert not re.search(r"\buv\b|gcc|build-essential", instructions)  # no build tools


BROKER_HEALTHCHECKS = {
    "redis": ["CMD", "redis-cli", "ping"],
    "rabbitmq": ["CMD", "rabbitmq-diagnostics", "-q", "ping"],
    "nats": [
        "CMD",
        "wget",
        "-q",
        "-O",
        "/dev/null",
        "http://127.0.0.1:8222/healthz?js-enabled-only=true",
    ],
    "kafka": [
        "CMD-SHELL",
        "/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server 127.0.0.1:9092 > /dev/null",
    ],
}
BROKER_URLS = {
    "redis": "redis://redis:6379/0",
    "rabbitmq": "amqp://guest:guest@rabbitmq:5672/",
    "nats": "nats://nats:4222",
    "kafka": "kafka://kafka:19092",
}


def check_compose_file(project: Path, database: str, broker: str) -> None:
    compose = "compose.yaml"
    run(BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", compose, cwd=project)

    services = yaml.safe_load((project / compose).read_text())["services"]
    app = services["app"]
    assert "healthcheck" in app
    expected_services = {"app"}
    depends_on = {}
    if database != "sqlite":
        expected_services.add("db")
        depends_on["db"] = {"condition": "service_healthy"}
        assert "healthcheck" in services["db"]
    if broker in BROKERS:
        expected_services.add(broker)
        depends_on[broker] = {"condition": "service_healthy"}
        assert re.fullmatch(rf"({broker}|apache/kafka):[\d.]+(-alpine)?", services[broker]["image"])
        assert services[broker]["healthcheck"]["test"] == BROKER_HEALTHCHECKS[broker]
        assert app["environment"]["BROKER_URL"] == BROKER_URLS[broker]
    else:
        assert "BROKER_URL" not in app["environment"]
    if broker == "nats":
        assert "-js" in services["nats"]["command"]  # the outbox publishes to JetStream
    if broker == "kafka":  # one KRaft node, reachable from the app's container and the host
        kafka = services["kafka"]["environment"]
        assert kafka["KAFKA_PROCESS_ROLES"] == "broker,controller"
        assert (
            kafka["KAFKA_ADVERTISED_LISTENERS"]
            == "INTERNAL://kafka:19092,EXTERNAL://127.0.0.1:9092"
        )
    assert set(services) == expected_services
    assert app.get("depends_on", {}) == depends_on
    # Docker's SIGKILL waits longer than the grace period (20 s) plus the relay's flush (5 s).
    assert int(app["stop_grace_period"].removesuffix("s")) > 25


def check_kubernetes_manifests(project: Path, scratch: Path, broker: str) -> None:
    validate = (BIN / "kubernetes-validate", "--strict", "-k", KUBERNETES_VERSION)
    base = project / "deploy" / "kubernetes" / "base"
    resource_files = sorted(
        path for path in base.glob("*.yaml") if path.name != "kustomization.yaml"
    )
    # With a broker, the outbox relay runs as a Deployment of its own.
    assert len(resource_files) == (7 if broker in BROKERS else 6)
    assert (base / "relay-deployment.yaml").exists() == (broker in BROKERS)
    run(*validate, *resource_files, cwd=project)
    for kustomization in KUSTOMIZATIONS:
        built = scratch / f"{kustomization.replace('/', '-')}.yaml"
        built.write_text(yaml.safe_dump_all(kustomize(project, kustomization)))
        run(*validate, built, cwd=project)


def test_the_deployment_is_locked_down_and_probed(render) -> None:  # type: ignore[no-untyped-def]
    project = render(database="postgresql")

    for kustomization in KUSTOMIZATIONS:
        resources = resources_by_kind_and_name(project.path, kustomization)
        assert set(resources) >= {
            ("ConfigMap", "inventory-service-config"),
            ("Deployment", "inventory-service"),
            ("Service", "inventory-service"),
            ("HorizontalPodAutoscaler", "inventory-service"),
            ("PodDisruptionBudget", "inventory-service"),
            ("Job", "inventory-service-migrate"),
        }
        assert ("Deployment", "inventory-service-relay") not in resources
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

    prod = resources_by_kind_and_name(project.path, "overlays/prod")
    deployment = prod["Deployment", "inventory-service"]
    assert deployment["metadata"]["namespace"] == "inventory-service"
    assert deployment["spec"]["replicas"] == 3
    assert deployment["spec"]["template"]["spec"]["containers"][0]["image"] == (
        "registry.example.com/inventory-service:0.1.0"
    )
    assert prod["HorizontalPodAutoscaler", "inventory-service"]["spec"]["minReplicas"] == 3


def test_the_relay_runs_locked_down_beside_the_web_pods(  # type: ignore[no-untyped-def]
    render,
) -> None:
    project = render(database="postgresql", event_publisher="redis")
    broker_url = {"name": "inventory-service-broker", "key": "url"}
    database_url = {"name": "inventory-service-database", "key": "url"}

    for kustomization in KUSTOMIZATIONS:
        resources = resources_by_kind_and_name(project.path, kustomization)
        config = resources["ConfigMap", "inventory-service-config"]["data"]
        assert config["INVENTORY_SERVICE_RELAY_ENABLED"] == "false"  # for the web pods
        assert config["INVENTORY_SERVICE_RELAY_SHUTDOWN_FLUSH_TIMEOUT"] == "5"
        flush = int(config["INVENTORY_SERVICE_RELAY_SHUTDOWN_FLUSH_TIMEOUT"])
        grace = int(config["INVENTORY_SERVICE_SHUTDOWN_GRACE_PERIOD"])

        api_pod = resources["Deployment", "inventory-service"]["spec"]["template"]["spec"]
        (api,) = api_pod["containers"]
        env = {entry["name"]: entry for entry in api["env"]}
        assert env["BROKER_URL"]["valueFrom"]["secretKeyRef"] == broker_url
        pre_stop = api["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert api_pod["terminationGracePeriodSeconds"] > pre_stop + grace + flush

        relay_deployment = resources["Deployment", "inventory-service-relay"]
        assert relay_deployment["metadata"]["labels"]["app.kubernetes.io/component"] == "relay"
        # Two relays in production, claiming disjoint batches; one elsewhere.
        assert relay_deployment["spec"]["replicas"] == (
            2 if kustomization == "overlays/prod" else 1
        )
        pod = relay_deployment["spec"]["template"]["spec"]
        assert pod["terminationGracePeriodSeconds"] > flush
        assert pod["automountServiceAccountToken"] is False
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        (relay,) = pod["containers"]
        assert "command" not in relay  # the image's entrypoint is the service's command
        assert relay["args"] == ["relay"]
        assert relay["image"] == api["image"]
        assert relay["securityContext"]["readOnlyRootFilesystem"] is True
        assert relay["securityContext"]["allowPrivilegeEscalation"] is False
        assert relay["securityContext"]["capabilities"] == {"drop": ["ALL"]}
        assert relay["resources"]["requests"] and relay["resources"]["limits"]
        assert {"name": "tmp", "mountPath": "/tmp"} in relay["volumeMounts"]
        # No HTTP endpoint, so no probes; no Service or autoscaler selects it.
        assert not {"livenessProbe", "readinessProbe", "startupProbe"} & set(relay)
        assert relay["envFrom"] == [{"configMapRef": {"name": "inventory-service-config"}}]
        env = {entry["name"]: entry for entry in relay["env"]}
        assert env["INVENTORY_SERVICE_RELAY_ENABLED"]["value"] == "true"
        assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == database_url
        assert env["BROKER_URL"]["valueFrom"]["secretKeyRef"] == broker_url

        pod_labels = relay_deployment["spec"]["template"]["metadata"]["labels"]
        assert pod_labels["app.kubernetes.io/component"] == "relay"
        for kind in ("Service", "PodDisruptionBudget"):
            selector = resources[kind, "inventory-service"]["spec"]["selector"]
            selector = selector.get("matchLabels", selector)
            assert not selector.items() <= pod_labels.items(), kind
        (hpa,) = [doc for (k, _), doc in resources.items() if k == "HorizontalPodAutoscaler"]
        assert hpa["spec"]["scaleTargetRef"]["name"] == "inventory-service"

    prod = resources_by_kind_and_name(project.path, "overlays/prod")
    relay_deployment = prod["Deployment", "inventory-service-relay"]
    assert relay_deployment["metadata"]["namespace"] == "inventory-service"
    assert relay_deployment["spec"]["template"]["spec"]["containers"][0]["image"] == (
        "registry.example.com/inventory-service:0.1.0"
    )
