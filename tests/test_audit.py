"""The dependency audit (.ci/audit): a known vulnerability fails the build, a report in
which no package could be looked up is a printed notice, never a silent pass."""

from __future__ import annotations

import json
import runpy
import stat
from pathlib import Path

import pytest

AUDIT = runpy.run_path(str(Path(__file__).parents[1] / ".ci" / "audit"))
EDITABLE = {"name": "aduan", "skip_reason": "distribution marked as editable"}


def fake_pip_audit(tmp_path: Path, reports: dict[str, object]) -> str:
    """A pip-audit stand-in answering `reports[service]` as JSON, or a connection error
    for a service not listed."""
    (tmp_path / "reports.json").write_text(json.dumps(reports))
    script = tmp_path / "pip-audit"
    script.write_text(
        "#!/usr/bin/env python3\n"
        "import json, pathlib, sys\n"
        "reports = json.loads((pathlib.Path(__file__).parent / 'reports.json').read_text())\n"
        "service = sys.argv[sys.argv.index('--vulnerability-service') + 1]\n"
        "if service not in reports:\n"
        "    sys.exit('ConnectionError: no route to the database')\n"
        "print(json.dumps(reports[service]))\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def skipped(name: str) -> dict[str, str]:
    return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name} (1.0)"}


def test_a_mirror_that_knows_no_versions_is_a_notice_not_a_pass(tmp_path, capsys):
    report = {"dependencies": [EDITABLE, skipped("flask"), skipped("rq")]}
    assert AUDIT["main"](fake_pip_audit(tmp_path, {"pypi": report})) == 0
    out = capsys.readouterr().out
    assert "NOTICE: dependency audit SKIPPED" in out
    assert "none of 2 packages could be looked up" in out and "osv:" in out


def test_a_known_vulnerability_fails(tmp_path, capsys):
    vuln = {"id": "GHSA-xxxx", "fix_versions": ["3.1.4"]}
    report = {"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": [vuln]}]}
    assert AUDIT["main"](fake_pip_audit(tmp_path, {"pypi": report})) == 1
    assert "flask 3.1.3: GHSA-xxxx (3.1.4)" in capsys.readouterr().out


@pytest.mark.parametrize("service", ["pypi", "osv"])
def test_a_clean_audit_from_either_service_passes_and_says_what_it_saw(tmp_path, capsys, service):
    report = {"dependencies": [{"name": "rq", "version": "2.8", "vulns": []}, skipped("x")]}
    reports = {service: report, "pypi": {"dependencies": [skipped("rq")]}}
    if service == "pypi":
        reports["pypi"] = report
    assert AUDIT["main"](fake_pip_audit(tmp_path, reports)) == 0
    out = capsys.readouterr().out
    assert f"({service}): 1 packages, no known vulnerabilities; 1 could not" in out
