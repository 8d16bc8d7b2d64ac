"""An administrative document (văn bản hành chính) in Word, laid out as Nghị định 30/2020/NĐ-CP asks.

The frame every document of the district shares — the compiled report, the
proposal list, the council's decision (Quyết định) and submission (Tờ trình):

* A4 (landscape on request), margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14,
  paragraphs justified with a 1 cm first line, 6 pt between paragraphs;
* page numbers at the top centre from the second page on;
* the language Vietnamese (the file's and the styles', so Word does not underline every word), the
  author the issuing body (`Letterhead.issuer`), the title the kind and subject, created and modified
  when the file is written; every text made `printable` (nothing a person typed can break the file);
* the letterhead: the issuing body (with its parent, if any) and the number and symbol on the left, the
  national title (Quốc hiệu), the motto (tiêu ngữ) and the place and date on the right, each rule under it;
* the kind of document and its subject (tên loại, trích yếu), the addressees (Kính gửi);
* headings in Word's heading styles (Heading 1–5): the navigation pane and a table of contents work;
* a numbered table (STT) with group rows, its header repeated on every page;
* the closing: "Nơi nhận" on the left, the signature block on the right, never split by a page.

It knows nothing of rounds or nominations: the callers bring the words.

    doc = AdminDocument()                                   # or AdminDocument(landscape=True)
    doc.letterhead(Letterhead(issuer_lines=["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO"],
                              symbol="BC-UBND", place="Tuần Giáo", year=2020))
    doc.title("BÁO CÁO", "Tổng kết công tác thi đua, khen thưởng năm 2020")
    doc.addressees(["Ban Thi đua, Khen thưởng Sở Nội vụ tỉnh Điện Biên"])
    doc.heading("I. ĐẶC ĐIỂM TÌNH HÌNH", depth=1)          # depth 0: a centred part ("Phần I\\nKẾT QUẢ …")
    doc.paragraph("Năm 2020 …")
    doc.prompt("Nêu bối cảnh của năm.")                      # "[Nêu …]" in italics: the official writes here
    doc.numbered_table([TableColumn("Họ và tên", 5), TableColumn("Chức vụ - đơn vị", 6)],
                       [TableGroup("I. Lao động tiên tiến", [["Lò Văn A", "Trưởng bản"]])])
    doc.closing(["UBND tỉnh Điện Biên", "Lưu: VT, NV"], Signature(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Vũ Văn Đức"))
    data = doc.to_bytes()

Also: `title(kind, subject, note=…)` puts an italic line under the subject ("(Kèm theo Quyết định số …)");
`paragraph(text, bold=, italic=, align="center"|"left"|"justify", indent=)` for lines such as "QUYẾT ĐỊNH:" or
"Căn cứ …"; `article("Điều 1. ", text)` an article, its label in bold; `page_break()`;
`new_section(landscape=True)` for an annex list in landscape after a portrait decision; `Letterhead(symbol="")`
leaves the number line out (an annex); `Letterhead(date=…)` fills the date. A decision signed for the chairman
is `Signature(["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name)`.

`roman(n)` and `two_digits(n)` are the numbers such documents write ("Phần II", "09 xã").
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Optional, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from bot import texts
from bot.documents.plain import printable
from storage.numbers import NumberKind, format_number

FONT = "Times New Roman"
PROPERTY_MAX = 255  # characters of a file property (python-docx refuses more)
LANGUAGE = "vi-VN"  # Word's proofing language: with en-US it underlines every Vietnamese word
BODY_PT = 14  # NĐ 30/2020: 13 to 14
TABLE_PT = 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
A4_MM = (210, 297)
FIRST_LINE_CM = 1.0  # NĐ 30/2020: 1 to 1.27 cm
# Heading styles by depth: 0 a part (centred), 1 "I.", 2 "1.", 3 "2.1.", 4 "2.3.1.": (bold, italic).
HEADING_LOOKS = {0: (True, False), 1: (True, False), 2: (True, False), 3: (True, True), 4: (False, True)}
LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

PROMPT = "[{text}]"


def roman(n: int) -> str:
    """1 → I, 4 → IV, 12 → XII."""
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def two_digits(n: int) -> str:
    """A count as administrative writing has it: '09', '01'; 0 and from 10 on as they are (grouped: '1.940')."""
    return f"0{n}" if 0 < n < 10 else format_number(n, NumberKind.INTEGER)


@dataclass(frozen=True)
class Letterhead:
    """The top of the first page: who issues it, its number, where and when."""

    issuer_lines: Sequence[str]  # the issuing body, upper case, bold: ["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO"]
    symbol: str  # after the number: "BC-UBND", "QĐ-UBND", "TTr-UBND"; "": no number line (an annex list)
    place: str  # "Tuần Giáo"
    year: int
    parent_body: str = ""  # the body above the issuer (cơ quan chủ quản), not bold; "" for an UBND
    date: Optional[dt.date] = None  # None: left blank for the clerk who registers it
    issuer: str = ""  # the body by name, as the file's author: "Ủy ban nhân dân huyện Tuần Giáo"


@dataclass(frozen=True)
class Signature:
    """The signature block: capacity lines ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), then room, then the name."""

    lines: Sequence[str]
    name: str = ""


@dataclass(frozen=True)
class TableColumn:
    title: str
    width_cm: float
    align: str = "left"  # "left" | "center" | "justify"


@dataclass
class TableGroup:
    """A row across the table (bold; none when `title` is empty), then its rows, numbered 1, 2, … again."""

    title: str
    rows: list[Sequence[str]] = field(default_factory=list)


_ALIGN = {"left": LEFT, "center": CENTER, "justify": JUSTIFY}


class AdminDocument:
    """A Word document in the administrative layout; add parts top to bottom, then `to_bytes()`."""

    def __init__(self, *, landscape: bool = False):
        self.document = Document()
        self._end = self.document.element.body.sectPr  # new paragraphs go just before it
        self._author, self._title = "", ""
        self._styles()
        self._language()
        self._layout(self.document.sections[0], landscape)
        self._page_numbers(self.document.sections[0])

    # --- the frame ---------------------------------------------------------------------

    @property
    def text_width_cm(self) -> float:
        section = self.document.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / 360000

    def _styles(self) -> None:
        normal = self.document.styles["Normal"]
        _font(normal, BODY_PT)
        fmt = normal.paragraph_format
        fmt.alignment = JUSTIFY
        fmt.first_line_indent = Cm(FIRST_LINE_CM)
        fmt.space_before, fmt.space_after = Pt(0), Pt(6)
        fmt.line_spacing = 1.15
        for depth, (bold, italic) in HEADING_LOOKS.items():
            style = self.document.styles[f"Heading {depth + 1}"]
            _font(style, BODY_PT, bold=bold, italic=italic)
            fmt = style.paragraph_format
            fmt.alignment = CENTER if depth == 0 else JUSTIFY
            fmt.first_line_indent = Cm(0 if depth == 0 else FIRST_LINE_CM)
            fmt.space_before, fmt.space_after = Pt(12 if depth == 0 else 6), Pt(6)
            fmt.keep_with_next = True

    def _language(self) -> None:
        """Vietnamese for every style (the document defaults) and for the theme's fonts."""
        defaults = self.document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr")
        for rpr in defaults:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), LANGUAGE)
        for theme in self.document.settings.element.xpath("./w:themeFontLang"):
            theme.set(qn("w:val"), LANGUAGE)

    @staticmethod
    def _layout(section, landscape: bool) -> None:
        width, height = A4_MM
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
        section.page_width, section.page_height = Mm(width), Mm(height)
        for side, mm in MARGINS_MM.items():
            setattr(section, f"{side}_margin", Mm(mm))
        section.header_distance = Mm(10)

    @staticmethod
    def _page_numbers(section) -> None:
        """The page number at the top centre, not on the first page (NĐ 30/2020)."""
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        run = paragraph.add_run()
        run.font.size = Pt(BODY_PT)
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            elif text == "PAGE":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = " PAGE "
                run._r.append(instr)
            else:
                shown = OxmlElement("w:t")
                shown.text = text
                run._r.append(shown)

    def new_section(self, *, landscape: bool = False) -> None:
        """A new page with its own orientation (an annex list after a portrait decision)."""
        from docx.enum.section import WD_SECTION

        self._layout(self.document.add_section(WD_SECTION.NEW_PAGE), landscape)

    def page_break(self) -> None:
        self._new_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _new_paragraph(self, style: Optional[str] = None) -> Paragraph:
        """A paragraph at the end of the body. python-docx's own add_paragraph searches the body for its
        section properties each time, which makes a long report (a province's notes) quadratic."""
        element = OxmlElement("w:p")
        self._end.addprevious(element)
        paragraph = Paragraph(element, self.document._body)
        if style:
            paragraph.style = self.document.styles[style]
        return paragraph

    def to_bytes(self) -> bytes:
        props = self.document.core_properties
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        props.created = props.modified = now
        props.language = LANGUAGE
        props.author = props.last_modified_by = self._author[:PROPERTY_MAX]
        props.title = self._title[:PROPERTY_MAX]
        props.revision = 1
        props.comments = ""  # python-docx's template says "generated by python-docx"
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    # --- the top: letterhead, title, addressees --------------------------------------------

    def letterhead(self, head: Letterhead) -> None:
        self._author = printable(head.issuer or " ".join(head.issuer_lines))
        width = self.text_width_cm
        right_cm = max(10.6, round(width * 0.6, 2))  # the national title on one line at 13 pt
        left_cm = round(width - right_cm, 2)
        table = self._grid(1, [left_cm, right_cm])
        left, right = table.rows[0].cells

        lines = ([(head.parent_body.upper(), False)] if head.parent_body else []) + \
            [(line.upper(), True) for line in head.issuer_lines]
        first = True
        for text, bold in lines:
            _cell_line(left, text, size=13, bold=bold, first=first)
            first = False
        _rule(left, left_cm, left_cm / 3)
        if head.symbol:
            _cell_line(left, texts.DOC_NUMBER.format(symbol=head.symbol), size=13, space_before=6)

        _cell_line(right, texts.DOC_NATIONAL_TITLE, size=13, bold=True, first=True)
        _cell_line(right, texts.DOC_MOTTO, size=14, bold=True)
        _rule(right, right_cm, 6.2)
        date = head.date
        place = (texts.DOC_PLACE_DATE_FILLED.format(place=head.place, day=date.day, month=date.month, year=date.year)
                 if date else texts.DOC_PLACE_DATE.format(place=head.place, year=head.year))
        _cell_line(right, place, size=14, italic=True, space_before=6)

    def title(self, kind: str, subject: str = "", note: str = "") -> None:
        """The kind of document ("BÁO CÁO") and its subject, centred and bold, with a short rule under;
        `note` an italic line above the rule ("(Kèm theo Báo cáo số …)"). The first is the file's title."""
        self._title = self._title or printable(" ".join([kind.upper()] + subject.split("\n")).strip())
        p = self._line(kind.upper(), size=14, bold=True, space_before=18)
        p.paragraph_format.keep_with_next = True
        for line in subject.split("\n") if subject else []:
            self._line(line, size=14, bold=True).paragraph_format.keep_with_next = True
        if note:
            self._line(note, size=14, italic=True).paragraph_format.keep_with_next = True
        rule = self._new_paragraph()
        _border_below(rule, self.text_width_cm, 3.0)
        rule.paragraph_format.space_after = Pt(12)  # the rule under the subject never touches what follows

    def addressees(self, names: Sequence[str]) -> None:
        """'Kính gửi: X.' centred for one; for several, a dash list aligned after 'Kính gửi:'."""
        if not names:
            return
        if len(names) == 1:
            self._line(f"{texts.DOC_ADDRESSEE} {names[0]}.", size=14, space_before=6).paragraph_format.space_after \
                = Pt(12)
            return
        indent = Cm(5.0)
        for n, name in enumerate(names):
            end = "." if n == len(names) - 1 else ";"
            p = self._new_paragraph()
            fmt = p.paragraph_format
            fmt.alignment, fmt.left_indent, fmt.space_after = LEFT, indent, Pt(0)
            fmt.space_before = Pt(6) if n == 0 else Pt(0)
            if n == 0:
                fmt.first_line_indent = -Cm(2.3)  # a hanging indent: its own tab stop at `indent`
                p.add_run(printable(f"{texts.DOC_ADDRESSEE}\t- {name}{end}"))
            else:
                fmt.first_line_indent = Cm(0)
                p.add_run(printable(f"- {name}{end}"))
        p.paragraph_format.space_after = Pt(12)

    # --- the body --------------------------------------------------------------------------

    def heading(self, text: str, depth: int) -> None:
        """A heading in Word's style 'Heading {depth + 1}'; a new line in `text` breaks the line (Phần I / title)."""
        p = self._new_paragraph(style=f"Heading {depth + 1}")
        for n, line in enumerate(text.split("\n")):
            run = p.add_run(printable(line))
            if n < len(text.split("\n")) - 1:
                run.add_break()

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False, align: str = "justify",
                  indent: bool = True):
        p = self._new_paragraph()
        run = p.add_run(printable(text))
        if bold:  # only what differs from Normal (justified, indented): a province's report has thousands
            run.bold = True
        if italic:
            run.italic = True
        if align != "justify":
            p.alignment = _ALIGN[align]
        if not indent or align == "center":
            p.paragraph_format.first_line_indent = Cm(0)
        return p

    def article(self, label: str, text: str):
        """An article of a decision: its label in bold ("Điều 1. "), then the text, one justified paragraph."""
        p = self._new_paragraph()
        p.add_run(printable(label)).bold = True
        p.add_run(printable(text))
        return p

    def prompt(self, text: str):
        """A placeholder in italics, in brackets: what the official writes here."""
        return self.paragraph(PROMPT.format(text=text), italic=True)

    def numbered_table(self, columns: Sequence[TableColumn], groups: Sequence[TableGroup], *,
                       number_title: str = "STT", number_width_cm: float = 1.2, font_pt: int = TABLE_PT):
        """A bordered table: STT and the columns; per group a bold row across, then its rows numbered from 1.

        The header row repeats on every page. Returns the python-docx table for anything more.
        """
        widths = [number_width_cm] + [c.width_cm for c in columns]
        table = self._grid(1, widths, borders=True)
        header = table.rows[0]
        _repeat_header(header)
        for cell, title in zip(header.cells, [number_title] + [c.title for c in columns]):
            _cell_line(cell, title, size=font_pt, bold=True, first=True, align=CENTER, pad=3)
        for group in groups:
            if group.title:
                row = table.add_row()
                merged = row.cells[0].merge(row.cells[-1])
                _cell_line(merged, group.title, size=font_pt, bold=True, first=True, align=LEFT, pad=2)
            for n, values in enumerate(group.rows, 1):
                cells = table.add_row().cells
                _cell_line(cells[0], str(n), size=font_pt, first=True, align=CENTER, pad=2)
                for cell, column, value in zip(cells[1:], columns, values):
                    for i, line in enumerate(str(value or "").split("\n")):
                        _cell_line(cell, line, size=font_pt, first=i == 0, align=_ALIGN[column.align], pad=2)
        _set_widths(table, widths)
        return table

    # --- the end: Nơi nhận and the signature -------------------------------------------------

    def closing(self, copies_to: Sequence[str], signature: Signature) -> None:
        """'Nơi nhận' and the signature side by side, on one page with the paragraph before (never a name alone)."""
        width = self.text_width_cm
        left_cm, right_cm = round(width * 0.45, 2), round(width * 0.55, 2)
        body = self.document.element.body
        last = body[-2] if len(body) > 1 and body[-1].tag == qn("w:sectPr") else body[-1]
        if last.tag == qn("w:p"):
            Paragraph(last, self.document._body).paragraph_format.keep_with_next = True
        table = self._grid(1, [left_cm, right_cm])
        _cant_split(table.rows[0])
        left, right = table.rows[0].cells
        if copies_to:
            _cell_line(left, texts.DOC_COPIES_TO, size=12, bold=True, italic=True, first=True, align=LEFT)
            for n, name in enumerate(copies_to):
                end = "." if n == len(copies_to) - 1 else ";"
                _cell_line(left, f"- {name}{end}", size=11, align=LEFT)
        first = True
        for line in signature.lines:
            _cell_line(right, line.upper(), size=14, bold=True, first=first)
            first = False
        for _ in range(4):  # room for the signature and the seal
            _cell_line(right, "", size=14, first=first)
            first = False
        _cell_line(right, signature.name, size=14, bold=True, first=first)

    # --- helpers ----------------------------------------------------------------------------

    def _line(self, text: str, *, size: int, bold: bool = False, italic: bool = False, space_before: float = 0):
        p = self._new_paragraph()
        fmt = p.paragraph_format
        fmt.alignment, fmt.first_line_indent = CENTER, Cm(0)
        fmt.space_before, fmt.space_after = Pt(space_before), Pt(0)
        run = p.add_run(printable(text))
        run.font.size, run.bold, run.italic = Pt(size), bold or None, italic or None
        return p

    def _grid(self, rows: int, widths_cm: Sequence[float], borders: bool = False):
        table = self.document.add_table(rows=rows, cols=len(widths_cm))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if borders:
            table.style = self.document.styles["Table Grid"]
        _set_widths(table, widths_cm)
        return table


