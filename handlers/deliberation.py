"""/binhxet: the district council deliberates the round's nominations; /ketqua: a clerk reads the outcome.

An official picks a form (progress per form: "LĐTT: 34/40 đã xét") and goes through its nominees one
screen at a time: «Đạt» (a form this level awards), «Chuyển đề nghị cấp trên» (a form above it),
«Không đạt» (asks a reason), «Để sau» (this conversation only). What is decided and what the rules say
about it is storage/deliberation.py; two officials deciding the same nominee get one outcome, and the
other is told who decided. When a unit's nominees for a form are all decided, its clerks are told the
outcome (`ctx.notify`, through the outbox). "📋 Đã xét" lists the decided ones; an admin may undo a
decision there, with a reason. Only the units under the official's own unit are deliberated.
"""

from __future__ import annotations

from typing import Optional

from bot import texts
from bot.documents import form_short
from bot.events import Choice, OutFile
from bot.rendering import SCREEN_LIMIT
from handlers.common import chunk_blocks, current_round, local_time
from handlers.context import Ctx
from handlers.pager import Entry, say_paged
from handlers.registry import ADMIN
from storage import deliberation as council
from storage import nominations
from storage import review as review_store
from storage import summary as summary_store
from storage.models import AuditLog, Round, Unit, User
from storage.text import parse_index

FLOW = "deliberation"
SCREEN = SCREEN_LIMIT  # characters per message: one phone screen
REASON_LIMIT = 300
ACHIEVEMENTS_AT_LEAST = 80  # characters of the achievements a card keeps however much else it says
PROBLEMS_SHOWN = 2
PAGE = 8  # decided nominees per page at most: a short menu to pick from
MAX_ROUNDS = 12


# --- where the conversation is --------------------------------------------------------------------


def _scope(ctx: Ctx, round_: Round, top_unit_id: Optional[int] = None) -> summary_store.Scope:
    return summary_store.Scope(ctx.session, round_, ctx.now.tzinfo, top_unit_id or ctx.user.unit_id)


def _round(ctx: Ctx) -> Optional[Round]:
    return ctx.session.get(Round, ctx.data.get("round_id") or 0)


def _items(ctx: Ctx) -> list[council.Item]:
    return council.items(_scope(ctx, _round(ctx)))


def _form_short(item: council.Item) -> str:
    return form_short(item.nominee.form, item.form_code)


def _who(ctx: Ctx, user_id: Optional[int]) -> str:
    user = ctx.session.get(User, user_id) if user_id else None
    return user.full_name if user else texts.HISTORY_SOMEONE


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:max(limit - 1, 0)].rstrip() + "…"


# --- /binhxet: the forms and their progress --------------------------------------------------------


def cmd_deliberate(ctx: Ctx, args: str) -> None:
    round_ = _pick_round(ctx, args)
    if round_ is None:
        return
    ctx.start_flow(FLOW, round_id=round_.id, mode="forms", skipped=[])
    _show_forms(ctx)


def _pick_round(ctx: Ctx, args: str) -> Optional[Round]:
    if not args.strip():
        return current_round(ctx)
    rounds = summary_store.find_round(ctx.session, args)
    if len(rounds) == 1:
        return rounds[0]
    every = summary_store.rounds_for_officials(ctx.session)
    ctx.say(texts.COUNCIL_ROUND_NOT_FOUND.format(query=args),
            [Choice(r.name, f"/binhxet {r.code}") for r in (rounds or every)[:MAX_ROUNDS]])
    return None


