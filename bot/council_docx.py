"""A minimal administrative-document frame (Nghị định 30/2020/NĐ-CP) for the council's decision and submission.

A stand-in: the district's shared frame is being built as bot/admin_docx.py (branch word16). This module
offers the same names for what the council's documents use (`AdminDocument`, `Letterhead`, `Signature`,
`TableColumn`, `TableGroup`; `letterhead`, `title`, `addressees`, `paragraph`, `numbered_table`, `closing`,
`new_section`, `to_bytes`), so bot/council_documents.py moves to the shared frame by changing its import,
and this file goes.

What it lays out: A4, margins 20/20/30/15 mm, Times New Roman 14; the page number at the top centre from
the second page; the letterhead (issuing body and number on the left, Quốc hiệu, tiêu ngữ, place and date
on the right); the title; "Kính gửi"; bordered tables numbered per group with the header repeated on every
page; "Nơi nhận" and the signature block.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Optional, Sequence

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_PT, TABLE_PT = 14, 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
A4_MM = (210, 297)
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER = "Số:        /{symbol}"
PLACE_DATE = "{place}, ngày      tháng      năm {year}"
ADDRESSEE = "Kính gửi:"
COPIES_TO = "Nơi nhận:"
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def roman(n: int) -> str:
    """1 → I, 4 → IV, 12 → XII."""
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


@dataclass(frozen=True)
class Letterhead:
    issuer_lines: Sequence[str]  # ["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO"]
    symbol: str  # "QĐ-UBND", "TTr-UBND": the number is left blank for the registry
    place: str
    year: int
    date: Optional[dt.date] = None  # None: day and month left blank


@dataclass(frozen=True)
class Signature:
    lines: Sequence[str]  # ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    name: str = ""


@dataclass(frozen=True)
class TableColumn:
    title: str
    width_cm: float
    align: str = "left"


@dataclass
class TableGroup:
    """A bold row across the table, then its rows, numbered from 1."""

    title: str
    rows: list[Sequence[str]] = field(default_factory=list)


class AdminDocument:
    def __init__(self) -> None:
        self.document = Document()
        style = self.document.styles["Normal"]
        style.font.name, style.font.size = FONT, Pt(BODY_PT)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        fmt = style.paragraph_format
        fmt.alignment, fmt.first_line_indent = _ALIGN["justify"], Cm(1)
        fmt.space_before, fmt.space_after = Pt(0), Pt(6)
        self._layout(self.document.sections[0])
        self._page_numbers(self.document.sections[0])

    @property
    def text_width_cm(self) -> float:
        return (A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 10

    @staticmethod
    def _layout(section) -> None:
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        for side, mm in MARGINS_MM.items():
            setattr(section, f"{side}_margin", Mm(mm))

    @staticmethod
    def _page_numbers(section) -> None:
        """A PAGE field at the top centre; none on the first page."""
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = _ALIGN["center"]
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            element = OxmlElement("w:fldChar" if kind else "w:instrText")
            if kind:
                element.set(qn("w:fldCharType"), kind)
            else:
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)

    def new_section(self) -> None:
        """A new page (an annex after the decision), numbered as the rest."""
        self._layout(self.document.add_section(WD_SECTION.NEW_PAGE))

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def letterhead(self, head: Letterhead) -> None:
        table = self._grid([6.5, self.text_width_cm - 6.5])
        left, right = table.rows[0].cells
        for n, line in enumerate(head.issuer_lines):
            _cell_line(left, line.upper(), 13, bold=n > 0, first=n == 0)
        _cell_line(left, "———", 13)
        _cell_line(left, NUMBER.format(symbol=head.symbol), 13)
        _cell_line(right, NATIONAL_TITLE, 13, bold=True, first=True)
        _cell_line(right, MOTTO, 14, bold=True)
        _cell_line(right, "———————————", 13)
        place = (f"{head.place}, ngày {head.date.day:02d} tháng {head.date.month:02d} năm {head.date.year}"
                 if head.date else PLACE_DATE.format(place=head.place, year=head.year))
        _cell_line(right, place, 14, italic=True)

    def title(self, kind: str, subject: str = "", note: str = "") -> None:
        self._line(kind.upper(), bold=True, space_before=18)
        for line in subject.split("\n") if subject else []:
            self._line(line, bold=True)
        if note:
            self._line(note, italic=True)
        self._line("————", space_after=6)

    def addressees(self, names: Sequence[str]) -> None:
        for n, name in enumerate(names):
            self._line(f"{ADDRESSEE if n == 0 else ' ' * 14} {name}{'.' if n == len(names) - 1 else ';'}",
                       space_after=6 if n == len(names) - 1 else 0)

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False, align: str = "justify",
                  indent: bool = True):
        p = self.document.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        p.alignment = _ALIGN[align]
        if not indent or align == "center":
            p.paragraph_format.first_line_indent = Cm(0)
        return p

    def numbered_table(self, columns: Sequence[TableColumn], groups: Sequence[TableGroup], *,
                       number_title: str = "STT", number_width_cm: float = 1.2):
        widths = [number_width_cm] + [c.width_cm for c in columns]
        table = self._grid(widths, borders=True)
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(_on(OxmlElement("w:tblHeader")))  # repeated on every page
        for cell, title in zip(header.cells, [number_title] + [c.title for c in columns]):
            _cell_line(cell, title, TABLE_PT, bold=True, first=True)
        for group in groups:
            if group.title:
                row = table.add_row()
                _cell_line(row.cells[0].merge(row.cells[-1]), group.title, TABLE_PT, bold=True, first=True,
                           align="left")
            for n, values in enumerate(group.rows, 1):
                cells = table.add_row().cells
                _cell_line(cells[0], str(n), TABLE_PT, first=True)
                for cell, column, value in zip(cells[1:], columns, values):
                    _cell_line(cell, str(value or ""), TABLE_PT, first=True, align=column.align)
        _widths(table, widths)
        return table

    def closing(self, copies_to: Sequence[str], signature: Signature) -> None:
        table = self._grid([self.text_width_cm * 0.45, self.text_width_cm * 0.55])
        left, right = table.rows[0].cells
        _cell_line(left, COPIES_TO, 12, bold=True, italic=True, first=True, align="left")
        for n, name in enumerate(copies_to):
            _cell_line(left, f"- {name}{'.' if n == len(copies_to) - 1 else ';'}", 11, align="left")
        for n, line in enumerate(signature.lines):
            _cell_line(right, line.upper(), 14, bold=True, first=n == 0)
        for _ in range(4):  # room for the signature and the seal
            _cell_line(right, "", 14)
        _cell_line(right, signature.name, 14, bold=True)

    def _line(self, text: str, *, bold: bool = False, italic: bool = False, space_before: float = 0,
              space_after: float = 0):
        p = self.document.add_paragraph()
        fmt = p.paragraph_format
        fmt.alignment, fmt.first_line_indent = _ALIGN["center"], Cm(0)
        fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
        run = p.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        return p

    def _grid(self, widths_cm: Sequence[float], borders: bool = False):
        table = self.document.add_table(rows=1, cols=len(widths_cm))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if borders:
            table.style = self.document.styles["Table Grid"]
        _widths(table, widths_cm)
        return table


def _widths(table, widths_cm: Sequence[float]) -> None:
    """Word reads the cells' widths, LibreOffice the grid's: both are set (a merged cell spans its columns)."""
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for row in table.rows:
        start = 0
        for tc in row._tr.tc_lst:
            tc.width = Cm(sum(widths_cm[start:start + tc.grid_span]))
            start += tc.grid_span


def _on(element):
    element.set(qn("w:val"), "true")
    return element


def _cell_line(cell, text: str, size: int, *, bold: bool = False, italic: bool = False, first: bool = False,
               align: str = "center"):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment, fmt.first_line_indent = _ALIGN[align], Cm(0)
    fmt.space_before, fmt.space_after = Pt(1), Pt(1)
    if text:
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold or None, italic or None
    return p
