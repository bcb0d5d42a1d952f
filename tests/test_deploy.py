"""The deployment files agree with each other and with the code: compose runs the
Procfile's processes from the image deploy/install.sh builds, and every environment
variable the code reads is in docs/deploy.md's table."""

from __future__ import annotations

import re
import shlex

import yaml

from aduan.config import ROOT

APP_SERVICES = ("release", "web", "worker", "sends", "clock")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_compose_has_the_services_and_starts_them_in_order():
    services = _compose()["services"]
    assert set(services) == {"postgres", "redis", *APP_SERVICES}
    release = services["release"]
    assert release["command"] == ["aduan", "release"] and release["restart"] == "no"
    assert release["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for name in ("web", "worker", "sends", "clock"):
        assert services[name]["depends_on"] == {
            "release": {"condition": "service_completed_successfully"}
        }
    for name in ("postgres", "redis", "web"):
        assert services[name]["healthcheck"]["test"]


def test_compose_runs_the_procfile_processes_from_one_image():
    services, procfile = _compose()["services"], _procfile()
    assert shlex.split(procfile["release"]) == services["release"]["command"]
    assert shlex.split(procfile["worker"]) == services["worker"]["command"]
    assert shlex.split(procfile["sends"]) == services["sends"]["command"]
    assert shlex.split(procfile["clock"]) == services["clock"]["command"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    web = re.search(r'^CMD \["sh", "-c", "exec (.*)"\]$', dockerfile, re.M).group(1)
    assert web.replace("${PORT}", "$PORT").startswith(procfile["web"].split(" --worker-class")[0])
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == "." and service["image"] == "aduan:latest"
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://") and env["REDIS_URL"]
        assert "metrics:/run/aduan/metrics" in service["volumes"]
        assert env["PROMETHEUS_MULTIPROC_DIR"] == "/run/aduan/metrics"


def test_the_image_is_slim_non_root_and_installed_by_the_script():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "RUN deploy/install.sh /opt/aduan" in dockerfile
    assert re.findall(r"^FROM python:3\.\d+-slim", dockerfile, re.M)
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1].split(":")[0] not in ("root", "0")
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"sandbox", "tests", ".venv", "var"} <= set(ignored)


def test_every_environment_variable_is_in_the_configuration_table():
    read = set()
    pattern = re.compile(r"""(?:env|environ)(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']""")
    for package in ("aduan", "ticketing", "inbox", "webhooks", "sla", "channels"):
        for path in (ROOT / package).rglob("*.py"):
            read |= set(pattern.findall(path.read_text()))
    read |= {"PROMETHEUS_MULTIPROC_DIR", "PORT", "HOST"}
    docs = (ROOT / "docs" / "deploy.md").read_text()
    table = docs[docs.index("## Configuration") :]
    missing = sorted(name for name in read if f"`{name}`" not in table)
    assert len(read) > 60 and missing == []
