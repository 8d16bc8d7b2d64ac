"""The compiled summary the officials receive after the deadline.

For now a chat text: completeness and the key totals. `build_summary` is the
one place to replace when the officials' Word and Excel files exist.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from bot import texts as T
from bot.events import Reply
from bot.numbers import NumberKind, format_number
from storage import reports as R
from storage.models import Indicator, Round

_KINDS = {"integer": NumberKind.INTEGER, "percent": NumberKind.PERCENT}


def build_summary(session: Session, round_: Round, today: dt.date) -> Reply:
    units = R.reporting_units(session)
    reports = R.reports_of_round(session, round_.id)
    done = [reports[u.id] for u in units if u.id in reports and reports[u.id].status in R.SUBMITTED]
    late = [T.unit_name(u) for u in units if not (u.id in reports and reports[u.id].status in R.SUBMITTED)]
    percent = format_number(round(len(done) / len(units) * 100) if units else 0, NumberKind.INTEGER)
    lines = [T.SUMMARY_HEAD.format(round=round_.name, date=T.date_vn(today)),
             T.SUMMARY_COMPLETENESS.format(done=len(done), total=len(units), percent=percent),
             T.SUMMARY_LATE.format(count=len(late), units=", ".join(late)) if late else T.SUMMARY_ALL_IN]
    if not done:
        return Reply("\n".join(lines + [T.SUMMARY_NO_DATA]))
    values = [R.values_of(session, report.id) for report in done]
    lines.append(T.SUMMARY_TOTALS.format(count=len(done)))
    for ind in session.exec(select(Indicator).where(Indicator.aggregate.in_(("sum", "average")))
                            .order_by(Indicator.position)).all():
        numbers = [v[ind.code].number for v in values if R.is_answered(v.get(ind.code)) and v[ind.code].number is not None]
        if not numbers:
            continue
        kind = _KINDS.get(ind.type, NumberKind.DECIMAL)
        if ind.aggregate == "sum":
            shown = format_number(sum(numbers), kind)
            line = T.SUMMARY_TOTAL_LINE
        else:
            shown = format_number(round(sum(numbers) / len(numbers), 2), NumberKind.DECIMAL if kind is NumberKind.INTEGER else kind)
            line = T.SUMMARY_AVERAGE_LINE
        unit = f" {ind.unit}" if ind.unit and ind.type != "percent" else ""
        lines.append(line.format(name=ind.name, value=shown + unit))
    return Reply("\n".join(lines))
