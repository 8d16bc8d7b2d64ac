"""The council's documents: the draft decision (Quyết định) with its annex of those passed, the submission
(Tờ trình) with the list sent up, and the same lists in a workbook.

Facts from storage/deliberation.papers (the issuer, signer and symbol from the catalogue's [document], as
for the compiled report); the frame (letterhead, A4, Nơi nhận) from admin_docx.py; words from
bot/texts/documents.py. Number and date are left blank.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Optional

from bot import texts
from bot.documents import sheets
from bot.documents.admin_docx import AdminDocument, Letterhead, Signature, TableColumn, TableGroup, roman, two_digits
from storage.deliberation import Item, Papers
from storage.models import AwardForm, Unit

Groups = list[tuple[Optional[AwardForm], list[Item]]]


def counts_text(items: list[Item]) -> str:
    """'01 tập thể, 02 cá nhân': collectives first, a kind with none left out."""
    parts = []
    for subject in ("collective", "individual"):
        n = sum(1 for i in items if (i.nominee.nomination.subject or "individual") == subject)
        if n:
            parts.append(texts.DOC_COUNT[subject].format(n=two_digits(n)))
    return ", ".join(parts)


def form_phrase(form: Optional[AwardForm], code: str = "") -> str:
    if form is None:
        return code
    return texts.DOC_TITLE_FORM.format(name=form.name) if form.kind == "title" else form.name


def _unit_upper(unit: Unit) -> str:
    return texts.unit_name(unit).upper()


def _symbol(papers: Papers, kind: str) -> str:
    """'QĐ-UBND', 'TTr-UBND': the kind, then the issuer's code."""
    return f"{kind}-{papers.document.get('issuer_code') or texts.DOC_ISSUER_CODE}"


def _head(papers: Papers, kind: str) -> Letterhead:
    doc = papers.document
    return Letterhead(doc.get("issuer_lines") or [texts.DOC_ISSUER, _unit_upper(papers.issuer)], _symbol(papers, kind),
                      doc.get("place") or papers.issuer.name, papers.round.deadline.year,
                      parent_body=doc.get("parent_body", ""), issuer=doc.get("issuer") or texts.unit_name(papers.issuer))


def _ordered(items: list[Item]) -> list[Item]:
    """Collectives first, then individuals; each in the order of the units and their lists."""
    return sorted(items, key=lambda i: i.nominee.nomination.subject != "collective")


def _rows(groups: Groups, with_achievements: bool = False) -> list[TableGroup]:
    out = []
    for n, (form, items) in enumerate(groups, 1):
        rows = []
        for item in _ordered(items):
            x = item.nominee.nomination
            position = texts.DOC_POSITION.format(position=x.position, unit=texts.unit_name(item.nominee.unit)) \
                if x.position else texts.unit_name(item.nominee.unit)
            rows.append([x.name, position] + ([x.achievements or ""] if with_achievements else []))
        title = f"{roman(n)}. {form_phrase(form, items[0].form_code)} ({counts_text(items)})"
        out.append(TableGroup(title, rows))
    return out


def _grounds(doc: AdminDocument, groups: Groups) -> None:
    doc.paragraph(texts.DOC_GROUND_LOCAL, italic=True)
    for source in dict.fromkeys(form.source for form, _ in groups if form is not None and form.source):
        doc.paragraph(texts.DOC_GROUND.format(source=source), italic=True)


def _all(groups: Groups) -> list[Item]:
    return [i for _, items in groups for i in items]


def _form_lines(doc: AdminDocument, groups: Groups) -> None:
    """One line a form: 'Danh hiệu LĐTT: 02 tập thể, 09 cá nhân'."""
    for form, items in groups:
        doc.paragraph(texts.DOC_FORM_LINE.format(form=form_phrase(form, items[0].form_code), counts=counts_text(items)))


