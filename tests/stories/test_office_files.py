"""Files an office opens without fixing: the Word drafts and the workbooks the officials get.

Word: Vietnamese (the file's language and every style's, so Word does not underline every word), the
issuing body as author, created and modified when written. Workbooks: sheet names whole words and
unique, A4 print set-up with the header on every page (landscape where wide, fitted to the width),
only the header row and the name column frozen.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
from openpyxl import load_workbook

from sqlmodel import select

from bot import texts
from storage.db import transaction
from storage.models import Section
from tests.stories.test_deliberation import decide_in_storage, demo_lists
from tests.stories.test_officials import district, official

A4 = 9  # the paper size code of A4 in a workbook
ISSUER = "Ủy ban nhân dân huyện Tuần Giáo"  # the catalogue's [document] issuer


def assert_word_file(data: bytes) -> None:
    document = docx.Document(io.BytesIO(data))
    props = document.core_properties
    assert props.language == "vi-VN" and props.author == ISSUER and props.comments == ""
    now = dt.datetime.now(dt.timezone.utc)
    assert abs(props.created - now) < dt.timedelta(minutes=10) and props.modified == props.created
    langs = re.findall(r'<w:lang [^>]*w:val="([^"]+)"', document.styles.element.xml)
    assert langs and set(langs) == {"vi-VN"}
    assert props.title.startswith(("BÁO CÁO", "DANH SÁCH", "QUYẾT ĐỊNH", "TỜ TRÌNH")), props.title


def assert_workbook(data: bytes, names: dict[str, str]) -> None:
    """Each sheet: a valid unique name cut at a word, A4 fitted to the width, the header repeated,
    frozen at the header and the name column; `names`: sheet -> the header of its name column."""
    book = load_workbook(io.BytesIO(data))
    assert book.properties.creator == ISSUER and book.properties.language == "vi-VN"
    titles = book.sheetnames
    assert len({t.casefold() for t in titles}) == len(titles) and all(len(t) <= 31 for t in titles)
    for ws in book.worksheets:
        if ws.sheet_state == "hidden":
            continue
        setup = ws.page_setup
        assert setup.paperSize == A4 and setup.fitToWidth == 1 and setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        if ws.max_column > 9:
            assert setup.orientation == "landscape", ws.title
        header_row = int(re.fullmatch(r"\$?(\d+):\$?(\d+)", ws.print_title_rows).group(2))
        column = ws.freeze_panes.rstrip("0123456789")
        assert int(ws.freeze_panes[len(column):]) == header_row + 1, (ws.title, ws.freeze_panes)
        if ws.title in names:  # frozen right of the name column, and nothing wider
            assert ws.cell(header_row, ord(column) - ord("A")).value == names[ws.title], ws.title
    return book


async def test_the_summary_files_open_in_an_office_as_they_are(bot, fake):
    await district(bot, fake)
    await official(bot)
    before = fake.count(900)
    fake.push_text(900, "/tonghop")
    await fake.wait_for(lambda: sum(m.kind == "document" for m in fake.bot_messages(900)[before:]) == 2,
                        what="the report and the workbook")
    files = {m.filename: m.data for m in fake.bot_messages(900)[before:] if m.kind == "document"}
    assert_word_file(files["tong-hop-tongket-2020.docx"])
    book = assert_workbook(files["so-lieu-tongket-2020.xlsx"], {
        texts.XLSX_FIGURES_SHEET: texts.XLSX_INDICATOR, texts.XLSX_PROGRESS_SHEET: texts.XLSX_UNIT,
        texts.XLSX_NOMINEES_SHEET: texts.XLSX_NOMINEE, texts.XLSX_ROLE_MODELS_SHEET: texts.XLSX_ROLE_MODEL})
    # The long names of the catalogue's sections, cut after a whole word, still told apart.
    with transaction(bot.engine) as session:
        long_names = [s.name for s in session.exec(select(Section)).all() if len(s.name) > 31]
    assert long_names
    for name in long_names:
        [title] = [t for t in book.sheetnames if name.startswith(re.sub(r" \d+$", "", t))]
        assert name[len(re.sub(r" \d+$", "", title))] == " ", (name, title)  # a word boundary
    # The figures sheet has nine columns and a long one: landscape.
    assert book[texts.XLSX_FIGURES_SHEET].page_setup.orientation == "landscape"


async def test_the_councils_files_open_in_an_office_as_they_are(bot):
    demo_lists(bot)
    boss = await official(bot)
    decide_in_storage(bot, "LDTT", ["Lò Văn An"], "passed")
    decide_in_storage(bot, "BK_TINH", ["Tòng Văn Dũng"], "sent_up")
    await boss.send("/binhxet")
    decision, submission, book, _ = await boss.press(texts.BTN_COUNCIL_DOCS, expect=4)
    assert_word_file(decision.data)
    assert_word_file(submission.data)
    head = texts.XLSX_COUNCIL_HEAD[1]
    assert_workbook(book.data, {texts.XLSX_COUNCIL_SHEETS[k]: head for k in ("passed", "sent_up", "refused")})
