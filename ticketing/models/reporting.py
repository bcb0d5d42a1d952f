"""The working-day table the reports compute working time with, in SQL.

One row per local day of the desk's calendar (sla.calendars.desk_calendar): the UTC
epoch seconds of its working window (equal when the day is closed) and the working
seconds counted from ORIGIN up to the window's opening. Working time up to an instant t
on day d is `before + clamp(epoch(t) - opens, 0, closes - opens)`; between two instants
it is the difference. inbox/reports/calendar.py fills it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from aduan.extensions import db


class ReportDay(db.Model):
    __tablename__ = "report_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    opens: Mapped[int] = mapped_column(BigInteger)
    closes: Mapped[int] = mapped_column(BigInteger)
    before: Mapped[int] = mapped_column(BigInteger)
    week: Mapped[date] = mapped_column(Date)  # the Monday of its week
    month: Mapped[date] = mapped_column(Date)  # the first of its month
    signature: Mapped[str] = mapped_column(String(64))  # the calendar it was built from