def _show_forms(ctx: Ctx, lead: str = "") -> None:
    round_ = _round(ctx)
    rows = _items(ctx)
    if not rows:
        ctx.end_flow()
        ctx.say("\n\n".join(filter(None, [lead, texts.COUNCIL_NONE.format(round=round_.name)])))
        return
    ctx.update_data(mode="forms", form=None, nomination_id=None)
    level = texts.LEVEL_NAMES.get(nominations.meta(ctx.session).authority_level, "")
    lines, buttons, heading = [texts.COUNCIL_HEAD.format(round=round_.name)], [], None
    for p in council.progress(rows):
        group = texts.COUNCIL_UP if p.goes_up else texts.COUNCIL_OWN.format(level=level)
        if group != heading:
            lines.append(group)
            heading = group
        counts = " · ".join(f"{texts.OUTCOME_MARKS[o]} {p.counts[o]}" for o in council.OUTCOMES if p.counts[o])
        lines.append(texts.COUNCIL_FORM_LINE.format(form=form_short(p.form, p.code), decided=p.decided, total=p.total,
                                                    counts=texts.COUNCIL_COUNTS.format(items=counts) if counts else ""))
        label = texts.COUNCIL_FORM_DONE if p.finished else texts.COUNCIL_FORM_LEFT
        buttons.append(Choice(label.format(form=form_short(p.form, p.code), left=p.total - p.decided), f"form:{p.code}"))
    lines.append(texts.COUNCIL_PICK)
    text = "\n".join(lines)
    if lead:
        text = f"{lead}\n\n{text}"
    buttons += [Choice(texts.BTN_COUNCIL_DOCS, "docs"), Choice(texts.BTN_CANCEL, "/huy")]
    ctx.ask(_fit(text, SCREEN), buttons, columns=2)


# --- one form, one nominee at a time -----------------------------------------------------------------


def _show_next(ctx: Ctx, lead: str = "") -> None:
    """The next nominee of the chosen form nobody has decided and this official has not put off."""
    code = ctx.data.get("form")
    rows = [i for i in _items(ctx) if i.form_code == code]
    if not rows:
        _show_forms(ctx, lead)
        return
    skipped = set(ctx.data.get("skipped", []))
    pending = [i for i in rows if not i.decided]
    waiting = [i for i in pending if i.id not in skipped]
    if waiting:
        _show_card(ctx, waiting[0], rows, lead)
        return
    ctx.update_data(mode="form_done", nomination_id=None)
    form = _form_short(rows[0])
    decided = len(rows) - len(pending)
    text = (texts.FORM_DEFERRED.format(form=form, decided=decided, total=len(rows), n=len(pending)) if pending
            else texts.FORM_FINISHED.format(form=form, total=len(rows)))
    buttons = [Choice(texts.BTN_DEFERRED_AGAIN, "again")] if pending else []
    buttons += [Choice(texts.BTN_DECIDED, "decided"), Choice(texts.BTN_FORMS, "forms")]
    ctx.ask("\n\n".join(filter(None, [lead, text])), buttons, columns=2)


def _card_text(ctx: Ctx, item: council.Item, rows: list[council.Item], lead: str = "") -> str:
    """One screen about one nominee: who, unit, form, achievements, initiative, rule problems (and its decision).

    To fit one screen whatever the rest says, the rule problems are shortened first (the achievements keep
    at least ACHIEVEMENTS_AT_LEAST characters), then the achievements."""
    x, n = item.nominee, item.nominee.nomination
    decided = sum(1 for i in rows if i.decided)
    top = [texts.CARD_HEAD.format(form=_form_short(item), decided=decided, total=len(rows), n=x.number,
                                  unit=texts.unit_name(x.unit))]
    if x.goes_up and x.form is not None:
        top.append(texts.CARD_UP.format(level=texts.LEVEL_NAMES.get(x.form.decided_by, x.form.decided_by)))
    top.append(texts.CARD_WHO.format(name=n.name, subject=texts.SUBJECT_NAMES.get(n.subject or "", "")))
    if n.position:
        top.append(_fit(texts.CARD_POSITION.format(position=n.position), 160))
    extra = []
    if n.prereq_mode == "held" and n.prereq_ref:
        prereq = nominations.forms(ctx.session).get(x.form.prerequisite if x.form else "")
        extra.append(_fit(texts.CARD_PREREQ_HELD.format(prereq=form_short(prereq), ref=n.prereq_ref), 120))
    if n.initiative:
        extra.append(_fit(texts.CARD_INITIATIVE.format(name=n.initiative, ref=f" ({n.initiative_ref})"
                                                       if n.initiative_ref else ""), 160))
    if item.decided:
        d = item.decision
        extra.append(texts.CARD_DECIDED.format(outcome=texts.OUTCOME_NAMES[d.outcome], who=_who(ctx, d.decided_by),
                                               at=local_time(ctx, d.decided_at)))
        if d.reason:
            extra.append(_fit(texts.CARD_REASON.format(reason=d.reason), 200))
        if d.marks:
            extra.append(texts.CARD_MARKS.format(rules=", ".join(texts.RULE_NAMES.get(k, k) for k in d.marks)))
    problems = [texts.say(p) for p in x.problems[:PROBLEMS_SHOWN]]
    problem_text = ("\n".join([texts.COUNCIL_CARD_PROBLEMS] + [f"• {p}" for p in problems]) if problems
                    else texts.CARD_NO_PROBLEMS)
    head = "\n\n".join(filter(None, [lead, "\n".join(top)]))
    room = SCREEN - len(head) - len("\n".join(extra)) - 3  # what the achievements and the problems share
    problem_text = _fit(problem_text, max(room - ACHIEVEMENTS_AT_LEAST, len(texts.COUNCIL_CARD_PROBLEMS) + 40))
    achievements = _fit(texts.CARD_ACHIEVEMENTS.format(text=n.achievements or ""), room - len(problem_text))
    return _fit("\n".join(filter(None, [head, achievements, *extra, problem_text])), SCREEN)


