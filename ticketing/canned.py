"""Canned replies: texts supervisors keep for agents, with the ticket's details filled in.

Variables are written in braces: {nomor} (ticket number), {nama} (the citizen's name),
{unit} (the OPD handling it; a sentence with it is left out in triage), {batas_waktu}
(the deadline the citizen was promised, in WIB, the one "cek MC-..." tells: the OPD's
response, then the resolution; see `render`; a sentence with it is left out when no
clock runs). Anything else in braces is
left as written, so a typo shows instead of vanishing."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from aduan import timefmt
from aduan.extensions import db
from ticketing import status
from ticketing.actions import ActionError
from ticketing.models import CannedReply, Ticket, User, utcnow

VARIABLES = ("nomor", "nama", "unit", "batas_waktu")
KNOWN = {f"{{{name}}}" for name in VARIABLES}
VARIABLE = re.compile(r"\{(" + "|".join(VARIABLES) + r")\}")
SENTENCES = re.compile(r"((?<=[.!?])[ \t]+|\n)")
MAX_TITLE, MAX_BODY = 120, 2000


def active() -> list[CannedReply]:
    """Returns the canned replies agents can pick, by title."""
    stmt = select(CannedReply).where(CannedReply.active.is_(True)).order_by(CannedReply.title)
    return list(db.session.execute(stmt).scalars())


def render(reply: CannedReply, ticket: Ticket) -> str:
    """Returns the reply's text with the ticket's details filled in."""
    # The text is sent as the agent's reply, which is not the OPD's answer (its first
    # response still runs, actions.reply): the date it quotes is the one the citizen was
    # promised and reads in "cek MC-..." (status.promised): the OPD's 1x24 h response
    # until it answered, then the resolution target (PPID's days, 112's minutes).
    # A closed or resolved ticket has no running clock, and a paused one (waiting for the
    # citizen) has no date yet: the date stored would be untrue, as in the header ("-").
    running = ticket.is_open and ticket.status != "waiting"
    due = status.promised(ticket) if running else None
    values = {
        "nomor": ticket.number,
        "nama": (ticket.contact.name if ticket.contact else None)
        or (ticket.identity.display_name if ticket.identity else None)
        or "Bapak/Ibu",
        # In triage no unit handles it: "teruskan ke Media Center" would be untrue.
        "unit": ticket.opd.name if ticket.opd else None,
        # Canned replies are written in Indonesian (one text for every citizen): the date
        # is Indonesian too, never "Batas waktu: Thursday, 10 Dec" to an English writer.
        "batas_waktu": timefmt.human(due, "id") if due else None,
    }
    # A sentence that quotes a value the ticket does not have ("Batas waktu: ..." on an
    # emergency) is left out. One pass: a value filled in (a citizen may call themselves
    # "{unit}") is never read again as a variable.
    pieces = SENTENCES.split(reply.body)  # sentence, separator, sentence, ...
    kept = []
    for i in range(0, len(pieces), 2):
        sentence, after = pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""
        if any(values[name] is None for name in VARIABLE.findall(sentence)):
            sentence, after = "", "\n" if "\n" in after else ""
        else:
            sentence = VARIABLE.sub(lambda found: values[found.group(1)] or "", sentence)
        kept.append(sentence + after)
    return re.sub(r"[ \t]+\n", "\n", "".join(kept)).strip()


def unknown_variables(body: str) -> list[str]:
    """Returns the {names} in `body` that are not VARIABLES ("{NAMA}", "{alamat}"): they
    are not filled in and reach the citizen as typed."""
    return sorted({f"{{{name}}}" for name in re.findall(r"\{(\w+)\}", body)} - KNOWN)


def save(
    editor: User, title: str, body: str, reply: CannedReply | None = None, active: bool = True
) -> CannedReply:
    """Creates (or updates `reply`) a canned reply; returns it. Raises ActionError for an
    empty or overlong title or text, or a title another reply has (agents pick by title)."""
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ActionError(_l("Judul dan isi wajib diisi."))
    if len(title) > MAX_TITLE or len(body) > MAX_BODY:
        raise ActionError(
            _l(
                "Judul maksimal %(title)s dan isi maksimal %(body)s karakter.",
                title=MAX_TITLE,
                body=MAX_BODY,
            )
        )
    same_title = select(CannedReply.id).where(func.lower(CannedReply.title) == title.lower())
    if reply is not None:
        same_title = same_title.where(CannedReply.id != reply.id)
    if db.session.execute(same_title.limit(1)).first():
        raise ActionError(_l("Sudah ada balasan cepat berjudul “%(title)s”.", title=title))
    if reply is None:
        reply = CannedReply(title=title, body=body)
        db.session.add(reply)
    reply.title, reply.body, reply.active = title, body, active
    reply.updated_by_id, reply.updated_at = editor.id, utcnow()
    db.session.flush()
    return reply
