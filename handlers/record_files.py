"""Earlier years' titles sent as a file by an official (hồ sơ thành tích các năm trước), and the template.

`/hoso mau` gives the template (bot/documents/record_workbooks.py). A file an official sends is read by
the bounded reader in a process of its own (bot/sandbox.py, bot/documents/list_reader.py, with the records' layout
only), then checked row by row in a read session (storage/record_import.py), before the event's
transaction; in it, a file without errors is stored in one go, a file with any row refused stores
nothing and the answer lists the rows to fix on one screen. Clerks' files go on to their lists
(handlers/list_files.py): `ByRole` is the core's one `Documents`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any, Optional, Union

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import sandbox, texts
from bot.documents import list_reader
from bot.documents import record_workbooks
from bot.documents.list_workbooks import LAYOUTS
from handlers.list_files import READER
from bot.events import InDocument, OutFile
from bot.rendering import SCREEN_LIMIT
from bot.settings import Settings
from handlers.common import one_screen
from handlers.context import Ctx
from handlers.registry import OFFICIALS
from handlers import past_files
from storage import past_import, record_import, records
from storage.db import reading
from storage.facts import Problem
from storage.list_sheet import Sheet
from storage.models import Unit, User
from storage.text import clean

log = logging.getLogger(__name__)


def send_template(ctx: Ctx) -> None:
    unit = ctx.session.get(Unit, ctx.user.unit_id) if ctx.user.unit_id else None
    data = record_workbooks.template(texts.unit_name(unit) if unit else "")
    ctx.send_file(OutFile(texts.RECORD_FILENAME, data, texts.RECORD_TEMPLATE_SENT))


@dataclass(frozen=True)
class Upload:
    size: int
    seconds: float
    result: Union[record_import.Checked, past_import.Checked, Problem]


class RecordFiles:
    """An official's file of earlier years' titles (the core's `Documents` for officials, via `ByRole`)."""

    def wanted(self, session: Session, user: Optional[User], today: dt.date) -> bool:
        return user is not None and user.role in OFFICIALS

    def read(self, document: InDocument, settings: Settings, engine: Engine, user_id: int) -> Upload:
        started = time.monotonic()
        result: Any
        if document.failed:
            result = Problem("file_not_received")
        elif document.data is None:
            result = list_reader.too_big(settings.upload_max_bytes)
        else:
            try:
                # An earlier year's figures (the bot's workbook), and the lists' layouts too: a list's
                # template sent by an official is told apart from a bad file.
                with reading(engine) as session:
                    figures = past_files.layout(session)
                layouts = [record_workbooks.records_layout(), figures, *LAYOUTS.values()]
                request = (document.data, clean(document.filename) or "", layouts, settings.upload_max_bytes)
                result = sandbox.run(READER, request, seconds=settings.upload_read_seconds * 4,
                                     memory_mb=settings.upload_read_memory_mb, key=user_id)
            except sandbox.Overrun as overrun:
                log.info("a records file's reading was stopped (over its %s)", overrun.why)
                result = Problem("file_too_complex")
        if isinstance(result, Sheet) and result.kind == past_import.KIND:
            result = past_files.ready(engine, result, user_id)
        elif isinstance(result, Sheet) and result.kind != record_import.KIND:
            result = Problem("list_not_for_role")
        elif isinstance(result, Sheet):
            with reading(engine) as session:
                user = session.get(User, user_id)
                scope = records.units_under(session, user.unit_id if user is not None else None)
                result = record_import.check(session, result, past_files.current_year(session), scope)
        return Upload(document.size, time.monotonic() - started, result)

    def take(self, ctx: Ctx, upload: Optional[Upload]) -> None:
        if upload is None:
            ctx.say(texts.RECORD_FILE_ROLE)
            return
        if isinstance(upload.result, Problem):
            _log(ctx, upload, f"refused: {upload.result.kind}")
            ctx.say(texts.LIST_FILE_NOT_FOR_ROLE if upload.result.kind == "list_not_for_role"
                    else texts.say(upload.result))
            return
        if isinstance(upload.result, past_import.Checked):
            _log(ctx, upload, f"figures of earlier years: {len(upload.result.figures)} figures, "
                              f"{len(upload.result.problems)} problems")
            past_files.take(ctx, upload.result)
            return
        checked = upload.result
        if checked.problems:
            _log(ctx, upload, f"refused rows: {len(checked.problems)}")
            ctx.say(refused_answer(checked))
            return
        saved = record_import.save(ctx.session, checked)
        _log(ctx, upload, f"saved {saved.saved}, already {saved.already}, to confirm {saved.to_confirm}")
        lines = [texts.RECORD_IMPORT_HEAD.format(filename=checked.filename[:40], read=checked.read),
                 texts.RECORD_IMPORT_SAVED.format(saved=saved.saved, people=saved.people)]
        if saved.already:
            lines.append(texts.RECORD_IMPORT_ALREADY.format(count=saved.already))
        if saved.to_confirm:
            lines.append(texts.RECORD_IMPORT_CONFIRM.format(count=saved.to_confirm))
        ctx.say("\n".join(lines))


def refused_answer(checked: record_import.Checked) -> str:
    """The rows to fix, by row and column, as many as one screen holds."""
    lines = [texts.RECORD_IMPORT_HEAD.format(filename=checked.filename[:40], read=checked.read),
             texts.RECORD_IMPORT_REFUSED.format(count=len({p.row for p in checked.problems}))]
    problems = sorted(checked.problems, key=lambda p: (p.row, record_import.COLUMNS.index(p.column)))
    return one_screen(lines, [texts.RECORD_IMPORT_LINE.format(
        row=p.row, letter=checked.columns.get(p.column, "?"), column=texts.RECORD_HEADERS[p.column],
        problem=texts.record_cell_text(p.problem)) for p in problems], texts.RECORD_IMPORT_MORE, SCREEN_LIMIT)


def _log(ctx: Ctx, upload: Upload, outcome: str) -> None:
    rows = upload.result.read if isinstance(upload.result, record_import.Checked) else \
        upload.result.rows if isinstance(upload.result, past_import.Checked) else 0
    log.info("records file from user %s (%s, unit %s): %s bytes, %d rows, %s, read in %.2f s", ctx.user.id,
             ctx.user.role, ctx.user.unit_id, upload.size, rows, outcome, upload.seconds)


class ByRole:
    """The core's `Documents`: an official's file is a history of titles, a clerk's one of their lists."""

    def __init__(self, lists: Any, titles: RecordFiles):
        self.lists, self.titles = lists, titles

    def wanted(self, session: Session, user: Optional[User], today: dt.date) -> bool:
        if user is not None and user.role in OFFICIALS:
            return self.titles.wanted(session, user, today)
        return self.lists.wanted(session, user, today)

    def read(self, document: InDocument, settings: Settings, engine: Engine, user_id: int) -> Any:
        with reading(engine) as session:
            role = session.get(User, user_id).role
        handler = self.titles if role in OFFICIALS else self.lists
        return handler.read(document, settings, engine, user_id)

    def done(self, read: Any, engine: Engine) -> None:
        if not isinstance(read, Upload):  # a history of titles leaves nothing behind its reading
            self.lists.done(read, engine)

    def take(self, ctx: Ctx, read: Any) -> None:
        handler = self.titles if ctx.user is not None and ctx.user.role in OFFICIALS else self.lists
        handler.take(ctx, read)