# --- XML the python-docx API does not reach ------------------------------------------------


def _font(style, size: int, bold: Optional[bool] = None, italic: Optional[bool] = None) -> None:
    """Times New Roman for every script (the theme's fonts removed), black."""
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _cell_line(cell, text: str, *, size: int, bold: bool = False, italic: bool = False, first: bool = False,
               align=CENTER, space_before: float = 0, pad: float = 0):
    """A line in a table cell (the cell's own empty first paragraph used for the first); `pad` above and below."""
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment, fmt.first_line_indent, fmt.line_spacing = align, Cm(0), 1.0
    fmt.space_before, fmt.space_after = Pt(space_before or pad), Pt(pad)
    if text:
        run = p.add_run(printable(text))
        run.font.size, run.bold, run.italic = Pt(size), bold or None, italic or None
    return p


def _border_below(paragraph, width_cm: float, line_cm: float) -> None:
    """A centred rule `line_cm` long: an empty, tiny paragraph's bottom border between indents."""
    fmt = paragraph.paragraph_format
    side = Cm(max(0.0, (width_cm - line_cm) / 2))
    fmt.left_indent, fmt.right_indent, fmt.first_line_indent = side, side, Cm(0)
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr = paragraph._p.get_or_add_pPr()
    # pBdr comes before spacing, ind and jc in a paragraph's properties (the schema's order).
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                              "w:pPrChange")


def _rule(cell, cell_cm: float, line_cm: float) -> None:
    _border_below(cell.add_paragraph(), cell_cm, line_cm)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _set_widths(table, widths_cm: Sequence[float]) -> None:
    """Word reads the cells' widths, LibreOffice the grid's: set both (a merged cell spans its columns' sum)."""
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for row in table.rows:
        start = 0
        for tc in row._tr.tc_lst:
            tc.width = Cm(sum(widths_cm[start:start + tc.grid_span]))
            start += tc.grid_span
