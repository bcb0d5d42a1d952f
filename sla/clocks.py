"""A ticket's clocks: start, pause for the citizen, resume, meet, extend.

Time is counted in working seconds of the policy's calendar, so a pause across a
holiday or a weekend costs nothing and the deadline moves by exactly the paused
working time (docs/sla.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from aduan.extensions import db
from sla import policies
from sla.calendar import END_OF_WORKING_DAY, Calendar, Policy, calendar_for, due_for
from sla.calendars import desk_calendar
from sla.models import Clock, SlaPolicy
from ticketing.models import Ticket

# Which clocks a ticket of each kind runs. Triage is added while a ticket waits in triage.
KIND_CLOCKS = {
    "complaint": ("first_response", "resolution"),
    "info_request": ("ppid",),
    "emergency": ("emergency_ack",),
}
# The clock whose due time the inbox shows once every clock is met.
PRIMARY = ("emergency_ack", "objection", "ppid", "first_response", "triage")


def calendar_of(policy: SlaPolicy) -> Calendar:
    return calendar_for(policy.calendar, desk_calendar())


def _spec(policy: SlaPolicy) -> Policy:
    return Policy(policy.calendar, policy.unit, policy.amount)  # type: ignore[arg-type]


def get(ticket: Ticket, kind: str) -> Clock | None:
    stmt = select(Clock).where(Clock.ticket_id == ticket.id, Clock.kind == kind)
    return db.session.execute(stmt).scalar()


def clocks_of(ticket: Ticket) -> list[Clock]:
    stmt = select(Clock).where(Clock.ticket_id == ticket.id).order_by(Clock.id)
    return list(db.session.execute(stmt).scalars())


def start_clock(ticket: Ticket, kind: str, now: datetime) -> Clock:
    """Starts clock `kind` (once per ticket) under the current policy; returns it."""
    return get(ticket, kind) or _new_clock(ticket, kind, now)


def _new_clock(ticket: Ticket, kind: str, now: datetime) -> Clock:
    policy = policies.current(policies.CLOCK_POLICY[kind], ticket.opd_code)
    due = due_for(_spec(policy), now, desk_calendar())
    budget = calendar_of(policy).working_time_between(now, due).total_seconds()
    clock = Clock(
        ticket_id=ticket.id,
        policy=policy,
        kind=kind,
        status="running",
        next_step=0,
        started_at=now,
        resumed_at=now,
        budget=budget,
        used=0.0,
        due_at=due,
    )
    schedule(clock)
    db.session.add(clock)
    return clock


def start(ticket: Ticket, now: datetime) -> list[Clock]:
    """Starts the clocks the ticket's kind and status call for and syncs its due times;
    returns all its clocks (for meet's `known`). The running clocks of another kind stop:
    a triage ticket the citizen's answer shows to be an information request runs on
    PPID's 10 working days, not on a complaint's 1x24 hours as well."""
    have = {clock.kind: clock for clock in clocks_of(ticket)}
    kinds = list(KIND_CLOCKS.get(ticket.kind, ()))
    # triage's comes and goes with the status; an objection's with the citizen's keberatan
    kept = ("triage", "objection") if ticket.kind == "info_request" else ("triage",)
    for clock in have.values():
        if clock.kind not in kinds and clock.kind not in kept and clock.status != "met":
            clock.status, clock.next_step_at, clock.paused_at = "stopped", None, None
    if ticket.status == "triage":
        kinds.append("triage")
    for kind in kinds:
        if kind not in have:
            have[kind] = _new_clock(ticket, kind, now)
    clocks = list(have.values())
    sync(ticket, clocks)
    return clocks


def _at(clock: Clock, fraction: float) -> datetime:
    """Returns when `fraction` of the budget will have been used (running clock)."""
    remaining = max(0.0, fraction * clock.budget - clock.used)
    return calendar_of(clock.policy).add_working_time(
        clock.resumed_at, timedelta(seconds=remaining)
    )


def _whole_days(clock: Clock, due: datetime) -> datetime:
    """A clock counted in working days ends at the end of a working day: a pause moves
    it by the whole working days paused, so a 20-second question does not turn
    23:59:59 into 00:00:19 of the next working day. Returns the due time to keep (a
    second of float rounding either side of a day's end counts as that end)."""
    if clock.policy.unit != "working_days":
        return due
    cal = calendar_of(clock.policy)
    local = due.astimezone(cal.tz)
    end = datetime.combine(local.date(), END_OF_WORKING_DAY, cal.tz)
    if abs((local - end).total_seconds()) <= 1:
        return end
    day = local.date() - timedelta(days=1)
    while not cal.is_working_day(day):
        day -= timedelta(days=1)
    return datetime.combine(day, END_OF_WORKING_DAY, cal.tz)


def _budget_until(clock: Clock, due: datetime) -> None:
    """Sets the clock's budget so that it runs out exactly at `due`."""
    anchor = clock.paused_at if clock.status == "paused" and clock.paused_at else clock.resumed_at
    used = calendar_of(clock.policy).working_time_between(anchor, due).total_seconds()
    clock.budget = clock.used + used


def schedule(clock: Clock) -> None:
    """Recomputes due_at and next_step_at of a running clock."""
    due = _at(clock, 1.0)
    kept = _whole_days(clock, due)
    if kept != due:
        _budget_until(clock, kept)
    clock.due_at = kept
    ladder = clock.policy.ladder or []
    if clock.status == "running" and clock.next_step < len(ladder):
        clock.next_step_at = _at(clock, float(ladder[clock.next_step]["at"]))
    else:
        clock.next_step_at = None


def pause(ticket: Ticket, now: datetime) -> bool:
    """Stops the running clocks while the ticket waits for the citizen; returns True
    when one was running."""
    paused = False
    for clock in clocks_of(ticket):
        if clock.status == "running":
            cal = calendar_of(clock.policy)
            clock.used += cal.working_time_between(clock.resumed_at, now).total_seconds()
            clock.status, clock.paused_at, clock.next_step_at = "paused", now, None
            paused = True
    return paused


def resume(ticket: Ticket, now: datetime) -> bool:
    """Restarts paused clocks; their deadlines move by the paused working time. Returns
    True when one was paused."""
    resumed = False
    for clock in clocks_of(ticket):
        if clock.status == "paused":
            clock.status, clock.resumed_at, clock.paused_at = "running", now, None
            schedule(clock)
            resumed = True
    if resumed:
        sync(ticket)
    return resumed


def meet(
    ticket: Ticket, kind: str, now: datetime, known: list[Clock] | None = None
) -> Clock | None:
    """Stops clock `kind` as met (on time or late); returns it, or None if not running.
    `known`: all the ticket's clocks, as start() just returned them (saves a query)."""
    if known is not None:
        clock = next((c for c in known if c.kind == kind), None)
    else:
        clock = get(ticket, kind)
    if clock is None or clock.status in ("met", "stopped"):
        return None
    if clock.status == "paused":  # met while waiting for the citizen: the wait is not its time
        clock.status, clock.resumed_at, clock.paused_at = "running", now, None
        schedule(clock)
    clock.status, clock.met_at, clock.next_step_at = "met", now, None
    sync(ticket)
    return clock


def stop_all(ticket: Ticket, now: datetime) -> None:
    """Stops every open clock of a ticket that no longer needs them (closed as not ours
    or not a complaint); stopped clocks count in no report."""
    for clock in clocks_of(ticket):
        if clock.status in ("running", "paused"):
            clock.status, clock.next_step_at, clock.paused_at = "stopped", None, None


def restart(ticket: Ticket, kind: str, now: datetime) -> Clock:
    """Starts clock `kind` afresh from `now` under the current policy (a reopened ticket's
    handling time counts again); returns it."""
    clock = get(ticket, kind)
    if clock is None:  # a first triage clock (a ticket routed at once, then bounced)
        clock = start_clock(ticket, kind, now)
        sync(ticket)  # the inbox's due time and sort are the nearer deadline now
        return clock
    policy = policies.current(policies.CLOCK_POLICY[kind], ticket.opd_code)
    due = due_for(_spec(policy), now, desk_calendar())
    clock.policy = policy
    clock.budget = calendar_of(policy).working_time_between(now, due).total_seconds()
    clock.status, clock.started_at, clock.resumed_at, clock.used = "running", now, now, 0.0
    clock.next_step, clock.met_at, clock.breached_at, clock.paused_at = 0, None, None, None
    schedule(clock)
    sync(ticket)
    return clock


def first_period_over(clock: Clock, now: datetime) -> bool:
    """Returns True when a PPID clock's first period has run out (breached, or its due
    time passed while running, or its budget was used up before a pause): an extension
    must be told to the requester within that period (UU 14/2008 Pasal 22)."""
    if clock.breached_at is not None:
        return True
    if clock.status == "paused":
        return clock.used >= clock.budget
    return clock.due_at <= now


def extendable(ticket: Ticket, now: datetime) -> bool:
    """Returns True when the ticket's PPID request can still be extended: a running PPID
    clock (not one paused while the requester is asked: its due time waits for their
    answer, so a new date told now would be wrong), not extended yet, its first period
    not over."""
    clock = get(ticket, "ppid") if ticket.kind == "info_request" else None
    if clock is None or clock.status != "running" or clock.extended_at is not None:
        return False
    return not first_period_over(clock, now)


def extend(ticket: Ticket, reason: str, now: datetime) -> Clock:
    """Extends the PPID clock once by the ppid_extension policy (a reason is required).

    Raises ValueError when there is no reason, no running PPID clock, it was already
    extended, or its first period is over."""
    if not reason.strip():
        raise ValueError("an extension needs a written reason")
    clock = get(ticket, "ppid")
    if clock is None or clock.status in ("met", "stopped"):
        raise ValueError("no open PPID request to extend")
    if clock.extended_at is not None:
        raise ValueError("a PPID request can be extended only once")
    if clock.status == "paused":
        raise ValueError("a paused PPID request is extended once the requester answered")
    if first_period_over(clock, now):
        raise ValueError("a PPID request can be extended only before its first deadline")
    extension = policies.current("ppid_extension")
    # Counted from the due time the requester was told (what `aduan sla due --policy
    # ppid_extension --start <due>` says), not re-counted from the start: a closure the
    # admins added since must not shift the old period and the extension again.
    new_due = due_for(_spec(extension), clock.due_at, desk_calendar())
    _budget_until(clock, new_due)
    clock.extended_at, clock.extension_reason = now, reason.strip()
    schedule(clock)
    sync(ticket)
    return clock


def sync(ticket: Ticket, clocks: list[Clock] | None = None) -> None:
    """Copies the clocks' due times onto the ticket (the inbox sorts by them)."""
    clocks = clocks if clocks is not None else clocks_of(ticket)
    by_kind = {clock.kind: clock for clock in clocks if clock.status != "stopped"}
    running = [c for c in clocks if c.kind != "resolution" and c.status in ("running", "paused")]
    if running:
        ticket.first_response_due_at = min(c.due_at for c in running)
    else:
        primary = next((by_kind[k] for k in PRIMARY if k in by_kind), None)
        if primary is not None:
            ticket.first_response_due_at = primary.due_at
    # an objection (filed after PPID answered) is the request's deadline now
    resolution = by_kind.get("resolution") or by_kind.get("objection") or by_kind.get("ppid")
    if resolution is not None:
        ticket.resolution_due_at = resolution.due_at
