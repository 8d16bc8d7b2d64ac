"""Lists filled on a computer, through the fake Bot API: the template comes as a document, the clerk's
file goes back as one (getFile, then the download), and the answer names the rows to fix.
The refusals of odd files and the role models' story are user stories: tests/stories/test_list_files.py.
"""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlmodel import select

from bot import texts
from storage.db import transaction
from storage.facts import Problem
from storage.models import Nomination
from storage.people import fold
from tests.conftest import Running, free_port, zalo_settings
from tests.list_files import fill, nominees, row_number, sheet_rows
from tests.stories.test_nominations import report_of


def listed(bot) -> list[Nomination]:
    with transaction(bot.engine) as session:
        report = report_of(session)
        return list(session.exec(select(Nomination).where(Nomination.report_id == report.id)).all())


def with_mistakes(rows: list[dict]) -> tuple[list[dict], dict[int, str]]:
    """Five rows made wrong, the way clerks get them wrong; and {sheet row: column letter} of each."""
    bad = [dict(row) for row in rows]
    bad[5]["name"] = None  # forgotten
    bad[10]["form"] = "Huân chương Lao động hạng Nhì"  # decided by the President: not the commune's to ask
    bad[15]["subject"] = "Tập thể"  # LĐTT is for individuals
    bad[20]["achievements"] = ("Gương mẫu, tận tụy. " * 33).strip()  # 659 characters: over the catalogue's 500
    bad[25]["name"] = fold(bad[24]["name"]).upper()  # the row above again, typed without diacritics
    return bad, {row_number(5): "C", row_number(10): "G", row_number(15): "G", row_number(20): "H",
                 row_number(25): "C"}


async def test_forty_nominees_five_wrong_then_the_corrected_file_replaces_them(bot, fake):
    clerk = await bot.register(701, "Lò Thị Mai")
    [listing] = await clerk.send("/khenthuong")
    assert texts.BTN_LIST_TEMPLATE in listing.button_texts
    [template] = await clerk.press(texts.BTN_LIST_TEMPLATE)
    assert template.kind == "document" and template.filename == "mau-de-nghi-khen-thuong-tongket-2020.xlsx"
    assert texts.LIST_SEND_HERE in template.caption

    rows = nominees(40)
    bad, wrong = with_mistakes(rows)
    [answer] = await clerk.send_file("danh sach Quai Nua.xlsx", fill(template.data, "nominations", bad))
    assert len(answer.text) <= 600, answer.text
    assert texts.LIST_IMPORT_SAVED.format(saved=35) in answer.text
    assert texts.LIST_IMPORT_REFUSED.format(count=5) in answer.text
    named = re.findall(r"Dòng (\d+), cột ([A-Z])", answer.text)
    assert {int(row): letter for row, letter in named} == wrong, answer.text
    assert "chưa điền" in answer.text and "vượt mức được đề nghị" in answer.text
    assert "dài 659 ký tự, tối đa 500" in answer.text and f"trùng với dòng {row_number(24)}" in answer.text
    assert fake.calls_of("getFile") and any(method == "GET file" for method, _ in fake.calls)
    assert len(listed(bot)) == 35

    # The whole list of problems, on request.
    [problems] = await clerk.press(texts.BTN_LIST_PROBLEMS)
    assert problems.kind == "document" and problems.filename.endswith(".xlsx")
    table = sheet_rows(problems.data)
    assert table[0] == list(texts.LIST_PROBLEMS_HEADERS)
    assert {(row[0], row[1]) for row in table[1:]} == set(wrong.items())

    # Corrected and sent again: the earlier file's rows are replaced, nothing doubles.
    [again] = await clerk.send_file("danh sach Quai Nua.xlsx", fill(template.data, "nominations", rows))
    assert texts.LIST_IMPORT_SAVED.format(saved=40) in again.text
    assert texts.LIST_IMPORT_REPLACED.format(replaced=35).strip() in again.text
    assert "chưa lưu" not in again.text and texts.BTN_LIST_PROBLEMS not in again.button_texts
    saved = listed(bot)
    assert len(saved) == 40  # not 75
    assert all(n.complete and n.import_row for n in saved)
    assert sum(1 for n in saved if n.form_code == "CSTDCS" and n.initiative and n.prereq_mode == "list") == 4

    # The list shows them; the list as a workbook has every row, from the file.
    [listing] = await clerk.press(texts.BTN_LIST_OPEN)
    assert "Trang 1/6" in listing.text  # seven rows a page, as buttons
    assert listing.button_texts[0].startswith(f"1. {rows[0]['name']}"[:20])
    [workbook] = await clerk.press(texts.BTN_LIST_EXPORT)
    assert workbook.kind == "document"
    assert texts.LIST_EXPORT_SENT.format(list=texts.LIST_NAMES["nominations"].capitalize(), count=40, typed=0,
                                         filed=40) == workbook.caption
    table = sheet_rows(workbook.data)
    header = table[1]
    names = [row[header.index(texts.LIST_HEADERS["nominations"]["name"])] for row in table[3:]]
    assert len(names) == 40 and names[0] == rows[0]["name"]


