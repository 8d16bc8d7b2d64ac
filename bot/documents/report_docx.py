"""The compiled report as a Word draft, and the proposal list (danh sách đề nghị khen thưởng) as its own file.

The report follows the catalogue's outline (`storage/outline.py`): each
heading numbered as the district numbers it (Phần I, I., 1., 2.1., 2.3.1.),
filled where the outline says with the units' figures, the award counts, the
proposals and the role models, worded as the district writes them ("09 xã
đạt từ 15 tiêu chí trở lên (gồm các xã: …)", "Danh hiệu LĐTT: 87 tập thể,
1.940 cá nhân"); a part the district writes itself gets a prompt in italics.
The frame — letterhead, fonts, margins, page numbers, Nơi nhận — is
`admin_docx.py`.

Nominees and role models come from `storage/district_lists.py`: confirmed
rows of counted reports, proposals sent up first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from sqlmodel import select

from bot import figures, texts
from bot.documents.admin_docx import AdminDocument, Letterhead, Signature, TableColumn, TableGroup, roman, two_digits
from bot.documents import sentences as sentences_of
from bot.documents.wording import award_level_lines, illustrative_mark, level_items
from storage import district_lists, history, nominations
from storage.models import AwardForm, Report, Section, Unit
from storage.numbers import NumberKind, format_number
from storage.outline import Heading, headings, letterhead
from storage.people import fold
from storage.figures import AwardTotal, Scope, authority_values, award_totals
from storage.lookup import short_name
from storage.summary import Summary
from storage.values import value_type

REPORT_KIND = "BC"  # the document's kind in its symbol: Số …/BC-UBND
# The proposal list, landscape A4 (252 mm of text): STT, name, position and unit, achievements, notes.
LIST_COLUMNS_CM = (5.0, 5.5, 10.0, 3.5)


def report_filename(code: str) -> str:
    return f"tong-hop-{code}.docx"


def proposals_filename(code: str) -> str:
    return f"de-nghi-khen-thuong-{code}.docx"


# --- words ------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _fill(template: str, summary: Summary, count: int = 0) -> str:
    """A catalogue title, prompt or subject with its {year}, {next_year}, {count}, {round} filled."""
    year = summary.round.period_end.year
    return template.format(year=year, next_year=year + 1, count=two_digits(count), round=summary.round.name)


def heading_text(heading: Heading, title: str) -> str:
    """'Phần I\\nKẾT QUẢ …', 'I. ĐẶC ĐIỂM TÌNH HÌNH', '1. Thuận lợi', '2.1. …', '2.3.1. …'."""
    numbers = heading.numbers
    if heading.depth == 0:
        return f"{texts.DOC_PART.format(n=roman(numbers[0]))}\n{title}"
    if heading.depth == 1:
        return f"{roman(numbers[1])}. {title}"
    return ".".join(str(n) for n in numbers[2:]) + f". {title}"


# --- the report ----------------------------------------------------------------------------


class _Report:
    """Fills the outline's headings from one compiled summary."""

    def __init__(self, summary: Summary):
        self.summary = summary
        self.scope: Scope = summary.scope
        self.session = self.scope.session
        self.head = letterhead(self.session)
        self.doc = AdminDocument()
        self.indicators = {i.code: i for i in self.scope.all_indicators}
        self.own = authority_values(self.scope)  # the authority's own answers
        self.own_compared = self._own_comparisons()
        level = nominations.meta(self.session).authority_level
        self.authority_noun = texts.LEVEL_NAMES.get(level, level)
        self.sections = {s.code: s for s in self.session.exec(select(Section)).all()}

    def write(self) -> bytes:
        summary, head, doc = self.summary, self.head, self.doc
        subject = _fill(head["subject"], summary)
        doc.letterhead(_letterhead(head, REPORT_KIND, summary))
        doc.title(texts.DOC_KIND_REPORT, subject)
        doc.addressees(head["recipients"])
        doc.prompt(self._draft_note())
        doc.prompt(texts.DOC_OPENING_PROMPT)
        doc.paragraph(texts.DOC_OPENING.format(issuer=head["issuer"], round=_lower_first(summary.round.name)))
        for heading in headings(self.session):
            self._part(heading)
        doc.paragraph(texts.DOC_CLOSING.format(subject=_lower_first(subject), issuer=head["issuer"]))
        doc.closing(head["copies_to"], _signature(head))
        return doc.to_bytes()

    def _draft_note(self) -> str:
        s, p = self.summary, self.summary.progress
        note = [texts.DOC_META.format(round=s.round.name, code=s.round.code, at=texts.datetime_vn(s.generated_at))]
        if s.top_unit is not None:
            note.append(texts.DOC_SCOPE.format(unit=texts.unit_name(s.top_unit)))
        note.append(texts.DOC_PROGRESS.format(submitted=figures.count(p.submitted), total=figures.count(p.total),
                                              on_time=figures.count(p.on_time), late=figures.count(p.late),
                                              approved=figures.count(p.approved)))
        if s.scope.approved_only:
            note.append(texts.SUMMARY_APPROVED_ONLY.format(n=figures.count(p.approved)))
        note.append(texts.DOC_MISSING.format(n=figures.count(len(p.missing)),
                                             names=", ".join(short_name(u.kind, u.name) for u in p.missing))
                    if p.missing else texts.DOC_NONE_MISSING)
        note.append(texts.DOC_PROMPTS_NOTE)
        return " ".join(note)

    def _part(self, heading: Heading) -> None:
        item, doc = heading.item, self.doc
        campaigns = [self.sections[c] for c in item.sections if c in self.sections
                     and self.sections[c].kind == "campaign"]
        doc.heading(heading_text(heading, _fill(item.title, self.summary, len(campaigns))), heading.depth)
        if item.prompt:
            doc.prompt(_fill(item.prompt, self.summary, len(campaigns)))
        for code in item.sections:
            section = self.sections.get(code)
            if section is None:
                continue
            codes = [i.code for i in self.scope.all_indicators if i.section_code == code and not i.award]
            if section.kind == "campaign":
                self._figures(codes, lead=texts.DOC_CAMPAIGN.format(name=section.name))
            else:
                self._figures(codes)
        if item.indicators:
            self._figures([c for c in item.indicators if c in self.indicators])
        writers = {"awards": self._awards, "proposals": self._proposals, "role_models": self._role_models}
        for content in item.content:
            writers[content]()

    def _figures(self, codes: list[str], lead: str = "") -> None:
        """Numbers and choices as sentences (one paragraph after a lead, else one each), the authority's own figures
        where it gave them and a prompt naming those it has not; the units' notes quoted under them."""
        inds = [self.indicators[c] for c in codes]
        sentences, missing, before = [], [], None
        for ind in inds:
            if value_type(ind).summary == "quotes" and ind.filled_by != "authority":
                continue
            if ind.filled_by == "authority":
                if ind.own_for:
                    continue  # said with the units' figure it stands for
                value = self.own.get(ind.code)
                if value is None or (value.number is None and not (value.text or "").strip()):
                    missing.append(ind.name.rstrip(" ?"))
                else:
                    sentences.append(sentences_of.own_sentence(ind, value, self.own.get(f"plan:{ind.code}"),
                                                               self.own_compared.get(ind.code)))
                continue
            fig = self.scope.figures[ind.code]
            sentences.append(sentences_of.figure_sentence(fig, before))
            before = fig
        if lead:  # one paragraph after the campaign's name
            self.doc.paragraph(lead + (sentences_of.inside(sentences_of.clauses(sentences)) + "." if sentences
                                       else texts.DOC_NO_FIGURES))
        elif sentences:  # one paragraph, as the seed writes a heading's figures
            self.doc.paragraph(sentences_of.clauses(sentences) + ".")
        if missing:
            self.doc.prompt(texts.SENT_OWN_MISSING.format(authority=self.authority_noun, names="; ".join(missing)))
        quotes = [q for i in inds if value_type(i).summary == "quotes" and i.filled_by != "authority"
                  for q in self.scope.quotes.get(i.code, [])]
        if quotes:
            self.doc.paragraph(texts.DOC_NOTES, italic=True)
            for q in quotes:
                self.doc.paragraph(texts.DOC_QUOTE.format(unit=texts.unit_name(q.unit), text=q.text))

    def _own_comparisons(self) -> dict:
        """The authority's own figures beside its own of last year ("tăng 93 tấn so với năm 2019")."""
        numbers = {code: v.number for code, v in self.own.items() if v.number is not None and ":" not in code}
        if not numbers:
            return {}
        report = self.session.get(Report, next(iter(self.own.values())).report_id)
        mine = [i for i in self.scope.own_indicators if i.code in numbers]
        return history.unit_comparisons(self.session, self.scope.round, self.session.get(Unit, report.unit_id),
                                        mine, numbers)

    def _awards(self) -> None:
        """The award counts by level: the units' sums, and what the authority itself received (its own count of a
        form and subject stands for the whole, the units' included); a prompt names the counts it has not given."""
        totals = award_totals(self.scope)
        by_form = {t.form.code: t for t in totals.forms}
        forms = {f.code: f for f in self.session.exec(select(AwardForm)).all()}
        missing = []
        for ind in self.scope.own_indicators:
            if not ind.award:
                continue
            value = self.own.get(ind.code)
            if value is None or value.number is None:
                missing.append(ind.name.rstrip(" ?"))
                continue
            total = by_form.get(ind.award)
            if total is None:
                total = by_form[ind.award] = AwardTotal(forms[ind.award])
                totals.forms.append(total)
            setattr(total, ind.subject or "individual", int(round(value.number)))
        totals.forms.sort(key=lambda t: t.form.position)
        lines = award_level_lines(totals, count=two_digits)
        self.doc.paragraph(texts.DOC_AWARDS_LEAD.format(year=self.summary.round.period_end.year))
        for line in lines or [texts.DOC_AWARDS_NONE]:
            self.doc.paragraph(line)
        if missing:
            self.doc.prompt(texts.SENT_OWN_MISSING.format(authority=self.authority_noun, names="; ".join(missing)))

    def _proposals(self) -> None:
        rows = district_lists.nominees(self.scope)
        if not rows:
            self.doc.paragraph(texts.DOC_PROPOSALS_NONE)
            return
        counts = district_lists.form_counts(rows)
        mark = illustrative_mark(rows)  # a demo's proposals the real report does not state: counted, never as fact
        self.doc.paragraph(texts.DOC_PROPOSALS_LEAD.format(n=two_digits(len(rows)), mark=mark,
                                                           units=two_digits(len({x.unit.id for x in rows}))))
        up = {c.form.decided_by for c in counts if c.form is not None and c.goes_up}
        for level, items in level_items([(c.form, c.collective, c.individual) for c in counts if c.form], two_digits):
            label = texts.DOC_PROPOSALS_UP if level in up else texts.DOC_PROPOSALS_HERE
            self.doc.paragraph(f"{label.format(level=texts.LEVEL_NAMES.get(level, level))}: {items}{mark}.")
        flagged = sum(c.flagged for c in counts)
        if flagged:
            self.doc.paragraph(texts.DOC_PROPOSALS_FLAGGED.format(n=two_digits(flagged)))
        self.doc.paragraph(texts.DOC_PROPOSALS_ANNEX)

    def _role_models(self) -> None:
        models = district_lists.role_models(self.scope)
        if not models:
            self.doc.paragraph(texts.DOC_RM_NONE)
            return
        self.doc.paragraph(texts.DOC_RM_LEAD.format(n=two_digits(len(models))))
        for label, lines, income in sentences_of.role_model_fields(models):
            self.doc.paragraph(label, italic=True)
            for line in lines:
                self.doc.paragraph(line)
            if income:
                self.doc.paragraph(income)


