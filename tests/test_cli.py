"""The `aduan` command as outside checks and scripts use it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from aduan.cli import main


@pytest.fixture
def cli_env(monkeypatch, tmp_path, model_dir):
    monkeypatch.setenv("ADUAN_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("MODEL_DIR", model_dir)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("SECRET_KEY", "cli-test")
    return CliRunner()


def run(runner: CliRunner, *args: str, stdin: str | None = None) -> str:
    result = runner.invoke(main, list(args), input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_classify_reads_json_lines_and_writes_one_decision_per_line(cli_env):
    lines = [
        {"text": "Lampu PJU di Jl. Kenjeran mati tiga malam", "channel": "whatsapp"},
        {"text": "tolong ada kebakaran rumah di gang 5, api besar", "channel": "telegram"},
        {"text": "cek MC-2026-000123", "channel": "sms"},
        {"text": "saya minta salinan dokumen APBD 2026", "channel": "x"},
        {"text": "listrik rumah saya padam sejak pagi", "channel": "whatsapp"},
        {"text": "makasih banyak min", "channel": "telegram"},
    ]
    out = run(cli_env, "classify", stdin="\n".join(json.dumps(x) for x in lines) + "\n")
    decisions = [json.loads(line) for line in out.strip().splitlines()]
    assert [(d["kind"], d["opd"]) for d in decisions] == [
        ("complaint", "DISHUB"),
        ("emergency", "DPKP"),
        ("status_check", None),
        ("info_request", "PPID"),
        ("external", "EXTERNAL"),
        ("not_complaint", None),
    ]
    for d in decisions:
        assert set(d) == {"kind", "opd", "confidence", "reason"}
        assert 0.0 <= d["confidence"] <= 1.0 and d["reason"]


def test_routing_eval_prints_the_scores(cli_env, tmp_path):
    sample = tmp_path / "sample.jsonl"
    sample.write_text(
        '{"text": "sampah di TPS Keputran belum diangkut", "kind": "complaint", "opd": "DLH"}\n'
        '{"text": "ada kebakaran gudang di Margomulyo!", "kind": "emergency", "opd": "DPKP"}\n'
    )
    out = run(cli_env, "routing", "eval", str(sample))
    for label in (
        "kind accuracy",
        "kind macro-F1",
        "OPD accuracy",
        "emergency recall",
        "false emergencies",
    ):
        assert label in out
    assert "emergency recall    1.000" in out
    for label in ("complaint OPD acc.", "triage rate", "right when auto", "calibration ECE"):
        assert label in out


def test_routing_eval_rejects_a_missing_or_unlabelled_file(cli_env, tmp_path):
    missing = cli_env.invoke(main, ["routing", "eval", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code != 0 and "no such file" in missing.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "lampu mati"}\n')
    result = cli_env.invoke(main, ["routing", "eval", str(bad)])
    assert result.exit_code != 0 and "not a labelled JSON-lines file" in result.output


@pytest.mark.parametrize(
    ("policy", "start", "due"),
    [
        ("complaint", "2026-11-27T15:00:00+07:00", "2026-11-30T15:00:00+07:00"),
        ("complaint", "2026-03-17T15:00:00+07:00", "2026-03-25T15:00:00+07:00"),
        ("ppid", "2026-11-26T10:00:00+07:00", "2026-12-10T23:59:59+07:00"),
        ("emergency", "2026-11-29T16:58:00Z", "2026-11-30T00:03:00+07:00"),
        ("triage", "2026-11-30T10:00:00+07:00", "2026-11-30T12:00:00+07:00"),
    ],
)
def test_sla_due_prints_iso_with_offset(cli_env, policy, start, due):
    assert run(cli_env, "sla", "due", "--policy", policy, "--start", start).strip() == due


def test_users_create_and_token(cli_env):
    run(cli_env, "migrate")
    run(
        cli_env,
        "users",
        "create",
        "--email",
        "Rina@Example.org",
        "--password",
        "pw-123456",
        "--role",
        "supervisor",
    )
    token = run(cli_env, "users", "token", "rina@example.org").strip()
    assert token.startswith("adn_") and len(token) > 30
    result = cli_env.invoke(main, ["users", "token", "nobody@example.org"])
    assert result.exit_code != 0 and "no user" in result.output


def test_a_password_reset_keeps_the_role_unless_one_is_given(cli_env):
    """`users create` on an existing account without --role made it an agent: resetting
    the admin's password took the admin's rights away."""
    run(cli_env, "migrate")
    args = ("users", "create", "--email", "boss@example.org", "--password")
    assert "(admin) saved" in run(cli_env, *args, "pw-123456", "--role", "admin")
    assert "(admin) saved" in run(cli_env, *args, "pw-654321")
    assert "(supervisor) saved" in run(cli_env, *args, "pw-999999", "--role", "supervisor")
    assert "(agent) saved" in run(
        cli_env, "users", "create", "--email", "new@example.org", "--password", "pw-123456"
    )


@pytest.mark.parametrize("password", ["", "        ", "1234567"])
def test_a_staff_account_needs_a_real_password(cli_env, password):
    """An empty password was accepted, and signing in with an empty password field then
    worked (the form's `required` is only the browser's)."""
    run(cli_env, "migrate")
    args = ["users", "create", "--email", "weak@example.org", "--password", password]
    result = cli_env.invoke(main, args)
    assert result.exit_code != 0 and "at least 8 characters" in result.output
    result = cli_env.invoke(main, ["users", "token", "weak@example.org"])
    assert "no user" in result.output


def test_open311_keys_create_list_and_revoke(cli_env):
    run(cli_env, "migrate")
    out = run(cli_env, "open311", "keys", "create", "Aplikasi Mitra")
    key = out.strip().splitlines()[-1]
    assert key.startswith("o311_") and len(key) > 30
    listing = run(cli_env, "open311", "keys", "list")
    assert "Aplikasi Mitra" in listing and "active" in listing and key not in listing
    assert "revoked" in run(cli_env, "open311", "keys", "revoke", "1")
    assert "revoked" in run(cli_env, "open311", "keys", "list")
