"""Jinja filters for the staff pages: times in WIB, codes in words (inbox/labels.py)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from flask import Flask, has_request_context, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from aduan import timefmt
from inbox import labels, reasons
from sla import policies, remaining
from sla.calendars import desk_calendar
from ticketing.actions import MAX_TEXT
from ticketing.links import PLACEHOLDER
from ticketing.models import OPEN_STATUSES, answered, awaited_due, in_triage, utcnow

# Kept for callers that label outside a template.
CHANNEL_LABELS = labels.CHANNELS
KIND_LABELS = labels.KINDS
CLOCK_LABELS = labels.CLOCKS


def _amount(minutes: int) -> str:
    if minutes >= 2880:
        return ngettext("%(num)d hari", "%(num)d hari", minutes // 1440)
    if minutes >= 120:
        return ngettext("%(num)d jam", "%(num)d jam", minutes // 60)
    if minutes < 1:
        return _("kurang dari 1 menit")
    if minutes >= 60:  # "1 jam 54 menit", not "114 menit" (a triage row's 2-hour clock)
        hour = ngettext("%(num)d jam", "%(num)d jam", 1)
        rest = minutes - 60
        return f"{hour} {ngettext('%(num)d menit', '%(num)d menit', rest)}" if rest else hour
    return ngettext("%(num)d menit", "%(num)d menit", minutes)


def _working_amount(minutes: int) -> str:
    """Returns working time left in working hours ("15 jam kerja", "45 menit kerja")."""
    if minutes >= 120:
        return ngettext("%(num)d jam kerja", "%(num)d jam kerja", minutes // 60)
    if minutes < 1:
        return _("kurang dari 1 menit")
    if minutes >= 60:
        if minutes == 60:
            return _("1 jam kerja")
        return ngettext("1 jam %(num)d menit kerja", "1 jam %(num)d menit kerja", minutes - 60)
    return ngettext("%(num)d menit kerja", "%(num)d menit kerja", minutes)


def _left_amount(left: remaining.Left) -> str:
    """Returns what is left in the deadline's own unit: "10 hari kerja" for a clock
    counted in working days, "15 jam kerja" for one in working hours, else the time
    ("5 jam")."""
    if left.working_days is not None:
        return ngettext("%(num)d hari kerja", "%(num)d hari kerja", left.working_days)
    return _working_amount(left.minutes) if left.working else _amount(left.minutes)


def hour_calendar(ticket: object) -> str:
    """Returns the calendar kind the ticket's hour-counted deadline runs on: its policy's
    (an emergency's 5 minutes on the wall clock, a complaint's and triage's hours on
    working days; sla/remaining.py)."""
    key = "emergency" if getattr(ticket, "kind", "") == "emergency" else "complaint"
    return policies.calendar_of(key)


def clock_words(clock: Any) -> str:
    """Returns a clock's period in words, with the PPID extension once it was granted
    (the extension's policy as it stands now: its amount is not kept on the clock)."""
    extension = policies.current("ppid_extension") if clock.extended_at else None
    return labels.clock_period(clock, extension)


def due_in(dt: datetime | None, now: datetime | None = None, hours: str = "wallclock") -> str:
    """Returns 'lewat 3 jam' / 'sisa 5 jam' / 'sisa 12 menit' for a due time; 'sisa 10
    hari kerja' for a deadline counted in working days, 'sisa 15 jam kerja' for one whose
    clock counts `hours` on a working calendar (sla/remaining.py)."""
    if dt is None:
        return "-"
    left = remaining.left(dt, now or utcnow(), desk_calendar(), hours)
    amount = _left_amount(left)
    return (
        _("lewat %(amount)s", amount=amount) if left.late else _("sisa %(amount)s", amount=amount)
    )


def ticket_due(ticket: object, now: datetime | None = None) -> str:
    """Returns what the ticket's deadline column says: the countdown while a clock runs,
    "berhenti" while every clock waits for the citizen, nothing once it is handled."""
    status = getattr(ticket, "status", "")
    if status not in OPEN_STATUSES:
        return _("selesai") if status == "resolved" else "-"
    if status == "waiting":
        return _("berhenti (menunggu warga)")
    return due_in(awaited_due(ticket), now, hour_calendar(ticket))


def is_overdue(dt: datetime | None) -> bool:
    return dt is not None and dt < utcnow()


_urls: dict[tuple[Any, ...], str] = {}


def template_url_for(endpoint: str, **values: Any) -> str:
    """url_for for templates, remembered per process: a page builds ~25 links, mostly
    the same on every request. Relative endpoints, `_external` and friends, and calls
    outside a request go to Flask's url_for as they are."""
    if endpoint.startswith(".") or not has_request_context() or any(k[0] == "_" for k in values):
        return url_for(endpoint, **values)
    key = (request.script_root, endpoint, *((k, type(v), v) for k, v in sorted(values.items())))
    try:
        found = _urls.get(key)
    except TypeError:  # an unhashable value
        return url_for(endpoint, **values)
    if found is None:
        if len(_urls) >= 4096:  # cursors make many one-off links
            _urls.clear()
        found = _urls[key] = url_for(endpoint, **values)
    return found


def event_note(event: Any) -> str:
    """Returns an event's note; a system note stored in Indonesian (a recording to listen
    to) is said in the reader's language."""
    reasons = {
        "unreadable": _("tidak terbaca"),
        "failed": _("gagal"),
        "empty": _("kosong"),
        "unsure": _("pengenalan suara ragu-ragu"),
    }
    reason = (event.data or {}).get("reason")
    if event.action == "listen_needed" and reason in reasons:
        return _(
            "Transkripsi otomatis tidak dapat dipakai (%(reason)s). Dengarkan rekamannya.",
            reason=reasons[reason],
        )
    data = event.data or {}
    via = labels.label(labels.CHANNELS, data.get("via")) if data.get("via") else ""
    if event.action == "delivery_fallback" and via and data.get("to"):
        return _(
            "Pesan %(via)s tidak terkirim: %(why)s. Dikirim ulang lewat %(to)s.",
            via=via,
            why=labels.send_failure(data.get("failure"), data.get("code"), data["via"]),
            to=labels.label(labels.CHANNELS, data["to"]),
        )
    if event.action == "delivery_failed" and via:
        return _(
            "%(via)s: di luar jendela pesan dan warga tidak punya nomor telepon. Tunggu "
            "warga menulis lagi atau hubungi lewat kanal lain.",
            via=via,
        )
    if event.action in ("contact_merged", "contact_split"):
        from inbox.contacts import audit_note  # a merge or split of the reporter's contact

        return audit_note(event) or event.note or ""
    return event.note or ""


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        wib=lambda dt: timefmt.human(dt, str(get_locale())),
        wib_short=lambda dt: timefmt.human(dt, str(get_locale()), with_day=False),
        tanggal=lambda d: timefmt.day(d, str(get_locale())),
        bulan=lambda d: timefmt.month(d, str(get_locale())),
        due_in=lambda dt, hours="wallclock": due_in(dt, hours=hours),
        hour_calendar=hour_calendar,
        ticket_due=ticket_due,
        status_label=lambda s: labels.label(labels.STATUSES, s),
        channel_label=lambda c: labels.label(labels.CHANNELS, c),
        sent_channel_label=labels.sent_channel,
        event_note=event_note,
        send_failure=lambda o: labels.send_failure(o.failure_reason, o.error_code, o.channel),
        kind_label=lambda k: labels.label(labels.KINDS, k),
        clock_label=lambda k: labels.label(labels.CLOCKS, k),
        clock_state=lambda k: labels.label(labels.CLOCK_STATES, k),
        policy_label=labels.policy_name,
        event_label=labels.event,
        actor_name=lambda ev: labels.actor(ev.actor_kind, ev.actor_name),
        delivery_label=lambda s: labels.label(labels.DELIVERY, s),
        webhook_delivery_label=lambda s: labels.label(labels.WEBHOOK_DELIVERY, s),
        webhook_error=labels.webhook_error,
        webhook_disabled=labels.webhook_disabled,
        step_label=lambda s: labels.label(labels.STEPS, s),
        unit_label=lambda s: labels.label(labels.UNITS, s),
        calendar_label=lambda s: labels.label(labels.CALENDARS, s),
        close_reason=lambda s: labels.label(labels.CLOSE_REASONS, s),
        reason_words=reasons.reason,
        attachment_label=lambda k: labels.label(labels.ATTACHMENTS, k),
        unit_name=lambda c: labels.label(labels.UNIT_CODES, c),
        opd_name=labels.opd_name,
        opd_option=labels.opd_option,
        role_label=lambda r: labels.label(labels.ROLES, r),
        group_label=lambda g: labels.label(labels.GROUPS, g),
        field_label=lambda f: labels.label(labels.FIELDS, f),
        message_type=lambda k: labels.label(labels.MESSAGE_TYPES, k),
        download_error=labels.download_error,
        hide_links=lambda text: PLACEHOLDER.sub(_("[tautan petugas]"), text or ""),
    )
    app.jinja_env.globals["policy_words"] = labels.policy
    app.jinja_env.globals["clock_words"] = clock_words
    app.jinja_env.globals["change_words"] = labels.change
    app.jinja_env.globals["url_for"] = template_url_for
    # What a person may write on a timeline: the forms say it, so a text too long is
    # stopped while typing, not refused after the page reloaded without it.
    app.jinja_env.globals["max_text"] = MAX_TEXT
    app.jinja_env.tests["overdue"] = is_overdue
    # "Target selesai" once answered, as awaited_due: also after a reopened agent resolve
    app.jinja_env.tests["answered"] = answered


