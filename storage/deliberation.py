"""The council's deliberation (bình xét): its decision on each nominee of a round, and what follows from it.

The nominees are the district's one view of the units' lists (`district_lists.nominees`); each has at
most one `CouncilDecision`, pending until an official decides: «Đạt» (passed: the district awards it),
«Không đạt» (refused, with a reason) or «Chuyển đề nghị cấp trên» (sent up: a form this level cannot
award, proposed to the next). The catalogue's commendation rules (storage/award_rules.py) are applied
again to what is decided, per unit: a decision that would break one is refused, or stored and marked,
as the rule's `at_decision` says. An admin can undo a decision, with a reason; the nominee is then
pending again. Every decision and undo goes into AuditLog (the unit's /lichsu).

Facts only, no words: `bot/texts/` says them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Optional

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, or_, select

from storage import award_rules, history, nominations, outline, records, streaks
from storage.award_rules import Violation
from storage.district_lists import Nominee, nominees
from storage.models import AuditLog, AwardForm, CouncilDecision, Nomination, Report, Round, Unit, utcnow

PENDING, PASSED, REFUSED, SENT_UP = "pending", "passed", "refused", "sent_up"
OUTCOMES = (PASSED, REFUSED, SENT_UP)
# What the rules count when a decision is checked: the district's own awards and the proposals it forwards.
ENDORSED = (PASSED, SENT_UP)
REFUSE = "refuse"
AUDIT_PREFIX = "council_"  # AuditLog actions: council_passed, council_refused, council_sent_up, and:
UNDO = AUDIT_PREFIX + "undo"  # an admin took a decision back
REOPEN = AUDIT_PREFIX + "reopen"  # the clerk changed a decided nominee: decided again


@dataclass(frozen=True)
class Item:
    """One nominee of the round and the council's decision on it (None: nobody has decided yet)."""

    nominee: Nominee
    decision: Optional[CouncilDecision]

    @property
    def id(self) -> int:
        return self.nominee.nomination.id

    @property
    def form_code(self) -> str:
        return self.nominee.nomination.form_code or ""

    @property
    def outcome(self) -> str:
        return self.decision.outcome if self.decision is not None else PENDING

    @property
    def decided(self) -> bool:
        return self.outcome != PENDING


def outcomes_for(nominee: Nominee) -> tuple[str, ...]:
    """What the council may decide: a form above its level is sent up, never passed here."""
    return (SENT_UP, REFUSED) if nominee.goes_up else (PASSED, REFUSED)


def items(scope) -> list[Item]:
    """Every nominee in scope (in `district_lists.nominees` order: highest level first) with its decision."""
    rows = nominees(scope)
    decided = {d.nomination_id: d for d in scope.session.exec(
        select(CouncilDecision).join(Nomination, Nomination.id == CouncilDecision.nomination_id)
        .join(Report, Report.id == Nomination.report_id).where(Report.round_id == scope.round.id)).all()}
    return [Item(x, decided.get(x.nomination.id)) for x in rows]


def outcomes(scope) -> set[str]:
    """The outcomes `items` holds (PENDING for a nominee nobody decided), in one query without the rules;
    empty: no nominee in scope."""
    found = scope.session.exec(
        select(CouncilDecision.outcome).select_from(Nomination).join(Report, Report.id == Nomination.report_id)
        .outerjoin(CouncilDecision, CouncilDecision.nomination_id == Nomination.id)
        .where(scope.counted(Report), Nomination.complete == True).distinct()).all()  # noqa: E712
    return {outcome or PENDING for outcome in found}


def item(scope, nomination_id: int) -> Optional[Item]:
    """One nominee in scope with its decision; only its own unit's list is read."""
    report = scope.session.exec(select(Report).join(Nomination, Nomination.report_id == Report.id)
                                .where(Nomination.id == nomination_id, scope.counted(Report))).first()
    if report is None:
        return None
    return next((i for i in items(replace(scope, top_unit_id=report.unit_id)) if i.id == nomination_id), None)


# --- progress and outcomes ------------------------------------------------------------------------


@dataclass
class FormProgress:
    """One form across the units in scope: how many nominees, how many decided, and how."""

    code: str
    form: Optional[AwardForm]
    goes_up: bool
    total: int = 0
    counts: Counter = field(default_factory=Counter)  # by outcome, pending included

    @property
    def decided(self) -> int:
        return self.total - self.counts[PENDING]

    @property
    def finished(self) -> bool:
        return self.decided == self.total


def progress(rows: list[Item]) -> list[FormProgress]:
    """Per form, in the order of `items` (the forms sent up first)."""
    out: dict[str, FormProgress] = {}
    for item in rows:
        p = out.setdefault(item.form_code, FormProgress(item.form_code, item.nominee.form, item.nominee.goes_up))
        p.total += 1
        p.counts[item.outcome] += 1
    return list(out.values())


