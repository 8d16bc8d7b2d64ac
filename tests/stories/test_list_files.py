"""Lists filled on a computer: a clerk fills the bot's template in Excel and sends it back.

The forty-nominee story over the fake Bot API (getFile, the download) is tests/test_list_files.py;
these stories are about what the bot makes of a file: role models, the rules, the rows typed in the
chat, odd files that change nothing, and who may send one.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import update
from sqlmodel import select

from bot import texts
from bot.documents import list_reader
from bot.documents.list_workbooks import LAYOUTS
from storage import list_import
from storage.db import reading, transaction
from storage.facts import Problem
from storage.list_import import MAX_ROWS
from storage.models import ListImport, Nomination, Report, RoleModel, StagedListRow, User, utcnow
from tests.list_files import LDTT, fill, nominees, role_models, row_number, save, sheet_rows
from tests.stories.test_nominations import add_nominee, report_of, seed


def rows_of(bot, model) -> list:
    with transaction(bot.engine) as session:
        report = report_of(session)
        return list(session.exec(select(model).where(model.report_id == report.id).order_by(model.id)).all())


async def template_of(clerk, command: str = "/khenthuong") -> bytes:
    await clerk.send(command)
    [template] = await clerk.press(texts.BTN_LIST_TEMPLATE)
    assert template.kind == "document"
    return template.data


async def test_role_models_from_a_file_then_the_list_sent_back_with_more(bot, fake):
    clerk = await bot.register(801, "Lò Thị Mai")
    template = await template_of(clerk, "/dienhinh")
    assert sheet_rows(template)[2][:6] == [texts.LIST_EXAMPLE, "Gia đình ông Quàng Văn Lến", "Hộ gia đình",
                                           "Bản Co Sản", "xã Quài Nưa", "Mô hình trồng cây chanh leo"]
    rows = role_models(6)
    rows[0]["field"] = "ho gia dinh"  # the drop-down's label without diacritics: read as the chat's button
    rows[1]["income"] = "85,5"  # typed as Vietnamese write it
    rows[2]["commune"] = None  # left empty: this commune, as the chat's one-tap button
    rows[3]["income"] = "khá cao"
    rows[3]["field"] = "Nông nghiệp"  # not one of the drop-down's fields
    rows[4]["name"] = "A"
    rows[5]["income"] = None  # not known
    [answer] = await clerk.send_file("dien hinh.xlsx", fill(template, "role_models", rows))
    assert texts.LIST_IMPORT_SAVED.format(saved=4) in answer.text
    assert f"Dòng {row_number(3)}, cột G (Thu nhập): «khá cao» không phải là số" in answer.text
    assert f"Dòng {row_number(3)}, cột C (Lĩnh vực): «Nông nghiệp»" in answer.text
    assert f"Dòng {row_number(4)}, cột B (Họ và tên): tên quá ngắn" in answer.text
    saved = rows_of(bot, RoleModel)
    assert {m.field for m in saved} == {"household"}
    assert [(m.name, m.commune, m.income_million) for m in saved] == [
        (rows[0]["name"], "Quài Nưa", 100.0), (rows[1]["name"], "Quài Nưa", 85.5),
        (rows[2]["name"], "xã Quài Nưa", 102.0), (rows[5]["name"], "Quài Nưa", None)]

    # One more typed in the chat; then the whole list as a workbook, filled further and sent back.
    [listing] = await clerk.press(texts.BTN_LIST_OPEN)
    assert any(b.startswith("4. ") for b in listing.button_texts) and texts.BTN_LIST_EXPORT in listing.button_texts
    await clerk.press("➕ Thêm")
    await clerk.send("Hộ ông Lò Văn Xôm")
    await clerk.press("Hộ gia đình")
    await clerk.send("Bản Món")
    await clerk.press("xã Quài Nưa")
    await clerk.send("Nuôi bò sinh sản")
    await clerk.press("Không rõ")
    await clerk.press("Xác nhận")
    [workbook] = await clerk.press(texts.BTN_LIST_EXPORT)
    assert workbook.caption == texts.LIST_EXPORT_SENT.format(
        list=texts.LIST_NAMES["role_models"].capitalize(), count=5, typed=1, filed=4)
    table = sheet_rows(workbook.data)
    assert table[1][-2:] == [texts.LIST_SOURCE_HEADER, texts.LIST_PROBLEMS_HEADER]
    assert table[3][-2] == texts.LIST_SOURCE_FILE.format(filename="dien hinh.xlsx", row=row_number(0))
    assert table[7][-2] == texts.LIST_SOURCE_CHAT

    fixed = [dict(rows[3], income=130, field="Hộ gia đình"), dict(rows[4], name="Bà Lường Thị Hoa")]
    more = [{key: value for key, value in zip(("no", "name", "field", "village", "commune", "deed", "income"), row)}
            for row in table[3:]] + fixed
    [answer] = await clerk.send_file("dien hinh 2.xlsx", fill(template, "role_models", more, numbered=False))
    assert texts.LIST_IMPORT_SAVED.format(saved=6) in answer.text
    assert texts.LIST_IMPORT_REPLACED.format(replaced=4).strip() in answer.text
    # The row typed in the chat came back in the file: not saved twice.
    assert f"Dòng {row_number(4)}, cột B (Họ và tên): đã có trong danh sách (hồ sơ số 5, nhập trên chat)" \
        in answer.text
    assert len(rows_of(bot, RoleModel)) == 7  # 6 from the file, 1 typed; nothing doubled


async def test_the_rules_of_the_chat_flag_saved_rows_and_a_nominee_typed_in_the_chat_is_not_doubled(bot, fake):
    clerk = await bot.register(802, "Lò Thị Mai")
    template = await template_of(clerk)
    await clerk.send("/khenthuong")
    await add_nominee(clerk, "Vì Văn Pọm", "LĐTT")
    rows = nominees(8, cstdcs=2, collectives=0)  # 6 LĐTT, 2 CSTĐCS: 15% of 6 allows none
    rows[7].update(initiative=None, initiative_ref=None)
    rows.append({"subject": "cá nhân", "name": "VI VAN POM", "birth_year": "1979", "position": "Trưởng bản", "form": "lđtt",
                 "achievements": "Tốt."})  # typed in the chat already, labels without diacritics
    [answer] = await clerk.send_file("ds.xlsx", fill(template, "nominations", rows))
    assert len(answer.text) <= 600
    assert texts.LIST_IMPORT_SAVED.format(saved=8) in answer.text
    assert f"Dòng {row_number(8)}, cột C (Họ và tên): đã có trong danh sách (hồ sơ số 1, nhập trên chat)" \
        in answer.text
    assert texts.LIST_IMPORT_FLAGGED in answer.text
    assert f"• Dòng {row_number(7)}: CSTĐCS còn thiếu tên sáng kiến và số quyết định công nhận sáng kiến" \
        in answer.text
    assert f"• Dòng {row_number(6)}, {row_number(7)}: số CSTĐCS (2) vượt quá 15% số LĐTT (7): tối đa 1" \
        in answer.text
    nominated = rows_of(bot, Nomination)
    assert len(nominated) == 9 and nominated[0].import_id is None
    [problems] = await clerk.press(texts.BTN_LIST_PROBLEMS)
    table = sheet_rows(problems.data)
    saved = [row for row in table[1:] if row[4] == texts.LIST_PROBLEMS_SAVED[True]]
    assert len(saved) == 2 and all(row[5] for row in saved)  # the full rule, with its legal source
    # The list's screen flags them as the chat's own rows are flagged.
    [listing] = await clerk.send("/khenthuong")
    assert "⚠️ 2 vấn đề" in listing.text and texts.BTN_PROBLEMS.format(count=2) in listing.button_texts


async def test_thirty_wrong_rows_still_fit_one_screen_and_all_are_in_the_workbook(bot, fake):
    clerk = await bot.register(803, "Lò Thị Mai")
    template = await template_of(clerk)
    rows = nominees(40, cstdcs=0)
    for row in rows[:30]:
        row["form"] = "Huy chương vàng"
    [answer] = await clerk.send_file("ds.xlsx", fill(template, "nominations", rows))
    assert len(answer.text) <= 600, answer.text
    assert texts.LIST_IMPORT_REFUSED.format(count=30) in answer.text
    assert texts.LIST_IMPORT_MORE.split("{")[0] in answer.text and answer.text.endswith(texts.LIST_IMPORT_FIX)
    [problems] = await clerk.press(texts.BTN_LIST_PROBLEMS)
    assert len(sheet_rows(problems.data)) == 1 + 30  # the header, the refused rows


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def with_macros(xlsx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return zipped({**parts, "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 vba"})


def other_workbook() -> bytes:
    book = Workbook()
    book.active.append(["Họ tên", "Ngày sinh", "Địa chỉ"])
    book.active.append(["Lò Văn Minh", "01/01/1980", "Bản Co Sản"])
    return save(book)


def too_many_rows() -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(texts.LIST_HEADERS["nominations"].values()))
    for n in range(10_000):
        sheet.append([n + 1, "Cá nhân", f"Người số {n}", "Giáo viên", LDTT, "Tốt."])
    return save(book)


def bomb() -> bytes:
    """A small zip that unzips to 101 MB (zeros)."""
    return zipped({"[Content_Types].xml": b"spreadsheetml", "xl/worksheets/sheet1.xml": bytes(101 * 2**20)})


async def test_odd_files_get_a_clear_message_and_change_nothing(bot, fake, settings):
    clerk = await bot.register(804, "Lò Thị Mai")
    seed(bot, "LDTT", ["Lò Văn Minh", "Quàng Thị Hoa"])
    template = await template_of(clerk)
    good = fill(template, "nominations", nominees(5, cstdcs=0, collectives=0))
    with_formula = fill(template, "nominations", nominees(5, cstdcs=0, collectives=0) + [{"name": "=C4&\" 2\""}])
    cases = [
        ("anh.jpg", b"\xff\xd8\xff\xe0 JFIF", Problem("file_not_workbook")),
        ("ghi chu.txt", "Lò Văn Minh, LĐTT".encode(), Problem("file_not_workbook")),
        ("danh sach.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), Problem("file_old_excel")),
        ("danh sach.zip", zipped({"a.txt": b"x"}), Problem("file_not_workbook")),
        ("danh sach.xlsx", good[: len(good) // 2], Problem("file_not_workbook")),  # cut short on the way
        ("danh sach.xlsm", with_macros(good), Problem("file_macros")),
        ("danh sach.xlsx", with_macros(good), Problem("file_macros")),
        ("danh sach.xlsx", with_formula, Problem("file_formula", cell=f"C{row_number(5)}")),
        ("khac.xlsx", other_workbook(), Problem("file_other_template")),
        ("mau.xlsx", template, Problem("file_empty")),
        ("rong.xlsx", b"", Problem("file_empty")),
        ("lon.xlsx", too_many_rows(), Problem("file_too_many_rows", limit=MAX_ROWS)),
        ("bom.xlsx", bomb(), None),
    ]
    for filename, data, problem in cases:
        [answer] = await clerk.send_file(filename, data)
        if problem is not None:
            assert answer.text.startswith(texts.say(problem)), (filename, answer.text)
        else:
            assert answer.text.startswith("Tệp lớn quá"), (filename, answer.text)
        assert texts.LIST_FILE_UNCHANGED in answer.text
        assert texts.BTN_LIST_TEMPLATE in answer.button_texts  # the list's screen again, with its template
    # Over the size limit: not even fetched (the adapter leaves it, as Telegram's does).
    before = fake.count(804)
    fake.push_document(804, "to.xlsx", good, max_bytes=len(good) - 1)
    [answer] = (await fake.wait_for_messages(804, before + 1))[before:]
    assert answer.text.startswith("Tệp lớn quá (tối đa")
    assert [n.name for n in rows_of(bot, Nomination)] == ["Lò Văn Minh", "Quàng Thị Hoa"]
    with transaction(bot.engine) as session:
        assert not session.exec(select(ListImport)).all()


async def test_a_file_in_the_middle_of_a_question_gets_its_answer_and_the_question_again(bot, fake):
    clerk = await bot.register(805, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    await clerk.press("➕ Thêm")
    [question] = await clerk.press("Cá nhân")
    [again] = await clerk.send_file("anh.png", b"\x89PNG\r\n")
    assert again.text.startswith(texts.say(Problem("file_not_workbook")))
    assert again.text.endswith(question.text.splitlines()[-1]) and again.buttons
    [card] = await clerk.send("Lò Văn Minh")  # the answer still lands on the question shown
    assert texts.ASK_BIRTH_YEAR.format(name="Lò Văn Minh") in card.text


async def test_an_approved_report_takes_no_file_and_only_clerks_send_lists(bot, fake):
    clerk = await bot.register(806, "Lò Thị Mai")
    template = await template_of(clerk)
    with transaction(bot.engine) as session:
        report = report_of(session)
        report.status = "approved"
        session.add(report)
    [answer] = await clerk.send_file("ds.xlsx", fill(template, "nominations", nominees(3, 0, 0)))
    assert answer.text == texts.LOCKED and not rows_of(bot, Nomination)

    official = await bot.register(807, "Lò Văn Minh", unit="Tuần Giáo", role="official")
    [answer] = await official.send_file("ds.xlsx", fill(template, "nominations", nominees(3, 0, 0)))
    assert answer.text == texts.LIST_FILE_NOT_FOR_ROLE

    stranger = fake
    stranger.set_user(808, "Người lạ")
    before = fake.count(808)
    fake.push_document(808, "ds.xlsx", template)
    [answer] = (await fake.wait_for_messages(808, before + 1))[before:]
    assert "mã mời" in answer.text
    with transaction(bot.engine) as session:
        assert session.exec(select(Report)).one().status == "approved"


@pytest.mark.both_databases
async def test_a_second_file_replaces_only_the_first_files_rows(bot, fake):
    clerk = await bot.register(809, "Lò Thị Mai")
    template = await template_of(clerk)
    await clerk.send("/khenthuong")
    await add_nominee(clerk, "Cà Văn Chiến", "GK xã")
    first = nominees(10, cstdcs=1, collectives=1)
    await clerk.send_file("ds.xlsx", fill(template, "nominations", first))
    assert len(rows_of(bot, Nomination)) == 11
    second = first[:6]  # four rows taken off in Excel
    [answer] = await clerk.send_file("ds.xlsx", fill(template, "nominations", second))
    assert texts.LIST_IMPORT_REPLACED.format(replaced=10).strip() in answer.text
    names = [n.name for n in rows_of(bot, Nomination)]
    assert names == ["Cà Văn Chiến"] + [row["name"] for row in second]
    with transaction(bot.engine) as session:
        assert len(session.exec(select(ListImport)).all()) == 1  # the first file's record is gone with its rows


async def test_the_example_row_is_skipped_unless_the_clerk_typed_over_it(bot, fake):
    from openpyxl import load_workbook

    from bot.documents.list_workbooks import EXAMPLE_ROW

    clerk = await bot.register(810, "Lò Thị Mai")
    template = await template_of(clerk, "/dienhinh")
    filled = fill(template, "role_models", role_models(2))
    [answer] = await clerk.send_file("a.xlsx", filled)
    assert texts.LIST_IMPORT_HEAD.format(filename="a.xlsx", list=texts.LIST_NAMES["role_models"], read=2) \
        in answer.text
    book = load_workbook(io.BytesIO(filled))
    book.worksheets[0].cell(EXAMPLE_ROW, 2, "Hộ bà Lò Thị Dung")  # STT still says «Ví dụ»
    [answer] = await clerk.send_file("a.xlsx", save(book))
    assert texts.LIST_IMPORT_SAVED.format(saved=3) in answer.text
    assert "Hộ bà Lò Thị Dung" in [m.name for m in rows_of(bot, RoleModel)]


async def test_control_characters_in_a_file_and_its_name_are_dropped_and_the_list_still_exports(bot, fake):
    clerk = await bot.register(811, "Lò Thị Mai")
    template = await template_of(clerk)
    rows = nominees(2, cstdcs=0, collectives=0)
    rows[0]["name"] = "Lò\u0086 Văn\x7f Minh\u202e"  # C1, DEL, a bidi override: copied from somewhere
    rows[1]["position"] = "Giáo viên\u009f"
    [answer] = await clerk.send_file("ds\x01\u202egpj.xlsx", fill(template, "nominations", rows))
    assert texts.LIST_IMPORT_SAVED.format(saved=2) in answer.text and "«dsgpj.xlsx»" in answer.text
    saved = rows_of(bot, Nomination)
    assert [n.name for n in saved] == ["Lò Văn Minh", rows[1]["name"]]
    assert saved[1].position == "Giáo viên"
    with transaction(bot.engine) as session:
        assert session.exec(select(ListImport)).one().filename == "dsgpj.xlsx"
    # The list as a workbook: written (no character a spreadsheet refuses), the names as stored.
    [export] = await clerk.send("/excel danhsach khenthuong")
    assert export.kind == "document"
    assert [row[2] for row in sheet_rows(export.data)[3:5]] == ["Lò Văn Minh", rows[1]["name"]]


def staged(bot) -> int:
    with transaction(bot.engine) as session:
        return len(session.exec(select(StagedListRow.id)).all())


@pytest.mark.both_databases
async def test_a_file_whose_saving_fails_changes_nothing_and_what_it_staged_is_cleared(bot, fake):
    """A file's rows are staged (written in short batches that no list shows) before the one short
    transaction that puts them on the list: if that transaction fails, the list is as it was; what was
    staged goes after it, and what a crash left goes with a later file."""
    clerk = await bot.register(812, "Lò Thị Mai")
    template = await template_of(clerk)
    [answer] = await clerk.send_file("ds.xlsx", fill(template, "nominations", nominees(6, cstdcs=0, collectives=0)))
    before = [n.name for n in rows_of(bot, Nomination)]
    assert texts.LIST_IMPORT_SAVED.format(saved=6) in answer.text and len(before) == 6 and staged(bot) == 0

    second = fill(template, "nominations", nominees(30, cstdcs=0, collectives=0))
    sheet = list_reader.read(second, "ds2.xlsx", LAYOUTS.values(), 5 * 2**20)
    with reading(bot.engine) as session:
        checked = list_import.check(session, sheet, LAYOUTS[sheet.kind], "xã Quài Nưa")
        clerk_id = session.exec(select(User.id)).one()
    list_import.stage(bot.engine, checked)
    assert staged(bot) == 30 and [n.name for n in rows_of(bot, Nomination)] == before  # on no list yet
    with pytest.raises(ZeroDivisionError):
        with transaction(bot.engine) as session:
            assert list_import.save(session, report_of(session), clerk_id, checked).saved == 30
            1 / 0  # the transaction fails after the rows were copied
    assert [n.name for n in rows_of(bot, Nomination)] == before
    list_import.unstage(bot.engine, checked)  # as after every file's transaction
    assert staged(bot) == 0

    list_import.stage(bot.engine, checked)  # and then the process died: nothing cleared it
    with transaction(bot.engine) as session:
        session.execute(update(StagedListRow).values(at=utcnow() - list_import.STAGED_KEPT * 2))
    [answer] = await clerk.send_file("ds3.xlsx", second)
    assert texts.LIST_IMPORT_SAVED.format(saved=30) in answer.text
    assert len(rows_of(bot, Nomination)) == 30 and staged(bot) == 0
