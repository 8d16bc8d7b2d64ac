"""A new indicator value type is one class and one registration line (docs/recipes/value-type.md).

The toy here, a date, goes the whole way: the catalogue accepts `type = "date"`
once it is registered, a clerk is asked for it, a wrong answer is refused with
an example, a right one is stored (as an ISO date) and shown the Vietnamese way
(in the conversation and in the compiled summary).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import select

from bot import texts
from bot.events import Incoming
from bot.settings import DEMO_CATALOG
from main import prepare
from storage.catalog import CatalogError, load_catalog
from storage.db import transaction
from storage.facts import Hint, Problem
from storage.models import Report, ReportValue, Round
from storage.numbers import parse_date
from storage.people import create_invitation, find_units
from storage.summary import compile_summary
from storage.values import NO_ANSWER, VALUE_TYPES, ValueType, value_type
from tests.conftest import DEMO_NOW, make_settings

EXAMPLE = "20/11/2020"


class DateType(ValueType):
    """A day, typed dd/mm/yyyy; kept as an ISO date, shown dd/mm/yyyy; quoted per unit in the summary."""

    name = "date"

    def example(self, indicator) -> str:
        return EXAMPLE

    def ask(self, indicator) -> Hint:
        return Hint(self.name, example=EXAMPLE)

    def read(self, indicator, text: str) -> Any:
        day = parse_date(text, DEMO_NOW.date())
        return day if day is not None else Problem("not_a_date", text=text.strip()[:40], example=EXAMPLE)

    def stored(self, value: dt.date) -> dict[str, Any]:
        return {"text": value.isoformat()}

    def show(self, indicator, raw: Any) -> str:
        return dt.date.fromisoformat(raw).strftime("%d/%m/%Y") if raw else ""


TOY_SECTION = """
[[sections]]
code = "hoi_nghi"
name = "Hội nghị điển hình tiên tiến"

