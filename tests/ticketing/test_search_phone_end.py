"""Search by the end of a phone number ("...5678", "0812 xxx 5678", the page's own mask
"+62812****5678"): agents often have no more. It matches only what a mask shows (the last
four digits, the first ones), so it finds no hidden digit; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from aduan.extensions import db
from aduan.schema import alembic_config
from inbox import lookups
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import contacts, retention, search
from ticketing.models import utcnow

NUMBERS = {
    "telkomsel": "+6281234565678",
    "im3": "+6285712345678",
    "other_end": "+6281234561111",
}


@pytest.fixture
def tickets(app):
    now, made = utcnow(), {}
    for key, number in NUMBERS.items():
        identity = contacts.resolve("whatsapp", number, "Warga", now)
        made[key] = factories.ticket(created=now, identity=identity, channel="whatsapp")
    db.session.commit()
    return {key: ticket.number for key, ticket in made.items()}


def found(query: str) -> set[str]:
    return {t.number for t in search.search(query).tickets}


@pytest.mark.parametrize(
    "query, keys",
    [
        ("…5678", {"telkomsel", "im3"}),
        ("...5678", {"telkomsel", "im3"}),
        ("*5678", {"telkomsel", "im3"}),
        ("xxxx 5678", {"telkomsel", "im3"}),
        ("0812 xxx 5678", {"telkomsel"}),
        ("0857-xxxx-5678", {"im3"}),
        ("+62812****5678", {"telkomsel"}),
        ("...1111", {"other_end"}),
        ("1111", {"other_end"}),
    ],
)
def test_a_number_is_found_by_its_end(tickets, query, keys):
    assert found(query) == {tickets[key] for key in keys}


def test_no_more_digits_than_a_mask_shows_are_matched(tickets):
    """ "...45678" or "0812 3 xxx 5678" name a hidden digit: ten searches each would spell
    out a masked number, so only the last four and first digits (+62812) count."""
    both = {tickets["telkomsel"], tickets["im3"]}
    assert found("...45678") == found("...95678") == both
    assert found("0812 3 xxx 5678") == found("0812 9 xxx 5678") == {tickets["telkomsel"]}


def test_an_erased_number_is_not_found_by_its_end(app, tickets):
    contact = contacts.find_identity("whatsapp", NUMBERS["other_end"]).contact
    retention.anonymize_contact(contact, utcnow(), retention.Counts())
    db.session.commit()
    assert found("...1111") == set()


def test_the_inbox_finds_a_number_by_its_end_without_counting_a_look_up(
    app, client, tickets, monkeypatch
):
    monkeypatch.setattr(lookups, "PHONE_SEARCHES", 1)
    assert search.phone_of("…5678") is None and search.phone_of("0812 xxx 5678") is None
    login(client, make_user())
    for query, key in (("…5678", "im3"), ("0812 xxx 5678", "telkomsel"), ("…1111", "other_end")):
        page = client.get("/inbox", query_string={"q": query})
        assert page.status_code == 200  # not 429: past the day's one look-up
        assert tickets[key] in page.get_data(as_text=True)


def test_the_migration_fills_the_ends_of_numbers_already_stored(app, tmp_path):
    from alembic import command

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'ends.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA IF EXISTS phone_end_check CASCADE"))
            connection.execute(text("CREATE SCHEMA phone_end_check"))
            connection.execute(text("SET search_path TO phone_end_check"))
        cfg = alembic_config(app)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "i22_search_symbols")
        connection.execute(
            text(
                "INSERT INTO contacts (id, phone, locale, created_at) VALUES"
                " (1, '+6281234565678', 'id', CURRENT_TIMESTAMP),"
                " (2, NULL, 'id', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO identities (id, contact_id, channel, address, created_at) VALUES"
                " (1, 1, 'sms', '+6281234565678', CURRENT_TIMESTAMP),"
                " (2, 2, 'telegram', '123456789', CURRENT_TIMESTAMP),"
                " (3, 2, 'whatsapp', 'erased-3', CURRENT_TIMESTAMP)"
            )
        )
        command.upgrade(cfg, "i23_phone_end")
        ends = lambda table: dict(  # noqa: E731
            connection.execute(text(f"SELECT id, phone_end FROM {table} ORDER BY id")).all()
        )
        assert ends("contacts") == {1: "5678", 2: None}
        assert ends("identities") == {1: "5678", 2: None, 3: None}
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA phone_end_check CASCADE"))
    engine.dispose()


def test_results_found_by_a_numbers_end_say_so(app, client, tickets):
    """An agent searching "…5678" saw two citizens' tickets with no word that only the
    last four digits matched (the numbers may be two people's)."""
    from flask_babel import refresh

    login(client, make_user())
    note = "Cocok dengan 4 digit terakhir nomor telepon: …5678"
    assert note in client.get("/inbox", query_string={"q": "…5678"}).get_data(as_text=True)
    partial = client.get("/inbox", query_string={"q": "…5678"}, headers={"HX-Request": "1"})
    assert note in partial.get_data(as_text=True)  # the live search's own results too
    # a search found another way, or a number's end nobody has, says nothing of it
    assert "4 digit terakhir" not in client.get("/inbox?q=Warga").get_data(as_text=True)
    assert "4 digit terakhir" not in client.get("/inbox?q=…9999").get_data(as_text=True)
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    page = client.get("/inbox", query_string={"q": "0812 xxx 5678"}).get_data(as_text=True)
    assert "Matches the last 4 digits of a phone number: …5678" in page
