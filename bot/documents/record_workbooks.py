"""The template of earlier years' titles (hồ sơ thành tích các năm trước) an official fills and sends back.

One row a title: năm, họ tên, năm sinh, CCCD, đơn vị, chức vụ, danh hiệu/hình thức, số quyết định, ngày,
cơ quan ban hành (storage/record_import.COLUMNS, headers in bot/texts/records.py). The reader knows it by
its headers (`storage.record_import.layout`); every cell goes through `sheets.put`.
"""

from __future__ import annotations

import io

from bot import texts
from bot.documents import sheets
from storage.record_import import COLUMNS, layout

WIDTHS = {"year": 7, "name": 26, "birth_year": 9, "cccd": 15, "unit": 20, "position": 28, "form": 24,
          "decision_ref": 16, "decided_on": 12, "issuer": 24}


def records_layout():
    return layout({key: texts.RECORD_HEADERS[key] for key in COLUMNS})


def template(issuer: str) -> bytes:
    """The empty template, with one example row in the notes sheet (not in the rows read)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = sheets.sheet_name(book, texts.RECORD_SHEET)
    sheets.properties(book, title=texts.RECORD_SHEET, author=issuer)
    for col, key in enumerate(COLUMNS, 1):
        sheets.put(sheet, 1, col, texts.RECORD_HEADERS[key]).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS[key]
    sheets.freeze(sheet, 1, 2)
    sheets.print_setup(sheet, (1, 1), landscape=True)
    notes = sheets.add_sheet(book, texts.RECORD_NOTES_SHEET)
    for r, line in enumerate(texts.RECORD_NOTES, 1):
        sheets.put(notes, r, 1, line)
    for col, value in enumerate(texts.RECORD_EXAMPLE, 1):
        sheets.put(notes, len(texts.RECORD_NOTES) + 2, col, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
