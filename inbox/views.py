"""The agents' inbox: the tabs (keyset pages, counts, sorting), search, the ticket page
and its actions. What agents do among themselves lives in inbox/workspace.py."""

from __future__ import annotations

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
from redis.exceptions import RedisError
from sqlalchemy import select

from aduan.extensions import db, read_only
from aduan.queue import redis_conn
from inbox import lookups, presence, timeline
from inbox.filters import RowWords
from inbox.units import filter_menus, opds, unit_datalist, unit_words
from sla.clocks import clocks_of, extendable
from ticketing import (
    actions,
    canned,
    contacts,
    filetypes,
    followups,
    incident_actions,
    incidents,
    kind_change,
    outbox,
    ppid,
    publication,
    queue,
    search,
    storage,
    unsent,
    visibility,
)
from ticketing.models import Attachment, Ticket, TicketEvent, User, utcnow
from ticketing.routing import EXTERNAL_BODIES

bp = Blueprint("inbox", __name__)

TAB_LABELS = {
    "open": _l("Terbuka"),
    "mine": _l("Milik saya"),
    "unassigned": _l("Belum ditugaskan"),
    "triage": _l("Triase"),
    "waiting": _l("Menunggu warga"),
    "emergency": _l("Darurat"),
    "overdue": _l("Lewat batas"),
    "resolved": _l("Selesai"),
    "closed": _l("Ditutup"),
}


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
    phone = search.phone_of(query) if query else None
    if phone and not lookups.allowed(current_user.id, phone):
        abort(429)  # number after number: a way around the reveal's limit (inbox/lookups.py)
    try:
        if query:
            result = search.search(query, after, before, sort=sort, opd=opd, channel=channel)
        else:
            stmt = queue.tab_query(tab, current_user.id, opd, channel)
            result = queue.page(stmt, sort, after, before)
    except queue.BadQuery:
        abort(400)
    counts, unread, mentions = counts_and_unread(current_user.id, opd, channel, result.tickets)
    ids = [row.id for row in result.tickets] if query else []
    context = {
        "page": result,
        "tickets": result.tickets,
        "view": tab,
        "q": query,
        "phone_end": search.found_by_end(query, ids) if ids else None,  # "…5678" matched
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


def returned_by(ticket: Ticket) -> set[str]:
    """Returns the units that returned `ticket` to the desk as not theirs."""
    stmt = select(TicketEvent.data).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.action == "bounced"
    )
    return {data["opd"] for data in db.session.execute(stmt).scalars() if data.get("opd")}


@bp.get("/tickets/<number>")
@login_required
def ticket(number: str) -> Any:
    item = get_ticket(number)
    parent = db.session.get(Ticket, item.incident_id) if item.incident_id else None
    duplicates = [] if parent or not item.is_open else incidents.similar(item, utcnow())[:5]
    presence.touch(item.id, current_user.id)
    presence.mark_read(current_user.id, item)
    refused = returned_by(item)  # a unit that said "not ours" is not suggested again
    suggestions = [s for s in item.suggestions or [] if s[0] not in refused]
    # A unit suggested below SUGGESTED (a 0% "DLH" left after a bounce) is no suggestion
    # to preselect: one click on "Teruskan" sent the ticket to a guess.
    # Nor is "EXTERNAL": the outside remit is a kind (the kind form), and routing there
    # is refused, so the route menu neither lists nor preselects it.
    real = (s[0] for s in suggestions if s[1] >= followups.SUGGESTED and s[0] != "EXTERNAL")
    own = item.opd_code if item.opd_code != "EXTERNAL" else None
    suggested = own or next(real, None)
    entries = timeline.build(item)
    return render_template(
        "ticket.html",
        ticket=item,
        entries=entries,
        officer_names=timeline.officer_names(entries),
        listed=publication.is_listed(item),
        opds=[o for o in opds() if o.code != "EXTERNAL"],
        suggested_opd=suggested,
        suggestions=suggestions[:3],
        refused=sorted(refused),
        loose=timeline.contact_messages(item),
        earlier=timeline.contact_tickets(item),
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
        reply_max=outbox.reply_room(item, actions.MAX_TEXT),  # SMS: 1600 with the signature
        blocked=unsent.blocked(item),  # failed rows a resend cannot help: why, instead
        noticed=unsent.noticed(item),  # failed rows the citizen got only a notice of
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
        lambda t, a, f: visibility.set_private(t, a, f.get("private") == "1"),
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
