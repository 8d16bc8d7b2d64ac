"""Lists filled on a computer: /excel (a list's template and the list as it stands, as .xlsx) and the
files clerks send back.

Who first, then the file: only a clerk who can change a report now has a file fetched (`ListFiles.wanted`).
It is read before the event's transaction, in a process of its own (bot/sandbox.py, bot/documents/list_reader.py:
bounded in rows, cells, bytes and seconds), its rows checked and staged beforehand, then saved in a
short transaction (`ListFiles.take`, storage/list_import.py). The answer fits one screen: rows saved, rows
with problems by row and column; the whole list of problems comes as a workbook on request (a button).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Optional, Union

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot import commands, sandbox, texts
from bot.documents import list_reader
from bot.documents import list_workbooks
from bot.events import Choice, InDocument, OutFile
from bot.documents.list_workbooks import LAYOUTS, ListContext
from bot.rendering import SCREEN_LIMIT
from bot.settings import Settings
from handlers.context import Ctx
from handlers.registry import CLERK, Command
from handlers.report_flow import report_for_command
from handlers.report_screens import refuse_edit
from storage import award_rules, entries, history, list_import, list_schema, nominations, reports, submission
from storage.db import reading
from storage.facts import Problem
from storage.list_import import NOMINATIONS, ROLE_MODELS, Outcome, Sheet
from storage.models import ListImport, Nomination, Report, RoleModel, Round, Unit, User
from storage.text import clean, parse_id

log = logging.getLogger(__name__)

KINDS = {"khenthuong": NOMINATIONS, "dienhinh": ROLE_MODELS}  # as the lists' own commands
ARGS = {kind: arg for arg, kind in KINDS.items()}
LIST_COMMANDS = {NOMINATIONS: commands.NOMINATIONS, ROLE_MODELS: commands.ROLE_MODELS}  # where each list is kept
TEMPLATE, LIST, PROBLEMS = "mau", "danhsach", "loi"
SCREEN = SCREEN_LIMIT  # characters of an answer to a file
FILENAME_SHOWN = 40
READER = "bot.read_list_file"  # the reading process's entry module (bot/sandbox.py runs it)


def choices(ctx: Ctx, kind: str, report: Optional[Report] = None) -> list[Choice]:
    """The buttons of a list's screen for its files (the round named only when several are open)."""
    round_code = ""
    if report is not None and len(reports.open_rounds(ctx.session)) > 1:
        round_code = " " + ctx.session.get(Round, report.round_id).code
    return [Choice(texts.BTN_LIST_TEMPLATE, f"{commands.LIST_FILES} {TEMPLATE} {ARGS[kind]}{round_code}"),
            Choice(texts.BTN_LIST_EXPORT, f"{commands.LIST_FILES} {LIST} {ARGS[kind]}{round_code}")]


def cmd_files(ctx: Ctx, args: str) -> None:
    """/excel: how it works and the four files; `/excel mau|danhsach khenthuong|dienhinh [round]`;
    `/excel loi <file>`: the problems of a file sent."""
    words = args.split()
    what = words[0].lower() if words else ""
    if what == PROBLEMS:
        _send_problems(ctx, words[1] if len(words) > 1 else "")
        return
    kind = KINDS.get(words[1].lower()) if len(words) > 1 else None
    if what not in (TEMPLATE, LIST) or kind is None:
        _menu(ctx)
        return
    report = report_for_command(ctx, f"{commands.LIST_FILES} {what} {ARGS[kind]}", words[2] if len(words) > 2 else "")
    if report is None:
        return
    if what == TEMPLATE:
        _send_template(ctx, kind, report)
    else:
        _send_list(ctx, kind, report)


def _menu(ctx: Ctx) -> None:
    where = texts.LIST_SEND_HERE if ctx.event.can_send_files else texts.LIST_SEND_ELSEWHERE
    buttons = [Choice(texts.BTN_LIST_TEMPLATE_OF[kind], f"{commands.LIST_FILES} {TEMPLATE} {ARGS[kind]}") for kind in ARGS]
    buttons += [Choice(texts.BTN_LIST_EXPORT_OF[kind], f"{commands.LIST_FILES} {LIST} {ARGS[kind]}") for kind in ARGS]
    ctx.say(texts.LIST_FILES_MENU.format(send=where), buttons)


