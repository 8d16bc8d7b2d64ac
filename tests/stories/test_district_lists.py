"""What the district sees of the units' lists: confirmed nominees and role models of counted reports only."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from storage import district_lists, reports
from storage.db import transaction
from storage.models import Report, RoleModel, Round
from storage.figures import Scope
from tests.stories.test_nominations import CSTDCS_READY, report_of, seed


def _submit(bot, unit):
    with transaction(bot.engine) as session:
        report = report_of(session, unit)
        report.status, report.submitted_at = "submitted", dt.datetime(2020, 12, 10, tzinfo=dt.timezone.utc)
        session.add(report)


def _scope(session):
    round_ = session.exec(select(Round).where(Round.code == "tongket-2020")).one()
    return Scope(session, round_, dt.timezone(dt.timedelta(hours=7)))


async def test_officials_lists_hold_submitted_units_confirmed_rows_highest_level_first(bot):
    seed(bot, "LDTT", ["Lò Văn A", "Lò Văn B"], unit="Quài Nưa")
    seed(bot, "CSTDCS", ["Lò Văn A"], unit="Quài Nưa", **CSTDCS_READY)
    seed(bot, "BK_TINH", ["Tòng Văn D"], unit="Quài Nưa")  # the province decides: sent up
    seed(bot, "LDTT", ["Cà Văn C"], unit="Mường Thín")  # a draft list: still the commune's own
    with transaction(bot.engine) as session:
        report = report_of(session, "Quài Nưa")
        session.add(RoleModel(report_id=report.id, name="Gia đình ông Quàng Văn Lến", deed="mô hình trồng chanh leo",
                              complete=True))
        session.add(RoleModel(report_id=report.id, name="Chưa xong"))  # not confirmed
    _submit(bot, "Quài Nưa")

    with transaction(bot.engine) as session:
        rows = district_lists.nominees(_scope(session))
        # The proposal sent up first; then the district's own forms in catalogue order, then list order.
        assert [(x.nomination.name, x.nomination.form_code) for x in rows] == [
            ("Tòng Văn D", "BK_TINH"), ("Lò Văn A", "LDTT"), ("Lò Văn B", "LDTT"), ("Lò Văn A", "CSTDCS")]
        assert [x.goes_up for x in rows] == [True, False, False, False]
        rows = rows[1:]
        assert {x.unit.name for x in rows} == {"Quài Nưa"}
        # 1 CSTĐCS on a base of 2 LĐTT is over the 15% ratio: the nominee carries the problem.
        assert [p.kind for p in rows[2].problems] == ["ratio"] and rows[0].problems == ()
        counts = district_lists.form_counts(rows)  # (without the one sent up)
        assert [(c.code, c.individual, c.flagged) for c in counts] == [("LDTT", 2, 0), ("CSTDCS", 1, 1)]
        models = district_lists.role_models(_scope(session))
        assert [m.role_model.name for m in models] == ["Gia đình ông Quàng Văn Lến"]
