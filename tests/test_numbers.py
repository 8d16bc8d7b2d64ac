"""Tests for storage.numbers: Vietnamese number input, output and words."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.numbers import (
    INVALID_REASONS,
    MAX_INPUT_LENGTH,
    Ambiguous,
    Invalid,
    NumberKind,
    Parsed,
    format_number,
    parse_number,
    spell_number,
)

D = Decimal
INT, DEC, PCT = NumberKind.INTEGER, NumberKind.DECIMAL, NumberKind.PERCENT
ALL_KINDS = list(NumberKind)
NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"


def ok(value: str) -> Parsed:
    return Parsed(D(value))


def amb(likely: str, other: str) -> Ambiguous:
    return Ambiguous(likely=D(likely), other=D(other))


# --- parse_number: table ----------------------------------------------------

PARSE_CASES = [
    # the examples from the spec
    ("37.554,5", DEC, ok("37554.5")),
    ("37554,5", DEC, ok("37554.5")),
    ("37554.5", DEC, ok("37554.5")),
    ("37,554.5", DEC, ok("37554.5")),
    ("1.940", INT, ok("1940")),
    ("1.940", DEC, amb("1940", "1.94")),
    ("1.940", PCT, amb("1940", "1.94")),
    ("1.940.000", INT, ok("1940000")),
    ("1.940.000", DEC, ok("1940000")),
    ("1 940", INT, ok("1940")),
    ("1 940", DEC, ok("1940")),
    (f"1{NBSP}940", DEC, ok("1940")),
    (f"1{NNBSP}940", DEC, ok("1940")),
    (f"1{THIN}940", INT, ok("1940")),
    ("12,5%", PCT, ok("12.5")),
    ("12,5 %", PCT, ok("12.5")),
    ("0,125", DEC, ok("0.125")),
    # "1,940": Vietnamese reading (comma = decimal) is proposed first
    ("1,940", DEC, amb("1.94", "1940")),
    ("1,940", PCT, amb("1.94", "1940")),
    ("1,940", INT, ok("1940")),
    ("1.000", DEC, amb("1000", "1")),
    ("1,000", INT, ok("1000")),
    ("12.500", DEC, amb("12500", "12.5")),
    ("999.999", DEC, amb("999999", "999.999")),
    # zero integer part, or not groups of three after the separator: no question
    ("0.125", DEC, ok("0.125")),
    ("0,940", DEC, ok("0.94")),
    ("1.94", DEC, ok("1.94")),
    ("1,94", DEC, ok("1.94")),
    ("12,5", DEC, ok("12.5")),
    ("1.9400", DEC, ok("1.94")),
    ("1234.567", DEC, ok("1234.567")),
    ("1234,567", DEC, ok("1234.567")),
    ("01.940", DEC, ok("1.94")),
    # both separators: last one is the decimal separator
    ("1.234.567,125", DEC, ok("1234567.125")),
    ("1,234,567.125", DEC, ok("1234567.125")),
    ("1.940,000", DEC, ok("1940")),
    ("1.940,5", INT, Invalid("not_integer")),
    ("1.940,0", INT, ok("1940")),
    # space grouping; a "." or "," after it is the decimal separator
    ("1 940 000", INT, ok("1940000")),
    ("1 940,5", DEC, ok("1940.5")),
    ("1 940.5", DEC, ok("1940.5")),
    ("1 234,567", DEC, ok("1234.567")),
    (f"12{NBSP}345{NBSP}678", INT, ok("12345678")),
    # plain
    ("0", INT, ok("0")),
    ("0", DEC, ok("0")),
    ("007", INT, ok("7")),
    ("1940", INT, ok("1940")),
    ("12", PCT, ok("12")),
    ("100%", PCT, ok("100")),
    ("120,5%", PCT, ok("120.5")),
    ("1,50", DEC, ok("1.5")),
    ("12,0", INT, ok("12")),
    # whitespace and signs
    ("  1.940  ", INT, ok("1940")),
    (f"{NBSP}42\n", INT, ok("42")),
    ("+12", INT, ok("12")),
    ("+ 12,5", DEC, ok("12.5")),
    ("+12,5%", PCT, ok("12.5")),
    ("-0", INT, ok("0")),
    ("-0,0", DEC, ok("0")),
    ("-12", INT, Invalid("negative")),
    ("-12,5", INT, Invalid("negative")),
    ("-12,5", DEC, Invalid("negative")),
    ("- 1.940", DEC, Invalid("negative")),
    ("\u22125", DEC, Invalid("negative")),
    ("-12,5%", PCT, Invalid("negative")),
    # integers with a real fraction
    ("12,5", INT, Invalid("not_integer")),
    ("12.5", INT, Invalid("not_integer")),
    ("0,125", INT, Invalid("not_integer")),
    ("1,94", INT, Invalid("not_integer")),
    # empty
    ("", DEC, Invalid("empty")),
    ("   ", INT, Invalid("empty")),
    (f"{NBSP}\t\n", PCT, Invalid("empty")),
    (None, DEC, Invalid("empty")),
    # not a number
    ("abc", DEC, Invalid("not_a_number")),
    ("12a", INT, Invalid("not_a_number")),
    ("a12", INT, Invalid("not_a_number")),
    ("1..2", DEC, Invalid("not_a_number")),
    ("1,,2", DEC, Invalid("not_a_number")),
    ("1.,2", DEC, Invalid("not_a_number")),
    ("1.9.4", DEC, Invalid("not_a_number")),
    ("1.94.0", DEC, Invalid("not_a_number")),
    ("1.940.5", DEC, Invalid("not_a_number")),
    ("1,2,3", DEC, Invalid("not_a_number")),
    ("3.75,5", DEC, Invalid("not_a_number")),
    ("37.55,5", DEC, Invalid("not_a_number")),
    ("37.554.5,5", DEC, Invalid("not_a_number")),
    ("1.940,5.5", DEC, Invalid("not_a_number")),
    ("1234.567,5", DEC, Invalid("not_a_number")),
    ("1,940.5,5", DEC, Invalid("not_a_number")),
    ("12 5", INT, Invalid("not_a_number")),
    ("1  940", INT, Invalid("not_a_number")),
    ("1 94", DEC, Invalid("not_a_number")),
    ("1.940 000", INT, Invalid("not_a_number")),
    ("1 940.000.000", INT, Invalid("not_a_number")),
    ("1 940,5.5", DEC, Invalid("not_a_number")),
    (",5", DEC, Invalid("not_a_number")),
    (".5", DEC, Invalid("not_a_number")),
    ("5,", DEC, Invalid("not_a_number")),
    ("5.", DEC, Invalid("not_a_number")),
    (".", DEC, Invalid("not_a_number")),
    ("+", DEC, Invalid("not_a_number")),
    ("-", DEC, Invalid("not_a_number")),
    ("+-5", DEC, Invalid("not_a_number")),
    ("--5", DEC, Invalid("not_a_number")),
    ("5-", DEC, Invalid("not_a_number")),
    ("1e5", DEC, Invalid("not_a_number")),
    ("1E+3", DEC, Invalid("not_a_number")),
    ("NaN", DEC, Invalid("not_a_number")),
    ("Infinity", DEC, Invalid("not_a_number")),
    ("1_000", INT, Invalid("not_a_number")),
    # Digits of any script read as what they mean; superscripts, circled numbers, fractions are no number.
    ("\u0661\u0662", INT, Parsed(Decimal(12))),  # Arabic-Indic digits
    ("\uff11\uff12", INT, Parsed(Decimal(12))),  # full-width digits
    ("\u0e51\u0e52", INT, Parsed(Decimal(12))),  # Thai digits
    ("\uff11\uff12\uff0c\uff15\uff05", PCT, Parsed(Decimal("12.5"))),  # full-width "12,5%"
    ("5\u00b2", INT, Invalid("not_a_number")),  # 5² is not 52
    ("\u2460", INT, Invalid("not_a_number")),  # ①
    ("\u00bd", DEC, Invalid("not_a_number")),  # ½
    ("1" * 400, INT, Invalid("too_long")),
    ("12 người", INT, Invalid("not_a_number")),
    ("0x10", INT, Invalid("not_a_number")),
    ("%", PCT, Invalid("not_a_number")),
    ("12%%", PCT, Invalid("not_a_number")),
    ("%12", PCT, Invalid("not_a_number")),
    # "%" only on a percent indicator
    ("12,5%", DEC, Invalid("not_a_number")),
    ("12%", INT, Invalid("not_a_number")),
    # long input
    ("1" * (MAX_INPUT_LENGTH + 1), INT, Invalid("too_long")),
]


@pytest.mark.parametrize(("text", "kind", "expected"), PARSE_CASES)
def test_parse_number_table(text, kind, expected):
    assert parse_number(text, kind) == expected


def test_parse_accepts_kind_as_plain_string():
    assert parse_number("1.940", "integer") == ok("1940")


def test_parse_values_are_canonical():
    value = parse_number("1.940,00", DEC).value
    assert str(value) == "1940"
    assert str(parse_number("1,50", DEC).value) == "1.5"
    assert str(parse_number("-0", DEC).value) == "0"
    ambiguous = parse_number("1.940", DEC)
    assert (str(ambiguous.likely), str(ambiguous.other)) == ("1940", "1.94")


def test_parse_long_numbers_within_limit_are_exact():
    digits = "1234567890" * 3  # 30 digits, above Decimal's default precision
    grouped = format_number(int(digits), INT)
    assert len(grouped) <= MAX_INPUT_LENGTH
    assert parse_number(grouped, INT) == Parsed(D(digits))
    assert parse_number(grouped + ",125", DEC) == Parsed(D(digits + ".125"))


@pytest.mark.parametrize(
    "text",
    [
        "1" * 10_000,
        "1." * 5_000 + "1",
        "1 " * 5_000 + "1",
        "a" * 10_000,
        " " * 10_000,
        " " * 10_000 + "12",
        "9" * 10_000 + "%",
        "-" + "1" * 10_000,
    ],
)
def test_very_long_input_is_fast(text):
    start = time.perf_counter()
    for kind in ALL_KINDS:
        assert isinstance(parse_number(text, kind), (Parsed, Invalid))
    assert time.perf_counter() - start < 0.25  # actually ~0.1 ms


def test_non_str_input_is_a_type_error():
    with pytest.raises(TypeError):
        parse_number(12, INT)  # type: ignore[arg-type]


# --- format_number ----------------------------------------------------------

FORMAT_CASES = [
    (D("37554.5"), DEC, "37.554,5"),
    (1940, DEC, "1.940"),
    (1940, INT, "1.940"),
    (D("1940.00"), INT, "1.940"),
    (D("1.94E+3"), INT, "1.940"),
    (1940000, INT, "1.940.000"),
    (0, INT, "0"),
    (0, DEC, "0"),
    (D("0.125"), DEC, "0,125"),
    (D("1.50"), DEC, "1,5"),
    (D("1.945"), DEC, "1,945"),
    (D("1234567.125"), DEC, "1.234.567,125"),
    (D("0.0000001"), DEC, "0,0000001"),  # no silent rounding
    (12.5, DEC, "12,5"),
    (0.1, DEC, "0,1"),  # floats by their shortest repr
    (D("12.5"), PCT, "12,5%"),
    (12.5, PCT, "12,5%"),
    (100, PCT, "100%"),
    (D("1234.567"), PCT, "1.234,567%"),
    (0, PCT, "0%"),
    (D("-1.5"), DEC, "-1,5"),
    (10**30, INT, "1" + ".000" * 10),
]


@pytest.mark.parametrize(("value", "kind", "expected"), FORMAT_CASES)
def test_format_number_table(value, kind, expected):
    assert format_number(value, kind) == expected


def test_format_number_default_kind_is_decimal():
    assert format_number(D("37554.5")) == "37.554,5"


@pytest.mark.parametrize("value", [D("12.5"), 12.5, D("0.1")])
def test_format_integer_rejects_fractions(value):
    with pytest.raises(ValueError):
        format_number(value, INT)


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), float("nan"), float("-inf")])
def test_format_rejects_non_finite(value):
    with pytest.raises(ValueError):
        format_number(value)


# --- spell_number -----------------------------------------------------------

SPELL_CASES = [
    (D("1940"), "một nghìn chín trăm bốn mươi"),
    (D("0"), "không"),
    (D("21"), "hai mươi mốt"),
    (D("25"), "hai mươi lăm"),
    (D("1000000"), "một triệu"),
    (D("37554.5"), "ba mươi bảy nghìn năm trăm năm mươi bốn phẩy năm"),
    (D("1.94"), "một phẩy chín mươi bốn"),
    (D("1.05"), "một phẩy không năm"),
    (D("1.005"), "một phẩy không không năm"),
    (D("1.50"), "một phẩy năm"),
    (D("0.5"), "không phẩy năm"),
    (D("0.125"), "không phẩy một trăm hai mươi lăm"),
    (D("12.5"), "mười hai phẩy năm"),
    (D("3.14159"), "ba phẩy một bốn một năm chín"),
    (D("2.0"), "hai"),
    (D("1E+3"), "một nghìn"),
    (D("-5"), "âm năm"),
    (D("-1.5"), "âm một phẩy năm"),
    (D("-0.0"), "không"),
    # num2words is wrong from 10**15 on ("một trăm nghìn tỷ", English words)
    (D(10**15), "một triệu tỷ"),
    (D(1_500_000_000_000_000), "một triệu năm trăm nghìn tỷ"),
    (D(10**18), "một tỷ tỷ"),
    (D(10**18 + 5), "một tỷ tỷ lẻ năm"),
    (D(10**18 + 2_000_000), "một tỷ tỷ hai triệu"),
]


@pytest.mark.parametrize(("value", "expected"), SPELL_CASES)
def test_spell_number_table(value, expected):
    assert spell_number(value) == expected


def test_spell_number_matches_the_bot_question():
    parsed = parse_number("1.940", DEC)
    assert isinstance(parsed, Ambiguous)
    assert spell_number(parsed.likely) == "một nghìn chín trăm bốn mươi"
    assert spell_number(parsed.other) == "một phẩy chín mươi bốn"


# --- properties -------------------------------------------------------------

FAST = settings(max_examples=200, deadline=None)

non_negative_decimals = st.decimals(
    min_value=0, max_value=D(10) ** 15, places=3, allow_nan=False, allow_infinity=False
)


def _reads_back_as(result, value: Decimal) -> bool:
    if isinstance(result, Parsed):
        return result.value == value
    if isinstance(result, Ambiguous):
        return result.likely == value and result.other != value
    return False


@FAST
@given(non_negative_decimals)
def test_formatted_decimal_parses_back(value):
    result = parse_number(format_number(value, DEC), DEC)
    assert _reads_back_as(result, value), (value, format_number(value, DEC), result)


@FAST
@given(st.integers(min_value=0, max_value=10**40))
def test_formatted_integer_parses_back_exactly(n):
    text = format_number(n, INT)
    assert parse_number(text, INT) == Parsed(D(n))
    # the same text typed for a decimal indicator proposes the integer first
    assert _reads_back_as(parse_number(text, DEC), D(n))


@FAST
@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_formatted_percent_parses_back(value):
    text = format_number(value, PCT)
    assert text.endswith("%")
    assert _reads_back_as(parse_number(text, PCT), value), (value, text)
    assert _reads_back_as(parse_number(text[:-1], PCT), value)  # "%" is optional


@FAST
@given(non_negative_decimals, st.sampled_from([" ", "  ", NBSP, "\t"]))
def test_surrounding_whitespace_and_plus_do_not_matter(value, pad):
    text = format_number(value, DEC)
    assert parse_number(f"{pad}+{text}{pad}", DEC) == parse_number(text, DEC)


@FAST
@given(non_negative_decimals.filter(lambda v: v != 0))
def test_negative_formatted_numbers_are_rejected(value):
    assert parse_number(format_number(-value, DEC), DEC) == Invalid("negative")


def _check_result(text, kind, result):
    assert isinstance(result, (Parsed, Ambiguous, Invalid))
    if isinstance(result, Invalid):
        assert result.reason in INVALID_REASONS
        return
    values = [result.value] if isinstance(result, Parsed) else [result.likely, result.other]
    for value in values:
        assert isinstance(value, Decimal) and value.is_finite() and value >= 0
        if kind is INT:
            assert value == value.to_integral_value()
    if isinstance(result, Ambiguous):
        assert kind is not INT
        assert result.likely != result.other
    # whatever we understood, we can show back and it means the same thing
    shown = format_number(values[0], kind)
    assert _reads_back_as(parse_number(shown, kind), values[0]), (text, shown)
    spell_number(values[0])


@FAST
@given(st.text(), st.sampled_from(ALL_KINDS))
def test_arbitrary_text_never_raises(text, kind):
    _check_result(text, kind, parse_number(text, kind))


number_like_text = st.text(
    alphabet="0123456789.,+-%\u2212 " + NBSP + NNBSP + THIN + "eE_a", max_size=20
)


@FAST
@given(number_like_text, st.sampled_from(ALL_KINDS))
def test_number_like_text_never_raises(text, kind):
    _check_result(text, kind, parse_number(text, kind))


@FAST
@given(st.decimals(min_value=-(D(10) ** 30), max_value=D(10) ** 30, places=6,
                   allow_nan=False, allow_infinity=False))
def test_spell_number_never_raises_and_is_vietnamese(value):
    words = spell_number(value)
    assert words and words == words.strip() and "  " not in words
    assert words == words.lower()  # num2words falls back to "Quintillion" etc.
    assert ("phẩy" in words) == (value != value.to_integral_value())
    assert words.startswith("âm ") == (value < 0)


def test_parse_date_reads_digits_of_any_script_and_refuses_odd_ones():
    from storage.numbers import parse_date
    today = dt.date(2020, 12, 10)
    assert parse_date("\uff12\uff17/\uff11\uff12", today) == dt.date(2020, 12, 27)  # full-width ２７/１２
    assert parse_date("\u0e52\u0e57-12-2020", today) == dt.date(2020, 12, 27)  # Thai ๒๗
    for odd in ("2\u00b2/12", "\u2461/12", "27/12/" + "2" * 400, "\u00bd/12"):
        assert parse_date(odd, today) is None
