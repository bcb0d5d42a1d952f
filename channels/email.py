"""E-mail for officers who are notified by mail: plain SMTP through smtplib."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from channels.base import AUTH, RECIPIENT_UNREACHABLE, ChannelError, OutboundMessage, SendResult

PERMANENT_SMTP = range(500, 600)  # 5xx: the server refuses this message or recipient


class EmailAdapter:
    """Sends through the SMTP server named by `url`:
    smtp://user:pass@host:587 (STARTTLS when the server offers it), smtps://host:465, or
    smtp://host:25 without login."""

    channel = "email"

    def __init__(self, url: str, sender: str, timeout: float = 15.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://user:pass@host:587")
        self.host, self.ssl = parts.hostname, parts.scheme == "smtps"
        self.port = parts.port or (465 if self.ssl else 25)
        self.username = unquote(parts.username or "")
        self.password = unquote(parts.password or "")
        self.sender, self.timeout = sender, timeout

    def _message(self, msg: OutboundMessage) -> EmailMessage:
        mail = EmailMessage()
        first_line = msg.text.strip().splitlines()[0] if msg.text.strip() else "Aduan"
        # The first line carries what a citizen wrote. The e-mail package decodes an RFC
        # 2047 word ("=?utf-8?q?...?=") in a header, CR/LF included, into header lines of
        # the citizen's choosing: broken up, it stays text.
        mail["Subject"] = first_line[:90].replace("=?", "= ?")
        mail["From"] = self.sender
        mail["To"] = msg.recipient
        mail["Message-ID"] = make_msgid(domain=self.sender.rsplit("@", 1)[-1])
        mail.set_content(msg.text)
        return mail

    def send(self, msg: OutboundMessage) -> SendResult:
        """Sends one mail; returns its Message-ID. Raises ChannelError (5xx permanent)."""
        mail = self._message(msg)
        handed_over = False  # the mail went out: a lost answer leaves its fate unknown
        try:
            if self.ssl:
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                client.ehlo()
                if not self.ssl and client.has_extn("starttls"):
                    client.starttls(context=ssl.create_default_context())
                    client.ehlo()
                if self.username:
                    client.login(self.username, self.password)
                handed_over = True
                client.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            code = next(iter(exc.recipients.values()))[0]
            raise ChannelError(
                f"recipient refused: {exc.recipients}",
                code=str(code),
                permanent=code in PERMANENT_SMTP,
                reason=RECIPIENT_UNREACHABLE if code in PERMANENT_SMTP else None,
            ) from exc
        except smtplib.SMTPResponseException as exc:
            raise ChannelError(
                f"SMTP {exc.smtp_code}: {exc.smtp_error!r}",
                code=str(exc.smtp_code),
                permanent=exc.smtp_code in PERMANENT_SMTP,
                reason=AUTH if exc.smtp_code in (530, 535) else None,
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise ChannelError(
                f"SMTP unavailable: {exc}", code="network", unknown=handed_over
            ) from exc
        return SendResult(provider_id=str(mail["Message-ID"]))