def _letterhead(head: dict, kind: str, summary: Summary) -> Letterhead:
    return Letterhead(issuer_lines=head["issuer_lines"], symbol=f"{kind}-{head['issuer_code']}" if kind else "",
                      place=head["place"], year=summary.generated_at.year, parent_body=head.get("parent_body", ""),
                      issuer=head.get("issuer", ""))


def _signature(head: dict) -> Signature:
    return Signature([head["signer_capacity"], head["signer_title"]], head["signer_name"])


def write_docx(summary: Summary) -> bytes:
    """The compiled report: the catalogue's outline filled from the summary's scope."""
    return _Report(summary).write()


# --- the proposal list -------------------------------------------------------------------------


def _position_and_unit(nominee: district_lists.Nominee) -> str:
    """'Trưởng bản Co Sản - xã Quài Nưa'; the unit once, when the position names it already."""
    position = (nominee.nomination.position or "").strip()
    unit = texts.unit_name(nominee.unit)
    if not position:
        return unit
    return position if fold(nominee.unit.name) in fold(position) else f"{position} - {unit}"


def _achievements(nominee: district_lists.Nominee) -> str:
    n = nominee.nomination
    text = (n.achievements or "").strip()
    if n.initiative:
        initiative = texts.DOC_LIST_INITIATIVE.format(name=n.initiative.strip())
        if n.initiative_ref:
            initiative += texts.DOC_LIST_INITIATIVE_REF.format(ref=n.initiative_ref.strip())
        text = f"{text}\n{initiative}" if text else initiative
    return text


