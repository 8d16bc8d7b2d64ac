"""Parsing, formatting and spelling numbers the way Vietnamese users type them.

The locale rules (decimal ``,``, group ``.``, the accepted space-like group
separators, the percent pattern) come from Babel/CLDR, not from hand-written
tables.  Babel's *strict* ``parse_decimal`` does the real work: it accepts a
string only when it is well-formed for a locale (groups of three, decimal
separator after the groups, no leading zero before a group).  We try each
string in two locales -- ``vi`` (``1.234,5``) and ``en`` (``1,234.5``) -- and
look at which readings survive:

* one reading survives (or both give the same value)  -> :class:`Parsed`
* two different readings survive                       -> :class:`Ambiguous`

Two readings can only survive for a single separator followed by exactly three
digits after a non-zero integer part of one to three digits (``1.940``,
``1,940``, ``12.500``).  ``0,125``, ``1.94``, ``12,5``, ``1234.567``,
``1.940.000`` and ``37.554,5`` all have exactly one reading.

"Likely" reading of an ambiguous number
---------------------------------------
Vietnamese formatting wins: the ``vi`` reading is proposed first, so what
:func:`format_number` writes always parses back with ``likely`` equal to the
original value.

* ``1.940`` -> ``Ambiguous(likely=1940, other=1.94)``
* ``1,940`` -> ``Ambiguous(likely=1.94, other=1940)``  (``,`` is the Vietnamese
  decimal separator; :func:`format_number` writes 1.945 as ``1,945``)

For :attr:`NumberKind.INTEGER` nothing is ambiguous: a lone ``.`` or ``,``
followed by three digits is a group separator (``1.940`` and ``1,940`` are
both 1940).  Otherwise an integer indicator accepts a decimal whose fraction
is zero (``12,0`` -> 12) and rejects a real fraction (``12,5``).

Other input rules
-----------------
* Leading/trailing whitespace is ignored; a leading ``+`` is allowed.
* Space group separators: ASCII space, no-break space (U+00A0), narrow
  no-break space (U+202F) and thin space (U+2009), one between groups of three
  (``1 940``, ``1 940 000``).  When spaces group the digits, a ``.`` or ``,``
  present is the decimal separator (``1 940,5``, ``1 940.5``).
* Both ``.`` and ``,`` present: the last one is the decimal separator and the
  grouping must be well-formed (``37.554,5``, ``37,554.5``; not ``3.75,5``).
* The text must start and end with a digit (``,5``, ``5,``, ``1..2`` are
  rejected).  No exponents, ``NaN``, ``Infinity`` or ``_``.
* Decimal digits of any script are read as what they mean (full-width
  ``１２``, Thai ``๑๒``, Arabic-Indic ``١٢``), and full-width signs and
  separators (``，``, ``．``, ``％``) as their ASCII forms (NFKC).  Other
  number characters -- superscripts, circled numbers, fractions (``5²``,
  ``①``, ``½``) -- are ``not_a_number``: ``5²`` is not 52.
* PERCENT: one trailing ``%`` is optional (``12,5%``, ``12,5 %``, ``12,5``).
  A ``%`` on INTEGER or DECIMAL is *rejected* with ``not_a_number``: the
  indicator is not a rate, so the user is probably typing into the wrong one.
* A leading ``-`` (also U+2212 minus, U+2013 en dash) on an otherwise valid
  number gives ``negative``; ``-0`` is just 0.
* At most :data:`MAX_INPUT_LENGTH` characters after stripping (so a 10k-char
  message is rejected at once).

Values are returned canonical: integral values with exponent 0 (``1940``,
not ``1.940E+3`` or ``1940.00``), others without trailing zeros (``1.5``).

Invalid reason codes (the bot maps them to Vietnamese texts elsewhere)
----------------------------------------------------------------------
``"empty"``         nothing but whitespace (or ``None``)
``"too_long"``      longer than :data:`MAX_INPUT_LENGTH` characters
``"not_a_number"``  anything else that is not a well-formed number, including
                    bad grouping and a ``%`` on a non-percent kind
``"negative"``      a well-formed number below zero
``"not_integer"``   INTEGER kind, value has a non-zero fractional part

Checks run in that order, so ``-12,5`` for an INTEGER is ``negative``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Final

from babel import Locale
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
    parse_decimal,
)
from num2words import num2words

__all__ = [
    "INVALID_REASONS",
    "MAX_INPUT_LENGTH",
    "Ambiguous",
    "Invalid",
    "NumberKind",
    "Parsed",
    "format_number",
    "parse_number",
    "spell_number",
]


class NumberKind(str, Enum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"


@dataclass(frozen=True)
class Parsed:
    """An unambiguous reading."""

    value: Decimal


@dataclass(frozen=True)
class Ambiguous:
    """Two plausible readings; the bot asks the user which one was meant."""

    likely: Decimal  # proposed first, the one asked about in a yes/no question
    other: Decimal  # the reading if the user says no


@dataclass(frozen=True)
class Invalid:
    reason: str  # one of INVALID_REASONS


EMPTY: Final = "empty"
TOO_LONG: Final = "too_long"
NOT_A_NUMBER: Final = "not_a_number"
NEGATIVE: Final = "negative"
NOT_INTEGER: Final = "not_integer"
INVALID_REASONS: Final = frozenset({EMPTY, TOO_LONG, NOT_A_NUMBER, NEGATIVE, NOT_INTEGER})

MAX_INPUT_LENGTH: Final = 64

# --- locale data, all from Babel / CLDR -------------------------------------

LOCALE: Final = "vi"  # how we write numbers and the reading proposed first
ALT_LOCALE: Final = "en"  # the "1,234.5" style people also type
_PARSE_LOCALES: Final = (LOCALE, ALT_LOCALE)

_PERCENT_SIGN: Final[str] = Locale.parse(LOCALE).number_symbols["latn"]["percentSign"]
_PLUS_SIGNS: Final = frozenset({get_plus_sign_symbol(LOCALE), get_plus_sign_symbol(ALT_LOCALE)})
_MINUS_SIGNS: Final = frozenset(
    {get_minus_sign_symbol(LOCALE), get_minus_sign_symbol(ALT_LOCALE), "\u2212", "\u2013"}
)
# Babel's own notion of space-like group separators, plus the thin space.
_SPACE_CHARS: Final = frozenset({" ", "\u00a0", "\u202f", "\u2009"})
_SEPARATORS: Final = frozenset(
    {get_decimal_symbol(loc) for loc in _PARSE_LOCALES}
    | {get_group_symbol(loc) for loc in _PARSE_LOCALES}
)
_SEP_CLASS: Final = re.escape("".join(sorted(_SEPARATORS | _SPACE_CHARS)))
# Lexical gate only (ASCII digits, one separator between runs of digits);
# whether the grouping is right is left to Babel's strict parser.  Linear time.
_SHAPE: Final = re.compile(rf"[0-9]+(?:[{_SEP_CLASS}][0-9]+)*")

# Enough precision for any accepted input (Babel's strict check re-formats the
# value, which fails under the default 28-digit context for long numbers).
_PARSE_PRECISION: Final = MAX_INPUT_LENGTH + 16


# --- parsing ----------------------------------------------------------------


def parse_number(text: str | None, kind: NumberKind | str) -> Parsed | Ambiguous | Invalid:
    """Read a number typed by a user for an indicator of the given kind."""
    kind = NumberKind(kind)
    if text is None:
        return Invalid(EMPTY)
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")

    body = text.strip()
    if not body:
        return Invalid(EMPTY)
    if len(body) > MAX_INPUT_LENGTH:
        return Invalid(TOO_LONG)
    if not body.isascii():
        body = _plain_digits(body)
        if body is None:
            return Invalid(NOT_A_NUMBER)

    if body.endswith(_PERCENT_SIGN):
        if kind is not NumberKind.PERCENT:
            return Invalid(NOT_A_NUMBER)
        body = body[: -len(_PERCENT_SIGN)].rstrip()

    negative = False
    if body[:1] in _MINUS_SIGNS:
        negative, body = True, body[1:].lstrip()
    elif body[:1] in _PLUS_SIGNS:
        body = body[1:].lstrip()

    if not _SHAPE.fullmatch(body):
        return Invalid(NOT_A_NUMBER)

    readings = _readings(body)
    if not readings:
        return Invalid(NOT_A_NUMBER)
    if negative and any(value != 0 for value in readings.values()):
        return Invalid(NEGATIVE)

    values = {_canonical(v) for v in readings.values()}
    if len(values) == 1:
        (value,) = values
        return _check_kind(value, kind)

    # Two different readings: a lone separator followed by three digits.
    (sep,) = {ch for ch in body if ch in _SEPARATORS}
    if kind is NumberKind.INTEGER:
        grouped = next(loc for loc in readings if get_group_symbol(loc) == sep)
        return _check_kind(_canonical(readings[grouped]), kind)
    likely = _canonical(readings[LOCALE])
    other = _canonical(readings[ALT_LOCALE])
    return Ambiguous(likely=likely, other=other)


def reads_as_number(text: str | None) -> bool:
    """Whether a typed text is a number ("12", "1.037,3"), whatever the question: the type of an answer
    is evidence of the question it was meant for."""
    return not isinstance(parse_number(text, NumberKind.DECIMAL), Invalid)


def _plain_digits(text: str) -> str | None:
    """Full-width and other-script digits and separators as ASCII; None for superscripts, circled numbers…."""
    if any(unicodedata.category(ch) == "No" for ch in text):
        return None
    text = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in text)


def _readings(body: str) -> dict[str, Decimal]:
    """Values of ``body`` in each locale where Babel's strict parser accepts it."""
    spaced = any(ch in _SPACE_CHARS for ch in body)
    out: dict[str, Decimal] = {}
    for loc in _PARSE_LOCALES:
        group = get_group_symbol(loc)
        candidate = body
        if spaced:
            # Spaces group the digits, so a "." or "," can only be the decimal
            # separator: skip the locale in which it would be a group.
            if group in body:
                continue
            candidate = "".join(group if ch in _SPACE_CHARS else ch for ch in body)
        try:
            with decimal.localcontext() as ctx:
                ctx.prec = _PARSE_PRECISION
                out[loc] = parse_decimal(candidate, locale=loc, strict=True)
        except (NumberFormatError, decimal.InvalidOperation):
            continue
    return out


