"""What a clerk does in Excel, for tests and benchmarks: fill the bot's template, read a workbook back.

`fill` writes rows under the template's example row, by the template's own headers (as a person
fills the columns they see), so a test breaks if the template's layout does.
"""

from __future__ import annotations

import io
from typing import Any, Optional

from openpyxl import Workbook, load_workbook

from bot import texts
from bot.documents.list_workbooks import EXAMPLE_ROW, HEADER_ROW

LDTT, CSTDCS, TTLDTT = "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Tập thể lao động tiên tiến"
FAMILIES = ("Lò", "Quàng", "Cà", "Lường", "Tòng", "Vì", "Điêu", "Lù")
GIVEN = ("Minh", "Hoa", "Xôm", "Lến", "Pánh", "Thoa", "Chiến", "Dung", "Khánh", "Tươi", "Hương", "Sơn")


def people(count: int, start: int = 0) -> list[str]:
    """`count` different Vietnamese names (family, middle, given)."""
    names = [f"{family} {middle} {given}" for given in GIVEN for middle in ("Văn", "Thị") for family in FAMILIES]
    assert start + count <= len(names)
    return names[start:start + count]


def nominees(count: int = 40, cstdcs: int = 4, collectives: int = 3) -> list[dict[str, Any]]:
    """A commune's list as a clerk types it in Excel: LĐTT for most, CSTĐCS for a few of the same
    people (with their initiative), TTLĐTT for a few collectives; within the CSTĐCS ratio."""
    individuals = count - cstdcs - collectives
    rows: list[dict[str, Any]] = [
        {"subject": "Cá nhân", "name": name, "birth_year": 1970 + n % 30,
         "position": f"Giáo viên Trường Tiểu học số {n % 3 + 1}",
         "form": LDTT, "achievements": "Hoàn thành xuất sắc nhiệm vụ năm 2020."}
        for n, name in enumerate(people(individuals))]
    rows += [{"subject": "Cá nhân", "name": row["name"], "birth_year": row["birth_year"], "position": row["position"],
              "form": CSTDCS,
              "achievements": "Có sáng kiến được áp dụng trong toàn xã.",
              "prereq_mode": "Cùng đề nghị trong danh sách này",
              "initiative": f"Sáng kiến dạy tiếng Việt số {n + 1}", "initiative_ref": "45/QĐ-UBND ngày 20/10/2020"}
             for n, row in enumerate(rows[:cstdcs])]
    rows += [{"subject": "Tập thể", "name": f"Tổ chuyên môn số {n + 1}", "position": "Trường Tiểu học Quài Nưa",
              "form": TTLDTT, "achievements": "Tập thể hoàn thành xuất sắc nhiệm vụ."} for n in range(collectives)]
    return rows


def role_models(count: int) -> list[dict[str, Any]]:
    return [{"name": f"Gia đình ông {name}", "field": "Hộ gia đình", "village": f"Bản Co Sản {n % 4 + 1}",
             "commune": "Quài Nưa",
             "deed": "Mô hình trồng cây chanh leo", "income": 100 + n} for n, name in enumerate(people(count))]


def fill(template: bytes, kind: str, rows: list[dict[str, Any]], numbered: bool = True, as_text: bool = False) -> bytes:
    """The template with `rows` written under its example row (keys: the list's column keys). `as_text`:
    every text a text cell, as a spreadsheet program keeps «'=1+1» typed by a person (else «=…» is a formula)."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    headers = {cell.value: cell.column for cell in sheet[HEADER_ROW] if cell.value}
    columns = {key: headers[header] for key, header in texts.LIST_HEADERS[kind].items()}
    for n, row in enumerate(rows, 1):
        if numbered:
            sheet.cell(EXAMPLE_ROW + n, columns["no"], n)
        for key, value in row.items():
            cell = sheet.cell(EXAMPLE_ROW + n, columns[key], value)
            if as_text and isinstance(value, str):
                cell.data_type = "s"
    return save(book)


def row_number(index: int) -> int:
    """The sheet row of the `index`-th filled row (0-based): under the title, headers and example."""
    return EXAMPLE_ROW + 1 + index


def save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_rows(data: bytes, sheet: Optional[str] = None) -> list[list[Any]]:
    """A workbook's sheet (the first unless named) as lists of values."""
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(row) for row in ws.iter_rows(values_only=True)]
