"""The pages of one unit's report and of the lists (nominees, their rule problems and the council's
decisions; role models), from the queries /xa, /lichsu, /dexuat and /binhxet use."""

from __future__ import annotations

from decimal import Decimal
from bot import figures, texts
from bot.documents import wording
from bot.web_pages.html import Safe, esc, join, table, tag
from bot.web_pages.pages import View, last_year_cells, unit_link
from handlers.history import last_year
from handlers.officials import EVERY_STATUS
from handlers.review import step_text
from storage import deliberation, district_lists, reports, review
from storage.figures import Scope
from storage.lookup import COUNTED
from storage.models import Indicator, Report, Unit
from storage.numbers import NumberKind, format_number
from storage.values import value_type


def unit_page(view: View, unit: Unit) -> Safe:
    """One unit's report: status, every answer with plan and % of plan (and last year where known), the
    notes, the award counts, its lists, the audit trail. A draft or returned report is shown, marked."""
    report = reports.find_report(view.session, view.round.id, unit.id)
    status = texts.STATUS_NAMES[report.status] if report else texts.STATUS_NONE
    out = [tag("p", texts.WEB_UNIT_STATUS.format(status=status))]
    if report is None:
        return join(out + [tag("p", texts.WEB_UNIT_NO_REPORT)])
    if report.submitted_at is not None and report.status in COUNTED:
        on_time = report.submitted_at < view.scope.cutoff
        out.append(tag("p", texts.WEB_UNIT_SUBMITTED.format(at=view.local(report.submitted_at),
                                                            timing=texts.ON_TIME if on_time else texts.LATE,
                                                            receipt=report.receipt_no or "")))
    else:
        out.append(tag("p", texts.WEB_UNIT_DRAFT, "note"))
    out += _answers(view, report, unit)
    # The unit's own lists alone (its scope is itself), a draft's too, as /xa shows them.
    scope = Scope(view.session, view.round, view.scope.tz, unit.id, statuses=EVERY_STATUS)
    items = deliberation.items(scope)
    out += [tag("h2", texts.WEB_NOMINEES_TITLE), nominees_table(view, items, with_unit=False)]
    out += [tag("h2", texts.WEB_ROLE_MODELS_TITLE), role_models_table(district_lists.role_models(scope, unit.id))]
    out += [tag("h2", texts.WEB_AUDIT_TITLE), _trail(view, report)]
    return join(out)


def _answers(view: View, report: Report, unit: Unit) -> list[Safe]:
    values = reports.values_of(view.session, report.id)
    before = last_year(view.session, report, unit, values)  # /xa's comparison with the round before
    head = texts.WEB_UNIT_HEAD + (texts.WEB_UNIT_LAST_YEAR if before else ())
    out, awards = [], []
    for section in reports.sections(view.session):
        rows, notes = [], []
        for ind in reports.indicators_of(view.session, section.code, unit):
            value = values.get(ind.code)
            if ind.award:
                if reports.is_answered(value):
                    awards.append((ind, value.number or 0))
            elif value_type(ind).summary == "quotes":  # a note: a paragraph under the figures, not a cell
                if reports.is_answered(value) and not value_type(ind).says_nothing(value.text or ""):
                    notes.append(Safe(f"<p><strong>{esc(ind.name)}:</strong> {esc(value.text)}</p>"))
            else:
                rows.append(_answer_row(ind, values) + (last_year_cells(before.get(ind.code)) if before else ()))
        if rows or notes:
            out += [tag("h2", section.name)] + ([table(head, rows, numeric=(1, 2, 3, 4, 5))] if rows else []) + notes
    if awards:
        out += [tag("h2", texts.WEB_AWARDS_TITLE),
                table(texts.WEB_UNIT_HEAD[:2], [(ind.name, figures.value(ind, n)) for ind, n in awards], numeric=(1,))]
    return out