# One row of a queue page (what _rows.html showed): built by RowWords.rows, because
# this loop (50 rows on every refresh of every agent) was most of a page's CPU in Jinja.
ROW = (
    '<tr class="{cls}" data-number="{number}">'
    '<td><input type="checkbox" name="ticket" value="{number}" class="pick"'
    ' aria-label="{number}"></td>'
    '<td class="number">{dot}<a href="{url}{number}">{number}</a></td>'
    '<td class="summary">{kind}{summary}{pii}</td>'
    "<td>{channel}</td>"
    '<td><span class="tag status-{status}">{status_label}</span></td>'
    "<td>{opd}</td><td>{assignee}</td>"
    '<td title="{when}">{due}</td></tr>\n'
)
RUNNING = ("new", "triage", "routed", "in_progress")  # statuses whose due time can be late
# Rows rendered this minute, shared by every page of the process: a row says only what
# its columns, its unread mark, the language, the units' names, the calendars and the
# minute (its countdown) make it say, so agents refreshing a tab render each row once.
ROWS_KEPT = 20_000
_rendered: dict[tuple[Any, ...], str] = {}
_rendered_in: list[datetime | None] = [None]  # the minute _rendered holds
_PHRASES: dict[str, dict[str, Any]] = {}  # by language: the catalogues are fixed at start