def _context(ctx: Ctx, report: Report) -> ListContext:
    catalog, forms = nominations.meta(ctx.session), nominations.forms(ctx.session)
    allowed = {f.code: f for subject in nominations.SUBJECTS for f in nominations.allowed_forms(ctx.session, subject)}
    offered = sorted(allowed.values(), key=lambda f: (nominations.level_rank(f.decided_by), f.position))

    def short(code: str) -> str:
        form = forms.get(code)
        return (form.short or form.name) if form else code

    round_ = ctx.session.get(Round, report.round_id)
    return ListContext(
        unit=texts.unit_name(ctx.unit), round_name=round_.name, round_code=round_.code,
        form_names=[f.name for f in offered],
        needs_prereq=[(short(f.code), short(f.prerequisite)) for f in offered if f.prerequisite],
        needs_initiative=[short(f.code) for f in offered if f.requires_initiative],
        text_limit=catalog.achievement_max_length, max_mb=ctx.settings.upload_max_mb)


def _send_template(ctx: Ctx, kind: str, report: Report) -> None:
    context = _context(ctx, report)
    data = list_workbooks.template(kind, context)
    where = texts.LIST_SEND_HERE if ctx.event.can_send_files else texts.LIST_SEND_ELSEWHERE
    caption = texts.LIST_TEMPLATE_SENT.format(list=texts.LIST_NAMES[kind]) + "\n" + where
    ctx.send_file(OutFile(list_workbooks.filename(kind, TEMPLATE, context.round_code), data, caption))


def _send_list(ctx: Ctx, kind: str, report: Report) -> None:
    context = _context(ctx, report)
    model = {NOMINATIONS: Nomination, ROLE_MODELS: RoleModel}[kind]
    rows = entries.rows(ctx.session, model, report.id)
    files = dict(ctx.session.exec(select(ListImport.id, ListImport.filename).where(
        ListImport.report_id == report.id)).all())
    sources = [texts.LIST_SOURCE_CHAT if row.import_id is None else
               texts.LIST_SOURCE_FILE.format(filename=files.get(row.import_id, ""), row=row.import_row)
               for row in rows]
    problems: dict[int, list[str]] = {row.id: [] for row in rows}
    for row in rows:
        if not row.complete:
            problems[row.id].append(texts.LIST_INCOMPLETE)
    if kind == NOMINATIONS:
        for violation in award_rules.check(ctx.session, report.id):
            for row_id in violation.nominee_ids:
                problems[row_id].append(texts.say(violation.problem))
    values = [_values(ctx, kind, row) for row in rows]
    data = list_workbooks.current_list(kind, context, values, sources, ["\n".join(problems[r.id]) for r in rows])
    typed = sum(1 for row in rows if row.import_id is None)
    caption = texts.LIST_EXPORT_SENT.format(list=texts.LIST_NAMES[kind].capitalize(), count=len(rows), typed=typed,
                                            filed=len(rows) - typed)
    ctx.send_file(OutFile(list_workbooks.filename(kind, LIST, context.round_code), data, caption))


def _values(ctx: Ctx, kind: str, row) -> dict:
    """A stored row in the template's words (it reads back the same)."""
    if kind == ROLE_MODELS:
        return {"name": row.name, "field": list_workbooks.value_labels(kind)["field"].get(row.field or ""),
                "village": row.village, "commune": row.commune, "deed": row.deed, "income": row.income_million}
    labels = list_workbooks.value_labels(kind)
    form = nominations.forms(ctx.session).get(row.form_code or "")
    return {"subject": labels["subject"].get(row.subject or ""), "name": row.name, "birth_year": row.birth_year,
            "cccd": list_schema.mask_cccd(row.cccd), "position": row.position,
            "form": form.name if form else row.form_code, "achievements": row.achievements,
            "prereq_mode": labels["prereq_mode"].get(row.prereq_mode or ""), "prereq_ref": row.prereq_ref,
            "initiative": row.initiative, "initiative_ref": row.initiative_ref}


def _send_problems(ctx: Ctx, raw_id: str) -> None:
    record = list_import.find(ctx.session, parse_id(raw_id), ctx.user.unit_id)
    if record is None:
        ctx.say(texts.LIST_FILE_GONE)
        return
    outcome = list_import.outcome_of(ctx.session, record)
    count = len(outcome.refused) + len(outcome.flags)
    if not count:
        ctx.say(texts.LIST_PROBLEMS_NONE.format(filename=record.filename))
        return
    name = f"loi-{texts.LIST_FILENAMES[record.kind]}-{record.id}.xlsx"
    ctx.send_file(OutFile(name, list_workbooks.problems(outcome),
                          texts.LIST_PROBLEMS_CAPTION.format(filename=record.filename, count=count)))