def _form_groups(rows: list[district_lists.Nominee]) -> list[TableGroup]:
    """One group per form, in the order of `nominees` (highest level first); collectives before individuals."""
    groups: dict[str, list[district_lists.Nominee]] = {}
    for x in rows:
        groups.setdefault(x.nomination.form_code or "", []).append(x)
    out = []
    for n, members in enumerate(groups.values(), 1):
        members.sort(key=lambda x: x.nomination.subject != "collective")  # stable: unit and list order kept
        form = members[0].form
        collective = sum(x.nomination.subject == "collective" for x in members)
        counts = ", ".join(([texts.AWARD_COLLECTIVE.format(n=two_digits(collective))] if collective else [])
                           + ([texts.AWARD_INDIVIDUAL.format(n=two_digits(len(members) - collective))]
                              if len(members) > collective else []))
        name = form.name if form else (members[0].nomination.form_code or texts.DOC_LIST_NO_FORM)
        title = texts.DOC_LIST_GROUP.format(n=roman(n), form=name, counts=counts)
        out.append(TableGroup(title, [[x.nomination.name or "", _position_and_unit(x), _achievements(x),
                                       "\n".join(texts.say(p) for p in x.problems)] for x in members]))
    return out


def write_proposals_docx(summary: Summary) -> Optional[bytes]:
    """The proposal list: sent-up forms first, then this level's own, each grouped by form; None when empty."""
    rows = district_lists.nominees(summary.scope)
    if not rows:
        return None
    session = summary.scope.session
    head = letterhead(session)
    authority = nominations.meta(session).authority_level
    doc = AdminDocument(landscape=True)
    doc.letterhead(_letterhead(head, "", summary))
    doc.title(texts.DOC_LIST_KIND, texts.DOC_LIST_SUBJECT.format(round=_lower_first(summary.round.name)),
              note=texts.DOC_LIST_ATTACHED.format(symbol=f"{REPORT_KIND}-{head['issuer_code']}",
                                                  year=summary.generated_at.year, issuer=head["issuer"]))
    columns = [TableColumn(title, width, align) for title, width, align in zip(
        texts.DOC_LIST_COLUMNS, LIST_COLUMNS_CM, ("left", "left", "justify", "left"))]
    parts = [(texts.DOC_LIST_UP, [x for x in rows if x.goes_up]),
             (texts.DOC_LIST_HERE, [x for x in rows if not x.goes_up])]
    for letter, (part, members) in zip("ABC", [(p, m) for p, m in parts if m]):
        doc.heading(part.format(letter=letter, level=texts.LEVEL_NAMES.get(authority, authority).upper()), depth=1)
        doc.numbered_table(columns, _form_groups(members))
    doc.paragraph(texts.DOC_LIST_TOTAL.format(n=two_digits(len(rows)), mark=illustrative_mark(rows)), italic=True,
                  indent=False)
    doc.closing([], _signature(head))
    return doc.to_bytes()

