"""Phone calls in the Twilio sandbox: a caller who drives our voice webhooks the way
Twilio's TwiML interpreter does, and a structured view of what the caller hears.

A `Call` POSTs the incoming-call parameters to the voice URL, runs the TwiML it gets back
verb by verb (following `<Redirect>` automatically, at most `max_redirects` hops) and stops
at the first verb that waits for the caller: `<Gather>` (press digits or stay silent) or
`<Record>` (speak, or stay silent). Like Twilio: a Gather without input and a Record
without audio continue with the verbs after them, without requesting their action; the
end of a document hangs up; a non-2xx answer or unparsable TwiML ends the call ("an
application error has occurred"). Relative URLs resolve against the current document.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from sandbox.twilio_api import API_VERSION, new_sid

if TYPE_CHECKING:
    from sandbox.twilio import FakeTwilio

_BLOCKING = ("gather", "record")


@dataclass
class CallView:
    """What the caller experienced since their last input, up to the next input point.

    `verbs` are dicts with "verb" (say, play, pause, gather, record, dial, redirect,
    hangup, reject) and the verb's attributes: say {text, language, voice}; gather
    {action, method, num_digits, timeout, finish_on_key, input, language, says}; start
    {recording: {recording_status_callback, ...} or None}; record {action,
    method, max_length, finish_on_key, transcribe, transcribe_callback,
    recording_status_callback}; dial {number}; redirect {url, method}.
    `status` is "in-progress", "completed" or "failed"; `waiting_for` is "digits",
    "speech" (a Gather that takes speech), "recording" or None.
    """

    call_sid: str
    status: str
    verbs: list[dict[str, Any]] = field(default_factory=list)
    waiting_for: str | None = None
    error: str | None = None

    @property
    def says(self) -> list[str]:
        """Every text spoken, in order (including prompts inside a Gather)."""
        texts: list[str] = []
        for verb in self.verbs:
            if verb["verb"] == "say":
                texts.append(verb["text"])
            elif verb["verb"] == "gather":
                texts.extend(verb["says"])
        return texts

    def _last(self, name: str) -> dict[str, Any] | None:
        return next((v for v in reversed(self.verbs) if v["verb"] == name), None)

    @property
    def gather(self) -> dict[str, Any] | None:
        """The Gather the call waits at, or None."""
        return self._last("gather") if self.waiting_for in ("digits", "speech") else None

    @property
    def record(self) -> dict[str, Any] | None:
        """The Record the call waits at, or None."""
        return self._last("record") if self.waiting_for == "recording" else None

    @property
    def dial(self) -> str | None:
        """The number the caller was connected to, or None."""
        verb = self._last("dial")
        return verb["number"] if verb else None

    @property
    def hung_up(self) -> bool:
        return self.status != "in-progress"

    def to_dict(self) -> dict[str, Any]:
        """Returns the view as JSON-able data (plus "says" and "dial")."""
        return {
            "call_sid": self.call_sid,
            "status": self.status,
            "waiting_for": self.waiting_for,
            "error": self.error,
            "verbs": self.verbs,
            "says": self.says,
            "dial": self.dial,
        }


class Call:
    """One inbound call from `from_number` to the fake's voice number. Thread-safe."""

    def __init__(self, fake: FakeTwilio, from_number: str) -> None:
        self.fake, self.from_number = fake, from_number
        self.sid = new_sid("CA")
        self.status = "ringing"
        self.views: list[CallView] = []
        self.requests: list[dict[str, Any]] = []  # every webhook request: url, params, status
        self._doc_url = fake.voice_url or ""
        self._waiting: dict[str, Any] | None = None
        self._rest: list[dict[str, Any]] = []
        self._error: str | None = None
        self._recording: dict[str, Any] | None = None  # a <Start><Recording> running
        self._spoken: list[str] = []  # what the caller said while it ran
        self._lock = threading.RLock()

    @property
    def view(self) -> CallView:
        """The latest view (what the caller hears now)."""
        return self.views[-1]

    def params(self) -> dict[str, str]:
        """Returns the parameters Twilio sends with every request about this call."""
        caller, called = self.from_number, self.fake.voice_number
        params = {"AccountSid": self.fake.account_sid, "ApiVersion": API_VERSION}
        params |= {"CallSid": self.sid, "CallStatus": self.status, "Direction": "inbound"}
        params |= {"From": caller, "Caller": caller, "To": called, "Called": called}
        for prefix in ("From", "Caller", "To", "Called"):
            params |= {f"{prefix}Country": "ID", f"{prefix}City": "", f"{prefix}State": ""}
            params[f"{prefix}Zip"] = ""
        return params

    # ------------------------------------------------------------------ caller actions

    def start(self) -> CallView:
        """Ring the voice URL (CallStatus=ringing) and run its answer. Returns the view."""
        with self._lock:
            if not self._doc_url:
                raise ValueError("no voice_url configured")
            verbs = self._fetch(self._doc_url, "POST", {})
            self.status = "in-progress" if verbs is not None else self.status
            return self._play(verbs, [])

    def press(self, digits: str) -> CallView:
        """Key in `digits` at the current Gather (cut at its finishOnKey and numDigits) and
        POST them as Digits to its action. Returns the next view. Raises ValueError when
        the call is not waiting at a Gather."""
        with self._lock:
            gather = self._expect("gather")
            finish = gather.get("finish_on_key") or "#"
            params: dict[str, str] = {}
            if finish in digits:
                digits = digits.split(finish)[0]
                params["FinishedOnKey"] = finish
            if gather.get("num_digits"):
                digits = digits[: int(gather["num_digits"])]
            if not digits:
                return self._continue()
            params["Digits"] = digits
            return self._act(gather, params)

    def speak(self, text: str, confidence: float = 0.92) -> CallView:
        """Say `text` at the current speech Gather: POSTs SpeechResult and Confidence to
        its action (what Twilio's id-ID recogniser heard; "" with confidence 0 when it
        heard nothing it could use) and runs the answer. Returns the next view. Raises
        ValueError when not waiting at a Gather that takes speech."""
        with self._lock:
            gather = self._expect("gather")
            if "speech" not in (gather.get("input") or ""):
                raise ValueError("the Gather does not take speech")
            self._spoken.append(text)
            params = {"SpeechResult": text, "Confidence": f"{confidence:.8f}"}
            if gather.get("language"):
                params["Language"] = gather["language"]
            return self._act(gather, params)

    def say_nothing(self) -> CallView:
        """Stay silent at the current Gather or Record: Twilio continues with the verbs
        after it (its action is not requested). Returns the next view."""
        with self._lock:
            waiting = self._waiting
            if waiting is None:
                raise ValueError("the call is not waiting for the caller")
            if waiting["verb"] == "gather" and waiting.get("action_on_empty_result") == "true":
                return self._act(waiting, {"Digits": ""})
            return self._continue()

    def record(self, spoken_text: str, duration: int = 12, *, hang_up: bool = False) -> CallView:
        """Speak `spoken_text` at the current Record for `duration` seconds, then press "#"
        (or hang up). POSTs RecordingUrl/RecordingSid/RecordingDuration/Digits to the
        action, then queues the recording status and transcription callbacks (text =
        `spoken_text`, status "failed" when it is empty). A duration of 0 is silence.
        Returns the next view. Raises ValueError when not waiting at a Record."""
        with self._lock:
            verb = self._expect("record")
            duration = min(duration, int(verb.get("max_length") or 3600))
            if duration <= 0:
                return self._continue()
            fake = self.fake
            sid = fake.new_recording(self.sid, duration, spoken_text)
            url = f"{fake.url}/{API_VERSION}/Accounts/{fake.account_sid}/Recordings/{sid}"
            recording = {"RecordingSid": sid, "RecordingUrl": url}
            extra = recording | {"RecordingDuration": str(duration)}
            keys = verb.get("finish_on_key") or "#"
            extra["Digits"] = "hangup" if hang_up else ("#" if "#" in keys else keys[0])
            if hang_up:
                self.status = "completed"
            view = self._act(verb, extra, ignore_answer=hang_up)
            self._queue_callbacks(verb, extra, spoken_text.strip())
            return view

    def hang_up(self, spoken_text: str = "") -> CallView:
        """The caller hangs up (after saying `spoken_text` nobody recognised). Returns
        the final view."""
        with self._lock:
            if spoken_text:
                self._spoken.append(spoken_text)
            self.status, self._waiting, self._rest = "completed", None, []
            view = CallView(self.sid, "completed")
            self.views.append(view)
            self._end_recording()
            return view

    def _end_recording(self) -> None:
        """The call ended: a running call recording is stored and its status callback
        queued (kind "recording"), without From, like Twilio's."""
        verb, self._recording = self._recording, None
        if not verb or not verb.get("recording_status_callback"):
            return
        text = " ".join(self._spoken).strip()
        duration = max(1, len(text.split()) // 2) if text else 1
        fake, account = self.fake, self.fake.account_sid
        sid = fake.new_recording(self.sid, duration, text)
        url = f"{fake.url}/{API_VERSION}/Accounts/{account}/Recordings/{sid}"
        params = {"AccountSid": account, "CallSid": self.sid, "ErrorCode": "0"}
        params |= {"RecordingSid": sid, "RecordingUrl": url, "RecordingStatus": "completed"}
        params |= {"RecordingDuration": str(duration), "RecordingChannels": "1"}
        params["RecordingSource"] = "StartCallRecordingTwiML"
        fake.enqueue("recording", self._resolve(verb["recording_status_callback"]), params)

    # ------------------------------------------------------------------ interpreter

    def _queue_callbacks(self, verb: dict[str, Any], recording: dict[str, str], text: str) -> None:
        """Queue the recording status and transcription callbacks of a finished Record."""
        fake, account = self.fake, self.fake.account_sid
        recording = {key: value for key, value in recording.items() if key != "Digits"}
        if verb.get("recording_status_callback"):
            params = {"AccountSid": account, "CallSid": self.sid, "ErrorCode": "0"} | recording
            params |= {"RecordingStatus": "completed", "RecordingChannels": "1"}
            params["RecordingSource"] = "RecordVerb"
            fake.enqueue("recording", self._resolve(verb["recording_status_callback"]), params)
        if verb.get("transcribe") and verb.get("transcribe_callback"):
            sid = new_sid("TR")
            params = self.params() | recording | {"TranscriptionSid": sid}
            params["TranscriptionUrl"] = (
                f"{fake.url}/{API_VERSION}/Accounts/{account}/Transcriptions/{sid}"
            )
            params["TranscriptionType"] = "fast"
            params["TranscriptionStatus"] = "completed" if text else "failed"
            if text:
                params["TranscriptionText"] = text
            fake.enqueue("transcription", self._resolve(verb["transcribe_callback"]), params)

    def _expect(self, name: str) -> dict[str, Any]:
        if self._waiting is None or self._waiting["verb"] != name:
            raise ValueError(f"the call is not waiting at a <{name.capitalize()}>")
        return self._waiting

    def _continue(self) -> CallView:
        rest, self._waiting, self._rest = self._rest, None, []
        return self._play(rest, [])

    def _act(
        self, verb: dict[str, Any], extra: dict[str, str], ignore_answer: bool = False
    ) -> CallView:
        """Request `verb`'s action (default: the current document) and run the answer."""
        self._waiting, self._rest = None, []
        url = verb.get("action") or self._doc_url
        verbs = self._fetch(self._resolve(url), verb.get("method") or "POST", extra)
        if ignore_answer:
            view = CallView(self.sid, "completed")
            self.views.append(view)
            return view
        return self._play(verbs, [])

    def _resolve(self, url: str) -> str:
        return urljoin(self._doc_url, url)

    def _fetch(self, url: str, method: str, extra: dict[str, str]) -> list[dict[str, Any]] | None:
        """Request a TwiML document; returns its verbs, or None (the call then fails)."""
        params = self.params() | extra
        status, body = self.fake.post_form(url, params, method=method)
        self.requests.append({"url": url, "params": params, "status": status})
        self._doc_url = url
        if status is None or not 200 <= status < 300:
            self._error = f"webhook answered {status}"
            return None
        try:
            return parse_twiml(body)
        except ValueError as exc:
            self._error = str(exc)
            return None

    def _play(
        self, verbs: list[dict[str, Any]] | None, heard: list[dict[str, Any]], hops: int = 0
    ) -> CallView:
        """Run `verbs` until one waits for the caller; returns (and records) the view."""
        if verbs is None:
            return self._finish(heard, "failed", self._error or "application error")
        for index, verb in enumerate(verbs):
            heard.append(verb)
            kind = verb["verb"]
            if kind in _BLOCKING:
                self._waiting, self._rest = verb, verbs[index + 1 :]
                waiting = "digits" if kind == "gather" else "recording"
                if kind == "gather" and "speech" in (verb.get("input") or ""):
                    waiting = "speech"
                view = CallView(self.sid, self.status, heard, waiting)
                self.views.append(view)
                return view
            if kind == "start" and verb.get("recording") is not None:
                self._recording = verb["recording"]
                continue
            if kind in ("hangup", "reject"):
                return self._finish(heard, "completed")
            if kind == "redirect":
                if hops >= self.fake.max_redirects:
                    return self._finish(heard, "failed", "too many redirects")
                target = self._resolve(verb["url"])
                return self._play(self._fetch(target, verb["method"], {}), heard, hops + 1)
        return self._finish(heard, "completed")  # the end of a document hangs up

    def _finish(
        self, heard: list[dict[str, Any]], status: str, error: str | None = None
    ) -> CallView:
        self.status, self._waiting, self._rest = "completed", None, []
        view = CallView(self.sid, status, heard, None, error)
        self.views.append(view)
        self._end_recording()
        return view


def parse_twiml(body: str) -> list[dict[str, Any]]:
    """Returns the verbs of a TwiML voice document (see CallView). Raises ValueError when
    it is not XML with a <Response> root."""
    try:
        root = ET.fromstring(body.strip())
    except ET.ParseError as exc:
        raise ValueError(f"TwiML does not parse: {exc}") from exc
    if root.tag != "Response":
        raise ValueError(f"TwiML root is <{root.tag}>, not <Response>")
    return [_verb(element) for element in root]


def _verb(element: ET.Element) -> dict[str, Any]:
    name, attrs, text = element.tag.lower(), element.attrib, (element.text or "").strip()
    if name == "say":
        language, voice = attrs.get("language"), attrs.get("voice")
        return {"verb": "say", "text": text, "language": language, "voice": voice}
    if name == "gather":
        says = [(child.text or "").strip() for child in element if child.tag == "Say"]
        keys = ("action", "method", "timeout", "input", "actionOnEmptyResult", "language")
        verb = {"verb": "gather", "says": says} | {_snake(k): attrs.get(k) for k in keys}
        verb["num_digits"] = int(attrs["numDigits"]) if attrs.get("numDigits") else None
        verb["finish_on_key"] = attrs.get("finishOnKey", "#")
        return verb
    if name == "record":
        keys = ("action", "method", "transcribeCallback", "recordingStatusCallback")
        verb = {"verb": "record"} | {_snake(k): attrs.get(k) for k in keys}
        verb["max_length"] = int(attrs.get("maxLength") or 3600)
        verb["finish_on_key"] = attrs.get("finishOnKey", "1234567890*#")
        verb["transcribe"] = attrs.get("transcribe", "false").lower() == "true"
        return verb
    if name == "start":
        recording = next((child for child in element if child.tag == "Recording"), None)
        if recording is None:
            return {"verb": "start", "recording": None}
        keys = ("recordingStatusCallback", "recordingStatusCallbackMethod", "track")
        return {"verb": "start", "recording": {_snake(k): recording.attrib.get(k) for k in keys}}
    if name == "dial":
        numbers = [(child.text or "").strip() for child in element]
        return {"verb": "dial", "number": text or (numbers[0] if numbers else "")}
    if name == "redirect":
        return {"verb": "redirect", "url": text, "method": attrs.get("method", "POST")}
    if name == "play":
        return {"verb": "play", "url": text}
    return {"verb": name} | dict(attrs)


def _snake(name: str) -> str:
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name)