# --- a file sent back --------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    """A list file as it came: its size, how long reading took, and its rows checked (or why not)."""

    size: int
    seconds: float
    result: Union[list_import.Checked, Problem]


class ListFiles:
    """The core's `Documents` (handlers/registry.py): who first, then the file.

    `wanted` (a read session): only a clerk whose report of an open round can still change has a file
    fetched at all. `read` (before the transaction): the file parsed in a process of its own
    (bot/sandbox.py, bot/documents/list_reader.py), then its rows checked and the list's rules foreseen in a read
    session, and its rows staged in short transactions of their own (storage/list_import.py). `take`
    (the event's transaction, short): saved, and one log line (never the contents). `done`: the staged
    rows cleared."""

    def wanted(self, session: Session, user: Optional[User], today: dt.date) -> bool:
        if user is None or user.role != CLERK or user.unit_id is None:
            return False
        if any(submission.lock_reason(reports.find_report(session, round_.id, user.unit_id), round_, today) is None
               for round_ in reports.open_rounds(session)):
            return True
        return False

    def read(self, document: InDocument, settings: Settings, engine: Engine, user_id: int) -> Upload:
        started = time.monotonic()
        result: Union[list_import.Checked, Problem, Sheet]
        if document.failed:
            result = Problem("file_not_received")
        elif document.data is None:  # over the limit: not even downloaded
            result = list_reader.too_big(settings.upload_max_bytes)
        else:
            try:
                request = (document.data, clean(document.filename) or "", list(LAYOUTS.values()),
                           settings.upload_max_bytes)
                result = sandbox.run(READER, request, seconds=settings.upload_read_seconds,
                                     memory_mb=settings.upload_read_memory_mb, key=user_id)
            except sandbox.Overrun as overrun:
                log.info("a list file's reading was stopped (over its %s)", overrun.why)
                result = Problem("file_too_complex")
        if isinstance(result, Sheet):
            result = _ready(engine, result, user_id)
        return Upload(document.size, time.monotonic() - started, result)

    def done(self, upload: Upload, engine: Engine) -> None:
        if isinstance(upload.result, list_import.Checked):
            list_import.unstage(engine, upload.result)

    def take(self, ctx: Ctx, upload: Optional[Upload]) -> None:
        if ctx.user.role != CLERK:
            _log(ctx, upload, "refused: not a clerk (not fetched)")
            ctx.say(texts.LIST_FILE_NOT_FOR_ROLE)
            return
        if upload is None:  # not fetched: nothing of it can be saved now
            _log(ctx, upload, "refused: no report open to change (not fetched)")
            _why_not(ctx)
            return
        if isinstance(upload.result, Problem):
            _log(ctx, upload, f"refused: {upload.result.kind}")
            ctx.say(f"{texts.say(upload.result)} {texts.LIST_FILE_UNCHANGED}")
            _go_on(ctx)
            return
        checked = upload.result
        round_ = _round_of(ctx.session, checked.sheet)
        if round_ is None:
            _log(ctx, upload, "refused: which round")
            ctx.say(texts.LIST_FILE_ROUND)
            return
        report = reports.get_or_create_report(ctx.session, round_.id, ctx.user.unit_id)
        if refuse_edit(ctx, report, round_):
            _log(ctx, upload, "refused: report locked")
            return
        outcome = list_import.save(ctx.session, report, ctx.user.id, checked)
        _log(ctx, upload, f"saved {outcome.saved}, refused {len(outcome.refused_rows)}, flagged {len(outcome.flags)}")
        buttons = [Choice(texts.BTN_LIST_OPEN, LIST_COMMANDS[outcome.kind])]
        if outcome.refused or outcome.flags:
            buttons.insert(0, Choice(texts.BTN_LIST_PROBLEMS, f"{commands.LIST_FILES} {PROBLEMS} {outcome.import_id}"))
        ctx.say(answer(outcome), buttons)


def _ready(engine: Engine, sheet: Sheet, user_id: int) -> list_import.Checked:
    """A file's rows made ready before the transaction, holding no lock: checked, the list's rules run
    over the list as it will be (read sessions), its rows staged (short transactions nothing else reads)."""
    with reading(engine) as session:
        unit = session.get(Unit, session.get(User, user_id).unit_id)
        round_ = _round_of(session, sheet)
        checked = list_import.check(session, sheet, LAYOUTS[sheet.kind], texts.unit_name(unit),
                                    history.year_of(round_) if round_ else None)
        if round_ is None:  # which round is for the transaction to say
            return checked
        list_import.foresee(session, reports.find_report(session, round_.id, unit.id), round_.deadline, checked)
    list_import.stage(engine, checked)
    return checked