async def test_the_template_has_drop_downs_an_example_and_notes(bot, fake):
    clerk = await bot.register(702, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    [template] = await clerk.press(texts.BTN_LIST_TEMPLATE)
    book = load_workbook(io.BytesIO(template.data))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[2] if c.value]
    assert headers == list(texts.LIST_HEADERS["nominations"].values())
    assert sheet["A3"].value == texts.LIST_EXAMPLE and sheet["B3"].value == "Cá nhân"
    lists = {tuple(sorted(str(r) for r in v.sqref.ranges))[0][0]: v for v in sheet.data_validations.dataValidation
             if v.type == "list"}
    assert set(lists) == {"B", "G", "I"}  # cá nhân/tập thể, the form, the prerequisite
    assert lists["B"].formula1 == "'Danh mục'!$A$1:$A$2"  # as Excel writes it: no "=" in front
    hidden = book["Danh mục"]
    assert hidden.sheet_state == "hidden"
    forms = [row[1] for row in hidden.iter_rows(values_only=True) if row[1]]
    assert "Lao động tiên tiến" in forms and "Bằng khen của UBND tỉnh" in forms  # up to the province
    assert "Huân chương Lao động hạng Nhì" not in forms  # not the commune's to ask
    notes = [c.value for c in book[texts.LIST_NOTES_TITLE]["A"] if c.value]
    assert any("CSTĐCS cần LĐTT" in note for note in notes)
    assert book.properties.keywords == "thidua:nominations:tongket-2020"


async def test_a_file_over_the_limit_is_not_downloaded_and_a_failed_download_is_asked_again(fake, database_url,
                                                                                             clock):
    from tests.harness import Bot, make_settings

    bot = await Bot(fake, make_settings(database_url, fake, UPLOAD_MAX_MB=0.01), clock).start()
    try:
        clerk = await bot.register(703, "Lò Thị Mai")
        [answer] = await clerk.send_file("lon.xlsx", b"PK\x03\x04" + b"x" * 20_000)
        assert "Tệp lớn quá (tối đa 0,01 MB)" in answer.text
        assert not fake.calls_of("getFile")  # Telegram said how big it was: not fetched at all
        fake.fail_next("file", status=502)
        [answer] = await clerk.send_file("nho.xlsx", b"PK\x03\x04")
        assert texts.say(Problem("file_not_received")) in answer.text
        assert texts.LIST_FILE_UNCHANGED in answer.text
    finally:
        await bot.stop()


async def test_on_zalo_the_template_is_a_link_and_the_bot_says_where_to_send_it(database_url, zalo, clock):
    import httpx

    port = free_port()
    running = await Running(zalo_settings(database_url, zalo, HTTP_PORT=port,
                                          PUBLIC_BASE_URL=f"http://127.0.0.1:{port}"), clock).start()
    try:
        phone = await running.register_zalo(zalo, "z701", "Lò Thị Mai")
        [menu] = await phone.send("/excel")
        assert texts.LIST_SEND_ELSEWHERE in menu.text
        number = re.search(r"(\d+)\. " + re.escape(texts.BTN_LIST_TEMPLATE_OF["nominations"]), menu.text).group(1)
        [template] = await phone.send(number)
        assert texts.LIST_SEND_ELSEWHERE in template.text and "hết hạn sau 24 giờ" in template.text
        link = re.search(r"http://\S+", template.text).group(0)
        async with httpx.AsyncClient() as client:
            got = await client.get(link)
        assert got.status_code == 200
        book = load_workbook(io.BytesIO(got.content))
        assert [c.value for c in book.worksheets[0][2] if c.value] == list(texts.LIST_HEADERS["nominations"].values())
    finally:
        await running.stop()