def _show_card(ctx: Ctx, item: council.Item, rows: list[council.Item], lead: str = "") -> None:
    ctx.update_data(mode="card", nomination_id=item.id)
    endorse = (Choice(texts.BTN_SEND_UP, "up") if council.SENT_UP in council.outcomes_for(item.nominee)
               else Choice(texts.BTN_PASS, "pass"))
    ctx.ask(_card_text(ctx, item, rows, lead),
            [endorse, Choice(texts.BTN_REFUSE, "refuse"), Choice(texts.BTN_DEFER, "later"),
             Choice(texts.BTN_DECIDED, "decided"), Choice(texts.BTN_FORMS, "forms")], columns=3)


def _item(ctx: Ctx, rows: Optional[list[council.Item]] = None) -> Optional[council.Item]:
    """The nominee on screen (None when it left the lists): found in `rows`, or read with its unit's list only."""
    wanted = ctx.data.get("nomination_id")
    if rows is None:
        return council.item(_scope(ctx, _round(ctx)), wanted) if isinstance(wanted, int) else None
    return next((i for i in rows if i.id == wanted), None)


def _decide(ctx: Ctx, outcome: str, reason: Optional[str] = None) -> None:
    item = _item(ctx)
    if item is None:
        _show_next(ctx, texts.NOMINEE_GONE)
        return
    x = item.nominee
    result = council.decide(ctx.session, item, outcome, ctx.user.id, reason, ctx.now)
    if result.refused_by:  # the card is just above: what is wrong, and what may be decided instead
        rules = "\n".join(f"• {texts.decision_violation_text(v)}" for v in result.refused_by)
        ctx.update_data(mode="card")
        text = texts.DECISION_BROKE_RULE.format(outcome=texts.OUTCOME_NAMES[outcome], name=x.nomination.name,
                                                form=_form_short(item), unit=texts.unit_name(x.unit), rules=rules)
        ctx.ask(_fit(text, SCREEN), [Choice(texts.BTN_REFUSE, "refuse"), Choice(texts.BTN_DEFER, "later"),
                                     Choice(texts.BTN_FORMS, "forms")], columns=3)
        return
    if not result.done:
        _show_next(ctx, _decided_by_other(ctx, item, result.decision))
        return
    lines = [texts.DECISION_SAVED.format(name=x.nomination.name, form=_form_short(item),
                                         outcome=texts.OUTCOME_NAMES[outcome])]
    if result.marks:
        lines.append(texts.DECISION_MARKED.format(rules=", ".join(texts.RULE_NAMES.get(v.kind, v.kind)
                                                                  for v in result.marks)))
    if result.finished:
        tell_clerks(ctx, _round(ctx), x.unit, item.form_code)
        lines.append(texts.CLERKS_TOLD.format(form=_form_short(item), unit=texts.unit_name(x.unit)))
    _show_next(ctx, "\n".join(lines))