def decision_docx(papers: Papers) -> bytes:
    """The draft decision of the chairman on what the council passed, and its annex by form."""
    unit, year = texts.unit_name(papers.issuer), papers.round.deadline.year
    doc = AdminDocument()
    doc.letterhead(_head(papers, texts.DOC_DECISION_KIND))
    doc.title(texts.DOC_DECISION, texts.DOC_DECISION_SUBJECT.format(year=papers.round.period_end.year))
    doc.paragraph(texts.DOC_DECISION_BY.format(unit=_unit_upper(papers.issuer)), bold=True, align="center")
    _grounds(doc, papers.passed)
    doc.paragraph(texts.DOC_PROPOSED_BY.format(unit=unit), italic=True)
    doc.paragraph(texts.DOC_DECIDES, bold=True, align="center")
    doc.paragraph(texts.DOC_ARTICLE_1.format(counts=counts_text(_all(papers.passed)) or texts.DOC_NOBODY))
    _form_lines(doc, papers.passed)
    doc.paragraph(texts.DOC_ARTICLE_2)
    doc.paragraph(texts.DOC_ARTICLE_3.format(unit=unit))
    doc.closing(texts.DOC_DECISION_COPIES, Signature([texts.DOC_CHAIRMAN], papers.document.get("signer_name", "")))
    doc.new_section()
    doc.title(texts.DOC_ANNEX, texts.DOC_DECISION_ANNEX,
              texts.DOC_DECISION_ANNEX_NOTE.format(symbol=_symbol(papers, texts.DOC_DECISION_KIND), year=year,
                                                   unit=unit))
    _table(doc, papers.passed, with_achievements=False)
    return doc.to_bytes()


def submission_docx(papers: Papers) -> bytes:
    """The draft submission to the level above, with the list of what the council sends up."""
    unit, year = texts.unit_name(papers.issuer), papers.round.deadline.year
    to = (texts.DOC_SUBMISSION_TO.format(unit=texts.unit_name(papers.above)) if papers.above
          else texts.DOC_SUBMISSION_TO_UNKNOWN)
    doc = AdminDocument()
    doc.letterhead(_head(papers, texts.DOC_SUBMISSION_KIND))
    doc.title(texts.DOC_SUBMISSION, texts.DOC_SUBMISSION_SUBJECT.format(year=papers.round.period_end.year))
    doc.addressees([to])
    _grounds(doc, papers.sent_up)
    doc.paragraph(texts.DOC_SUBMISSION_BODY.format(unit=unit, to=to,
                                                   counts=counts_text(_all(papers.sent_up)) or texts.DOC_NOBODY))
    _form_lines(doc, papers.sent_up)
    doc.paragraph(texts.DOC_SUBMISSION_ATTACHED, italic=True)
    doc.paragraph(texts.DOC_SUBMISSION_END.format(unit=unit, to=to))
    signer = papers.document
    doc.closing(texts.DOC_SUBMISSION_COPIES,
                Signature([signer.get("signer_capacity") or texts.DOC_ON_BEHALF, signer.get("signer_title")
                           or texts.DOC_CHAIRMAN], signer.get("signer_name", "")))
    doc.new_section()
    doc.title(texts.DOC_ANNEX, texts.DOC_SUBMISSION_ANNEX,
              texts.DOC_SUBMISSION_ANNEX_NOTE.format(symbol=_symbol(papers, texts.DOC_SUBMISSION_KIND), year=year,
                                                     unit=unit))
    _table(doc, papers.sent_up, with_achievements=True)
    return doc.to_bytes()


def _table(doc: AdminDocument, groups: Groups, with_achievements: bool) -> None:
    if not groups:
        doc.paragraph(texts.DOC_NOBODY, italic=True, align="center")
        return
    columns = ([TableColumn(texts.DOC_COL_NAME, 4.3), TableColumn(texts.DOC_COL_POSITION, 5.0),
                TableColumn(texts.DOC_COL_ACHIEVEMENTS, 6.0)] if with_achievements
               else [TableColumn(texts.DOC_COL_NAME, 6.0), TableColumn(texts.DOC_COL_POSITION, 9.3)])
    doc.numbered_table(columns, _rows(groups, with_achievements))


