"""What routing reads of a text written with look-alike characters: "kebаkaran" with a
Cyrillic а, "TОLONG" with a Cyrillic О or a Greek omicron, "ｋｅｂａｋａｒａｎ", the
mathematical bold and italic letters of "fancy text" generators, small capitals, and
letters with combining marks added ("keba\u0301karan"). Each hid an emergency (or any
routing word) from every rule and from the model.

`fold(text)` is read by the rules and the model only (normalize.canonical, the
classifier); what is stored and shown stays as the citizen wrote it. Pure, imports
nothing of ours: the intake's lane (ticketing/inbound/events.py) reads it too.
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic and Greek letters that look like a Latin letter (Unicode's confusables,
# UTS #39, the ones of the basic alphabet), and Latin ones NFKC leaves: small capitals
# ("ᴋᴇʙᴀᴋᴀʀᴀɴ"), IPA letters and the dotless i and j.
_CYRILLIC = "аАвВеЕһҺіІјЈкКмМнНоОрРсСтТуУхХѕЅԁԛԚԝԜӏӀгѵѴ"
_CYRILLIC_AS = "aAbBeEhHiIjJkKmMhHoOpPcCtTyYxXsSdqQwWlIrvV"
_GREEK = "αΑΒεΕΖηΗιΙκΚΜΝνοΟρΡτΤυΥχΧ"
_GREEK_AS = "aABeEZnHiIkKMNvoOpPtTuYxX"
_LATIN = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢɑɡıȷ"
_LATIN_AS = "abcdefghijklmnopqrstuvwyzagij"
_SMALL = str.maketrans(_LATIN, _LATIN_AS)
_TABLE = str.maketrans(_CYRILLIC + _GREEK + _LATIN, _CYRILLIC_AS + _GREEK_AS + _LATIN_AS)
# Letters of the Latin script as NFKD leaves them (no marks), as a character class.
_LATIN_LETTERS = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_HAS_LATIN = re.compile(f"(?=[^\\W\\d_])[{_LATIN_LETTERS}]")
# A letter that is not Latin and looks like no Latin one: a word of another script.
_OTHER_LETTER = re.compile(f"(?=[^\\W\\d_])[^{_LATIN_LETTERS}{_CYRILLIC}{_GREEK}{_LATIN}]")
# A Cyrillic or Greek letter that looks like no Latin one: real Cyrillic or Greek text.
_GENUINE = re.compile(
    f"(?![{_CYRILLIC}{_GREEK}])[\u0386-\u03ff\u0400-\u0481\u048a-\u052f\u1f00-\u1ffc]"
)
# Combining marks after a Latin letter: the usual blocks (what "zalgo" text and
# "a" + U+0301 use) at C speed, then anything else that may hold a mark (no letter,
# digit, space, ASCII, symbol or emoji) one run at a time.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_MARKS_AFTER_LATIN = re.compile(f"(?<=[{_LATIN_LETTERS}])[{_MARKS}]+")
_MAYBE_MARKS = "\\w\\s\\x00-\\x7f\u2000-\u2bff\U0001f000-\U0001faff" + _MARKS
_MAYBE_MARKS_AFTER_LATIN = re.compile(f"(?<=[{_LATIN_LETTERS}])[^{_MAYBE_MARKS}]+")
_TOKEN = re.compile(r"\S+")


def _unmarked(found: re.Match[str]) -> str:
    return "".join(c for c in found[0] if unicodedata.category(c)[0] != "M")


def _word(word: str, genuine: bool) -> str:
    """Returns one word (a run of non-space characters) as routing reads it: its look-alike
    letters as the Latin ones when it is a Latin word, without the marks on Latin letters.
    A word with a letter of another script that looks like no Latin one is left alone;
    a word of look-alikes only ("ѕоѕ") is read as Latin unless the text is `genuine`
    Cyrillic or Greek (the Russian "у" is no "y")."""
    if word.isascii() or _OTHER_LETTER.search(word):
        return word
    if not genuine or _HAS_LATIN.search(word):
        word = word.translate(_TABLE)
    else:
        word = word.translate(_SMALL)
    word = _MAYBE_MARKS_AFTER_LATIN.sub(_unmarked, word)
    return _MARKS_AFTER_LATIN.sub("", word)


def fold(text: str) -> str:
    """Returns `text` as routing reads it: NFKC (fullwidth and mathematical letters as
    plain ones), combining marks on Latin letters dropped, and Cyrillic and Greek
    look-alikes inside Latin words read as the Latin letters (see _word). Plain ASCII
    comes back as it is, at once. Never longer than NFKC makes it."""
    if text.isascii():
        return text
    split = unicodedata.normalize("NFKD", text)
    genuine = _GENUINE.search(split) is not None
    folded = _TOKEN.sub(lambda found: _word(found[0], genuine), split)
    return unicodedata.normalize("NFC", folded)
