"""POST /webhooks/twilio/messaging and /webhooks/twilio/status: SMS and WhatsApp through
Twilio (one endpoint for both: "whatsapp:" addresses tell them apart) and the delivery
status callbacks of what we sent.

Every request is checked against X-Twilio-Signature, computed by Twilio over the URL it
requested plus all POST parameters. Behind a TLS-terminating proxy the URL we see may
differ from the one Twilio signed (http vs https, internal host): the signature is
accepted against the public URL (PUBLIC_BASE_URL + path) or the URL as seen through
ProxyFix (X-Forwarded-Proto/Host), so a correct request is never lost to a proxy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from twilio.twiml.messaging_response import MessagingResponse
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Forbidden, RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from channels.twilio_messaging import validate_signature
from ticketing.inbound import twilio as twilio_inbound
from ticketing.models import utcnow
from webhooks.intake import Store


def candidate_urls(request: Request, config: Mapping[str, Any]) -> list[str]:
    """Returns the URLs Twilio may have signed for this request, public URL first."""
    query = request.query_string.decode("latin-1")
    path = request.script_root + request.path + (f"?{query}" if query else "")
    urls = []
    base = (config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if base:
        urls.append(base + path)
    urls.append(request.url)
    # A proxy that terminates TLS without X-Forwarded-Proto: the host, path, parameters
    # and token still bind the signature; only the scheme is unknowable here.
    seen = request.url
    urls.append("https" + seen[4:] if seen.startswith("http:") else "http" + seen[5:])
    return list(dict.fromkeys(urls))


def verified_form(request: Request, config: Mapping[str, Any]) -> MultiDict[str, str]:
    """Returns the POST parameters of a request signed by Twilio; 403 otherwise (and
    413 for a body over WEBHOOK_MAX_BYTES), before anything is stored."""
    limit = config["WEBHOOK_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"Body larger than {limit} bytes.")
    token = config["TWILIO_AUTH_TOKEN"]
    signature = request.headers.get("X-Twilio-Signature", "")
    if request.content_length is None:  # chunked: read at most one byte past the limit
        request.max_content_length = min(request.max_content_length or limit + 1, limit + 1)
    form = request.form
    if request.content_length is None and getattr(request.stream, "is_exhausted", False):
        raise RequestEntityTooLarge(f"Body larger than {limit} bytes.")
    if not token or not signature:
        raise Forbidden("Missing Twilio signature.")
    urls = candidate_urls(request, config)
    if not any(validate_signature(token, url, form, signature) for url in urls):
        raise Forbidden("Invalid Twilio signature.")
    return form


def stored_form(form: MultiDict[str, str]) -> str:
    """Returns the payload stored for a Twilio request: every parameter (the first value
    of a repeated one) plus the time we received it."""
    return twilio_inbound.stored_form(form.to_dict(flat=True), utcnow())


def twiml(document: str) -> Response:
    """Returns a TwiML answer."""
    return Response(document, mimetype="text/xml")


def empty_twiml() -> Response:
    """Returns the empty <Response/>: nothing to say or send right now."""
    return twiml(str(MessagingResponse()))


def twilio_messaging(request: Request, config: Mapping[str, Any]) -> Store:
    form = verified_form(request, config)
    sid = (form.get("MessageSid") or form.get("SmsMessageSid") or "").strip()
    if not sid or not form.get("From"):
        raise BadRequest("Not a Twilio message: MessageSid or From missing.")
    # The answer is the empty TwiML: replies go out later through the outbox.
    return Store("twilio", sid, stored_form(form), twiml=True)


def twilio_status(request: Request, config: Mapping[str, Any]) -> Store:
    form = verified_form(request, config)
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower()
    if not sid or not status:
        raise BadRequest("Not a Twilio status callback: MessageSid or MessageStatus missing.")
    return Store("twilio_status", f"{sid}:{status}", stored_form(form), twiml=True)
