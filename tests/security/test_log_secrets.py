"""No provider secret reaches a log line: a full flow over every channel (Telegram, SMS
and WhatsApp through Twilio, WhatsApp Cloud, Messenger, Instagram, X by polling and by
the Account Activity webhook with its CRC, an officer's link, replies out on each
channel) runs against the local sandboxes with every logger at DEBUG, the chatty HTTP
libraries included, and the captured records are scanned for every configured secret."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import re

import requests

from aduan import logs
from aduan.extensions import db
from tests.citizens import MetaCitizen, Tweeter
from tests.payloads import fixture_text
from tests.test_logs import everything_logged  # noqa: F401 - the fixture
from tests.ticketing.helpers import Citizen
from ticketing import actions
from ticketing.models import Officer, Ticket


def _officers() -> None:
    for channel, address in (("telegram", "930000011"), ("sms", "+6281330000012")):
        db.session.add(
            Officer(opd_code="DSDABM", name=f"Petugas {channel}", channel=channel, address=address)
        )
    db.session.commit()


def _x_webhook(client, app, fake_x) -> None:
    secret = app.config["X_CONSUMER_SECRET"]
    assert client.get("/webhooks/x?crc_token=Q3JjVG9rZW4xMjM0NTY3OA==").status_code == 200
    body = (
        fixture_text("x/activity_direct_message.json")
        .replace("https://pbs.twimg.com", fake_x.url)
        .replace("https://ton.twitter.com", fake_x.url)
        .encode()
    )
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    headers = {"x-twitter-webhooks-signature": "sha256=" + signature.decode()}
    assert client.post("/webhooks/x", data=body, headers=headers).status_code == 200


def test_every_channel_logs_no_secret_at_any_level(
    app,
    client,
    fake_telegram,
    fake_x,
    fake_graph,
    tg_post,
    settle,
    graph,
    twilio,
    drain,
    live_url,
    everything_logged,  # noqa: F811
):
    caplog, stream = everything_logged
    _officers()
    Citizen(fake_telegram, tg_post, drain).says(
        "Saluran di Jl. Kapasari mampet, air meluap ke jalan", process=False
    )
    twilio.citizen_sms("081234500011", "Lampu PJU Jl. Darmo mati sejak kemarin")
    twilio.citizen_whatsapp("081234500012", "Pohon tumbang di Jl. Raya Gubeng")
    graph.citizen_whatsapp("081234500013", "Sampah menumpuk di TPS Keputran")
    MetaCitizen(fake_graph, client, drain).says("Jalan berlubang di Jl. Ngagel", process=False)
    MetaCitizen(fake_graph, client, drain, channel="instagram").says(
        "Trotoar rusak di Jl. Tunjungan", process=False
    )
    Tweeter(fake_x, drain).mentions("Got mampet di Jl. Manyar")  # polled
    _x_webhook(client, app, fake_x)
    settle()
    channels = {t.channel for t in db.session.query(Ticket)}
    every = {"telegram", "sms", "whatsapp", "whatsapp_cloud", "facebook", "instagram", "x"}
    assert every <= channels, channels
    # Replies out on every channel the citizens used, through each provider's client.
    agent = actions.Actor("agent", None, "Agen")
    for ticket in db.session.query(Ticket).all():
        if ticket.is_open:
            with contextlib.suppress(actions.ActionError):  # no channel to answer on
                actions.reply(ticket, agent, "Terima kasih, sedang kami tindak lanjuti.")
    db.session.commit()
    settle()
    notice = fake_telegram.sent_to("930000011")[-1]["text"]
    token = re.search(r"https://\S+/o/(\S+)", notice).group(1)
    assert requests.get(f"{live_url}/o/{token}", timeout=10).status_code == 200

    secrets = {app.config[key] for key in logs.SECRET_KEYS if app.config.get(key)}
    basic = f"{app.config['TWILIO_ACCOUNT_SID']}:{app.config['TWILIO_AUTH_TOKEN']}"
    secrets |= {base64.b64encode(basic.encode()).decode(), token}
    assert len(secrets) >= 14
    records = caplog.records
    texts = [r.getMessage() for r in records]
    texts += [r.exc_text or "" for r in records] + [r.stack_info or "" for r in records]
    texts.append(stream.getvalue())
    everything = "\n".join(texts)
    for secret in secrets:
        assert secret not in everything, f"a secret ({len(secret)} chars) was logged"
    # The HTTP libraries did log their calls to every provider: the scan saw real lines.
    assert {"httpx", "urllib3"} <= {r.name.split(".")[0] for r in records}
    assert "/bot[secret]/" in everything
    for where in ("/Messages.json", "/messages", "/2/"):
        assert where in everything, where
