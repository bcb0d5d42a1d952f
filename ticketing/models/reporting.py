"""The working-day table the reports compute working time with, in SQL, and the
PostgreSQL triggers that keep each ticket's report facts.

report_days: one row per local day of the desk's calendar (sla.calendars.desk_calendar):
the UTC epoch seconds of its working window (equal when the day is closed) and the
working seconds counted from ORIGIN up to the window's opening. Working time up to an
instant t on day d is `before + clamp(epoch(t) - opens, 0, closes - opens)`; between two
instants it is the difference. inbox/reports/calendar.py fills it.

Report facts (PostgreSQL only; SQLite reports compute them per query): the triggers
below set tickets.work_first_response_s and work_resolution_s whenever created_at,
first_responded_at or resolved_at is written, by that rule, and copy the status, due and
met times of the ticket's promise clock (the first-response clock of a complaint, the
PPID clock of an information request, the 112 acknowledgement of an emergency) whenever
that clock or the ticket's kind changes. inbox/reports/calendar.py recomputes the working
seconds when report_days is rebuilt."""

from __future__ import annotations

from datetime import date

from sqlalchemy import DDL, BigInteger, Date, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from aduan.extensions import db


class ReportDay(db.Model):
    __tablename__ = "report_days"
    __table_args__ = (Index("ix_report_days_opens", "opens"),)  # the triggers' look-up

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    opens: Mapped[int] = mapped_column(BigInteger)
    closes: Mapped[int] = mapped_column(BigInteger)
    before: Mapped[int] = mapped_column(BigInteger)
    week: Mapped[date] = mapped_column(Date)  # the Monday of its week
    month: Mapped[date] = mapped_column(Date)  # the first of its month
    signature: Mapped[str] = mapped_column(String(64))  # the calendar it was built from


# The promise clock of each ticket kind (inbox.reports.population.PROMISE says the same).
PROMISE_SQL = (
    "CASE {kind} WHEN 'complaint' THEN 'first_response' WHEN 'info_request' THEN 'ppid' "
    "WHEN 'emergency' THEN 'emergency_ack' END"
)

# Working seconds from ORIGIN at an instant: the last day whose window opens at or
# before it (the instant's own day, or the day before when it falls before today's
# opening: both give the same number). NULL for NULL, before ORIGIN or past the table.
TRIGGERS = [
    """
CREATE OR REPLACE FUNCTION report_seconds_at(at timestamptz) RETURNS float8
LANGUAGE sql STABLE AS $$
    SELECT d.before + LEAST(GREATEST(date_part('epoch', at) - d.opens, 0), d.closes - d.opens)
    FROM report_days d
    WHERE d.opens <= floor(date_part('epoch', at))::bigint
        AND d.opens > floor(date_part('epoch', at))::bigint - 172800
    ORDER BY d.opens DESC LIMIT 1
$$""",
    f"""
CREATE OR REPLACE FUNCTION tickets_report_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    created float8;
    clock record;
BEGIN
    IF TG_OP = 'INSERT' OR NEW.created_at IS DISTINCT FROM OLD.created_at
            OR NEW.first_responded_at IS DISTINCT FROM OLD.first_responded_at
            OR NEW.resolved_at IS DISTINCT FROM OLD.resolved_at THEN
        created := report_seconds_at(NEW.created_at);
        NEW.work_first_response_s := report_seconds_at(NEW.first_responded_at) - created;
        NEW.work_resolution_s := report_seconds_at(NEW.resolved_at) - created;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.kind IS DISTINCT FROM OLD.kind THEN
        SELECT status, due_at, met_at INTO clock FROM sla_clocks
        WHERE ticket_id = NEW.id AND kind = {PROMISE_SQL.format(kind="NEW.kind")};
        NEW.promise_status := clock.status;
        NEW.promise_due_at := clock.due_at;
        NEW.promise_met_at := clock.met_at;
    END IF;
    RETURN NEW;
END $$""",
    """
CREATE OR REPLACE TRIGGER tickets_report_facts
BEFORE INSERT OR UPDATE OF created_at, first_responded_at, resolved_at, kind ON tickets
FOR EACH ROW EXECUTE FUNCTION tickets_report_facts()""",
    f"""
CREATE OR REPLACE FUNCTION sla_clocks_report_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE tickets SET promise_status = NULL, promise_due_at = NULL, promise_met_at = NULL
        WHERE id = OLD.ticket_id AND {PROMISE_SQL.format(kind="kind")} = OLD.kind;
        RETURN OLD;
    END IF;
    UPDATE tickets SET promise_status = NEW.status, promise_due_at = NEW.due_at,
        promise_met_at = NEW.met_at
    WHERE id = NEW.ticket_id AND {PROMISE_SQL.format(kind="kind")} = NEW.kind
        AND (promise_status, promise_due_at, promise_met_at)
            IS DISTINCT FROM (NEW.status, NEW.due_at, NEW.met_at);
    RETURN NEW;
END $$""",
    """
CREATE OR REPLACE TRIGGER sla_clocks_report_facts
AFTER INSERT OR DELETE OR UPDATE OF status, due_at, met_at, kind, ticket_id ON sla_clocks
FOR EACH ROW EXECUTE FUNCTION sla_clocks_report_facts()""",
]


