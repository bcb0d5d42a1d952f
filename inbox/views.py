"""The agents' inbox: the tabs (keyset pages, counts, sorting), search, the ticket page
and its actions. What agents do among themselves lives in inbox/workspace.py."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from redis.exceptions import RedisError
from sqlalchemy import select

from aduan.extensions import db, read_only
from aduan.queue import redis_conn
from inbox import labels, presence, timeline
from inbox.filters import RowWords
from sla.clocks import clocks_of, extendable
from ticketing import (
    actions,
    canned,
    contacts,
    filetypes,
    incident_actions,
    incidents,
    kind_change,
    ppid,
    publication,
    queue,
    search,
    storage,
    wilayah,
)
from ticketing.models import Attachment, Opd, Ticket, User, utcnow
from ticketing.routing import EXTERNAL_BODIES

bp = Blueprint("inbox", __name__)

TAB_LABELS = {
    "open": _l("Terbuka"),
    "mine": _l("Milik saya"),
    "unassigned": _l("Belum ditugaskan"),
    "triage": _l("Triase"),
    "waiting": _l("Menunggu warga"),
    "emergency": _l("Darurat"),
    "resolved": _l("Selesai"),
    "closed": _l("Ditutup"),
}
# Every channel a ticket can come in on, for the channel filter.
CHANNELS = ("telegram", "whatsapp", "whatsapp_cloud", "sms", "voice", "x", "x_dm")
CHANNELS += ("facebook", "instagram", "web", "open311")
KECAMATAN_NAMES = dict(wilayah.KECAMATAN)


def opds() -> list[Opd]:
    stmt = select(Opd).where(Opd.active).order_by(Opd.region_code.is_not(None), Opd.code)
    return list(db.session.execute(stmt).scalars())  # kecamatan and kelurahan units last


_units: tuple[float, list[tuple[str, str]], dict[str, str]] = (0.0, [], {})


def _directory() -> tuple[float, list[tuple[str, str]], dict[str, str]]:
    """Returns (read at, menu choices, {code: name}) of the active units. Re-read at most
    once a minute: the directory changes rarely, the inbox refreshes often."""
    global _units
    if time.monotonic() - _units[0] > 60 or not _units[1]:
        stmt = select(Opd.code, Opd.name, Opd.region_code).where(Opd.active)
        rows = list(db.session.execute(stmt.order_by(Opd.region_code.is_not(None), Opd.code)))
        # Two kelurahan share a name (Wonorejo, in Rungkut and in Tegalsari): their
        # kecamatan tells them apart.
        shared = Counter(name for _, name, region in rows if region)
        choices = [
            (code, _area_label(name, region) if shared[name] > 1 else name)
            if region
            else (code, code)
            for code, name, region in rows
        ]
        _units = (time.monotonic(), choices, {code: name for code, name, _ in rows})
    return _units


def _area_label(name: str, region: str) -> str:
    """Returns "Kelurahan Wonorejo (Rungkut)": a kelurahan with its kecamatan."""
    return f"{name} ({KECAMATAN_NAMES.get(wilayah.kecamatan_of(region), region)})"


def unit_choices() -> list[tuple[str, str]]:
    """Returns (code, label) of the active units for the filter menu: an OPD by its code,
    a kecamatan or kelurahan by its name (its code is a Kemendagri number)."""
    return _directory()[1]


def unit_names() -> dict[str, str]:
    """Returns {code: the directory's name} of the active units."""
    return _directory()[2]


_lists: dict[tuple[str, tuple[tuple[str, str], ...]], Markup] = {}


def unit_datalist() -> Markup:
    """Returns the bulk bar's unit suggestions: an OPD by its code and its name ("DLH ·
    Dinas Lingkungan Hidup"), so typing either finds it; an area unit by its name."""
    units, names = unit_choices(), unit_names()
    key = (str(get_locale()), tuple(units))
    if key not in _lists:
        if len(_lists) > 8:
            _lists.clear()
        option = Markup('<option value="{}">{}</option>')
        words = [(code, str(labels.label(labels.UNIT_CODES, label))) for code, label in units]
        _lists[key] = Markup("").join(
            option.format(code, f"{code} · {names[code]}" if word == code else word)
            for code, word in words
        )
    return _lists[key]


def unit_words() -> dict[str, str]:
    """Returns {code: what agents call the unit} for the active units: an OPD by its
    code, a kecamatan or kelurahan by its name, "EXTERNAL" in words."""
    return {code: str(labels.label(labels.UNIT_CODES, words)) for code, words in unit_choices()}


_menus: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[list[str], list[str]]] = {}


def _options(values: list[str], chosen: str | None, pieces: list[str]) -> Markup:
    """Returns the options `pieces` (one per value) joined, the `chosen` one selected."""
    # str.replace, not Markup.replace: the latter escapes its arguments, which made the
    # chosen option read 'value="DLH&#34; selected&gt;DLH' (no selection, a broken value).
    return Markup(
        "".join(
            str(p).replace('">', '" selected>', 1) if v == chosen else str(p)
            for v, p in zip(values, pieces, strict=True)
        )
    )