@dataclass
class FormOutcome:
    """What the council decided on one unit's nominees for one form."""

    code: str
    form: Optional[AwardForm]
    goes_up: bool
    by_outcome: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))

    @property
    def finished(self) -> bool:
        return not self.by_outcome.get(PENDING)


def unit_outcomes(rows: list[Item], unit_id: int, form_code: Optional[str] = None) -> list[FormOutcome]:
    """One unit's outcome by form (one form if named), in the order of `items`."""
    out: dict[str, FormOutcome] = {}
    for item in rows:
        if item.nominee.unit.id != unit_id or (form_code is not None and item.form_code != form_code):
            continue
        o = out.setdefault(item.form_code, FormOutcome(item.form_code, item.nominee.form, item.nominee.goes_up))
        o.by_outcome[item.outcome].append(item)
    return list(out.values())


def decided_lists(rows: list[Item], outcome: str) -> list[tuple[Optional[AwardForm], list[Item]]]:
    """The nominees with one outcome (passed: the decision's annex; sent up: the submission's list), by form."""
    groups: dict[str, tuple[Optional[AwardForm], list[Item]]] = {}
    for item in rows:
        if item.outcome == outcome:
            groups.setdefault(item.form_code, (item.nominee.form, []))[1].append(item)
    return list(groups.values())


@dataclass(frozen=True)
class Papers:
    """What the council's documents list: the draft decision's annex (passed), the submission's list (sent up)."""

    round: Round
    issuer: Unit  # who decides and submits: the official's unit
    document: dict  # the catalogue's [document]: issuer lines and code, place, signer (storage/outline.py)
    above: Optional[Unit]  # where the submission goes (None: the catalogue has no unit above)
    passed: list[tuple[Optional[AwardForm], list[Item]]]
    sent_up: list[tuple[Optional[AwardForm], list[Item]]]
    refused: list[tuple[Optional[AwardForm], list[Item]]]
    progress: list[FormProgress]


def papers(scope, issuer: Unit) -> Papers:
    rows = items(scope)
    above = scope.session.get(Unit, issuer.parent_id) if issuer.parent_id else None
    return Papers(scope.round, issuer, outline.letterhead(scope.session), above, decided_lists(rows, PASSED),
                  decided_lists(rows, SENT_UP), decided_lists(rows, REFUSED), progress(rows))


def issuer_unit(session: Session) -> Optional[Unit]:
    """The unit every reporting unit is under, nearest to them (the district of the demo): who issues the
    council's documents when no official's unit says (the command line)."""
    units = {u.id: u for u in session.exec(select(Unit)).all()}
    chains = []
    for unit in units.values():
        if unit.is_reporting:
            chain, up = [], unit.parent_id
            while up is not None and up in units:
                chain.append(up)
                up = units[up].parent_id
            chains.append(chain)
    if not chains:
        return None
    common = set(chains[0]).intersection(*chains[1:])
    return next((units[i] for i in chains[0] if i in common), None)


# --- deciding ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """What came of one decision."""

    done: bool
    # The decision as it stands now: when not done because someone decided first, theirs (who, when, what).
    decision: Optional[CouncilDecision]
    refused_by: tuple[Violation, ...] = ()  # rules that refuse it (nothing was stored)
    marks: tuple[Violation, ...] = ()  # rules it breaks that only mark it (stored with it)
    finished: bool = False  # the unit's nominees for this form are all decided now


def decide(session: Session, item: Item, outcome: str, user_id: int, reason: Optional[str] = None,
           now: Optional[dt.datetime] = None) -> Decided:
    """Record one decision (at `now`, default: the present) if nobody has decided the nominee yet and no rule
    refuses it."""
    nominee = item.nominee
    if outcome not in outcomes_for(nominee):
        raise ValueError(f"{outcome} is not a decision on form {item.form_code}")
    _lock_unit(session, nominee.report.id)
    decision = _find(session, item.id)
    if decision is not None and decision.outcome != PENDING:
        return Decided(False, decision)
    violations = check(session, nominee) if outcome in ENDORSED else []
    refusing = tuple(v for v in violations if v.at_decision == REFUSE)
    if refusing:
        return Decided(False, decision, refused_by=refusing)
    marks = tuple(v for v in violations if v.at_decision != REFUSE)
    decision = _row(session, item.id)
    result = session.execute(
        update(CouncilDecision).where(CouncilDecision.id == decision.id, CouncilDecision.outcome == PENDING)
        .values(outcome=outcome, reason=reason, marks=[v.kind for v in marks],  # a refusal's, or a streak year's
                decided_by=user_id, decided_at=now or utcnow(), version=CouncilDecision.version + 1)
        .execution_options(synchronize_session=False))
    session.refresh(decision)  # as it is now, whoever set it
    if result.rowcount != 1:
        return Decided(False, decision)
    session.add(AuditLog(at=decision.decided_at, user_id=user_id, report_id=nominee.report.id,
                         action=AUDIT_PREFIX + outcome, detail=_detail(nominee, reason=reason,
                                                                       marks=[v.kind for v in marks])))
    if outcome in ENDORSED:  # on the nominee's record of titles (hồ sơ thành tích)
        round_ = session.get(Round, nominee.report.round_id)
        records.on_decision(session, nominee.nomination, nominee.unit.code, history.year_of(round_),
                            passed=outcome == PASSED)
    session.flush()
    return Decided(True, decision, marks=marks, finished=not pending_count(session, nominee.report.id, item.form_code))


