"""Downloading the photos and videos attached to tweets and DMs.

Tweet media are public files on X's CDN (pbs.twimg.com, video.twimg.com); no token is
sent. Only those hosts (https) and, for the sandbox, the configured API host are allowed,
so a crafted URL cannot make the worker fetch from anywhere else."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests

from channels.base import ChannelError

MEDIA_HOSTS = frozenset({"pbs.twimg.com", "video.twimg.com", "ton.twitter.com"})
CHUNK = 64 * 1024


def host_allowed(url: str, api_base_url: str | None = None) -> bool:
    """Returns True for https URLs on X's media hosts, or any URL on the host of
    `api_base_url` (the sandbox)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and (parts.hostname or "").lower() in MEDIA_HOSTS:
        return True
    return bool(api_base_url) and parts.netloc == urlsplit(api_base_url or "").netloc


def fetch_media(
    session: requests.Session, url: str, max_bytes: int, api_base_url: str | None = None
) -> tuple[bytes, str | None, str]:
    """Downloads `url` with `session` (redirects are not followed). Returns (content,
    MIME type or None, the last path segment as a name). Raises ChannelError: permanent
    "forbidden_host", "too_large", "not_found" (404/410) or the HTTP status for other
    4xx; transient for 5xx, timeouts and network errors."""
    if not host_allowed(url, api_base_url):
        host = urlsplit(url).hostname
        raise ChannelError(
            f"refusing to download from {host}", permanent=True, code="forbidden_host"
        )
    try:
        response = session.get(url, stream=True, timeout=30, allow_redirects=False)
    except requests.Timeout as exc:
        raise ChannelError(f"download timeout: {exc}", code="timeout") from exc
    except requests.RequestException as exc:
        raise ChannelError(f"download failed: {exc}", code="network") from exc
    with response:
        status = response.status_code
        if status in (404, 410):
            raise ChannelError(f"media gone (HTTP {status})", permanent=True, code="not_found")
        if status >= 300:
            raise ChannelError(f"media HTTP {status}", permanent=status < 500, code=str(status))
        content = _read(response, max_bytes)
        mime = response.headers.get("Content-Type", "").split(";")[0].strip() or None
    name = urlsplit(url).path.rstrip("/").rpartition("/")[2] or "media"
    return content, mime, name


def _read(response: Any, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(int(declared), max_bytes)
    chunks, total = [], 0
    try:
        for chunk in response.iter_content(CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise _too_large(total, max_bytes)
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise ChannelError(f"download interrupted: {exc}", code="network") from exc
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> ChannelError:
    return ChannelError(
        f"file of {size} bytes exceeds the limit of {limit}", permanent=True, code="too_large"
    )
