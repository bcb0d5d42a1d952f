"""Starting the local provider sandboxes for `aduan run`.

Each starter checks whether real credentials are configured; if not, it starts the
provider's fake on 127.0.0.1, points our configuration at it (through `env`, which the
web and worker processes inherit) and points the fake's webhooks at our own URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def telegram(env: dict[str, str], port: int) -> Any | None:
    """The fake Bot API; our webhook is registered later through the real adapter."""
    if env.get("TELEGRAM_BOT_TOKEN"):
        return None
    from sandbox.telegram import FakeTelegram

    fake = FakeTelegram().start()
    env["TELEGRAM_BOT_TOKEN"] = fake.token
    env["TELEGRAM_API_BASE_URL"] = fake.base_url
    env["SANDBOX_TELEGRAM_URL"] = fake.url
    return fake


def x(env: dict[str, str], port: int) -> Any | None:
    """The fake X API; X has no webhook here, the clock's poll job reads it (every
    5 s in the sandbox unless X_POLL_SECONDS is set)."""
    if env.get("X_BEARER_TOKEN") or env.get("X_CONSUMER_KEY"):
        return None
    from sandbox.x import FakeX

    fake = FakeX().start()
    for name, value in fake.credentials.items():
        env[f"X_{name.upper()}"] = value
    env["X_ACCOUNT_ID"] = fake.account_id
    env["X_API_BASE_URL"] = fake.url
    env.setdefault("X_POLL_SECONDS", "5")
    env["SANDBOX_X_URL"] = fake.url
    return fake


SANDBOX_TEMPLATE = (
    "Ada kabar terbaru untuk laporan {{1}}: {{2}}. Balas pesan ini untuk melanjutkan "
    "percakapan dengan Media Center Surabaya."
)


def twilio(env: dict[str, str], port: int) -> Any | None:
    """The fake Twilio (SMS, WhatsApp, voice); it calls our webhooks on 127.0.0.1 and signs
    them for PUBLIC_BASE_URL, as Twilio signs the public URL it was given."""
    if env.get("TWILIO_ACCOUNT_SID"):
        return None
    from sandbox.twilio import FakeTwilio

    local = f"http://127.0.0.1:{port}/webhooks/twilio"
    fake = FakeTwilio(
        messaging_url=f"{local}/messaging",
        status_url=f"{local}/status",
        voice_url=f"{local}/voice",
        signing_base=env.get("PUBLIC_BASE_URL") or None,
    ).start()
    template = env.setdefault("TWILIO_WHATSAPP_TEMPLATE_SID", "HX" + "5a" * 16)
    fake.templates[template] = SANDBOX_TEMPLATE
    env["TWILIO_ACCOUNT_SID"], env["TWILIO_AUTH_TOKEN"] = fake.account_sid, fake.auth_token
    env["TWILIO_API_BASE_URL"] = fake.url
    env["TWILIO_SMS_FROM"], env["TWILIO_WHATSAPP_FROM"] = fake.sms_number, fake.whatsapp_number
    env["TWILIO_VOICE_NUMBER"] = fake.voice_number
    env["SANDBOX_TWILIO_URL"] = fake.url
    return fake


def graph(env: dict[str, str], port: int) -> Any | None:
    """The fake Graph API: WhatsApp Cloud API, and Facebook/Instagram messaging (whose
    keys are set too unless configured); webhooks go to 127.0.0.1, signed like Meta's."""
    if env.get("WHATSAPP_ACCESS_TOKEN"):
        return None
    from sandbox.graph import FakeGraph

    local = f"http://127.0.0.1:{port}/webhooks"
    fake = FakeGraph(
        whatsapp_webhook_url=f"{local}/whatsapp", meta_webhook_url=f"{local}/meta"
    ).start()
    env["WHATSAPP_ACCESS_TOKEN"], env["WHATSAPP_APP_SECRET"] = fake.access_token, fake.app_secret
    env["WHATSAPP_VERIFY_TOKEN"] = fake.verify_token
    env["WHATSAPP_PHONE_NUMBER_ID"] = fake.phone_number_id
    env["GRAPH_API_BASE_URL"] = fake.base_url
    if not env.get("META_PAGE_ACCESS_TOKEN"):
        env["META_PAGE_ACCESS_TOKEN"] = fake.page_access_token
        env["META_PAGE_ID"], env["META_IG_ID"] = fake.page_id, fake.ig_id
        env["META_APP_SECRET"], env["META_VERIFY_TOKEN"] = fake.app_secret, fake.verify_token
    env["SANDBOX_GRAPH_URL"] = fake.url
    return fake


def smtp(env: dict[str, str], port: int) -> Any | None:
    """A local mail server for officers notified by e-mail (mails are logged)."""
    if env.get("SMTP_URL"):
        return None
    from sandbox.smtp import FakeSMTP

    fake = FakeSMTP().start()
    env["SMTP_URL"] = fake.url
    env.setdefault("EMAIL_FROM", "aduan@sandbox.local")
    return fake


STARTERS: list[Callable[[dict[str, str], int], Any | None]] = [telegram, x, twilio, graph, smtp]


def start_all(env: dict[str, str], port: int) -> list[Any]:
    """Starts every sandbox whose provider has no credentials; returns the running fakes."""
    started = [fake for starter in STARTERS if (fake := starter(env, port)) is not None]
    if started:
        env["ADUAN_SANDBOX"] = "1"
    return started
