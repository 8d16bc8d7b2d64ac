"""What people type, made plain once: one Unicode form, no invisible characters, digits read, ids bounded.

Phones send Vietnamese precomposed (``ư`` as one character) or with combining
marks (``u`` + U+031B), and copy-paste brings zero-width spaces, direction
marks and byte-order marks along. The core normalises every incoming text
with :func:`clean` before anything looks at it, so a note of only invisible
characters is empty and a name typed either way is the same name; control characters (a file name
``ds\x01.xlsx``, a cell with U+0086) go too, so nothing the bot writes later can fail on them.

Digits: a menu reads any digit as what it means (:func:`menu_digits`: ``①``,
``²``, full-width ``１２``, Thai ``๑``); an id from a command or a button is
read by :func:`parse_id`, which refuses anything that is not a plain, bounded
number (a 20-digit id is no id: the database columns hold 32-bit integers).
"""

from __future__ import annotations

import unicodedata
from typing import Any, Optional

# Invisible but not of category Cf (format): Hangul fillers and the Braille blank, used to fake empty names.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_KEPT_CONTROLS = frozenset("\t\n\r")  # a text may have its lines (tidied further where one line is wanted)
MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds (PostgreSQL int4)
_MAX_ID_DIGITS = len(str(MAX_ID))


def clean(text: Optional[str]) -> Optional[str]:
    """NFC, without format characters (zero-width space/joiner, direction marks and overrides, BOM, soft
    hyphen) nor control characters (C0 but tab and line breaks, DEL, C1): what no person means to send,
    and what breaks the files the bot writes (a spreadsheet refuses most controls in a cell)."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    # A printable text has neither (those are never printable): most Vietnamese text goes no further,
    # which counts when a list file brings thousands of cells.
    if text.isprintable() and _INVISIBLE.isdisjoint(text):
        return text
    return "".join(ch for ch in text if ch in _KEPT_CONTROLS or (
        unicodedata.category(ch) not in ("Cf", "Cc") and ch not in _INVISIBLE))


def fold(text: str) -> str:
    """Lower-case without diacritics, for matching names: 'Quài Nưa' -> 'quai nua'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def tidy(text: Optional[str]) -> str:
    """A typed text with its whitespace tidied (runs of spaces and line breaks as one space)."""
    return " ".join((text or "").split())


def decimal_digits(text: str) -> str:
    """Every decimal digit of any script (category Nd: full-width, Thai, Arabic-Indic…) as ASCII."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in text)


def menu_digits(text: str) -> str:
    """What a typed menu number means: ``①`` -> 1, ``²`` -> 2, ``１２`` -> 12, ``๓`` -> 3 (NFKC, then any digit)."""
    if text.isascii():
        return text
    return decimal_digits(unicodedata.normalize("NFKC", text))


def parse_id(value: Any) -> Optional[int]:
    """A row id from a command argument or a button value: 1..MAX_ID, else None (never an exception).

    Full-width or other-script digits are read; signs, spaces inside, superscripts and any other
    character are not an id.
    """
    number = parse_index(value)
    return number if number else None


def parse_index(value: Any) -> Optional[int]:
    """A position or page from a button value: 0..MAX_ID, else None (never an exception)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > _MAX_ID_DIGITS + 8:  # leading zeros allowed; a 400-digit string is not read
        return None
    text = decimal_digits(text)
    if not (text.isascii() and text.isdigit()):
        return None
    text = text.lstrip("0") or "0"
    if len(text) > _MAX_ID_DIGITS:
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def mask_cccd(number: Optional[str]) -> Optional[str]:
    """A citizen's number (CCCD) as anyone but an official sees it, and as an audit or a log may keep it: its
    last 4 digits only («••••••••1234»)."""
    return None if not number else "•" * (len(number) - 4) + number[-4:]