def _check_kind(value: Decimal, kind: NumberKind) -> Parsed | Invalid:
    if kind is NumberKind.INTEGER and value != value.to_integral_value():
        return Invalid(NOT_INTEGER)
    return Parsed(value)


def _canonical(value: Decimal) -> Decimal:
    """1940 for 1940.00 / 1.94E+3, 1.5 for 1.50, 0 for -0."""
    with decimal.localcontext() as ctx:
        ctx.prec = max(_PARSE_PRECISION, len(value.as_tuple().digits) + abs(value.as_tuple().exponent) + 1)
        if value.is_zero():
            return Decimal(0)
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


# --- formatting -------------------------------------------------------------


def _to_decimal(value: Decimal | int | float) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))  # shortest repr: 0.1 -> 0.1, not 0.1000000000000000055...
    else:
        raise TypeError(f"expected Decimal, int or float, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"cannot format {value!r}")
    return result


def _precision_for(value: Decimal) -> int:
    return max(decimal.getcontext().prec, len(format(value, "f")) + 8)


def format_number(value: Decimal | int | float, kind: NumberKind | str = NumberKind.DECIMAL) -> str:
    """Format for Vietnamese readers with Babel, locale ``vi``.

    ``37554.5`` -> ``37.554,5``; ``1940`` -> ``1.940``; PERCENT ``12.5`` ->
    ``12,5%`` (the value is already in percent).  All significant fractional
    digits are kept (no silent rounding; round before calling if you want
    fewer) and trailing zeros are dropped.  INTEGER raises ``ValueError`` for
    a value with a fractional part.  Floats are taken by their shortest repr.
    """
    kind = NumberKind(kind)
    number = _to_decimal(value)
    if kind is NumberKind.DECIMAL:  # every digit as it is: no arithmetic, so no precision to set
        return _grouped(number)
    with decimal.localcontext() as ctx:
        ctx.prec = _precision_for(number)
        if kind is NumberKind.INTEGER:
            if number != number.to_integral_value():
                raise ValueError(f"{value!r} is not an integer")
            return _grouped(number.quantize(Decimal(1)))
        return format_percent(number.scaleb(-2), locale=LOCALE, decimal_quantization=False)  # PERCENT


def _grouped(number: Decimal) -> str:
    """What Babel's `format_decimal(number, locale="vi", decimal_quantization=False)` gives ("-37.554,5":
    "." between thousands, "," before the fraction, every significant digit), written directly: a page of
    3,321 communes shows some ten thousand numbers, and Babel's general path takes most of its time."""
    sign = "-" if number.is_signed() and number != 0 else ""
    whole, _, fraction = format(number.copy_abs(), "f").partition(".")
    fraction = fraction.rstrip("0")
    return sign + f"{int(whole):,}".replace(",", ".") + ("," + fraction if fraction else "")


# --- spelling ---------------------------------------------------------------

_WORD_DECIMAL_POINT: Final = "phẩy"
_WORD_MINUS: Final = "âm"
_WORD_BILLION: Final = "tỷ"
_WORD_ODD: Final = "lẻ"  # as num2words writes 1.000.000.005: "một tỷ lẻ năm"
_BILLION: Final = 10**9
# num2words "vi" is exact below this; at 10**15 it says "một trăm nghìn tỷ"
# (which is 10**14), above it falls back to English words and, past 2**53,
# to float rounding.  Larger numbers are read in tỷ, as Vietnamese does.
_NUM2WORDS_LIMIT: Final = 10**15
# Fractions with up to this many digits are read as a number after "phẩy"
# (0,125 -> "không phẩy một trăm hai mươi lăm"), longer ones digit by digit.
_FRACTION_AS_NUMBER_MAX_DIGITS: Final = 3


def _spell_int(n: int) -> str:
    if n < _NUM2WORDS_LIMIT:
        return num2words(n, lang="vi")
    high, low = divmod(n, _BILLION)
    words = f"{_spell_int(high)} {_WORD_BILLION}"
    if low == 0:
        return words
    if low < 100:
        words = f"{words} {_WORD_ODD}"
    return f"{words} {num2words(low, lang='vi')}"


def _spell_fraction(digits: str) -> str:
    if len(digits) > _FRACTION_AS_NUMBER_MAX_DIGITS:
        return " ".join(num2words(int(d), lang="vi") for d in digits)
    significant = digits.lstrip("0")
    zeros = [num2words(0, lang="vi")] * (len(digits) - len(significant))
    return " ".join([*zeros, _spell_int(int(significant))])


def spell_number(value: Decimal | int | float) -> str:
    """Vietnamese words for a number.

    Integers use num2words (``1940`` -> "một nghìn chín trăm bốn mươi").
    The fraction is read after "phẩy" the way Vietnamese schools teach it:
    up to three digits as a number with leading zeros said as "không"
    (``1.94`` -> "một phẩy chín mươi bốn", ``1.05`` -> "một phẩy không năm",
    ``37554.5`` -> "... năm mươi bốn phẩy năm"); longer fractions digit by
    digit (``3.14159`` -> "ba phẩy một bốn một năm chín").  Trailing zeros
    are not read (``1.50`` -> "một phẩy năm").  Negatives start with "âm".
    """
    number = _to_decimal(value)
    plain = format(number, "f")  # no exponent: "1000", "0.0000001"
    negative = plain.startswith("-")
    integer_digits, _, fraction_digits = plain.lstrip("-").partition(".")
    fraction_digits = fraction_digits.rstrip("0")

    words = _spell_int(int(integer_digits))
    if fraction_digits:
        words = f"{words} {_WORD_DECIMAL_POINT} {_spell_fraction(fraction_digits)}"
    if negative and not number.is_zero():
        words = f"{_WORD_MINUS} {words}"
    return words


_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?\s*$", re.ASCII)


def parse_date(text: str | None, today: dt.date) -> dt.date | None:
    """A Vietnamese date: 27/12/2020, 27-12-20, 27.12 (this year); None if it is not one.

    Full-width and other-script digits are read (``２７/１２``); superscripts and the like are not a date.
    """
    text = text or ""
    if not text.isascii():
        text = _plain_digits(text) or ""
    match = _DATE.match(text)
    if not match:
        return None
    day, month, year = int(match[1]), int(match[2]), match[3]
    year = today.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
