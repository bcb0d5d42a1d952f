"""X's weighted tweet length (twitter-text v3): what fits one tweet."""

from __future__ import annotations

import re
import unicodedata

MAX_TWEET_WEIGHT = 280
URL_WEIGHT = 23  # every link is shortened to a t.co URL and counts 23

# Code points X counts as 1 (twitter-text v3 config: Latin, Greek, Cyrillic, ...,
# general punctuation); everything else (CJK, emoji, ...) counts 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_SCHEME_URL_RE = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
# Links written without a scheme: X links them when the top-level domain is real. The
# common ones here; "Jl.Darmo" or "dll.Kami" are not links.
_TLDS = "id|com|net|org|co|io|info|biz|me|app|dev|gov|edu|ly|tv|xyz|site|online|sg|my|uk|us"
_BARE_URL_RE = re.compile(
    rf"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_TRAILING_PUNCT = ".,;:!?)]}'\""


def tweet_length(text: str) -> int:
    """Returns the weighted length X gives `text`: NFC-normalised, each http(s) URL 23,
    most Latin/Cyrillic/punctuation code points 1, others (CJK, emoji) 2. A link without
    a scheme ("surabaya.go.id") counts max(its length, 23). Errs high rather than low (an
    emoji sequence counts 2 per code point, not 2 in total); it can only err low for a
    bare link on a top-level domain missing from _TLDS."""
    text = unicodedata.normalize("NFC", text)
    total = 0

    def take(match: re.Match[str], bare: bool) -> str:
        nonlocal total
        url = match.group(0).rstrip(_TRAILING_PUNCT)
        total += max(len(url), URL_WEIGHT) if bare else URL_WEIGHT
        return match.group(0)[len(url) :]  # trailing punctuation counts as text

    text = _SCHEME_URL_RE.sub(lambda m: take(m, bare=False), text)
    text = _BARE_URL_RE.sub(lambda m: take(m, bare=True), text)
    for char in text:
        point = ord(char)
        total += 1 if any(low <= point <= high for low, high in _LIGHT_RANGES) else 2
    return total


def fits_tweet(text: str) -> bool:
    """Returns True when `text` is non-empty and within X's 280 weighted characters."""
    return bool(text.strip()) and tweet_length(text) <= MAX_TWEET_WEIGHT