def _answer_row(ind: Indicator, values) -> tuple:
    """(name, value, plan, % of plan): what /xa shows of an answer, in columns."""
    value, plan = values.get(ind.code), values.get(f"plan:{ind.code}")
    if not reports.is_answered(value):
        return (ind.name, texts.REVIEW_SKIPPED if value is not None and value.skipped else texts.REVIEW_EMPTY, "", "")
    if value.text is not None:
        return (ind.name, value.text, "", "")
    if ind.plan and reports.is_answered(plan) and plan.number:
        return (ind.name, figures.value(ind, value.number), figures.value(ind, plan.number),
                figures.percent(value.number, plan.number))
    return (ind.name, figures.value(ind, value.number), "", "")


def _trail(view: View, report: Report) -> Safe:
    steps = review.trail(view.session, report.id)
    if not steps:
        return tag("p", texts.WEB_NONE)
    indicators = {i.code: i for i in view.scope.indicators}
    return table(texts.WEB_AUDIT_HEAD, [(view.local(step.at), who.full_name if who else texts.HISTORY_SOMEONE,
                                         step_text(view.session, step, indicators)) for step, who in steps])


# --- the lists ---------------------------------------------------------------------------------------


def nominees_table(view: View, items: list[deliberation.Item], with_unit: bool = True) -> Safe:
    """Nominees as /dexuat lists them (highest level first, then form), each with its rule problems and the
    council's decision; a heading per deciding level and form."""
    if not items:
        return tag("p", texts.WEB_NONE)
    out, rows, current = [], [], None
    head = texts.WEB_NOMINEES_HEAD if with_unit else tuple(h for n, h in enumerate(texts.WEB_NOMINEES_HEAD) if n != 3)

    def flush() -> None:
        if rows:
            out.append(table(head, list(rows), numeric=(0,)))
            rows.clear()

    for item in items:
        x = item.nominee
        key = (x.form.decided_by if x.form else "", item.form_code)
        if key != current:
            flush()
            current = key
            level = texts.LEVEL_NAMES.get(key[0], key[0])
            heading = wording.form_short(x.form, item.form_code) + " — " + (
                texts.WEB_LEVEL_UP.format(level=level) if x.goes_up else level)
            out.append(tag("h3", heading))
        n = x.nomination
        problems = "; ".join(dict.fromkeys(texts.say(p) for p in x.problems))
        decision = texts.OUTCOME_NAMES.get(item.outcome, item.outcome)
        if item.decision is not None and item.decision.reason:
            decision += texts.HISTORY_COUNCIL_REASON.format(reason=item.decision.reason)
        cells = [len(rows) + 1, f"{n.name} ({texts.SUBJECT_NAMES.get(n.subject, '')})".replace(" ()", ""),
                 n.position or "", unit_link(view, x.unit), tag("span", problems, "flag") if problems else "", decision]
        if not with_unit:
            del cells[3]
        rows.append(cells)
    flush()
    return join(out)


def role_models_table(models: list[district_lists.Model]) -> Safe:
    if not models:
        return tag("p", texts.WEB_NONE)
    rows = []
    for n, m in enumerate(models, 1):
        rm = m.role_model
        place = ", ".join(p for p in (rm.village, rm.commune or texts.unit_name(m.unit)) if p)
        income = ""
        if rm.income_million is not None:
            income = texts.INCOME_VALUE.format(value=format_number(Decimal(str(rm.income_million)), NumberKind.DECIMAL))
        rows.append((n, rm.name, place, rm.deed or "", income))
    return table(texts.WEB_ROLE_MODELS_HEAD, rows, numeric=(0, 4))


def lists_page(view: View) -> Safe:
    """Every nominee of the scope by level and form, with rule problems and decisions; then the role models."""
    items = deliberation.items(view.scope)
    counts = district_lists.form_counts([i.nominee for i in items])
    out = [tag("p", line) for line in wording.nominee_level_lines(counts)]
    out += [nominees_table(view, items), tag("h2", texts.WEB_ROLE_MODELS_TITLE),
            role_models_table(district_lists.role_models(view.scope))]
    return join(out)