def _log(ctx: Ctx, upload: Optional[Upload], outcome: str) -> None:
    """One line per file: who by role and unit, how big, how many rows, what became of it, how long."""
    rows = len(upload.result.rows) if upload is not None and isinstance(upload.result, list_import.Checked) else 0
    log.info("list file from user %s (%s, unit %s): %s bytes, %d rows, %s, read in %.2f s", ctx.user.id,
             ctx.user.role, ctx.user.unit_id, ctx.event.document.size if ctx.event.document else "?", rows, outcome,
             upload.seconds if upload is not None else 0.0)


def _why_not(ctx: Ctx) -> None:
    """Why a clerk's file was not even fetched: no round open, or the report cannot change now."""
    rounds = reports.open_rounds(ctx.session)
    if not rounds:
        ctx.say(texts.NO_OPEN_ROUND)
        return
    report = reports.get_or_create_report(ctx.session, rounds[0].id, ctx.user.unit_id)
    if not refuse_edit(ctx, report, rounds[0]):  # it changed meanwhile: the file is worth sending again
        ctx.say(texts.say(Problem("file_not_received")))


def _round_of(session: Session, sheet: Sheet) -> Optional[Round]:
    """The round the template was made for, if open; else the only open round."""
    rounds = reports.open_rounds(session)
    named = [r for r in rounds if r.code == sheet.round_code]
    return named[0] if named else (rounds[0] if len(rounds) == 1 else None)


def _go_on(ctx: Ctx) -> None:
    """After a file that changed nothing: the question the chat was at, else how files work."""
    flow = ctx.handlers.flow(ctx.chat.flow)
    if flow is not None:
        flow.resume(ctx)
    else:
        _menu(ctx)


def answer(outcome: Outcome) -> str:
    """What became of a file, in one screen: the rows saved, then the problems by row and column as
    many as fit (the workbook of problems has them all)."""
    name = outcome.filename if len(outcome.filename) <= FILENAME_SHOWN else outcome.filename[:FILENAME_SHOWN - 1] + "…"
    head = [texts.LIST_IMPORT_HEAD.format(filename=name, list=texts.LIST_NAMES[outcome.kind], read=outcome.read)]
    if outcome.saved:
        head.append(texts.LIST_IMPORT_SAVED.format(saved=outcome.saved)
                    + (texts.LIST_IMPORT_REPLACED.format(replaced=outcome.replaced) if outcome.replaced else ""))
    else:
        head.append(texts.LIST_IMPORT_NONE_SAVED)
    sections = []
    if outcome.refused:
        sections.append((texts.LIST_IMPORT_REFUSED.format(count=len(outcome.refused_rows)), [
            texts.LIST_IMPORT_LINE.format(row=p.row, letter=outcome.columns.get(p.column, "?"),
                                          column=texts.LIST_COLUMN_NAMES[p.column],
                                          problem=texts.list_cell_text(p.problem))
            for p in sorted(outcome.refused, key=lambda p: p.row)]))
    if outcome.flags:
        sections.append((texts.LIST_IMPORT_FLAGGED, [
            texts.LIST_IMPORT_ROWS_LINE.format(rows=_rows_shown(flag.rows),
                                               problem=texts.list_flag_text(flag.violation.problem))
            for flag in outcome.flags]))
    if not sections:
        return "\n".join(head)
    foot = texts.LIST_IMPORT_FIX
    lines, left = list(head), sum(len(items) for _, items in sections)
    for title, items in sections:
        lines.append(title)
        for item in items:
            left -= 1
            after = [texts.LIST_IMPORT_MORE.format(count=left)] if left else []
            if len("\n".join(lines + [item] + after + [foot])) > SCREEN:
                return "\n".join(lines + [texts.LIST_IMPORT_MORE.format(count=left + 1), foot])
            lines.append(item)
    return "\n".join(lines + [foot])


def _rows_shown(rows: tuple[int, ...], limit: int = 6) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (", …" if len(rows) > limit else "")

# What this module answers (main.py gathers every module's, in menu order).
COMMANDS = (Command(commands.LIST_FILES, {CLERK}, texts.BTN_LIST_FILES, cmd_files, in_menu=False),)
