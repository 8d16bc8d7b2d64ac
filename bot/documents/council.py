"""The council's documents: the draft decision (Quyết định) with its annex of those passed, the submission
(Tờ trình) with the list sent up, and the same lists in a workbook.

Facts from storage/deliberation.papers (the issuer, signer and symbol from the catalogue's [document], as
for the compiled report); the frame (letterhead, A4, Nơi nhận) from admin_docx.py; words from
bot/texts/documents.py. Number and date are left blank.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Optional

from bot import figures, texts
from bot.documents import sheets
from bot.documents.admin_docx import AdminDocument, Letterhead, Signature, TableColumn, TableGroup, roman, two_digits
from storage.deliberation import Item, Papers
from storage.models import AwardForm, Unit
from storage.numbers import NumberKind, format_number
from storage.people import fold

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


def post_text(item: Item) -> str:
    """The post column: a person's post and unit, the unit named once ('Chủ tịch UBND xã Mùn Chung', not '…, xã Mùn
    Chung' again); a collective's unit alone (what kind of collective it is is not a post)."""
    x, unit = item.nominee.nomination, texts.unit_name(item.nominee.unit)
    position = (x.position or "").strip()
    if x.subject == "collective" or not position:
        return unit
    return position if fold(item.nominee.unit.name) in fold(position) else texts.DOC_POSITION.format(
        position=position, unit=unit)


def _rows(groups: Groups, with_achievements: bool = False) -> list[TableGroup]:
    out = []
    for n, (form, items) in enumerate(groups, 1):
        rows = [[i.nominee.nomination.name, post_text(i)] + ([i.nominee.nomination.achievements or ""]
                                                             if with_achievements else []) for i in _ordered(items)]
        title = f"{roman(n)}. {form_phrase(form, items[0].form_code)} ({counts_text(items)})"
        out.append(TableGroup(title, rows))
    return out


def legal_date(day: dt.date) -> str:
    """' ngày 05 tháng 3 năm 2020': a day under 10 and January, February with a leading zero (Nghị định 30/2020)."""
    return texts.DOC_CITE_DATE.format(day=f"{day.day:02d}", month=f"{day.month:02d}" if day.month < 3 else day.month,
                                      year=day.year)


def citation(base: dict) -> str:
    """'Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi …', 'Nghị định số 91/2017/NĐ-CP ngày 31
    tháng 7 năm 2017 của Chính phủ quy định …': a [[document.legal_bases]] entry as decisions cite it."""
    date = base.get("date")
    when = legal_date(dt.date.fromisoformat(str(date))) if date else ""
    number = texts.DOC_CITE_NUMBER.format(number=base["number"]) if base.get("number") else ""
    if base["kind"] in texts.DOC_CITE_BY_NAME:
        text = texts.DOC_CITE_LAW.format(kind=base["kind"], title=base["title"]) + number + when
    else:
        issuer = texts.DOC_CITE_ISSUER.format(issuer=base["issuer"]) if base.get("issuer") else ""
        text = f"{base['kind']}{number}{when}{issuer} {base['title']}"
    return text + (texts.DOC_CITE_AMENDED.format(amended=base["amended"]) if base.get("amended") else "")


def in_force(bases: list[dict], on: dt.date) -> list[dict]:
    def day(value) -> Optional[dt.date]:
        return dt.date.fromisoformat(str(value)) if value else None
    return [b for b in bases
            if (day(b.get("valid_from")) or dt.date.min) <= on <= (day(b.get("valid_to")) or dt.date.max)]


def grounds(papers: Papers) -> list[str]:
    """The decision's 'Căn cứ …;' lines: the catalogue's legal bases in force at the end of the round's period (the
    demo moves its deadline, never its period), each once."""
    bases = in_force(papers.document.get("legal_bases") or [], papers.round.period_end)
    cited = dict.fromkeys(citation(b) for b in bases)
    return [texts.DOC_GROUND.format(citation=c) for c in cited] or [texts.DOC_GROUND_NONE]


