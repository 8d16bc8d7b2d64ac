"""One schema per list (storage/list_schema.py): the chat's questions, the template's columns and both
checks come from one description of a list's row, so a limit holds alike in the chat and in the file."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlmodel import select

from bot import texts
from bot.documents.list_workbooks import HEADER_ROW
from storage import list_schema
from storage.db import transaction
from storage.models import Nomination
from tests.list_files import LDTT, fill, row_number
from tests.stories.test_list_files import template_of
from tests.stories.test_nominations import add_nominee, report_of


def limits_in_template(template: bytes) -> dict[str, int]:
    """The text-length checks the template gives Excel, by the header of the column they hold."""
    sheet = load_workbook(io.BytesIO(template)).worksheets[0]
    headers = {cell.column_letter: cell.value for cell in sheet[HEADER_ROW] if cell.value}
    found = {}
    for rule in sheet.data_validations.dataValidation:
        if rule.type == "textLength":
            letter = str(rule.sqref).split(":")[0].rstrip("0123456789")
            found[headers[letter]] = int(rule.formula2 or rule.formula1)
    return found


async def test_a_columns_limit_holds_alike_in_the_chat_the_template_and_the_file(bot, fake):
    clerk = await bot.register(821, "Lò Thị Mai")
    template = await template_of(clerk)
    headers = texts.LIST_HEADERS["nominations"]
    position = list_schema.column("nominations", "position")
    name = list_schema.column("nominations", "name")
    # The template: every text column has its limit as Excel's own check.
    limits = limits_in_template(template)
    assert limits[headers["position"]] == position.limit and limits[headers["name"]] == name.limit
    assert limits[headers["initiative"]] == list_schema.column("nominations", "initiative").limit

    # The chat: a one-letter name is too short; one character over the position's limit is refused.
    too_long = "Giáo viên " * (position.limit // 10) + "x"
    await clerk.send("/khenthuong")
    await clerk.press("➕ Thêm")
    await clerk.press("Cá nhân")
    [answer] = await clerk.send("M" * (name.minimum - 1) or "M")
    assert texts.ERR_NAME_SHORT in answer.text
    await clerk.send("Lò Văn Minh")
    await clerk.send("1985")
    await clerk.press(texts.BTN_NO_CCCD)
    [answer] = await clerk.send(too_long)
    assert texts.ERR_TOO_LONG.format(length=len(too_long), limit=position.limit) in answer.text

    # The file: the same cell refused with the same limit; a one-letter name too.
    rows = [{"subject": "Cá nhân", "name": "Lò Văn Minh", "birth_year": 1985, "position": too_long, "form": LDTT,
             "achievements": "Tốt."},
            {"subject": "Cá nhân", "name": "M", "birth_year": 1985, "position": "Giáo viên", "form": LDTT, "achievements": "Tốt."}]
    [answer] = await clerk.send_file("ds.xlsx", fill(template, "nominations", rows))
    assert f"Dòng {row_number(0)}, cột F" in answer.text
    assert f"dài {len(too_long)} ký tự, tối đa {position.limit}" in answer.text
    assert f"Dòng {row_number(1)}, cột C" in answer.text
    with transaction(bot.engine) as session:  # neither row of the file saved (the chat's row is being typed)
        saved = session.exec(select(Nomination).where(Nomination.report_id == report_of(session).id)).all()
        assert [n.import_id for n in saved] == [None]
