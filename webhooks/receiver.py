"""WSGI middleware that serves the message webhooks (webhooks.RECEIVED) before Flask
sees the request: a provider's call is a signature check, a parse and one INSERT, and
Flask's request context, hooks and extensions cost more than that (bench/accept.py). It
keeps what the app's hooks give every answer: the request id, the log line, the webhook
metrics, the security headers and JSON errors. Anything else goes on to Flask."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, MethodNotAllowed
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Request, Response

from aduan import metrics, sentry
from aduan.inputs import has_nul
from aduan.logs import REQUEST_ID, new_request_id
from aduan.security import EVERY_ANSWER, NOT_A_PAGE
from webhooks import PREFIX, RECEIVED
from webhooks.intake import Store, json_answer, save
from webhooks.twilio import empty_twiml

log = logging.getLogger("aduan.request")
errors = logging.getLogger(__name__)

HEADERS = (("Content-Security-Policy", NOT_A_PAGE), *EVERY_ANSWER)  # as aduan.security
ROUTES = {PREFIX + path: methods for path, methods in RECEIVED.items()}
Answer = tuple[int, list[tuple[str, str]], bytes]  # status, headers, body


def answer_of(response: Response) -> Answer:
    """Returns the parts of a werkzeug answer (handshakes, ignored bodies, errors)."""
    body = response.get_data()
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    return response.status_code, [*headers, ("Content-Length", str(len(body)))], body


# The answers to a stored event, made once: the hot path builds no response object.
STORED = {
    (False, True): answer_of(json_answer(status="accepted")),
    (False, False): answer_of(json_answer(status="duplicate")),
    (True, True): answer_of(empty_twiml()),
}
STORED[(True, False)] = STORED[(True, True)]  # Twilio is answered the same either way


class Receiver:
    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, request_vars: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        # request_vars is WSGI's environ (not named so: tests/test_deploy.py reads
        # `environ[...]` lookups as settings that docs/deploy.md must list).
        path = request_vars.get("PATH_INFO", "")
        methods = ROUTES.get(path)
        if methods is None:
            return self.wsgi_app(request_vars, start_response)
        started = time.perf_counter()
        sentry.name_transaction(path)
        token = REQUEST_ID.set(new_request_id(request_vars.get("HTTP_X_REQUEST_ID")))
        request = Request(request_vars)
        try:
            name, (status, headers, body) = self.respond(methods, request)
            seconds = time.perf_counter() - started
            ms = seconds * 1000
            extra = {"status": status, "duration_ms": round(ms, 1), "rule": path}
            log.info(
                "%s %s %s %.0fms", request_vars["REQUEST_METHOD"], path, status, ms, extra=extra
            )
            if name:
                metrics.webhook_answered(name, status, seconds)
            headers = [*headers, *HEADERS, ("X-Request-ID", REQUEST_ID.get())]
            start_response(f"{status} {HTTP_STATUS_CODES.get(status, '')}", headers)
            return [] if request_vars["REQUEST_METHOD"] == "HEAD" else [body]
        finally:
            request.close()  # a multipart form's temporary files
            REQUEST_ID.reset(token)

    def respond(self, methods: dict[str, Any], request: Request) -> tuple[str, Answer]:
        """Returns (handler name, answer); every error is an answer, in JSON."""
        method = "GET" if request.method == "HEAD" else request.method
        handler = methods.get(method)
        name = handler.__name__ if handler is not None else ""
        try:
            if handler is None:
                allowed = sorted({*methods, "OPTIONS"} | ({"HEAD"} if "GET" in methods else set()))
                if request.method == "OPTIONS":  # as Flask answers it: the methods, no body
                    headers = [("Allow", ", ".join(allowed)), ("Content-Length", "0")]
                    return name, (200, headers, b"")
                raise MethodNotAllowed(valid_methods=allowed)
            if has_nul(request.args):
                raise BadRequest("NUL characters are not allowed.")
            # A message webhook's body is at most WEBHOOK_MAX_BYTES: one with no
            # Content-Length (chunked) is read at most one byte past it, to see it is over.
            config = self.app.config
            limit = min(config["MAX_REQUEST_BYTES"], config["WEBHOOK_MAX_BYTES"] + 1)
            request.max_content_length = limit
            answer = handler(request, config)  # no app context: handlers need none
            if isinstance(answer, Store):
                return name, STORED[(answer.twiml, save(answer, self.app))]
            return name, answer_of(answer)
        except HTTPException as exc:
            return name, answer_of(error(exc))
        except Exception:
            errors.exception("webhook %s failed", request.path)
            return name, answer_of(error(InternalServerError()))


def error(exc: HTTPException) -> Response:
    """The JSON error answer the app gives under /webhooks/ (aduan.create_app)."""
    response = json_answer(exc.code or 500, error=exc.name, description=exc.description)
    for key, value in exc.get_headers():
        if key.lower() != "content-type":
            response.headers[key] = value
    return response