def _grounds(doc: AdminDocument, papers: Papers) -> None:
    for line in grounds(papers):
        doc.paragraph(line, italic=True)


def article_1(papers: Papers) -> str:
    """'Công nhận danh hiệu thi đua và tặng Giấy khen của Chủ tịch UBND huyện cho 02 tập thể, 09 cá nhân đã có thành
    tích … năm 2020 (có danh sách kèm theo), gồm:'."""
    forms = [form for form, _ in papers.passed if form is not None]
    what = ([texts.DOC_ARTICLE_1_TITLES] if any(f.kind == "title" for f in forms) else []) + \
        ([texts.DOC_ARTICLE_1_FORMS.format(forms=", ".join(f.name for f in forms if f.kind != "title"))]
         if any(f.kind != "title" for f in forms) else [])
    what_text = texts.DOC_ARTICLE_1_JOIN.join(what) or texts.DOC_ARTICLE_1_TITLES
    reason = (papers.document.get("decision_reason") or "").format(year=papers.round.period_end.year)
    return texts.DOC_ARTICLE_1.format(what=what_text[:1].upper() + what_text[1:], reason=reason,
                                      counts=counts_text(_all(papers.passed)) or texts.DOC_NOBODY).replace("  ", " ")


def reward_lines(papers: Papers) -> list[str]:
    """Điều 2 and the money line by line, from the catalogue's rewards and base salary; without them, the plain
    sentence (no figure the catalogue does not give)."""
    doc = papers.document
    salary, rewards = doc.get("base_salary"), doc.get("rewards") or []
    lines, total, sources = [], 0, []
    for form, items in papers.passed:
        for subject in ("collective", "individual"):
            n = sum(1 for i in items if (i.nominee.nomination.subject or "individual") == subject)
            reward = next((r for r in rewards if form is not None and r["form"] == form.code
                           and r["subject"] == subject), None)
            if not n or reward is None or not salary:
                continue
            each = round(reward["times"] * salary)
            total += each * n
            sources.append(reward["source"])
            lines.append(texts.DOC_REWARD_LINE.format(
                form=form_phrase(form), subject=texts.DOC_REWARD_SUBJECT[subject], n=two_digits(n),
                times=format_number(Decimal(str(reward["times"])), NumberKind.DECIMAL), each=figures.count(each),
                total=figures.count(each * n)))
    if not lines:
        return [texts.DOC_ARTICLE_2_PLAIN]
    head = texts.DOC_ARTICLE_2.format(sources="; ".join(dict.fromkeys(sources)), salary=figures.count(salary),
                                      salary_source=doc.get("base_salary_source") or "")
    fund = doc.get("reward_fund")
    end = (texts.DOC_REWARD_TOTAL.format(total=figures.count(total), fund=fund) if fund
           else texts.DOC_REWARD_TOTAL_NO_FUND.format(total=figures.count(total)))
    return [head.replace(" ()", "")] + lines + [end]


def _all(groups: Groups) -> list[Item]:
    return [i for _, items in groups for i in items]


def _form_lines(doc: AdminDocument, groups: Groups) -> None:
    """One line a form: 'Danh hiệu LĐTT: 02 tập thể, 09 cá nhân;', the last with a full stop."""
    for n, (form, items) in enumerate(groups, 1):
        line = texts.DOC_FORM_LINE.format(form=form_phrase(form, items[0].form_code), counts=counts_text(items))
        doc.paragraph(line[:-1] + "." if n == len(groups) else line)


def _demo_note(doc: AdminDocument, groups) -> None:
    """A demo's proposals the real report does not state (`Nomination.illustrative`): the draft says so once, at the
    top, as a note to delete (its counts are the demo's, never a fact)."""
    if any(item.nominee.nomination.illustrative for _, items in groups for item in items):
        doc.prompt(texts.DOC_DEMO_LIST_NOTE)