def _phrases() -> dict[str, Any]:
    """Returns RowWords' translated labels and phrases for this request's language."""
    language = str(get_locale())
    found = _PHRASES.get(language)
    if found is not None:
        return found
    unread = _("Belum dibaca")
    found = {
        "status": {k: str(v) for k, v in labels.STATUSES.items()},
        "channel": {k: str(v) for k, v in labels.CHANNELS.items()},
        "unit": {k: str(v) for k, v in labels.UNIT_CODES.items()},
        "kind": {k: str(v) for k, v in labels.KINDS.items()},
        "resolved": _("selesai"),
        "paused": _("berhenti (menunggu warga)"),
        "answered": _("sudah ditanggapi"),
        "answered_was_late": _("sudah ditanggapi, terlambat"),
        "answered_late": _("ditanggapi, lewat %(amount)s"),
        "answered_left": _("ditanggapi, sisa %(amount)s"),
        # an agent answered the citizen; the OPD's first response is still awaited
        "desk_late": _("dibalas Media Center · menunggu OPD, lewat %(amount)s"),
        "desk_left": _("dibalas Media Center · menunggu OPD, sisa %(amount)s"),
        "late": _("lewat %(amount)s"),
        "left": _("sisa %(amount)s"),
        "unread": unread,
        "voice": _("rekaman telepon, perlu didengarkan"),
        "media": _("(foto/lokasi)"),
        "pii": Markup(' <span class="tag pii-flag" title="{}">{}</span>').format(
            _("Tweet/pesan publik memuat data pribadi"),
            _("minta warga menyembunyikan/menghapus tweet"),
        ),
        "dot": Markup('<span class="dot" title="{}">●</span> ').format(unread),
    }
    _PHRASES[language] = found
    return found


