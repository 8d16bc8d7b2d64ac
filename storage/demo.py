"""The demo district: a live round with 18 of its 19 reports in, for the terminal demo only.

The data (storage/demo_data/tuan_giao_2020.toml) goes in through what a clerk's answers go through:
each value read and checked by its value type, as typed or as the button pressed; each nominee and
role model saved as the list conversation saves them; each report checked as before submitting
(required answers, the catalogue's checks, the commendation rules), then submitted, and approved or
returned as an official decides. Data the rules refuse stops the demo with the unit, the field and
the problem (`DemoDataError`), never a half-loaded district.

It is loaded into the demo's own database only (`main.py run` without a token, `main.py demo reset`),
never by a bot with a token, and never into a database where real people have registered. The
round's dates are moved so its deadline is a few days ahead of today.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, func, select

from storage import award_rules, entries, list_schema, nominations, records, reports, review, submission
from storage.catalog import Catalog, sync_catalog
from storage.db import transaction
from storage.facts import Problem
from storage.models import (AuditLog, CatalogMeta, Identity, Indicator, Nomination, Report, ReportValue, RoleModel,
                            Round, Unit, User)
from storage.numbers import Ambiguous
from storage.values import value_type

# A catalogue's demo data: storage/demo_data/<the catalogue file's name>.toml (the district of 2020, the province
# of 2026); a catalogue without one has no demo.
DATA_DIR = Path(__file__).resolve().parent / "demo_data"
DATA_FILE = DATA_DIR / "tuan_giao_2020.toml"
TERMINAL = "console"  # the terminal demo's channel: people registered there are demo visitors
# "resubmitted": returned with a reason, then corrected ([reports.corrected]) and submitted again a day later.
STATUSES = ("submitted", "approved", "returned", "resubmitted")


class DemoDataError(ValueError):
    """The demo data breaks a rule the chat would enforce: which unit, which field, what is wrong
    (a `Problem`, a commendation rule's `Violation`, or a short account)."""

    def __init__(self, unit: str, field: str, problem: Union[Problem, Any, str]):
        self.unit, self.field, self.problem = unit, field, problem
        super().__init__(f"{unit}: {field}: {problem!r}")


class RealDatabase(Exception):
    """People have registered in this database on a real channel: it is not the demo's to fill."""


@dataclass(frozen=True)
class DemoRound:
    """The demo round as the visitor finds it, and the dates the catalogue gives it."""

    code: str
    name: str
    opens: dt.date
    deadline: dt.date
    real_opens: dt.date
    real_deadline: dt.date
    submitted: int  # reports in (submitted or approved)
    approved: int
    returned: int
    total: int  # reporting units
    place: str = ""  # the unit the reports go to: "huyện Tuần Giáo", "tỉnh Điện Biên"


@dataclass(frozen=True)
class Opened:
    """What `open_demo` did: "loaded" (a fresh database), "reloaded" (the demo's deadline had passed),
    "kept" (the visitor's database as they left it) or "not_fitting" (another catalogue: no data)."""

    how: str
    round: Optional[DemoRound] = None


def read_data(path: Path = DATA_FILE) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def data_of(catalog_path: Path | str) -> Optional[dict[str, Any]]:
    """The demo data that goes with a catalogue, or None."""
    path = DATA_DIR / f"{Path(catalog_path).stem}.toml"
    return read_data(path) if path.is_file() else None


def cast(session: Session) -> Optional[dict[str, Any]]:
    """Who the terminal's visitor meets, for the catalogue in the database: the place and year, the unit whose
    clerk they play (`visitor`), the official; None when that catalogue has no demo data."""
    meta = session.exec(select(CatalogMeta)).first()
    data = data_of(meta.source_file) if meta and meta.source_file else None
    if data is None or not _fits(session, data):
        return None
    demo = data["demo"]
    return {"place": _unit(session, demo["official_unit"]).full_name, "year": meta.year,
            "visitor": _unit(session, demo["visitor"]).full_name, "visitor_code": demo["visitor"],
            "official": demo["official"]}


def stand_in_unit(session: Session, role: str) -> Optional[Unit]:
    """Whose place the terminal's visitor takes in a catalogue with no demo data: a clerk, its first
    reporting unit; an official or an admin, the unit that receives the reports (the lowest one above them)."""
    if role == "clerk":
        return session.exec(select(Unit).where(Unit.is_reporting == True).order_by(Unit.position)).first()  # noqa: E712
    above = session.exec(select(Unit).where(Unit.is_reporting == False).order_by(Unit.position)).all()  # noqa: E712
    return above[-1] if above else session.exec(select(Unit).order_by(Unit.position)).first()


def holds_real_people(session: Session) -> bool:
    """Someone registered on Telegram or Zalo here: a real deployment's database."""
    return session.exec(select(Identity.id).where(Identity.channel != TERMINAL)).first() is not None


def open_demo(engine: Engine, catalog: Catalog, now: dt.datetime, data: Optional[dict] = None) -> Opened:
    """Make the demo database ready for a visitor: load the district the first time (again once the
    demo's deadline has passed), keep what the visitor did otherwise; move the round's dates.
    Raises RealDatabase for a database where real people registered."""
    data = data or data_of(catalog.path)
    with transaction(engine) as session:
        if holds_real_people(session):
            raise RealDatabase()
        if data is None or not _fits(session, data):
            return Opened("not_fitting")
        round_ = reports.round_by_code(session, data["demo"]["round"])
        others = set(session.exec(select(Round.code)).all()) - {r.code for r in catalog.rounds}
        if reports.find_report(session, round_.id, _unit(session, data["reports"][0]["unit"]).id) is None \
                and not others:
            how = "loaded"
            _load(session, data, catalog, now)
        elif round_.deadline < now.date() or others:  # back after the deadline, or the other demo was open
            how = "reloaded"
            _wipe(session, catalog)
            _load(session, data, catalog, now)
        else:
            how = "kept"
        return Opened(how, _live_round(session, data, catalog, now))


def reset(engine: Engine, catalog: Catalog, now: dt.datetime, data: Optional[dict] = None) -> Opened:
    """Empty the demo database and load the district afresh (`main.py demo reset`)."""
    data = data or data_of(catalog.path)
    with transaction(engine) as session:
        if holds_real_people(session):
            raise RealDatabase()
        _wipe(session, catalog)
        if data is None or not _fits(session, data):
            return Opened("not_fitting")
        _load(session, data, catalog, now)
        return Opened("loaded", _live_round(session, data, catalog, now))


# --- loading ---------------------------------------------------------------------------------------


def _fits(session: Session, data: dict) -> bool:
    """The catalogue in the database has the demo's round and every unit it reports for."""
    if reports.round_by_code(session, data["demo"]["round"]) is None:
        return False
    codes = {r["unit"] for r in data["reports"]} | {data["demo"]["official_unit"], data["demo"]["visitor"]}
    return len(session.exec(select(Unit.code).where(Unit.code.in_(codes))).all()) == len(codes)


def _unit(session: Session, code: str) -> Unit:
    return session.exec(select(Unit).where(Unit.code == code)).one()


def _wipe(session: Session, catalog: Catalog) -> None:
    """Every row of every table gone, then the catalogue written again: a fresh demo database."""
    for table in reversed(SQLModel.metadata.sorted_tables):
        session.execute(table.delete())
    session.expunge_all()  # the objects read before are gone; new rows may take their ids
    session.info.pop("catalogue", None)  # storage/reports.py keeps the catalogue it read per session
    sync_catalog(session, catalog)
    session.flush()


def _load(session: Session, data: dict, catalog: Catalog, now: dt.datetime) -> None:
    demo = data["demo"]
    round_ = reports.round_by_code(session, demo["round"])
    round_.status = "open"
    round_.deadline = now.date() + dt.timedelta(days=demo["days_ahead"])
    round_.opens = round_.deadline - _span(catalog, round_.code)
    if round_.summary_on is not None and round_.summary_on < round_.deadline:
        round_.summary_on = None
    session.add(round_)
    official = _person(session, demo["official"], "official", _unit(session, demo["official_unit"]))
    for n, entry in enumerate(data["reports"]):
        unit = _unit(session, entry["unit"])
        # The authority's own report (its awards received, its council …) is the official's to write.
        clerk = _person(session, demo["clerk"].format(unit=unit.full_name), "clerk", unit) if unit.is_reporting \
            else official
        # Submitted in the morning some days ago, a few minutes apart; decided a day later (not after now).
        days = entry["submitted_days_ago"]
        if days < 1:
            raise DemoDataError(unit.code, "submitted_days_ago", "at least 1")
        submitted_at = (now - dt.timedelta(days=days)).replace(hour=8, minute=0, second=0, microsecond=0) \
            + dt.timedelta(minutes=7 * n)
        decided_at = min(submitted_at + dt.timedelta(days=1, hours=6), now - dt.timedelta(minutes=1))
        _report(session, round_, unit, clerk, official, entry, submitted_at, decided_at)
    _records(session, data.get("records", []), round_.period_end.year)  # before the council adds this year's
    _mark_illustrative(session, round_, demo.get("illustrative_fields", []), demo.get("illustrative_proposals", False))
    _council(session, round_, official, demo, now)
    for earlier in earlier_of(catalog.path):
        _load_earlier(session, earlier, official)


def _mark_illustrative(session: Session, round_: Round, fields: list[str], proposals: bool = False) -> None:
    """The demo's figures the 2020 report does not state: marked, so the compiled report never says them as fact;
    with `proposals`, its proposals too (who is proposed for what: the seed names the people, not the list)."""
    if proposals:
        for row in session.exec(select(Nomination).join(Report, Report.id == Nomination.report_id)
                                .where(Report.round_id == round_.id)).all():
            row.illustrative = True
            session.add(row)
    if not fields:
        return
    rows = session.exec(select(ReportValue).join(Report, Report.id == ReportValue.report_id)
                        .where(Report.round_id == round_.id, ReportValue.field.in_(fields))).all()
    for row in rows:
        row.illustrative = True
        session.add(row)


def _council(session: Session, round_: Round, official: User, demo: dict, now: dt.datetime) -> None:
    """The council has met on the approved reports (`council = "approved"`): each of their nominees passed, or sent
    up when its form is decided above, so the draft decision and submission exist from the first minute; a nominee
    a rule refuses stays undecided, as at a real meeting."""
    if demo.get("council") != "approved":
        return
    from storage import deliberation
    from storage.figures import Scope

    scope = Scope(session, round_, now.tzinfo, _unit(session, demo["official_unit"]).id)
    for item in deliberation.items(scope):
        if item.nominee.report.status == "approved" and item.decision is None:
            outcome = deliberation.SENT_UP if item.nominee.goes_up else deliberation.PASSED
            deliberation.decide(session, item, outcome, official.id, now=now - dt.timedelta(hours=2))


def _records(session: Session, rows: list[dict], before: int) -> None:
    """Earlier years' titles of a few people, through the function every record goes through."""
    forms = nominations.forms(session)
    for row in rows:
        unit = _unit(session, row["unit"])
        if row["form"] not in forms and not records.is_rating(row["form"]):
            raise DemoDataError(unit.code, "form", f"{row['form']!r} is neither a form nor a rating")
        for year in row["years"]:
            if year >= before:
                raise DemoDataError(unit.code, "years", f"before {before}")
            records.record(session, subject=row["subject"], name=row["name"], unit_code=unit.code, year=year,
                           form_code=row["form"], source=records.DEMO, birth_year=row.get("birth_year"),
                           position=row.get("position"), issuer=row.get("issuer"))


def _span(catalog: Catalog, code: str) -> dt.timedelta:
    """How long the round is open for, as the catalogue has it (the demo keeps that span)."""
    entry = next(r for r in catalog.rounds if r.code == code)
    return entry.deadline - entry.opens


def _person(session: Session, name: str, role: str, unit: Unit) -> User:
    """A demo person: no account on any channel, so nothing is ever sent to them."""
    user = User(full_name=name, role=role, unit_id=unit.id)
    session.add(user)
    session.flush()
    return user


def _report(session: Session, round_: Round, unit: Unit, clerk: User, official: User, entry: dict,
            submitted_at: dt.datetime, decided_at: dt.datetime) -> None:
    status = entry.get("status", "submitted")
    if status not in STATUSES:
        raise DemoDataError(unit.code, "status", f"one of {', '.join(STATUSES)}")
    report = reports.get_or_create_report(session, round_.id, unit.id)
    indicators = {i.code: i for i in session.exec(select(Indicator)).all()}
    with session.no_autoflush:  # each field once (TOML keys are unique): one flush for the lot, not one per answer
        for field, raw in entry.get("values", {}).items():
            _answer(session, report, unit, indicators, field, raw, clerk.id)
    for row in entry.get("nominations", []):
        _nominee(session, report, unit, row, clerk.id)
    for row in entry.get("role_models", []):
        _role_model(session, report, unit, row, clerk.id)

    # The checks before submitting, as the clerk's "Gửi báo cáo" runs them.
    blocked = submission.blocked(session, report, unit)
    if blocked is not None:
        what = [i.code for i in blocked.missing] or [c.message for c in blocked.failed]
        raise DemoDataError(unit.code, blocked.kind, ", ".join(what))
    violations = award_rules.check(session, report.id)
    if violations:
        raise DemoDataError(unit.code, "nominations", violations[0])
    reports.submit(session, report, clerk.id, submitted_at)
    if status != "submitted":
        action = "approve" if status == "approved" else "return"
        reason = entry.get("reason") if action == "return" else None
        if action == "return" and not reason:
            raise DemoDataError(unit.code, "reason", "a returned report needs its reason")
        review.decide(session, report, official.id, action, reason)
    resubmitted_at = min(decided_at + dt.timedelta(days=1), decided_at.replace(hour=23))
    if status == "resubmitted":  # the clerk corrects what the reason names and sends it again
        for field, raw in entry.get("corrected", {}).items():
            _answer(session, report, unit, indicators, field, raw, clerk.id)
        reports.submit(session, report, clerk.id, resubmitted_at)
    # The audit trail reads as it happened: submitted, then decided, on those days.
    when = {"submit": submitted_at, "approve": decided_at, "return": decided_at, "resubmit": resubmitted_at,
            "edit_after_submit": resubmitted_at}
    for log in session.exec(select(AuditLog).where(AuditLog.report_id == report.id)).all():
        log.at = when.get(log.action, submitted_at)
        session.add(log)
    report.updated_at = {"submitted": submitted_at, "resubmitted": resubmitted_at}.get(status, decided_at)
    session.add(report)


def _answer(session: Session, report: Report, unit: Unit, indicators: dict[str, Indicator], field: str,
            raw: Any, user_id: int) -> None:
    """One answer, as the clerk gives it: typed (a number, a text) or pressed (a choice's label)."""
    code = field.removeprefix("plan:")
    plan = code != field
    ind = indicators.get(code)
    if ind is None or not ind.applies_to(unit) or (plan and not ind.plan):
        raise DemoDataError(unit.code, field, "not asked of this unit")
    kind = value_type(ind)
    options = kind.options(ind)
    if options:  # a button: pressed by its label
        choice = f"opt:{options.index(raw)}" if raw in options else "opt:none"
        value = kind.parse(ind, None, choice)
    else:
        value = kind.parse(ind, raw if isinstance(raw, str) else str(raw), None)
    if isinstance(value, Ambiguous):  # the chat would ask which was meant; the data must say it plainly
        raise DemoDataError(unit.code, field, f"ambiguous: {raw!r}")
    problem = value if isinstance(value, Problem) else kind.check(ind, value, plan=plan)
    if problem is not None:
        raise DemoDataError(unit.code, field, problem)
    reports.set_value(session, report, field, user_id, **kind.stored(value))


def _text(unit: Unit, field: str, value: Any, limit: int, required: bool = True) -> Optional[str]:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise DemoDataError(unit.code, field, "a text is needed")
    if len(value) > limit:
        raise DemoDataError(unit.code, field, f"longer than {limit} characters")
    return value.strip()


def _nominee(session: Session, report: Report, unit: Unit, row: dict, user_id: int) -> None:
    """A nominee, as the list conversation saves one: a form this kind of nominee may be put up for."""
    limit = nominations.meta(session).achievement_max_length
    subject = row.get("subject")
    if subject not in nominations.SUBJECTS:
        raise DemoDataError(unit.code, "subject", f"one of {', '.join(nominations.SUBJECTS)}")
    form_code = row.get("form")
    form = next((f for f in nominations.allowed_forms(session, subject) if f.code == form_code), None)
    if form is None:
        raise DemoDataError(unit.code, "form", f"{form_code!r} is not offered for a {subject} nominee")
    changes: dict[str, Any] = {
        "subject": subject, "name": _text(unit, "name", row.get("name"), limit),
        "position": _text(unit, "position", row.get("position"), limit), "form_code": form.code,
        "achievements": _text(unit, "achievements", row.get("achievements"), limit),
    }
    if form.prerequisite:
        if row.get("prereq_mode") not in ("list", "held"):
            raise DemoDataError(unit.code, "prereq_mode", "list or held")
        changes["prereq_mode"] = row["prereq_mode"]
        changes["prereq_ref"] = _text(unit, "prereq_ref", row.get("prereq_ref"), limit, required=False)
    if form.requires_initiative:
        changes["initiative"] = _text(unit, "initiative", row.get("initiative"), limit, required=False)
        changes["initiative_ref"] = _text(unit, "initiative_ref", row.get("initiative_ref"), limit, required=False)
    item = entries.create(session, Nomination, report, user_id)
    entries.update(session, report, item, user_id, {**changes, "complete": True})


def _role_model(session: Session, report: Report, unit: Unit, row: dict, user_id: int) -> None:
    limit = nominations.meta(session).achievement_max_length
    income = row.get("income_million")
    if income is not None and (isinstance(income, bool) or not isinstance(income, (int, float)) or income < 0):
        raise DemoDataError(unit.code, "income_million", "a number of million đồng, not negative")
    changes = {key: _text(unit, key, row.get(key), limit) for key in ("name", "village", "commune", "deed")}
    if row.get("field") not in list_schema.RM_FIELDS:  # asked in the chat, a drop-down in the file
        raise DemoDataError(unit.code, "field", " | ".join(list_schema.RM_FIELDS))
    changes["field"] = row["field"]
    item = entries.create(session, RoleModel, report, user_id)
    entries.update(session, report, item, user_id,
                   {**changes, "income_million": None if income is None else float(income), "complete": True})


# --- the year before (storage/demo_data/<…>_2019.toml) ----------------------------------------------------


def earlier_of(catalog_path: Path | str) -> list[dict[str, Any]]:
    """The demo data of earlier years that goes with a catalogue (its `[earlier] catalogue`)."""
    found = [read_data(path) for path in sorted(DATA_DIR.glob("*.toml"))]
    return [data for data in found if data.get("earlier", {}).get("catalogue") == Path(catalog_path).stem]


def _load_earlier(session: Session, data: dict, official: User) -> None:
    """An earlier year's round, its figures derived from the later year's comparisons: a count's district
    figure minus the change, spread over the units in proportion to their later figures (the units counted
    then; the others unchanged), so they add up to it; a rate minus the change at every unit."""
    earlier = data["earlier"]
    round_ = reports.round_by_code(session, earlier["round"])
    later = reports.round_by_code(session, earlier["follows_round"])
    if round_ is None or later is None:
        raise DemoDataError("-", "earlier", f"rounds {earlier['round']!r}, {earlier['follows_round']!r}")
    indicators = {i.code: i for i in session.exec(select(Indicator)).all()}
    values: dict[int, dict[str, float]] = {}
    counted = {r.unit_id for r in reports.reports_of_round(session, later.id).values() if r.status in reports.SUBMITTED}
    for item in data["derived"]:
        ind = indicators.get(item["indicator"])
        if ind is None or not item.get("source"):
            raise DemoDataError("-", item["indicator"], "an indicator of the catalogue, with its source")
        now = {r.unit_id: v.number for r in reports.reports_of_round(session, later.id).values()
               if (v := reports.values_of(session, r.id).get(ind.code)) is not None and v.number is not None}
        if ind.compare == "rate":
            then = {unit_id: value - item["change"] for unit_id, value in now.items()}
        else:
            then = _spread(now, counted, item["change"], decimals=0 if ind.type == "integer" else 1)
        for unit_id, value in then.items():
            values.setdefault(unit_id, {})[ind.code] = value
    at = dt.datetime.combine(earlier["submitted_on"], dt.time(1, 0), tzinfo=dt.timezone.utc)
    for unit_id, figures in values.items():
        unit = session.get(Unit, unit_id)
        report = reports.get_or_create_report(session, round_.id, unit_id)
        for code, value in figures.items():
            _answer(session, report, unit, indicators, code, _typed(value), official.id)
        report.status, report.submitted_at, report.submissions = earlier["status"], at, 1
        report.receipt_no, report.updated_at = f"BC{report.id:05d}-1", at
        session.add(report)


def _spread(now: dict[int, float], counted: set[int], change: float, decimals: int) -> dict[int, float]:
    """Last year's values whose sum over the counted units is this year's sum minus `change`, each unit's
    in proportion to this year's (largest remainders, so the sum is exact); the others as this year."""
    step = 10 ** -decimals
    share = {u: v for u, v in now.items() if u in counted}
    total = sum(share.values())
    target = round((total - change) / step)
    exact = {u: v * (total - change) / total / step for u, v in share.items()} if total else {}
    base = {u: int(x // 1) for u, x in exact.items()}
    for u in sorted(exact, key=lambda u: exact[u] - base[u], reverse=True)[:target - sum(base.values())]:
        base[u] += 1
    out = {u: round(n * step, decimals) for u, n in base.items()}
    return {**{u: v for u, v in now.items() if u not in counted}, **out}


def _typed(value: float) -> str:
    """A value as a clerk would type it (a dot is a decimal point in "3930.5")."""
    return str(int(value)) if float(value).is_integer() else repr(round(value, 2))


# --- the round as the visitor finds it ----------------------------------------------------------------


def _live_round(session: Session, data: dict, catalog: Catalog, now: dt.datetime) -> DemoRound:
    """The round's opening day moved with its deadline (the catalogue sync put the 2020 one back at
    start-up): the span the catalogue gives it, and never after the first report came in."""
    round_ = reports.round_by_code(session, data["demo"]["round"])
    opens = round_.deadline - _span(catalog, round_.code)
    first = session.exec(select(func.min(Report.submitted_at)).where(Report.round_id == round_.id)).one()
    if first is not None:
        first = first if first.tzinfo else first.replace(tzinfo=dt.timezone.utc)  # SQLite: naive UTC
        opens = min(opens, first.astimezone(now.tzinfo).date() - dt.timedelta(days=1))
    if round_.opens != opens:
        round_.opens = opens
        session.add(round_)
    # Illustrative figures are never shown as fact: the round's name says so on every screen and file
    # (the catalogue's sync puts the plain name back at each start).
    suffix = data["demo"].get("illustrative")
    if suffix and not round_.name.endswith(f"({suffix})"):
        round_.name = f"{round_.name} ({suffix})"
        session.add(round_)
    session.flush()
    entry = next(r for r in catalog.rounds if r.code == round_.code)
    reporting = {u.id for u in reports.reporting_units(session)}  # the authority's own report is not one of them
    statuses = [r.status for unit_id, r in reports.reports_of_round(session, round_.id).items() if unit_id in reporting]
    return DemoRound(round_.code, round_.name, round_.opens, round_.deadline, entry.opens, entry.deadline,
                     submitted=sum(s in reports.SUBMITTED for s in statuses), approved=statuses.count("approved"),
                     returned=statuses.count("returned"), total=len(reports.reporting_units(session)),
                     place=_unit(session, data["demo"]["official_unit"]).full_name)
