"""HTTP front of the Telegram sandbox: routes Bot API calls, file downloads and the
sandbox's own /sandbox/ control API (see sandbox.telegram) to a FakeTelegram."""

from __future__ import annotations

import base64
import json
import mimetypes
import secrets
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from sandbox.base import JsonHandler
from sandbox.telegram_api import ApiError

if TYPE_CHECKING:
    from sandbox.telegram import FakeTelegram  # noqa: F401 (Handler type argument)


class Handler(JsonHandler["FakeTelegram"]):
    """Routes /bot<token>/<method>, /file/bot<token>/<path> and /sandbox/... ."""

    def _api(self, path: str, query: dict[str, str], body: bytes) -> None:
        try:
            if path.startswith("/file/bot"):
                token, _, file_path = path.removeprefix("/file/bot").partition("/")
                self._check_token(token)
                stored = self.fake.file_by_path(file_path)
                if stored is None or stored["content"] is None:
                    raise ApiError(404, "Not Found")
                self._send(200, stored["content"], mimetypes.guess_type(file_path)[0])
            elif path.startswith("/bot"):
                token, _, method = path.removeprefix("/bot").partition("/")
                self._check_token(token)
                self._call(method, query | self._params(body))
            else:
                raise ApiError(404, "Not Found")
        except ApiError as exc:
            self._json(exc.status, exc.body())
        except (ValueError, TypeError, KeyError) as exc:  # unparsable parameters
            self._json(400, ApiError(400, f"Bad Request: {exc}").body())

    def _check_token(self, token: str) -> None:
        if not secrets.compare_digest(token.encode(), self.fake.token.encode()):
            raise ApiError(401, "Unauthorized")

    def _params(self, body: bytes) -> dict[str, Any]:
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if not body:
            return {}
        if kind == "application/json":
            data = json.loads(body)
            return data if isinstance(data, dict) else {}
        if kind == "multipart/form-data":
            raise ApiError(400, "Bad Request: the sandbox does not accept file uploads")
        return {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}

    def _call(self, method: str, params: dict[str, Any]) -> None:
        try:
            status, answer = 200, {"ok": True, "result": self.fake.call(method, params)}
        except ApiError as exc:
            status, answer = exc.status, exc.body()
        except (ValueError, TypeError) as exc:
            status, answer = 400, ApiError(400, f"Bad Request: {exc}").body()
        with self.fake._lock:  # recorded before answering, so a test sees it at once
            self.fake.calls.append({"method": method, "params": params, "status": status})
        time.sleep(self.fake.late_answer(method))
        self._json(status, answer)

    def _control(
        self, route: str, parts: list[str], data: dict[str, Any], query: dict[str, str]
    ) -> Any:
        fake, post = self.fake, self.command == "POST"
        if post and route == "citizen/send":
            return fake.citizen_sends(**_citizen_kwargs(data))
        if post and route == "retry":
            return {"delivered": fake.retry_pending()}
        if route == "state":
            return fake.state()
        if len(parts) == 3 and parts[0] == "chats" and parts[2] == "messages":
            after = int(query.get("after") or 0)
            return {"chat_id": parts[1], "messages": fake.conversation(parts[1], after)}
        if len(parts) == 2 and parts[0] == "files" and parts[1] in fake.files:
            stored = fake.files[parts[1]]
            return stored["content"] or b"", mimetypes.guess_type(stored["file_path"])[0]
        return None


def _citizen_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    """Map the control API's JSON onto citizen_sends() keyword arguments."""
    kwargs: dict[str, Any] = {"chat_id": int(data["chat_id"])}
    for key in ("text", "caption", "contact_phone", "first_name", "last_name", "username"):
        if data.get(key) is not None:
            kwargs[key] = str(data[key])
    if data.get("photo_base64"):
        kwargs["photo"] = base64.b64decode(data["photo_base64"], validate=True)
    if data.get("latitude") is not None and data.get("longitude") is not None:
        kwargs["location"] = (float(data["latitude"]), float(data["longitude"]))
    return kwargs