def _decided_by_other(ctx: Ctx, item: council.Item, decision) -> str:
    return texts.DECIDED_BY_OTHER.format(name=item.nominee.nomination.name, form=_form_short(item),
                                         who=_who(ctx, decision.decided_by), at=local_time(ctx, decision.decided_at),
                                         outcome=texts.OUTCOME_NAMES[decision.outcome])


def _ask_reason(ctx: Ctx, problem: str = "") -> None:
    item = _item(ctx)
    if item is None:
        _show_next(ctx, texts.NOMINEE_GONE)
        return
    name, form = item.nominee.nomination.name, _form_short(item)
    if ctx.data.get("mode") == "undo_reason":
        question = texts.ASK_UNDO_REASON.format(outcome=texts.OUTCOME_NAMES[item.outcome], name=name, form=form,
                                                limit=REASON_LIMIT)
        choices = [Choice(texts.BTN_BACK, "back")]
    else:
        question = texts.ASK_REFUSE_REASON.format(name=name, form=form, limit=REASON_LIMIT)
        choices = [Choice(r, f"why:{n}") for n, r in enumerate(texts.REFUSE_REASONS)] + [Choice(texts.BTN_BACK, "back")]
    ctx.ask(f"{problem}\n{question}" if problem else question, choices, numbered=False)


