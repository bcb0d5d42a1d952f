"""Logs: a whole flow with every provider secret configured leaves no secret and no phone
number in any log record at any level, from our code or a library; one line per request
and per job, and a webhook's request id follows its work into the jobs."""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import time

import pytest
import requests

from aduan import logs
from aduan.extensions import db
from tests.citizens import Tweeter
from tests.ticketing.helpers import Citizen
from ticketing.models import Officer, Ticket

PHONES = ("081234567890", "+6281234567890", "6281234567890", "+6281234500077")


@pytest.fixture
def everything_logged(caplog):
    """Every logger at DEBUG (the quiet libraries too) and our JSON handler on a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs._formatter("json"))
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    for name in logs.QUIET:
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog, stream
    root.removeHandler(handler)
    for name in logs.QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)


def _officers() -> None:
    for channel, address in (
        ("telegram", "930000001"),
        ("whatsapp", "+6281330000001"),
        ("sms", "+6281330000002"),
        ("email", "petugas@dsdabm.example.org"),
    ):
        db.session.add(
            Officer(opd_code="DSDABM", name=f"Petugas {channel}", channel=channel, address=address)
        )
    db.session.commit()


def test_a_whole_flow_logs_no_secret_and_no_phone_number_at_any_level(
    app, fake_telegram, fake_x, tg_post, settle, graph, twilio, drain, live_url, everything_logged
):
    caplog, stream = everything_logged
    _officers()
    citizen = Citizen(fake_telegram, tg_post, drain)
    citizen.says(
        "Jalan di depan SDN Ketabang 1 berlubang besar, hubungi saya 081234567890", process=False
    )
    graph.citizen_whatsapp("081234500077", "Lampu PJU di Jl. Kenjeran mati tiga malam")
    Tweeter(fake_x, drain).mentions("Saluran di Jl. Dharmahusada mampet, banjir tiap hujan")
    settle()
    assert db.session.query(Ticket).count() >= 3  # (the shared fake X may hold older mentions)
    # An officer opens the signed link from the Telegram notification (served by werkzeug).
    notice = fake_telegram.sent_to("930000001")[-1]["text"]
    link = re.search(r"https://\S+/o/(\S+)", notice)
    assert link is not None
    token = link.group(1)
    page = requests.get(f"{live_url}/o/{token}", timeout=10)
    assert page.status_code == 200

    secrets = {app.config[key] for key in logs.SECRET_KEYS if app.config.get(key)}
    basic = f"{app.config['TWILIO_ACCOUNT_SID']}:{app.config['TWILIO_AUTH_TOKEN']}"
    secrets |= {base64.b64encode(basic.encode()).decode(), token}
    assert len(secrets) >= 14  # every provider's secrets are configured in the tests
    records = caplog.records
    texts = [r.getMessage() for r in records]
    texts += [r.exc_text or "" for r in records] + [r.stack_info or "" for r in records]
    texts.append(stream.getvalue())
    everything = "\n".join(texts)
    for secret in secrets:
        assert secret not in everything, f"a secret ({len(secret)} chars) was logged"
    for phone in PHONES:
        assert phone not in everything
    # The libraries did log, with their URLs: proof the check saw what they wrote.
    names = {r.name.split(".")[0] for r in records}
    assert {"httpx", "urllib3", "aduan"} <= names
    assert "/bot[secret]/sendMessage" in everything
    assert "hubungi saya 0812****7890" in everything  # a library logged a body at DEBUG


def test_a_webhook_request_id_follows_its_jobs(app, fake_telegram, tg_post, drain, caplog):
    caplog.set_level(logging.INFO)
    citizen = Citizen(fake_telegram, tg_post, drain)
    response = citizen.says("Sampah di TPS Wonokromo tidak diangkut 4 hari")
    request_id = response.headers["X-Request-ID"]
    lines = [r for r in caplog.records if getattr(r, "request_id", None) == request_id]
    kinds = [(r.name, r.getMessage().split(" ")[:3]) for r in lines]
    assert ("aduan.request", ["POST", "/webhooks/telegram", "200"]) in kinds
    jobs = [r.getMessage() for r in lines if r.name == "aduan.job"]
    assert any(" drain ok " in line for line in jobs)
    assert any(" send_outbound ok " in line for line in jobs)  # the acknowledgement
    one_per_request = [r for r in caplog.records if r.name == "aduan.request"]
    assert len(one_per_request) == 1


def test_a_proxy_request_id_is_kept_and_json_lines_carry_it(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs._formatter("json"))
    logging.getLogger("aduan.request").addHandler(handler)
    try:
        answer = client.get("/login", headers={"X-Request-ID": "lb-abc123"})
    finally:
        logging.getLogger("aduan.request").removeHandler(handler)
    assert answer.headers["X-Request-ID"] == "lb-abc123"
    (line,) = [json.loads(x) for x in stream.getvalue().splitlines()]
    assert line["request_id"] == "lb-abc123" and line["level"] == "INFO"
    assert line["message"].startswith("GET /login 200") and line["status"] == 200


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("GET https://api.telegram.org/bot123456:AAH-x_y/getMe", "/bot[secret]/getMe"),
        ("Authorization: Bearer EAAGm0PX4ZCpsBAKZC", "Bearer [secret]"),
        ("postgresql://aduan:s3cr3t-pass@db:5432/aduan", "aduan:[secret]@db"),
        ("REDIS_URL=redis+unix://:s3cr3t-pass@/tmp/r.sock", "redis+unix://:[secret]@/tmp"),
        ("GET /media?access_token=EAAG123456&x=1", "access_token=[secret]&x=1"),
        ("sending to whatsapp:+6281234567890", "whatsapp:+62812****7890"),
        ("SMS ke 081234567890 atau 6281234567890", "ke 0812****7890 atau 62812****7890"),
    ],
)
def test_secret_shaped_text_and_phone_numbers_are_scrubbed(raw, clean):
    assert clean in logs.scrub(raw)


@pytest.mark.parametrize("run", ["x" * 60_000, "a_1" * 20_000, "ab." * 20_000, "9" * 60_000])
def test_a_long_run_of_word_characters_is_scrubbed_at_once(run):
    """Every log line is scrubbed, and lines carry what providers and citizens sent (an
    unreadable payload's reason quotes its value): the pattern for credentials in URLs
    tried "\\w+://" again at every letter of a long word, and a signed webhook with a
    200 KB word held an intake worker past its 120 s timeout, five times over."""
    started = time.monotonic()
    line = logs.scrub(f"event 7 unreadable payload: could not convert {run!r} https://a:b@c")
    assert time.monotonic() - started < 2
    assert line.endswith("https://a:[secret]@c")


def test_a_whatsapp_message_id_in_a_line_loses_the_number_it_holds():
    """A WhatsApp id is a base64 record whose start holds the number it was sent to or
    from ("HBgNNjI4MTIz..." is 6281234567890): logged whole, it put the number in the
    logs that mask every number written out."""
    wamid = "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjdCNEE0QTUzNkRFQjMA"
    line = logs.scrub(f"status delivered for unknown message {wamid} dropped")
    assert "NjI4MTIz" not in line and "6281234567890" not in line
    assert "wamid.****" + wamid[-8:] in line  # the end still tells the messages apart