def _seconds_at(column: str) -> str:
    """A lateral subquery: the working seconds at tickets.`column` (report_seconds_at
    as a join, one index probe a row)."""
    e = f"date_part('epoch', t.{column})"
    day = f"floor({e})::bigint"  # bigint, as opens: the index bounds the probe
    return (
        f"LEFT JOIN LATERAL (SELECT d.before + LEAST(GREATEST({e} - d.opens, 0), "
        f"d.closes - d.opens) AS s FROM report_days d WHERE d.opens <= {day} "
        f"AND d.opens > {day} - 172800 ORDER BY d.opens DESC LIMIT 1) AS {column} ON true"
    )


_WORK = "first_responded_at.s - created_at.s AS fr, resolved_at.s - created_at.s AS res"
_LATERALS = " ".join(_seconds_at(c) for c in ("created_at", "first_responded_at", "resolved_at"))
# Sets the stored working seconds in bulk, of the tickets matching a condition on `t`
# (inbox.reports.calendar after a calendar change).
WORK_BACKFILL = (
    "UPDATE tickets SET work_first_response_s = x.fr, work_resolution_s = x.res FROM "
    f"(SELECT t.id, {_WORK} FROM tickets t {_LATERALS} WHERE {{where}}) AS x "
    "WHERE x.id = tickets.id"
)
# Every fact of every ticket in one pass (the migration's backfill).
BACKFILL = (
    "UPDATE tickets SET work_first_response_s = x.fr, work_resolution_s = x.res, "
    "promise_status = x.status, promise_due_at = x.due_at, promise_met_at = x.met_at FROM "
    f"(SELECT t.id, {_WORK}, c.status, c.due_at, c.met_at FROM tickets t "
    "LEFT JOIN sla_clocks c ON c.ticket_id = t.id "
    f"AND c.kind = {PROMISE_SQL.format(kind='t.kind')} {_LATERALS}) AS x "
    "WHERE x.id = tickets.id"
)
DROP = [
    "DROP TRIGGER IF EXISTS sla_clocks_report_facts ON sla_clocks",
    "DROP TRIGGER IF EXISTS tickets_report_facts ON tickets",
    "DROP FUNCTION IF EXISTS sla_clocks_report_facts()",
    "DROP FUNCTION IF EXISTS tickets_report_facts()",
    "DROP FUNCTION IF EXISTS report_seconds_at(timestamptz)",
]


def _install(target: object, connection: object, **kw: object) -> None:
    for statement in TRIGGERS:
        DDL(statement).execute_if(dialect="postgresql")(target, connection, **kw)


def install_after(clocks_table: object) -> None:
    """Creates the functions and triggers once `clocks_table` (sla_clocks, the last of
    the two) is created by create_all; the migration runs the same TRIGGERS. Dropping
    the tables drops the triggers."""
    event.listen(clocks_table, "after_create", _install)
