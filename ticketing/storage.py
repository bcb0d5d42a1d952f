"""Where media bytes live: citizens' photos and voice notes, officers' evidence.

Local disk under MEDIA_DIR is the default (one host, `make run`). With
MEDIA_STORAGE_URL=s3://bucket/prefix every process on every host reads and writes the
same S3-compatible bucket (AWS S3, MinIO, Ceph, Garage...). The URL may carry the
endpoint and region as query parameters and the key pair as user:password; otherwise
boto3's usual sources apply (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_ENDPOINT_URL, an instance role):

    s3://aduan-media/prod?endpoint_url=https://s3.example.org&region=ap-southeast-3

Keys are the relative paths stored on Attachment.storage_path ("2026/05/12-ab12.jpg",
"evidence/7-cd34.png"), the same on either backend, so `aws s3 sync var/media
s3://bucket/prefix` moves a desk from disk to a bucket. The web serves the bytes itself
(after its own access checks), so no bucket is ever public."""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app


class NotFound(LookupError):
    """No object under that key (or a key that is not a plain relative path)."""


class Storage(Protocol):
    def save(self, key: str, content: bytes, mime: str | None = None) -> None: ...
    def open(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> bool: ...


def check_key(key: str) -> str:
    """Returns `key` when it is a plain relative path; raises NotFound otherwise."""
    path = PurePosixPath(key)
    if not key or path.is_absolute() or ".." in path.parts or "\\" in key:
        raise NotFound(key)
    return str(path)


class LocalStorage:
    """Files under one directory."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        root = self.root.resolve()
        path = (root / check_key(key)).resolve()
        if root not in path.parents:
            raise NotFound(key)
        return path

    def save(self, key: str, content: bytes, mime: str | None = None) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    def open(self, key: str) -> BinaryIO:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(key)
        # Unbuffered, so a seek reaches the descriptor: gunicorn sends a file response
        # with os.sendfile from the descriptor's offset, and a buffered read of the first
        # bytes (filetypes.sniff) would leave it at the end of a small file.
        return path.open("rb", buffering=0)

    def delete(self, key: str) -> bool:
        try:
            path = self._path(key)
        except NotFound:
            return False
        if not path.is_file():
            return False
        path.unlink()
        return True


class S3Storage:
    """Objects in one bucket under one prefix (boto3)."""

    def __init__(self, url: str) -> None:
        import boto3
        from botocore.config import Config

        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.hostname:
            raise ValueError("MEDIA_STORAGE_URL must look like s3://bucket/prefix")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.bucket = parts.hostname
        self.prefix = parts.path.strip("/")
        options: dict[str, Any] = {
            "endpoint_url": query.get("endpoint_url") or None,
            "region_name": query.get("region") or None,
            "config": Config(
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
                s3={"addressing_style": query.get("addressing_style", "auto")},
            ),
        }
        if parts.username and parts.password:
            options["aws_access_key_id"] = unquote(parts.username)
            options["aws_secret_access_key"] = unquote(parts.password)
        self.client = boto3.client("s3", **options)

    def __repr__(self) -> str:  # never show the key pair
        return f"S3Storage(bucket={self.bucket!r}, prefix={self.prefix!r})"

    def _key(self, key: str) -> str:
        key = check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def save(self, key: str, content: bytes, mime: str | None = None) -> None:
        extra = {"ContentType": mime} if mime else {}
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=content, **extra)

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                raise NotFound(key) from exc
            raise
        return io.BytesIO(answer["Body"].read())

    def delete(self, key: str) -> bool:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        return True


def build(config: dict[str, Any]) -> Storage:
    """Returns the storage the config names (MEDIA_STORAGE_URL, else MEDIA_DIR)."""
    url = config.get("MEDIA_STORAGE_URL") or ""
    return S3Storage(url) if url else LocalStorage(config["MEDIA_DIR"])


def storage() -> Storage:
    """Returns the app's storage, built on first use."""
    cache = current_app.extensions
    if cache.get("media_storage") is None:
        cache["media_storage"] = build(current_app.config)
    return cache["media_storage"]


def save(key: str, content: bytes, mime: str | None = None) -> None:
    """Stores `content` under `key` (overwriting). Raises on a storage failure."""
    storage().save(key, content, mime)


def open_media(key: str) -> BinaryIO:
    """Returns a readable binary file of the object; raises NotFound."""
    return storage().open(key)


def delete(key: str) -> bool:
    """Removes the object; returns False when there was none (local disk)."""
    return storage().delete(key)