def filter_menus(opd: str | None, channel: str | None) -> tuple[Markup, Markup]:
    """Returns the <option>s of the unit and channel filters, `opd` and `channel`
    selected. Built once per language and list of units: ~230 escaped options per page
    were a third of the page's template time."""
    units = unit_choices()
    codes = [code for code, _ in units]
    key = (str(get_locale()), tuple(units))
    if key not in _menus:
        if len(_menus) > 8:
            _menus.clear()
        option = '<option value="{}">{}</option>'
        opds = [
            Markup(option).format(code, labels.label(labels.UNIT_CODES, label))
            for code, label in units
        ]
        # Both WhatsApp routes read "WhatsApp" on a row; in the menu they must differ (as on
        # the reports' filter).
        channels = [
            Markup(option).format(
                c,
                labels.label(labels.CHANNELS, c)
                + (" (Cloud API)" if c == "whatsapp_cloud" else ""),
            )
            for c in CHANNELS
        ]
        _menus[key] = (opds, channels)
    opds, channels = _menus[key]
    return _options(codes, opd, opds), _options(list(CHANNELS), channel, channels)


def agents() -> dict[int, User]:
    """Returns the active staff by id (for assignee names and the assign menus)."""
    stmt = select(User).where(User.active.is_(True)).order_by(User.name, User.email)
    return {user.id: user for user in db.session.execute(stmt).scalars()}


def counts_and_unread(
    user_id: int, opd: str | None, channel: str | None, tickets: list[Any]
) -> tuple[dict[str, int], set[int], list[str]]:
    """Returns the tab counts, the ids of the unread `tickets` and the numbers of the
    tickets where a note mentioned the agent: read from Redis in one round trip
    (queue.counts and presence, which see the same keys)."""
    try:
        pipe = redis_conn().pipeline(transaction=False)
        pipe.mget(queue.counts_key(user_id, opd, channel), queue.GENERATION)
        pipe.hmget(presence.read_key(user_id), [str(t.id) for t in tickets] or ["-"])
        pipe.hgetall(presence.mentions_key(user_id))
        (cached, generation), marks, mentions = pipe.execute()
    except RedisError:  # Redis down: count, and show nothing as unread
        return queue.counts_from(None, None, user_id, opd, channel), set(), []
    unread = presence.unread_from(tickets, marks) if tickets else set()
    counts = queue.counts_from(cached, generation, user_id, opd, channel)
    return counts, unread, presence.mentions_from(mentions)


_tabs: dict[str, dict[str, str]] = {}


def tab_labels() -> dict[str, str]:
    """Returns TAB_LABELS translated (once per language and process)."""
    language = str(get_locale())
    if language not in _tabs:
        _tabs[language] = {key: str(label) for key, label in TAB_LABELS.items()}
    return _tabs[language]


@bp.get("/inbox")
@read_only
@login_required
def tickets() -> Any:
    args = request.args
    tab = args.get("view") or "open"
    query = args.get("q", "").strip()
    opd, channel = args.get("opd") or None, args.get("channel") or None
    sort = args.get("sort") or queue.default_sort(tab)
    after, before = args.get("after") or None, args.get("before") or None
    if tab not in queue.TABS or sort not in queue.SORTS:
        abort(400)
    if query and sort == "urgent":  # results have no urgency order: newest first
        sort = "new"
    try:
        if query:
            result = search.search(query, after, before, sort=sort, opd=opd, channel=channel)
        else:
            stmt = queue.tab_query(tab, current_user.id, opd, channel)
            result = queue.page(stmt, sort, after, before)
    except queue.BadQuery:
        abort(400)
    counts, unread, mentions = counts_and_unread(current_user.id, opd, channel, result.tickets)
    context = {
        "page": result,
        "tickets": result.tickets,
        "view": tab,
        "q": query,
        "sort": sort,
        "opd": opd,
        "channel": channel,
        "counts": counts,
        "cap": queue.COUNT_CAP,
        "tabs": tab_labels(),
        "unread": unread,
        "mentions": mentions,
        "words": RowWords(unit_words()),  # kelurahan by name, not KEL-3578...
    }
    if request.headers.get("HX-Request"):
        return render_template("_queue.html", **context)
    opd_options, channel_options = filter_menus(opd, channel)
    return render_template(
        "inbox.html",
        opd_options=opd_options,
        channel_options=channel_options,
        unit_list=unit_datalist(),
        max_query=search.MAX_QUERY,  # a longer paste broke gunicorn's request line (400)
        **context,
    )


def get_ticket(number: str) -> Ticket:
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar()
    if ticket is None:
        abort(404)
    return ticket