class RowWords:
    """What every row of a queue page says, translated once per language and process
    (`_phrases`): the per-row filters would ask Flask-Babel a few hundred times per page."""

    def __init__(self, units: Mapping[str, str] | None = None) -> None:
        """`units`: {code: what agents call the unit} (inbox.units.unit_words: a
        kecamatan or kelurahan by its name, as the unit filter lists them)."""
        self.__dict__.update(_phrases())
        self.language = str(get_locale())
        self.units_id = id(units) if units else None  # unit_words() keeps its dicts
        if units:
            self.unit = {**self.unit, **units}
        self._amounts: dict[tuple[bool, int | None, int], str] = {}
        self._hours: dict[str, str] = {}  # hour_calendar by ticket kind
        self._calendar: Any = None  # the desk calendar, read once a row needs it
        self.now = utcnow()
        self.zone = timefmt.zone()

    def when(self, dt: datetime | None) -> str:
        """Returns a due time as "03/12 14:30 WIB" (the desk's zone)."""
        return dt.astimezone(self.zone).strftime("%d/%m %H:%M %Z") if dt else "-"

    def due(self, ticket: object) -> str:
        """Returns ticket_due(ticket) from the page's translations; once answered, the
        countdown is the resolution's, said as such ("ditanggapi, sisa 2 hari")."""
        status = getattr(ticket, "status", "")
        if status not in OPEN_STATUSES:
            return self.resolved if status == "resolved" else "-"
        if status == "waiting":
            return self.paused
        # a holding reply in triage: the routing deadline is still the one counting down
        said = answered(ticket) and not in_triage(ticket)
        dt = awaited_due(ticket)
        if dt is None:  # nothing awaited any more (an emergency once acknowledged)
            if not said:
                return "-"
            # an acknowledgement after its deadline is not told as plainly "answered"
            promised, given = (
                getattr(ticket, "first_response_due_at", None),
                ticket.first_responded_at,
            )
            late = promised is not None and given is not None and given > promised
            return self.answered_was_late if late else self.answered
        if self._calendar is None:
            self._calendar = desk_calendar()
        kind = getattr(ticket, "kind", "")
        if kind not in self._hours:
            self._hours[kind] = hour_calendar(ticket)
        left = remaining.left(dt, self.now, self._calendar, self._hours[kind])
        minutes = left.minutes
        key = (
            left.working,
            left.working_days,
            minutes // 1440 * 1440
            if minutes >= 2880
            else (minutes // 60 * 60 if minutes >= 120 else minutes),
        )
        if key not in self._amounts:
            self._amounts[key] = _left_amount(left)
        if said:
            template = self.answered_late if left.late else self.answered_left
        elif getattr(ticket, "desk_replied_at", None) and getattr(ticket, "opd_code", None):
            template = self.desk_late if left.late else self.desk_left
        else:
            template = self.late if left.late else self.left
        return template.replace("%(amount)s", self._amounts[key])

    def rows(self, tickets: Iterable[Any], unread: Collection[int]) -> Markup:
        """Returns the table rows of `tickets` (rows with queue.LIST_COLUMNS), every value
        escaped; `unread` holds the ids to mark as unread."""
        url = escape(url_for("inbox.ticket", number="_")[:-1])
        safe: dict[str, str] = {}  # escaped labels, codes and names: few distinct per page
        tags: dict[str, str] = {}  # the kind tag by kind (none for complaints)

        def once(value: str) -> str:
            if value not in safe:
                safe[value] = escape(value)
            return safe[value]

        minute = self.now.replace(second=0, microsecond=0)
        if _rendered_in[0] != minute or len(_rendered) > ROWS_KEPT:
            _rendered.clear()
            _rendered_in[0] = minute
        if self._calendar is None:
            self._calendar = desk_calendar()  # cached a minute, a new one after an edit
        hours = (policies.calendar_of("complaint"), policies.calendar_of("emergency"))
        page = (self.language, self.units_id, self.zone, url, id(self._calendar), hours)
        out = []
        for t in tickets:
            fresh = t.id in unread
            key = (page, fresh, *t)
            row = _rendered.get(key)
            if row is not None:
                out.append(row)
                continue
            due_at, status, kind = awaited_due(t), t.status, t.kind
            late = due_at is not None and due_at < self.now and status in RUNNING
            cls = "emergency " if kind == "emergency" else ""
            cls += "overdue " if late else ""
            cls += "unread" if fresh else ""
            if kind != "complaint" and kind not in tags:
                label = self.kind.get(kind, kind)
                tags[kind] = Markup('<span class="tag kind-{}">{}</span> ').format(kind, label)
            summary = t.summary[:140] if t.summary else ""
            if not summary:
                summary = self.voice if t.channel == "voice" else self.media
            row = _rendered[key] = ROW.format(
                cls=cls.strip(),
                number=escape(t.number),
                dot=self.dot if fresh else "",
                url=url,
                kind=tags.get(kind, ""),
                summary=escape(summary),
                pii=self.pii if t.pii_flag else "",
                channel=once(self.channel.get(t.channel, t.channel)),
                status=once(status),
                status_label=once(self.status.get(status, status)),
                opd=once(self.unit.get(t.opd_code, t.opd_code or "-")),
                assignee=once(t.assignee_name or "-"),
                when=escape(self.when(due_at)),
                due=once(self.due(t)),
            )
            out.append(row)
        return Markup("".join(out))
