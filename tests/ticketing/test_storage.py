"""Media storage: local disk by default, an S3-compatible bucket (moto's server on
127.0.0.1 here) when MEDIA_STORAGE_URL is set; the same keys and the same access checks
either way."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.factories import png
from tests.inbox.helpers import login, make_user
from tests.ticketing.helpers import Citizen
from ticketing import storage
from ticketing.models import Attachment, Message

PNG = png((40, 40), 2)


@pytest.fixture(params=["disk", "s3"])
def media(request, app):
    """Each test runs on the disk backend and on the S3 backend."""
    if request.param == "s3":
        request.getfixturevalue("s3_media")
    return request.param


def test_save_open_delete_round_trip(app, media):
    storage.save("2026/05/1-abc.png", PNG, "image/png")
    assert storage.open_media("2026/05/1-abc.png").read() == PNG
    assert storage.delete("2026/05/1-abc.png")
    with pytest.raises(storage.NotFound):
        storage.open_media("2026/05/1-abc.png")


@pytest.mark.parametrize("key", ["../secret_key", "/etc/passwd", "a/../../b", "", "a\\..\\b"])
def test_keys_that_leave_the_media_root_are_not_found(app, media, key):
    with pytest.raises(storage.NotFound):
        storage.open_media(key)


def test_a_citizen_photo_goes_to_the_bucket_and_agents_see_it(
    app, client, s3_media, fake_telegram, tg_post, drain
):
    Citizen(fake_telegram, tg_post, drain).says(photo=PNG, caption="Jalan berlubang")
    photo = db.session.execute(select(Attachment)).scalar_one()
    assert photo.status == "stored"
    bucket = storage.storage()
    assert isinstance(bucket, storage.S3Storage)
    listed = bucket.client.list_objects_v2(Bucket=bucket.bucket)["Contents"]
    assert [o["Key"] for o in listed] == [f"media/{photo.storage_path}"]
    assert not (app.config["MEDIA_DIR"] and _on_disk(app, photo.storage_path))
    assert client.get(f"/media/{photo.id}").status_code == 302  # login first
    login(client, make_user())
    answer = client.get(f"/media/{photo.id}")
    assert answer.status_code == 200 and answer.data == PNG
    assert answer.mimetype == "image/png"


def test_a_missing_object_is_a_404_not_a_500(app, client, s3_media, fake_telegram, tg_post, drain):
    Citizen(fake_telegram, tg_post, drain).says(photo=PNG)
    photo = db.session.execute(select(Attachment)).scalar_one()
    storage.delete(photo.storage_path)
    login(client, make_user())
    assert client.get(f"/media/{photo.id}").status_code == 404
    assert db.session.execute(select(Message)).scalar_one().attachments == [photo]


def test_the_url_names_endpoint_region_and_key_pair(s3_server):
    url = f"s3://AKIDEXAMPLE:wJalr%2FXUtn@my-bucket/desk/media?endpoint_url={s3_server}&region=ap-southeast-3"
    built = storage.S3Storage(url)
    assert (built.bucket, built.prefix) == ("my-bucket", "desk/media")
    assert built.client.meta.region_name == "ap-southeast-3"
    assert built.client.meta.endpoint_url == s3_server
    credentials = built.client._request_signer._credentials
    assert (credentials.access_key, credentials.secret_key) == ("AKIDEXAMPLE", "wJalr/XUtn")
    assert "wJalr" not in repr(built)
    with pytest.raises(ValueError):
        storage.S3Storage("https://my-bucket")


def _on_disk(app, key: str) -> bool:
    from pathlib import Path

    return (Path(app.config["MEDIA_DIR"]) / key).exists()


def test_a_photo_on_disk_is_sent_whole_by_a_server_that_uses_sendfile(app):
    """gunicorn sends a file response with os.sendfile from the descriptor's own offset,
    not from Python's buffered position; after the first bytes are sniffed the descriptor
    must be back at 0, or the browser gets an empty image."""
    from ticketing import filetypes

    storage.save("2026/05/2-abc.png", PNG, "image/png")

    def sendfile_wrapper(filelike, block_size=8192):  # what gunicorn's sendfile reads
        fd = filelike.fileno()
        offset = os.lseek(fd, 0, os.SEEK_CUR)
        return [os.pread(fd, os.fstat(fd).st_size - offset, offset)]

    with app.test_request_context(environ_overrides={"wsgi.file_wrapper": sendfile_wrapper}):
        response = filetypes.serve("2026/05/2-abc.png", "lampiran-2", "image/png")
        assert b"".join(response.response) == PNG


def test_a_citizen_photo_behind_the_login_is_cached_privately(
    app, client, fake_telegram, tg_post, drain
):
    """A shared cache (a proxy at the office) must not keep a citizen's photo that only
    logged-in staff may see."""
    Citizen(fake_telegram, tg_post, drain).says(photo=PNG, caption="Jalan berlubang")
    photo = db.session.execute(select(Attachment)).scalar_one()
    login(client, make_user())
    answer = client.get(f"/media/{photo.id}")
    assert answer.status_code == 200 and answer.data == PNG
    assert answer.cache_control.private and not answer.cache_control.public
