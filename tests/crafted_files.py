"""Files an attacker would send instead of a filled list (issue 30), built from the bot's own template.

Each is small zipped and within UPLOAD_MAX_MB and its unzipped cap, and was once costly to read:

- `rows_apart`: 1,000 data rows standing 10,000 rows apart, no <dimension> (a reader that walks every
  missing row walks ten million);
- `wide_row`: one row of 6.9 million cells without `r` attributes;
- `junk_before_data`: 99 MB of unknown elements before <sheetData>;
- `long_cells`: a row with two 25-million-character cells.

Used by tests/test_uploads.py (smaller sizes where the point holds) and bench/uploads.py (full size).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Callable

SHEET = "xl/worksheets/sheet1.xml"
DATA_ROW = ('<c t="inlineStr"><is><t>Cá nhân</t></is></c><c t="inlineStr"><is><t>Lò Văn Pánh {n}</t></is></c>'
            '<c t="inlineStr"><is><t>Giáo viên</t></is></c><c t="inlineStr"><is><t>Lao động tiên tiến</t></is></c>'
            '<c t="inlineStr"><is><t>Hoàn thành tốt nhiệm vụ.</t></is></c>')


def _rewritten(template: bytes, rewrite: Callable[[str], str]) -> bytes:
    """The template with its first sheet's XML rewritten."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == SHEET:
                data = rewrite(data.decode()).encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def _after_example(xml: str, rows: str) -> str:
    """`rows` after the example row (the template's last), without <dimension>."""
    xml = re.sub(r"<dimension [^>]*/>", "", xml)
    head, end, tail = xml.partition("</sheetData>")
    return head + rows + end + tail


def rows_apart(template: bytes, count: int = 1_000, apart: int = 10_000) -> bytes:
    rows = "".join(f'<row r="{4 + n * apart}"><c t="inlineStr"><is><t>{n + 1}</t></is></c>{DATA_ROW.format(n=n)}</row>'
                   for n in range(count))
    return _rewritten(template, lambda xml: _after_example(xml, rows))


def wide_row(template: bytes, cells: int = 6_900_000) -> bytes:
    return _rewritten(template, lambda xml: _after_example(xml, '<row r="4">' + "<c><v>1</v></c>" * cells + "</row>"))


def junk_before_data(template: bytes, megabytes: int = 99) -> bytes:
    junk = "<junk>" + "<a/>" * (megabytes * 2**20 // 4) + "</junk>"
    return _rewritten(template, lambda xml: xml.replace("<sheetData>", junk + "<sheetData>", 1))


def long_cells(template: bytes, chars: int = 25_000_000) -> bytes:
    long = "A" * chars
    row = (f'<row r="4"><c t="inlineStr"><is><t>1</t></is></c><c t="inlineStr"><is><t>Cá nhân</t></is></c>'
           f'<c t="inlineStr"><is><t>{long}</t></is></c><c t="inlineStr"><is><t>Giáo viên</t></is></c>'
           f'<c t="inlineStr"><is><t>Lao động tiên tiến</t></is></c><c t="inlineStr"><is><t>{long}</t></is></c></row>')
    return _rewritten(template, lambda xml: _after_example(xml, row))


CRAFTED = {"rows 10,000 apart": rows_apart, "6.9 M cells in a row": wide_row,
           "99 MB before the data": junk_before_data, "two 25 M-character cells": long_cells}
