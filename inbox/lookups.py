"""Searches by phone number, counted per staff user. A search tells whether a number is a
citizen's: trying the 10 000 numbers behind one masked on a page ("+62812****7890") found
it without a reveal, past REVEAL_LIMIT and the privacy log (inbox/reveal.py). Each user
may look up PHONE_SEARCHES distinct numbers a day; the same number again (the inbox
refreshing its results) costs nothing. Without Redis the search is not refused."""

from __future__ import annotations

import hashlib
from datetime import datetime

from redis.exceptions import RedisError

from aduan.queue import redis_conn
from ticketing.models import utcnow

PHONE_SEARCHES = 100  # distinct numbers per user and day: a busy agent's calls, no sweep
KEEP_SECONDS = 2 * 86400


def allowed(user_id: int, phone: str, now: datetime | None = None) -> bool:
    """Records that `user_id` searched `phone` today; False when it is a new number past
    the day's PHONE_SEARCHES (then it is not recorded)."""
    key = f"aduan:phone-searches:{user_id}:{(now or utcnow()):%Y-%m-%d}"
    member = hashlib.sha256(phone.encode()).hexdigest()[:32]  # never the number itself
    try:
        pipe = redis_conn().pipeline()
        pipe.sadd(key, member)
        pipe.scard(key)
        pipe.expire(key, KEEP_SECONDS)
        added, count, _ = pipe.execute()
        if added and count > PHONE_SEARCHES:
            redis_conn().srem(key, member)
            return False
    except RedisError:
        return True
    return True
