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
from bot.documents.wording import award_level_lines, level_items, names_text, unit_noun, with_comparison
from storage import district_lists, nominations
from storage.models import Section
from storage.numbers import NumberKind, format_number
from storage.outline import Heading, headings, letterhead
from storage.people import fold
from storage.figures import Figure, Scope, award_totals
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


def amount(indicator, value: float) -> str:
    """A figure with its unit; whole counts under ten with two digits ('05 hợp tác xã')."""
    if value_type(indicator).name == "integer":
        return figures.with_unit(indicator, two_digits(int(round(value))))
    return figures.value(indicator, value)


def groups_sentence(fig: Figure) -> str:
    """'09 xã đạt từ 15 tiêu chí trở lên (gồm các xã: Quài Nưa, …), 07 xã đạt từ 10 - 14 tiêu chí (…) và bình quân
    đạt 13,6 tiêu chí/xã'; a bucket without a `phrase`, or a choice: 'Có: 04 xã (gồm các xã: …)'."""
    ind = fig.indicator
    noun = unit_noun(ind)
    phrases = [b.get("phrase") for b in ind.buckets] if ind.aggregate == "buckets" else []
    parts = []
    for n, group in enumerate(fig.groups):
        if not group.count:
            continue
        names = texts.DOC_NAMES.format(noun=noun, names=names_text(group.names, group.count, noun))
        phrase = phrases[n] if n < len(phrases) else None
        if phrase:
            parts.append(texts.DOC_GROUP_PHRASE.format(count=two_digits(group.count), noun=noun, phrase=phrase,
                                                       names=names))
        else:
            parts.append(texts.DOC_GROUP.format(label=group.label, count=two_digits(group.count), noun=noun,
                                                names=names))
    text = (", " if any(phrases) else "; ").join(parts)
    if ind.aggregate == "buckets" and fig.average is not None:
        text += texts.DOC_BUCKET_AVERAGE.format(value=figures.average(ind, fig.average), unit=ind.unit, noun=noun)
    return text


def figure_text(fig: Figure) -> str:
    """One indicator across the units, as a report sentence (no full stop)."""
    ind = fig.indicator
    name = ind.name.rstrip(" ?")  # asked as a question in the chat, stated in the report
    if not fig.reported or (fig.groups and not any(g.count for g in fig.groups)):
        return texts.FIG_NONE.format(name=name)
    if fig.groups:
        return f"{name}: {groups_sentence(fig)}"
    if ind.aggregate == "average":
        text = texts.FIG_AVERAGE.format(name=name, value=figures.with_unit(ind, figures.average(ind, fig.average)))
        if fig.plan_average is not None:
            text += f" (KH {figures.with_unit(ind, figures.average(ind, fig.plan_average))})"
        return with_comparison(text, fig)
    text = texts.FIG_VALUE.format(name=name, value=amount(ind, fig.total or 0))
    if fig.percent_of_plan is not None:
        text += texts.FIG_PLAN.format(percent=figures.percent(fig.planned_value, fig.plan_total))
    return with_comparison(text, fig)


def role_models_sentence(models: list[district_lists.Model]) -> str:
    """'Gia đình ông Quàng Văn Lến (xã Chiềng Sinh) - mô hình trồng cây chanh leo; gia đình ông … (…) - …;
    hằng năm cho thu nhập từ 200 đến 400 triệu đồng.'"""
    items = []
    for n, model in enumerate(models):
        rm = model.role_model
        name = (rm.name or "").strip()
        if n and any(name.startswith(lead + " ") for lead in texts.DOC_COMMON_LEADS):
            name = _lower_first(name)  # "; gia đình ông …", a common noun inside the sentence
        place = ", ".join(p.strip() for p in (rm.village, rm.commune or texts.unit_name(model.unit)) if p and p.strip())
        item = texts.DOC_RM_ITEM.format(name=name, place=place)
        if rm.deed:
            item += texts.DOC_RM_DEED.format(deed=rm.deed.strip().rstrip("."))
        items.append(item)
    text = "; ".join(items)
    incomes = sorted(m.role_model.income_million for m in models if m.role_model.income_million is not None)
    if incomes:
        low, high = (format_number(Decimal(str(v)), NumberKind.DECIMAL) for v in (incomes[0], incomes[-1]))
        text += (texts.DOC_RM_INCOME_RANGE.format(low=low, high=high) if low != high
                 else texts.DOC_RM_INCOME_ONE.format(value=low))
    return text + "."


# --- the report ----------------------------------------------------------------------------


class _Report:
    """Fills the outline's headings from one compiled summary."""

    def __init__(self, summary: Summary):
        self.summary = summary
        self.scope: Scope = summary.scope
        self.session = self.scope.session
        self.head = letterhead(self.session)
        self.doc = AdminDocument()
        self.indicators = {i.code: i for i in self.scope.indicators}
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
            codes = [i.code for i in self.scope.indicators if i.section_code == code and not i.award]
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
        """Numbers and choices as sentences (one paragraph after a lead, else one each); notes quoted per unit."""
        inds = [self.indicators[c] for c in codes]
        figs = [self.scope.figures[i.code] for i in inds if value_type(i).summary != "quotes"]
        quotes = [q for i in inds if value_type(i).summary == "quotes" for q in self.scope.quotes.get(i.code, [])]
        sentences = [figure_text(f) for f in figs]
        if lead:
            self.doc.paragraph(lead + ("; ".join(sentences) + "." if sentences else texts.DOC_NO_FIGURES))
        else:
            for sentence in sentences:
                self.doc.paragraph(sentence + ".")
        if quotes:
            self.doc.paragraph(texts.DOC_NOTES, italic=True)
            for q in quotes:
                self.doc.paragraph(texts.DOC_QUOTE.format(unit=texts.unit_name(q.unit), text=q.text))

    def _awards(self) -> None:
        lines = award_level_lines(award_totals(self.scope), count=two_digits)
        self.doc.paragraph(texts.DOC_AWARDS_LEAD.format(year=self.summary.round.period_end.year))
        for line in lines or [texts.DOC_AWARDS_NONE]:
            self.doc.paragraph(line)

    def _proposals(self) -> None:
        rows = district_lists.nominees(self.scope)
        if not rows:
            self.doc.paragraph(texts.DOC_PROPOSALS_NONE)
            return
        counts = district_lists.form_counts(rows)
        self.doc.paragraph(texts.DOC_PROPOSALS_LEAD.format(n=two_digits(len(rows)),
                                                           units=two_digits(len({x.unit.id for x in rows}))))
        up = {c.form.decided_by for c in counts if c.form is not None and c.goes_up}
        for level, items in level_items([(c.form, c.collective, c.individual) for c in counts if c.form], two_digits):
            label = texts.DOC_PROPOSALS_UP if level in up else texts.DOC_PROPOSALS_HERE
            self.doc.paragraph(f"{label.format(level=texts.LEVEL_NAMES.get(level, level))}: {items}.")
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
        self.doc.paragraph(role_models_sentence(models))


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
    doc.paragraph(texts.DOC_LIST_TOTAL.format(n=two_digits(len(rows))), italic=True, indent=False)
    doc.closing([], _signature(head))
    return doc.to_bytes()

