"""The council's results: what the clerks are told (once a unit's nominees for a form are all decided,
and by /ketqua), the draft documents, and the council's steps in a unit's trail (/lichsu).

The deliberation itself is handlers/deliberation.py; the decisions are storage/deliberation.py.
"""

from __future__ import annotations

from typing import Optional

from sqlmodel import Session

from bot import commands, texts
from bot.documents.wording import form_short
from bot.events import Choice, OutFile
from bot.rendering import SCREEN_LIMIT
from handlers.common import chunk_blocks, current_round, fit, official_scope
from handlers.context import Ctx
from handlers.registry import CLERK, Command
from storage import deliberation as council
from storage import nominations
from storage import review as review_store
from storage.models import AuditLog, Round, Unit


# --- telling the clerks ----------------------------------------------------------------------------


def outcome_blocks(outcomes: list[council.FormOutcome], names_up_to: Optional[int] = None) -> list[str]:
    """One block per form: passed, sent up, refused (each with its reason), still pending."""
    blocks = []
    for o in outcomes:
        lines = [texts.OUTCOME_FORM.format(form=form_short(o.form, o.code))]
        for outcome in (council.PASSED, council.SENT_UP):
            group = o.by_outcome.get(outcome, [])
            if group:
                names = [i.nominee.nomination.name for i in group]
                more = len(names) - names_up_to if names_up_to is not None and len(names) > names_up_to else 0
                shown = ", ".join(names[:len(names) - more])
                if more:
                    shown += " " + texts.OUTCOME_MORE.format(n=more)
                lines.append(texts.OUTCOME_GROUP.format(outcome=texts.OUTCOME_NAMES[outcome], n=len(names),
                                                        names=shown))
        refused = o.by_outcome.get(council.REFUSED, [])
        if refused:
            lines.append(texts.OUTCOME_REFUSED_HEAD.format(outcome=texts.OUTCOME_NAMES[council.REFUSED],
                                                           n=len(refused)))
            lines += [texts.OUTCOME_REFUSED_LINE.format(name=i.nominee.nomination.name, reason=i.decision.reason or "")
                      for i in refused]
        if o.by_outcome.get(council.PENDING):
            lines.append(texts.OUTCOME_PENDING.format(n=len(o.by_outcome[council.PENDING])))
        blocks.append("\n".join(lines))
    return blocks


def tell_clerks(ctx: Ctx, round_: Round, unit: Unit, form_code: str) -> None:
    """A unit's nominees for a form are all decided: its clerks hear the outcome, in one screen."""
    outcomes = council.unit_outcomes(council.items(official_scope(ctx, round_, unit.id)), unit.id, form_code)
    if not outcomes:
        return
    head = texts.NOTICE_FORM_OUTCOME.format(form=form_short(outcomes[0].form, form_code), unit=texts.unit_name(unit))
    text = "\n".join([head] + outcome_blocks(outcomes, names_up_to=10)[0].split("\n")[1:])
    if len(text) > SCREEN_LIMIT:  # many refusals with long reasons: the whole list is one tap away
        text = fit(text, SCREEN_LIMIT - len(texts.OUTCOME_CUT) - 1) + "\n" + texts.OUTCOME_CUT
    for clerk in review_store.clerks_of(ctx.session, unit.id):
        ctx.notify(clerk.id, text, [Choice(texts.BTN_OUTCOME, commands.OUTCOME)])


def cmd_outcome(ctx: Ctx, _args: str) -> None:
    """/ketqua (clerks): the council's outcome for the unit's nominees so far, by form."""
    round_ = current_round(ctx)
    if round_ is None:
        return
    unit = ctx.unit
    outcomes = council.unit_outcomes(council.items(official_scope(ctx, round_, unit.id)), unit.id)
    if not any(o.by_outcome.get(x) for o in outcomes for x in council.OUTCOMES):
        ctx.say(texts.OUTCOME_NONE.format(unit=texts.unit_name(unit), round=round_.name))
        return
    chunks = chunk_blocks([texts.OUTCOME_HEAD.format(unit=texts.unit_name(unit), round=round_.name)]
                          + outcome_blocks(outcomes), SCREEN_LIMIT)
    for chunk in chunks:
        ctx.say(chunk)


# --- the documents -----------------------------------------------------------------------------------


def send_documents(ctx: Ctx, round_: Round) -> None:
    """The draft decision (what passed), the draft submission (what goes up) and the workbook of the lists."""
    from bot.documents import council as council_documents  # python-docx loads slowly: only when a document is asked for

    papers = council.papers(official_scope(ctx, round_), ctx.unit)
    if not papers.passed and not papers.sent_up:
        ctx.say(texts.COUNCIL_FILES_NOTHING.format(round=round_.name))
        return
    for kind, (name, data) in council_documents.files(papers, ctx.now).items():
        ctx.send_file(OutFile(name, data, texts.COUNCIL_FILES_CAPTION[kind].format(round=round_.name)))


# --- the audit trail (/lichsu) ----------------------------------------------------------------------


def step_text(session: Session, step: AuditLog) -> Optional[str]:
    """A council step of a unit's trail in words; None for any other step."""
    if not step.action.startswith(council.AUDIT_PREFIX):
        return None
    d = step.detail or {}
    form = form_short(nominations.forms(session).get(d.get("form") or ""), d.get("form") or "")
    name, was = d.get("name") or "", texts.OUTCOME_NAMES.get(d.get("was"), "")
    if step.action == council.UNDO:
        return texts.HISTORY_COUNCIL_UNDO.format(outcome=was, name=name, form=form, reason=d.get("reason", ""))
    if step.action == council.REOPEN:
        return texts.HISTORY_COUNCIL_REOPEN.format(name=name, form=form, outcome=was)
    outcome = texts.OUTCOME_NAMES.get(step.action.removeprefix(council.AUDIT_PREFIX), step.action)
    text = texts.HISTORY_COUNCIL.format(name=name, form=form, outcome=outcome)
    return text + (texts.HISTORY_COUNCIL_REASON.format(reason=d["reason"]) if d.get("reason") else "")

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (Command(commands.OUTCOME, {CLERK}, texts.BTN_OUTCOME, cmd_outcome),)