@bp.get("/tickets/<number>")
@login_required
def ticket(number: str) -> Any:
    item = get_ticket(number)
    parent = db.session.get(Ticket, item.incident_id) if item.incident_id else None
    duplicates = [] if parent or not item.is_open else incidents.similar(item, utcnow())[:5]
    presence.touch(item.id, current_user.id)
    presence.mark_read(current_user.id, item)
    suggested = item.opd_code or next((s[0] for s in item.suggestions or []), None)
    entries = timeline.build(item)
    return render_template(
        "ticket.html",
        ticket=item,
        entries=entries,
        officer_names=timeline.officer_names(entries),
        listed=publication.is_listed(item),
        opds=opds(),
        suggested_opd=suggested,
        loose=timeline.contact_messages(item),
        clocks=clocks_of(item),
        can_extend=extendable(item, utcnow()),  # once, before the first deadline
        external_bodies=EXTERNAL_BODIES,
        parent=parent,
        members=incidents.members(item),
        duplicates=duplicates,
        agents=agents(),
        canned=canned.active(),
        others=presence.others(item.id, current_user.id),
        unit_words=unit_words(),  # the timeline's routes: "→ Kelurahan ...", not "KEL-35..."
        reply_channel=(contacts.caller_chat(item.identity) or item.identity).channel,
        version=timeline.version(
            item.id, current_user.id
        ),  # the presence poll says when it is out of date
    )


AGENT_ACTIONS = {
    "reply": (
        lambda t, a, f: actions.reply(t, a, f.get("text", "")),
        _l("Balasan masuk antrean kirim."),
    ),
    "route": (lambda t, a, f: actions.route(t, a, f.get("opd", "")), _l("Laporan diteruskan.")),
    "resolve": (
        lambda t, a, f: actions.resolve(t, a, f.get("note", "")),
        _l("Laporan ditandai selesai."),
    ),
    "reopen": (
        lambda t, a, f: actions.reopen(t, a, f.get("reason", "")),
        lambda t: (
            _l("Laporan dibuka kembali ke Triase (tanpa unit penanganan); warga diberi tahu.")
            if t.status == "triage"
            else _l("Laporan dibuka kembali; warga dan unit yang menangani diberi tahu.")
        ),
    ),
    "ask": (
        lambda t, a, f: actions.ask_citizen(t, a, f.get("question", "")),
        _l("Pertanyaan dikirim; jam SLA berhenti sampai warga menjawab."),
    ),
    "extend": (
        lambda t, a, f: ppid.extend(t, a, f.get("reason", "")),
        _l("Batas waktu PPID diperpanjang dan pemohon diberi tahu."),
    ),
    "kind": (
        lambda t, a, f: kind_change.change_kind(t, a, f.get("kind", ""), f.get("body") or None),
        _l("Jenis laporan diubah."),
    ),
    "merge": (
        lambda t, a, f: incident_actions.merge_incident(t, a, f.get("parent", "").strip().upper()),
        _l("Digabung sebagai kejadian yang sama."),
    ),
    "unlink": (
        lambda t, a, f: incident_actions.unlink_incident(t, a),
        _l("Dilepas dari kejadian."),
    ),
    "confirm": (
        lambda t, a, f: incident_actions.confirm_incident(t, a),
        _l("Kejadian dikonfirmasi; pelapor ikut menerima perkembangannya."),
    ),
    "acknowledge": (
        lambda t, a, f: actions.acknowledge(t, a),
        _l("Darurat ditandai sudah diterima petugas."),
    ),
    "private": (
        lambda t, a, f: actions.set_private(t, a, f.get("private") == "1"),
        _l("Tampilan publik laporan diperbarui."),
    ),
}


@bp.post("/tickets/<number>/<action>")
@login_required
def act(number: str, action: str) -> Any:
    if action not in AGENT_ACTIONS:
        abort(404)
    item = get_ticket(number)
    seen = request.form.get("seen")  # the unit the page showed when it was loaded
    if action == "route" and seen is not None and seen != (item.opd_code or ""):
        text = _l(
            "Unit sudah diubah sejak halaman ini dibuka: kini %(unit)s. "
            "Periksa lalu teruskan lagi bila perlu.",
            unit=item.opd.name if item.opd else "-",
        )
        flash(str(text), "error")
        return redirect(url_for("inbox.ticket", number=number))
    do, done = AGENT_ACTIONS[action]
    try:
        do(item, actions.Actor.agent(current_user), request.form)
        db.session.commit()
        flash(str(done(item) if callable(done) else done), "ok")
    except actions.ActionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("inbox.ticket", number=number))


@bp.get("/media/<int:attachment_id>")
@login_required
def media(attachment_id: int) -> Any:
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.status != "stored" or not item.storage_path:
        abort(404)
    try:  # served by what its bytes are, never rendered as a page (ticketing/filetypes.py)
        response = filetypes.serve(item.storage_path, f"lampiran-{item.id}", item.mime_type, 3600)
    except storage.NotFound:
        abort(404)
    response.cache_control.public = False  # staff only: no shared cache may keep it
    response.cache_control.private = True
    return response