[[indicators]]
code = "hn_ngay"
section = "hoi_nghi"
name = "Ngày tổ chức hội nghị điển hình tiên tiến"
type = "date"
"""


@pytest.fixture
def toy_catalog(tmp_path):
    path = tmp_path / "co-ngay.toml"
    path.write_text(DEMO_CATALOG.read_text(encoding="utf-8") + TOY_SECTION, encoding="utf-8")
    return path


@pytest.fixture
def date_type(monkeypatch):
    """Registered for one test: the one line in storage/values/__init__.py, and its texts in bot/texts/facts.py."""
    monkeypatch.setitem(VALUE_TYPES, "date", DateType())
    monkeypatch.setitem(texts.FACT_TEXTS["hint"], "date", "Nhập một ngày theo dạng ngày/tháng/năm, ví dụ: {example}.")
    monkeypatch.setitem(texts.FACT_TEXTS["problem"], "not_a_date", "«{text}» không phải là một ngày.")


def test_the_catalogue_knows_a_type_once_it_is_registered(toy_catalog, monkeypatch):
    with pytest.raises(CatalogError, match=r"kiểu giá trị 'date' không hợp lệ \(integer, decimal, percent, text, "
                                           r"choice\)"):
        load_catalog(toy_catalog)
    monkeypatch.setitem(VALUE_TYPES, "date", DateType())
    catalog = load_catalog(toy_catalog)
    toy = next(i for i in catalog.indicators if i.code == "hn_ngay")
    assert (toy.aggregate, toy.required) == ("none", False)  # the base class's defaults


def test_a_clerk_answers_a_date_and_sees_it_the_vietnamese_way(date_type, toy_catalog, database_url):
    dispatcher = prepare(make_settings(database_url, CATALOG=str(toy_catalog)), clock=lambda: DEMO_NOW)
    with transaction(dispatcher.engine) as session:
        code = create_invitation(session, find_units(session, "Quài Nưa")[0], "clerk", 1)

    shown: list = []  # the replies last received: their buttons are the ones to press

    def send(text: str | None = None, choice: str | None = None) -> str:
        shown[:] = dispatcher.handle(Incoming("console", "77", "77", "Lò Thị Mai", text=text, choice=choice))
        return "\n\n".join(r.text for r in shown)

    def press(label: str) -> str:
        [value] = [c.value for r in shown for c in r.choices if label in c.label]
        return send(choice=value)

    send(code)
    send("/baocao")
    press("Các phần")
    question = press("Hội nghị điển hình tiên tiến")
    assert "Ngày tổ chức hội nghị điển hình tiên tiến" in question
    assert "Nhập một ngày theo dạng ngày/tháng/năm, ví dụ: 20/11/2020." in question

    refused = send("ngày mai")
    assert "«ngày mai» không phải là một ngày. Ví dụ đúng: 20/11/2020." in refused

    saved = send("27-11-2020")
    assert "✅ Đã lưu «" in saved and "»: 27/11/2020" in saved and "✅ Hội nghị điển hình tiên tiến 1/1 · Tiếp:" in saved
    with transaction(dispatcher.engine) as session:
        [value] = session.exec(select(ReportValue).where(ReportValue.field == "hn_ngay")).all()
        assert (value.text, value.number) == ("2020-11-27", None)

    press("Các phần")
    again = press("Hội nghị điển hình tiên tiến")
    assert texts.LINE_CURRENT.format(value="27/11/2020") in again

    with transaction(dispatcher.engine) as session:
        report = session.exec(select(Report)).one()
        report.status = "submitted"  # counted in the summary, whatever else is left to fill
        round_ = session.get(Round, report.round_id)
        summary = compile_summary(session, round_, DEMO_NOW)
        quotes = [q for part in summary.parts if part.title == "Hội nghị điển hình tiên tiến" for q in part.data.quotes]
        assert [q.text for q in quotes] == ["27/11/2020"]
        assert value_type(quotes[0].indicator) is VALUE_TYPES["date"]
    dispatcher.engine.dispose()


# --- what the registered types say in a spreadsheet and of an empty note -------------------------------


class _Indicator:
    """Just what a value type reads of an indicator."""

    def __init__(self, type_: str, required: bool = False, unit: str = "", aggregate: str = "sum"):
        self.type, self.required, self.unit, self.aggregate = type_, required, unit, aggregate
        self.max_length, self.min, self.max = None, None, None


@pytest.mark.parametrize("type_, raw, value, number_format", [
    ("integer", 1940.0, 1940, "#,##0"),  # 1.940
    ("decimal", 2010.5, 2010.5, "#,##0.0"),  # 2.010,5
    ("decimal", 2000.0, 2000, "#,##0"),  # 2.000, as the chat writes it: not 2.000,0
    ("decimal", 0.125, 0.125, "#,##0.000"),
    ("percent", 33.37, 0.3337, "#,##0.00%"),  # a percentage is a fraction shown in percent
    ("percent", 30.0, 0.3, "#,##0%"),
])
def test_a_number_cell_shows_the_value_as_the_chat_does(type_, raw, value, number_format):
    cell = VALUE_TYPES[type_].cell(_Indicator(type_), raw)
    assert (cell.value, cell.number_format) == (value, number_format)


def test_an_average_cell_keeps_the_precision_the_chat_gives_it():
    criteria = VALUE_TYPES["integer"].average_cell(_Indicator("integer"), 245 / 18)  # 13,61…
    assert (criteria.value, criteria.number_format) == (13.6, "#,##0.0")  # 13,6 — not 14
    rate = VALUE_TYPES["percent"].average_cell(_Indicator("percent"), 34.2)
    assert (rate.value, rate.number_format) == (0.342, "#,##0.0%")  # 34,2%
    whole = VALUE_TYPES["integer"].average_cell(_Indicator("integer"), 13.04)
    assert (whole.value, whole.number_format) == (13, "#,##0")  # the chat says 13


@pytest.mark.parametrize("typed", ["Không có.", "không", "KHONG CO", "không có gì", "Chưa có", "-", ".", "…",
                                   "  không ạ  ", "ko", "Không có!"])
def test_a_note_that_says_nothing_is_no_note_unless_the_question_is_required(typed):
    text = VALUE_TYPES["text"]
    assert text.parse(_Indicator("text"), typed, None) is NO_ANSWER
    assert text.parse(_Indicator("text", required=True), typed, None) == typed  # the answer, as typed
    assert text.says_nothing(typed) and text.cell(_Indicator("text"), typed).value is None


@pytest.mark.parametrize("typed", ["Không có khó khăn", "Không có kinh phí tổ chức hội nghị", "Chưa có Hội đồng",
                                   "Hộ ông Lò Văn Xôm hiến đất", "0 hộ tái nghèo"])
def test_a_note_that_says_something_is_kept(typed):
    text = VALUE_TYPES["text"]
    assert text.parse(_Indicator("text"), typed, None) == typed and not text.says_nothing(typed)