def check(session: Session, nominee: Nominee) -> list[Violation]:
    """The catalogue's rules over what the council endorsed of the nominee's unit, with this nominee added:
    the violations this nominee takes part in (e.g. one CSTĐCS passed too many for the LĐTT passed)."""
    rows = nominations.nominees(session, nominee.report.id)
    number = {n.id: i for i, n in enumerate(rows, 1)}
    endorsed = set(session.exec(select(CouncilDecision.nomination_id).where(
        CouncilDecision.nomination_id.in_(list(number)), CouncilDecision.outcome.in_(ENDORSED))).all())
    considered = [n for n in nominations.complete(rows) if n.id in endorsed or n.id == nominee.nomination.id]
    return [v for v in award_rules.check_rows(session, considered, number) if nominee.nomination.id in v.nominee_ids]


def pending_count(session: Session, report_id: int, form_code: str) -> int:
    """The unit's confirmed nominees for a form that nobody has decided yet."""
    return len(session.exec(
        select(Nomination.id).outerjoin(CouncilDecision, CouncilDecision.nomination_id == Nomination.id)
        .where(Nomination.report_id == report_id, Nomination.complete == True,  # noqa: E712
               Nomination.form_code == form_code,
               or_(CouncilDecision.id == None, CouncilDecision.outcome == PENDING))).all())  # noqa: E711


@dataclass(frozen=True)
class Undone:
    done: bool
    decision: CouncilDecision  # as it stands now
    was: str = ""  # the outcome undone


def undo(session: Session, item: Item, seen_version: int, user_id: int, reason: str,
         now: Optional[dt.datetime] = None) -> Undone:
    """An admin takes back the decision they were shown (not one made since): the nominee is pending again."""
    decision = _row(session, item.id)
    was = decision.outcome
    result = session.execute(
        update(CouncilDecision).where(CouncilDecision.id == decision.id, CouncilDecision.version == seen_version,
                                      CouncilDecision.outcome != PENDING)
        .values(outcome=PENDING, reason=None, marks=[], decided_by=None, decided_at=None,
                version=CouncilDecision.version + 1)
        .execution_options(synchronize_session=False))
    session.refresh(decision)
    if result.rowcount != 1:
        return Undone(False, decision)
    session.add(AuditLog(at=now or utcnow(), user_id=user_id, report_id=item.nominee.report.id, action=UNDO,
                         detail=_detail(item.nominee, reason=reason, was=was)))
    records.forget_decision(session, item.id)
    session.flush()
    return Undone(True, decision, was)


def reopen(session: Session, nomination: Nomination, user_id: Optional[int]) -> None:
    """A nominee changed after the council decided on it (the clerk edited it): the council decides again."""
    decision = _find(session, nomination.id)
    if decision is None or decision.outcome == PENDING:
        return
    was = decision.outcome
    records.forget_decision(session, nomination.id)
    session.execute(update(CouncilDecision).where(CouncilDecision.id == decision.id)
                    .values(outcome=PENDING, reason=None, marks=[], decided_by=None, decided_at=None,
                            version=CouncilDecision.version + 1).execution_options(synchronize_session=False))
    session.add(AuditLog(user_id=user_id, report_id=nomination.report_id, action=REOPEN,
                         detail={"nomination_id": nomination.id, "name": nomination.name,
                                 "form": nomination.form_code, "was": was}))


def _detail(nominee: Nominee, **more) -> dict:
    n = nominee.nomination
    return {"nomination_id": n.id, "name": n.name, "form": n.form_code,
            **{k: v for k, v in more.items() if v not in (None, "", [])}}


def _find(session: Session, nomination_id: int) -> Optional[CouncilDecision]:
    return session.exec(select(CouncilDecision).where(CouncilDecision.nomination_id == nomination_id)
                        .execution_options(populate_existing=True)).first()


def _row(session: Session, nomination_id: int) -> CouncilDecision:
    """The nominee's decision row, made pending if it has none yet (by whoever comes first)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(CouncilDecision).values(nomination_id=nomination_id, outcome=PENDING, marks=[],
                                                           version=0)
                    .on_conflict_do_nothing(index_elements=["nomination_id"]))
    return _find(session, nomination_id)


def _lock_unit(session: Session, report_id: int) -> None:
    """Decisions on one unit's nominees one at a time, so a cap checked is a cap kept (PostgreSQL: the report's
    row lock; SQLite takes the write lock at BEGIN already)."""
    session.exec(select(Report.id).where(Report.id == report_id).with_for_update())