def _on_reason(ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
    undoing = ctx.data.get("mode") == "undo_reason"
    if choice == "back":
        _show_decided(ctx) if undoing else _resume_card(ctx)
        return
    if choice and choice.startswith("why:") and not undoing:
        index = int(choice.removeprefix("why:")) if choice.removeprefix("why:").isdigit() else -1
        reason = texts.REFUSE_REASONS[index] if 0 <= index < len(texts.REFUSE_REASONS) else ""
    else:
        reason = (text or "").strip()
    if not reason:
        _ask_reason(ctx, texts.REASON_EMPTY)
        return
    if len(reason) > REASON_LIMIT:
        _ask_reason(ctx, texts.RETURN_REASON_TOO_LONG.format(length=len(reason), limit=REASON_LIMIT))
        return
    if undoing:
        _undo(ctx, reason)
    else:
        _decide(ctx, council.REFUSED, reason)


def _resume_card(ctx: Ctx) -> None:
    rows = [i for i in _items(ctx) if i.form_code == ctx.data.get("form")]
    item = _item(ctx, rows)
    if item is None or item.decided:
        _show_next(ctx)
    else:
        _show_card(ctx, item, rows)


# --- decided nominees: the list, one decision, an admin's undo -----------------------------------------


def _show_decided(ctx: Ctx, lead: str = "") -> None:
    code = ctx.data.get("form")
    rows = [i for i in _items(ctx) if i.form_code == code]
    done = [i for i in rows if i.decided]
    form = _form_short(rows[0]) if rows else code
    if not done:
        ctx.update_data(mode="form_done")
        ctx.ask("\n\n".join(filter(None, [lead, texts.DECIDED_LIST_EMPTY.format(form=form)])),
                [Choice(texts.BTN_FORMS, "forms")])
        return
    rows_ = [Entry(_fit(texts.DECIDED_LIST_LINE.format(
        n=n, name=item.nominee.nomination.name, outcome=texts.OUTCOME_NAMES[item.outcome],
        unit=summary_store.short_name(item.nominee.unit.kind, item.nominee.unit.name)), 90),
        Choice(_fit(f"{n}. {item.nominee.nomination.name}", 40), f"open:{item.id}")) for n, item in enumerate(done, 1)]
    buttons = [Choice(texts.BTN_COUNCIL_NEXT, "next")] if len(done) < len(rows) else []
    buttons.append(Choice(texts.BTN_FORMS, "forms"))

    def head(page: int, pages: int) -> str:
        top = texts.DECIDED_LIST_HEAD.format(form=form, decided=len(done), total=len(rows), page=page, pages=pages)
        return "\n\n".join(filter(None, [lead, top]))

    shown = say_paged(ctx, head, rows_, parse_index(ctx.data.get("page")) or 1, fixed=buttons, columns=2, most=PAGE)
    ctx.update_data(mode="decided_list", page=shown.number)


def _open_decided(ctx: Ctx, nomination_id: int) -> None:
    rows = [i for i in _items(ctx) if i.form_code == ctx.data.get("form")]
    item = next((i for i in rows if i.id == nomination_id), None)
    if item is None:
        _show_decided(ctx, texts.NOMINEE_GONE)
        return
    if not item.decided:  # undone meanwhile: it is up for decision again
        _show_card(ctx, item, rows)
        return
    ctx.update_data(mode="decided", nomination_id=item.id, version=item.decision.version)
    buttons = [Choice(texts.BTN_UNDO_DECISION, "undo")] if ctx.user.role == ADMIN else []
    buttons += [Choice(texts.BTN_BACK, "decided"), Choice(texts.BTN_FORMS, "forms")]
    ctx.ask(_card_text(ctx, item, rows), buttons, columns=2)


def _undo(ctx: Ctx, reason: str) -> None:
    item = _item(ctx)
    if item is None:
        _show_decided(ctx, texts.NOMINEE_GONE)
        return
    name, form = item.nominee.nomination.name, _form_short(item)
    result = council.undo(ctx.session, item, int(ctx.data.get("version") or 0), ctx.user.id, reason, ctx.now)
    if not result.done:
        _show_decided(ctx, texts.UNDO_STALE.format(name=name, outcome=texts.OUTCOME_NAMES[result.decision.outcome]))
        return
    outcome = texts.OUTCOME_NAMES[result.was]
    unit = item.nominee.unit
    notice = texts.NOTICE_DECISION_UNDONE.format(who=ctx.user.full_name, outcome=outcome, name=name, form=form,
                                                 unit=texts.unit_name(unit), reason=reason)
    for clerk in review_store.clerks_of(ctx.session, unit.id):  # they may have been told the outcome already
        ctx.notify(clerk.id, notice, [Choice(texts.BTN_OUTCOME, "/ketqua")])
    ctx.update_data(nomination_id=item.id)
    _show_decided(ctx, texts.DECISION_UNDONE.format(outcome=outcome, name=name, form=form))


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
    outcomes = council.unit_outcomes(council.items(_scope(ctx, round_, unit.id)), unit.id, form_code)
    if not outcomes:
        return
    head = texts.NOTICE_FORM_OUTCOME.format(form=form_short(outcomes[0].form, form_code), unit=texts.unit_name(unit))
    text = "\n".join([head] + outcome_blocks(outcomes, names_up_to=10)[0].split("\n")[1:])
    if len(text) > SCREEN:  # many refusals with long reasons: the whole list is one tap away
        text = _fit(text, SCREEN - len(texts.OUTCOME_CUT) - 1) + "\n" + texts.OUTCOME_CUT
    for clerk in review_store.clerks_of(ctx.session, unit.id):
        ctx.notify(clerk.id, text, [Choice(texts.BTN_OUTCOME, "/ketqua")])


def cmd_outcome(ctx: Ctx, _args: str) -> None:
    """/ketqua (clerks): the council's outcome for the unit's nominees so far, by form."""
    round_ = current_round(ctx)
    if round_ is None:
        return
    unit = ctx.unit
    outcomes = council.unit_outcomes(council.items(_scope(ctx, round_, unit.id)), unit.id)
    if not any(o.by_outcome.get(x) for o in outcomes for x in council.OUTCOMES):
        ctx.say(texts.OUTCOME_NONE.format(unit=texts.unit_name(unit), round=round_.name))
        return
    chunks = chunk_blocks([texts.OUTCOME_HEAD.format(unit=texts.unit_name(unit), round=round_.name)]
                          + outcome_blocks(outcomes), SCREEN)
    for chunk in chunks:
        ctx.say(chunk)


# --- the documents -----------------------------------------------------------------------------------


def send_documents(ctx: Ctx, round_: Round) -> None:
    """The draft decision (what passed), the draft submission (what goes up) and the workbook of the lists."""
    from bot import council_documents  # python-docx loads slowly: only when a document is asked for

    papers = council.papers(_scope(ctx, round_), ctx.unit)
    if not papers.passed and not papers.sent_up:
        ctx.say(texts.COUNCIL_FILES_NOTHING.format(round=round_.name))
        return
    for kind, (name, data) in council_documents.files(papers, ctx.now).items():
        ctx.send_file(OutFile(name, data, texts.COUNCIL_FILES_CAPTION[kind].format(round=round_.name)))


# --- the audit trail (/lichsu) ----------------------------------------------------------------------


def step_text(ctx: Ctx, step: AuditLog) -> Optional[str]:
    """A council step of a unit's trail in words; None for any other step."""
    if not step.action.startswith(council.AUDIT_PREFIX):
        return None
    d = step.detail or {}
    form = form_short(nominations.forms(ctx.session).get(d.get("form") or ""), d.get("form") or "")
    name, was = d.get("name") or "", texts.OUTCOME_NAMES.get(d.get("was"), "")
    if step.action == council.UNDO:
        return texts.HISTORY_COUNCIL_UNDO.format(outcome=was, name=name, form=form, reason=d.get("reason", ""))
    if step.action == council.REOPEN:
        return texts.HISTORY_COUNCIL_REOPEN.format(name=name, form=form, outcome=was)
    outcome = texts.OUTCOME_NAMES.get(step.action.removeprefix(council.AUDIT_PREFIX), step.action)
    text = texts.HISTORY_COUNCIL.format(name=name, form=form, outcome=outcome)
    return text + (texts.HISTORY_COUNCIL_REASON.format(reason=d["reason"]) if d.get("reason") else "")


# --- the conversation ------------------------------------------------------------------------------------


class DeliberationFlow:
    def resume(self, ctx: Ctx) -> None:
        mode = ctx.data.get("mode")
        if _round(ctx) is None:
            ctx.end_flow()
            ctx.say(texts.NO_ROUND)
        elif mode in ("reason", "undo_reason"):
            _ask_reason(ctx)
        elif mode == "card":
            _resume_card(ctx)
        elif mode == "form_done":
            _show_next(ctx)
        elif mode == "decided_list":
            _show_decided(ctx)
        elif mode == "decided":
            _open_decided(ctx, ctx.data.get("nomination_id") or 0)
        else:
            _show_forms(ctx)

    def on_input(self, ctx: Ctx, text: Optional[str], choice: Optional[str]) -> None:
        mode = ctx.data.get("mode")
        if _round(ctx) is None:
            self.resume(ctx)
        elif mode in ("reason", "undo_reason"):
            _on_reason(ctx, text, choice)
        elif choice == "forms":
            _show_forms(ctx)
        elif choice == "docs":
            send_documents(ctx, _round(ctx))
            _show_forms(ctx)
        elif choice and choice.startswith("form:"):
            ctx.update_data(form=choice.removeprefix("form:"), page=1)
            _show_next(ctx)
        elif choice == "again":
            ctx.update_data(skipped=[])
            _show_next(ctx)
        elif choice == "next":
            _show_next(ctx)
        elif choice == "decided":
            _show_decided(ctx)
        elif choice and choice.startswith(("turn:", "page:")):  # "page:<n>": a button sent before the pager
            ctx.update_data(page=parse_index(choice.partition(":")[2]) or 1)
            _show_decided(ctx)
        elif choice and choice.startswith("open:") and choice.removeprefix("open:").isdigit():
            _open_decided(ctx, int(choice.removeprefix("open:")))
        elif mode == "card" and choice in ("pass", "up"):
            _decide(ctx, council.PASSED if choice == "pass" else council.SENT_UP)
        elif mode == "card" and choice == "refuse":
            self._refuse(ctx)
        elif mode == "card" and choice == "later":
            ctx.update_data(skipped=ctx.data.get("skipped", []) + [ctx.data.get("nomination_id")])
            _show_next(ctx)
        elif mode == "decided" and choice == "undo" and ctx.user.role == ADMIN:
            ctx.update_data(mode="undo_reason")
            _ask_reason(ctx)
        else:
            self.resume(ctx)

    def _refuse(self, ctx: Ctx) -> None:
        item = _item(ctx)
        if item is None:
            _show_next(ctx, texts.NOMINEE_GONE)
        elif item.decided:  # say so now rather than after the reason is typed
            _show_next(ctx, _decided_by_other(ctx, item, item.decision))
        else:
            ctx.update_data(mode="reason")
            _ask_reason(ctx)