def decision_docx(papers: Papers) -> bytes:
    """The draft decision of the chairman on what the council passed, and its annex by form."""
    unit = texts.unit_name(papers.issuer)
    doc = AdminDocument()
    doc.letterhead(_head(papers, texts.DOC_DECISION_KIND))
    doc.title(texts.DOC_DECISION, texts.DOC_DECISION_SUBJECT.format(year=papers.round.period_end.year))
    _demo_note(doc, papers.passed)
    doc.paragraph(texts.DOC_DECISION_BY.format(unit=_unit_upper(papers.issuer)), bold=True, align="center")
    _grounds(doc, papers)
    proposer = (papers.document.get("proposer") or "").format(unit=unit)
    doc.paragraph(texts.DOC_PROPOSED_BY.format(proposer=proposer), italic=True)
    doc.paragraph(texts.DOC_DECIDES, bold=True, align="center")
    doc.article(texts.DOC_ARTICLE_LABEL.format(n=1), article_1(papers))
    _form_lines(doc, papers.passed)
    money = reward_lines(papers)
    doc.article(texts.DOC_ARTICLE_LABEL.format(n=2), money[0])
    for line in money[1:]:
        doc.paragraph(line)
    doc.article(texts.DOC_ARTICLE_LABEL.format(n=3), texts.DOC_ARTICLE_3.format(unit=unit))
    doc.closing(texts.DOC_DECISION_COPIES, Signature([texts.DOC_CHAIRMAN], papers.document.get("signer_name", "")))
    _annex(doc, papers, texts.DOC_DECISION_KIND, texts.DOC_DECISION_ANNEX, texts.DOC_DECISION_ANNEX_NOTE,
           papers.passed, with_achievements=False)
    return doc.to_bytes()


def submission_docx(papers: Papers) -> bytes:
    """The draft submission to the level above, with the list of what the council sends up."""
    unit = texts.unit_name(papers.issuer)
    to = (texts.DOC_SUBMISSION_TO.format(unit=texts.unit_name(papers.above)) if papers.above
          else texts.DOC_SUBMISSION_TO_UNKNOWN)
    doc = AdminDocument()
    doc.letterhead(_head(papers, texts.DOC_SUBMISSION_KIND))
    doc.title(texts.DOC_SUBMISSION, texts.DOC_SUBMISSION_SUBJECT.format(year=papers.round.period_end.year))
    doc.addressees([to])
    _demo_note(doc, papers.sent_up)
    _grounds(doc, papers)
    doc.paragraph(texts.DOC_SUBMISSION_BODY.format(unit=unit, to=to,
                                                   counts=counts_text(_all(papers.sent_up)) or texts.DOC_NOBODY))
    _form_lines(doc, papers.sent_up)
    doc.paragraph(texts.DOC_SUBMISSION_ATTACHED, italic=True)
    doc.paragraph(texts.DOC_SUBMISSION_END.format(unit=unit, to=to))
    signer = papers.document
    doc.closing(texts.DOC_SUBMISSION_COPIES,
                Signature([signer.get("signer_capacity") or texts.DOC_ON_BEHALF, signer.get("signer_title")
                           or texts.DOC_CHAIRMAN], signer.get("signer_name", "")))
    _annex(doc, papers, texts.DOC_SUBMISSION_KIND, texts.DOC_SUBMISSION_ANNEX, texts.DOC_SUBMISSION_ANNEX_NOTE,
           papers.sent_up, with_achievements=True)
    return doc.to_bytes()


def _annex(doc: AdminDocument, papers: Papers, kind: str, title: str, note: str, groups: Groups,
           with_achievements: bool) -> None:
    """The list a decision or a submission carries, on a page of its own, its note naming the document."""
    doc.new_section()
    doc.title(texts.DOC_ANNEX, title, note.format(symbol=_symbol(papers, kind), year=papers.round.deadline.year,
                                                 unit=texts.unit_name(papers.issuer)))
    _table(doc, groups, with_achievements)


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