def workbook(papers: Papers, at: dt.datetime) -> bytes:
    """The passed, sent-up and refused lists, one sheet each, and the progress by form. Every cell through
    `sheets.put`: a name a clerk typed as «=…» is a text here too."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    sheets.properties(book, title=texts.XLSX_COUNCIL_TITLES["passed"],
                      author=papers.document.get("issuer") or texts.unit_name(papers.issuer))
    meta = texts.XLSX_COUNCIL_META.format(round=papers.round.name, at=texts.datetime_vn(at))
    for outcome, groups in (("passed", papers.passed), ("sent_up", papers.sent_up), ("refused", papers.refused)):
        rows = []
        for form, items in groups:
            for item in _ordered(items):
                x = item.nominee.nomination
                rows.append([len(rows) + 1, x.name, (form.short or form.name) if form else item.form_code,
                             texts.SUBJECT_NAMES.get(x.subject or "", ""), x.position,
                             texts.unit_name(item.nominee.unit), x.achievements]
                            + ([item.decision.reason] if outcome == "refused" else []))
        head = list(texts.XLSX_COUNCIL_HEAD) + ([texts.XLSX_COUNCIL_REASON] if outcome == "refused" else [])
        _sheet(book, texts.XLSX_COUNCIL_SHEETS[outcome], texts.XLSX_COUNCIL_TITLES[outcome], meta, head, rows,
               WORKBOOK_WIDTHS, name_column=2)
    progress = [[(p.form.short or p.form.name) if p.form else p.code, p.total, p.decided, p.counts["passed"],
                 p.counts["sent_up"], p.counts["refused"], p.counts["pending"]] for p in papers.progress]
    _sheet(book, texts.XLSX_COUNCIL_PROGRESS, texts.XLSX_COUNCIL_PROGRESS, meta, list(texts.XLSX_COUNCIL_PROGRESS_HEAD),
           progress, PROGRESS_WIDTHS, name_column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WORKBOOK_WIDTHS = (6, 28, 16, 12, 32, 20, 48, 32)  # STT, name, form, subject, post, unit, achievements, reason
PROGRESS_WIDTHS = (24, 10, 10, 10, 10, 10, 10)
HEADER_ROW = 4  # rows 1–2: the title and the round; row 3 empty


def _sheet(book, name: str, title: str, meta: str, head: list[str], rows: list[list], widths, name_column: int):
    from openpyxl.styles import Alignment, Font

    ws = sheets.add_sheet(book, name)
    sheets.put(ws, 1, 1, title).font = Font(bold=True)
    sheets.put(ws, 2, 1, meta)
    for col, text in enumerate(head, 1):
        cell = sheets.put(ws, HEADER_ROW, col, text)
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, HEADER_ROW + 1):
        for col, item in enumerate(row, 1):
            sheets.put(ws, r, col, item).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in enumerate(widths[:len(head)], 1):
        ws.column_dimensions[ws.cell(HEADER_ROW, col).column_letter].width = width
    sheets.fit_rows(ws, range(HEADER_ROW, HEADER_ROW + len(rows) + 1), dict(enumerate(widths[:len(head)], 1)))
    sheets.freeze(ws, HEADER_ROW, name_column)
    sheets.print_setup(ws, (HEADER_ROW, HEADER_ROW))


def files(papers: Papers, at: dt.datetime) -> dict[str, tuple[str, bytes]]:
    """kind -> (file name, data): the decision if anything passed, the submission if anything went up,
    the workbook always."""
    code = papers.round.code
    out = {}
    if papers.passed:
        out["decision"] = (f"du-thao-quyet-dinh-{code}.docx", decision_docx(papers))
    if papers.sent_up:
        out["submission"] = (f"du-thao-to-trinh-{code}.docx", submission_docx(papers))
    out["workbook"] = (f"binh-xet-{code}.xlsx", workbook(papers, at))
    return out
