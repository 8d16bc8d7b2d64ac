"""Files sent by people who may not send one, and files made to be costly (issue 30), through the fake
Bot API: who first, then the file; every crafted file refused with a clear message; one log line each.

The figures (memory, CPU, another clerk's wait) are bench/uploads.py's.
"""

from __future__ import annotations

import logging

from sqlmodel import select

from bot import texts
from bot.documents import list_reader
from storage.db import transaction
from storage.facts import Problem
from storage.models import Nomination
from tests import crafted_files
from tests.conftest import Bot, make_settings
from tests.list_files import fill, nominees
from tests.stories.test_nominations import report_of

TOO_COMPLEX = texts.say(Problem("file_too_complex"))


def downloads(fake) -> int:
    """Documents the bot fetched: getFile calls and file downloads."""
    return len(fake.calls_of("getFile")) + sum(1 for method, _ in fake.calls if method == "GET file")


async def sent(clerk, filename: str, data: bytes):
    """A file sent, and the bot's one answer (a read at the lowest priority may wait on a busy machine)."""
    before = clerk.fake.count(clerk.chat_id)
    clerk.fake.push_document(clerk.chat_id, filename, data)
    return (await clerk.fake.wait_for_messages(clerk.chat_id, before + 1, timeout=90))[before]


async def template_of(clerk) -> bytes:
    [template] = await clerk.send("/excel mau khenthuong")
    assert template.kind == "document"
    return template.data


async def test_a_strangers_or_an_officials_file_is_answered_without_being_downloaded(bot, fake):
    clerk = await bot.register(901, "Lò Thị Mai")
    filled = fill(await template_of(clerk), "nominations", nominees(3, 0, 0))

    fake.set_user(902, "Người lạ")
    before = fake.count(902)
    fake.push_document(902, "ds.xlsx", filled)
    [answer] = (await fake.wait_for_messages(902, before + 1))[before:]
    assert "mã mời" in answer.text

    # An official's file is fetched (it may be a history of titles: handlers/record_files.py); a list's is not
    # taken from them.
    official = await bot.register(903, "Lò Văn Minh", unit="Tuần Giáo", role="official")
    [answer] = await official.send_file("ds.xlsx", filled)
    assert answer.text == texts.LIST_FILE_NOT_FOR_ROLE
    fetched = downloads(fake)
    assert fetched > 0

    # A clerk whose report is approved: nothing can change, so nothing is fetched either.
    set_status(bot, "approved")
    [answer] = await clerk.send_file("ds.xlsx", filled)
    assert answer.text == texts.LOCKED
    assert downloads(fake) == fetched

    set_status(bot, "draft")
    answer = await sent(clerk, "ds.xlsx", filled)  # the clerk's, now it can change: fetched and saved
    assert texts.LIST_IMPORT_SAVED.format(saved=3) in answer.text
    assert len(fake.calls_of("getFile")) == 2


def set_status(bot, status: str) -> None:
    with transaction(bot.engine) as session:
        report = report_of(session)
        report.status = status
        session.add(report)


async def test_crafted_files_are_refused_as_too_complex_and_change_nothing(bot, fake, caplog):
    clerk = await bot.register(911, "Lò Thị Mai")
    template = await template_of(clerk)
    # Each just past the bound that stops it (the full-size files are bench/uploads.py's).
    crafted = {
        "cach.xlsx": crafted_files.rows_apart(template, count=5),
        "rong.xlsx": crafted_files.wide_row(template, cells=list_reader.CELLS_PER_ROW + 1),
        "rac.xlsx": crafted_files.junk_before_data(template, megabytes=2),
        "dai.xlsx": crafted_files.long_cells(template, chars=list_reader.CELL_MAX_CHARS + 1),
    }
    caplog.set_level(logging.INFO, logger="handlers.list_files")
    for filename, data in crafted.items():
        answer = await sent(clerk, filename, data)
        assert answer.text.startswith(TOO_COMPLEX), (filename, answer.text)
        assert texts.LIST_FILE_UNCHANGED in answer.text
    with transaction(bot.engine) as session:
        assert not session.exec(select(Nomination)).all()
    # One line per file: who, how big, what became of it; never what it says.
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("list file from user")]
    assert len(lines) == 4 and all("(clerk, unit " in line and "refused: file_too_complex" in line for line in lines)
    assert not any("Lò Văn Pánh" in r.getMessage() or "cach.xlsx" in r.getMessage() for r in caplog.records)


async def test_a_file_that_takes_longer_than_allowed_is_stopped(fake, database_url, clock):
    bot = await Bot(fake, make_settings(database_url, fake, UPLOAD_READ_SECONDS=0.001), clock).start()
    try:
        clerk = await bot.register(921, "Lò Thị Mai")
        answer = await sent(clerk, "ds.xlsx", fill(await template_of(clerk), "nominations", nominees(3, 0, 0)))
        assert answer.text.startswith(TOO_COMPLEX), answer.text
    finally:
        await bot.stop()


def test_the_reading_process_imports_neither_the_database_nor_the_bot():
    """The process that reads a file (bot/sandbox.py runs `python -m bot.read_list_file`) starts in a
    tenth of a second: it imports the reader and plain modules, nothing that talks to a database,
    to Telegram or writes an office file."""
    import subprocess
    import sys

    from bot import sandbox

    probe = ("import sys; sys.argv[1:] = ['5', '256']; import bot.read_list_file as entry, bot.sandbox as s; "
             "s.confine(); from bot.documents import list_reader; "
             "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('sqlalchemy', 'sqlmodel', 'openpyxl', 'docx', 'telegram', 'httpx', 'handlers', 'main'))))")
    done = subprocess.run([sys.executable, "-E", "-s", "-c", probe], cwd=sandbox.ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_every_field_a_list_file_fills_has_its_column_among_the_staged_rows():
    """A file's rows wait in StagedListRow, column to column, before the transaction that saves them."""
    from storage.list_schema import ROWS
    from storage.models import StagedListRow

    staged = set(StagedListRow.__table__.columns.keys())
    fields = {col.attribute for columns in ROWS.values() for col in columns if col.attribute} | {"name_key"}
    assert fields <= staged, fields - staged
