"""A small SMTP server on 127.0.0.1 that keeps the mails it receives (for tests and the
sandbox). It speaks enough of RFC 5321 for smtplib: EHLO/HELO, AUTH PLAIN/LOGIN (any
credentials), MAIL, RCPT, DATA, RSET, NOOP, QUIT. `refuse` makes RCPT fail with 550."""

from __future__ import annotations

import logging
import socketserver
import threading
from email import message_from_bytes, policy
from typing import Any

log = logging.getLogger(__name__)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        fake = self.server.fake
        self.reply("220 sandbox.aduan.local ESMTP")
        sender, recipients = "", []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode(errors="replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-sandbox.aduan.local\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME")
            elif verb == "AUTH":
                if line.upper().startswith("AUTH LOGIN"):
                    for prompt in ("334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6"):
                        self.reply(prompt)
                        self.rfile.readline()
                self.reply("235 2.7.0 Authentication successful")
            elif verb == "MAIL":
                sender, recipients = line.split(":", 1)[1].strip(" <>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = line.split(":", 1)[1].strip(" <>")
                if address in fake.refuse:
                    self.reply("550 5.1.1 No such user")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                fake.store(sender, recipients, b"".join(lines))
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeSMTP


class FakeSMTP:
    """Keeps every mail in `.mails` (dicts: from, to, subject, body)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.mails: list[dict[str, Any]] = []
        self.refuse: set[str] = set()
        self._lock = threading.Lock()
        self._server: _Server | None = None

    @property
    def url(self) -> str:
        return f"smtp://sandbox:sandbox@{self.host}:{self.port}"

    def start(self) -> FakeSMTP:
        self._server = _Server((self.host, self.port), _Handler)
        self._server.fake = self
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def store(self, sender: str, recipients: list[str], data: bytes) -> None:
        mail = message_from_bytes(data, policy=policy.default)
        body = mail.get_body(("plain",))
        item = {
            "from": sender,
            "to": recipients,
            "subject": str(mail["Subject"] or ""),
            "headers": list(mail.keys()),
            "body": body.get_content() if body is not None else "",
        }
        with self._lock:
            self.mails.append(item)
        log.info("[sandbox mail] to %s: %s", ", ".join(recipients), item["subject"])

    def sent_to(self, address: str) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.mails if address in m["to"]]
