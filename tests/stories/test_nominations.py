"""Nominations and role models: a clerk keeps the unit's lists, the commendation rules check them."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from bot import texts
from bot.settings import DEMO_CATALOG
from storage import reports
from storage.db import transaction
from storage.models import AuditLog, ChatState, Indicator, Nomination, Report, RoleModel
from storage.people import find_units, fold
from tests.clerk import SCREEN, overview, screen_lengths
from tests.harness import make_settings


async def add_nominee(phone, name, form, subject="Cá nhân", position="Trưởng bản Co Sản",
                      achievements="Hoàn thành xuất sắc nhiệm vụ năm 2020.", then=(), confirm=True, born="1985",
                      cccd=None):
    """Add one nominee through the chat. `then` answers the form's extra questions: a str is typed,
    ("press", label) presses a button. An individual's year of birth is typed, their CCCD typed or skipped.
    Returns the last replies."""
    await phone.press("➕ Thêm")
    await phone.press(subject)
    await phone.send(name)
    if subject == "Cá nhân":
        await phone.send(born)
        await (phone.send(cccd) if cccd else phone.press(texts.BTN_NO_CCCD))
    await phone.send(position)
    await phone.press(form)
    replies = await phone.send(achievements)
    for step in then:
        replies = await (phone.press(step[1]) if isinstance(step, tuple) else phone.send(step))
    if confirm:
        replies = await phone.press("Xác nhận")
    return replies


async def problems_of(phone) -> str:
    """What the list says needs fixing: behind its «⚠️ Cần sửa» button, every page; then back to the list."""
    [page] = await phone.press("⚠️ Cần sửa")
    pages = [page]
    while "▶️ Trang sau" in page.button_texts:
        [page] = await phone.press("▶️ Trang sau")
        pages.append(page)
    assert all(max(screen_lengths(p)) <= SCREEN for p in pages)
    await phone.press("📋 Danh sách")
    return "\n".join(p.text for p in pages)


def report_of(session, unit="Quài Nưa") -> Report:
    round_ = reports.round_by_code(session, "tongket-2020")
    return reports.get_or_create_report(session, round_.id, find_units(session, unit)[0].id)


def seed(bot, form, names, unit="Quài Nưa", subject="individual", **extra) -> list[int]:
    """Nominees already on the list (typed in earlier), to test rules over long lists quickly."""
    with transaction(bot.engine) as session:
        report = report_of(session, unit)
        values = {"position": "Giáo viên", "achievements": "Tốt.", "complete": True, **extra}
        rows = [Nomination(report_id=report.id, subject=subject, name=name, name_key=fold(name), form_code=form,
                           **values) for name in names]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def fill_report(bot, unit="Quài Nưa") -> None:
    """Every required indicator answered (plausibly), as if the clerk had done /baocao already."""
    with transaction(bot.engine) as session:
        report, target = report_of(session, unit), find_units(session, unit)[0]
        for ind in session.exec(select(Indicator)).all():
            if not ind.required or not ind.applies_to(target):
                continue
            if ind.type == "choice":
                reports.set_value(session, report, ind.code, None, text=ind.choices[0])
            elif ind.type == "text":
                reports.set_value(session, report, ind.code, None, text="Không có.")
            else:
                reports.set_value(session, report, ind.code, None, number=1)


CSTDCS_READY = dict(prereq_mode="list", initiative="Sổ tay dạy tiếng Việt cho trẻ", initiative_ref="45/QĐ-UBND")


async def test_clerk_adds_views_edits_and_removes_nominees(bot, fake):
    clerk = await bot.register(601, "Lò Thị Mai")
    [listing] = await clerk.send("/khenthuong")
    assert "Danh sách đề nghị khen thưởng — xã Quài Nưa" in listing.text and texts.LIST_EMPTY in listing.text

    await clerk.press("➕ Thêm")
    [question] = await clerk.press("Cá nhân")
    assert "Họ và tên" in question.text
    await clerk.send("Lò Văn Minh")
    await clerk.send("1985")
    await bot.restart()  # the signal drops, the server restarts: the next answer still lands
    await clerk.press(texts.BTN_NO_CCCD)
    [forms] = await clerk.send("Trưởng bản Co Sản")
    # Only forms for an individual; the province's are marked as proposals sent up.
    assert {"LĐTT", "CSTĐCS", "GK huyện", "GK xã", "BK UBND tỉnh ↑"} <= set(forms.button_texts)
    assert "TTLĐTT ↑" not in forms.button_texts and not any("Thủ tướng" in b for b in forms.button_texts)
    assert "BK UBND tỉnh: Bằng khen của UBND tỉnh — đề nghị lên cấp tỉnh" in forms.text
    [ask] = await clerk.press("LĐTT")
    assert "tối đa 500 ký tự" in ask.text
    [again] = await clerk.send("x" * 501)  # the error line above the question asked again, one message
    assert "quá giới hạn 500" in again.text and "Tóm tắt thành tích" in again.text
    assert again.text.index("quá giới hạn 500") < again.text.index("Tóm tắt thành tích")
    assert texts.BTN_LIST in again.button_texts
    [card] = await clerk.send("Dẫn đầu phong trào trồng cây chanh leo.")
    assert "Hồ sơ đề nghị số 1" in card.text and "Họ và tên: Lò Văn Minh" in card.text
    assert "Danh hiệu, hình thức đề nghị: Lao động tiên tiến" in card.text and texts.BTN_CONFIRM in card.button_texts
    [listing] = await clerk.press("Xác nhận")
    assert "Đã lưu «Lò Văn Minh»" in listing.text and "1. Lò Văn Minh (cá nhân) — LĐTT" in listing.button_texts

    # A collective is offered the collective forms.
    await clerk.press("➕ Thêm")
    await clerk.press("Tập thể")
    await clerk.send("Trường Tiểu học Quài Nưa")
    [forms] = await clerk.send("UBND xã Quài Nưa")
    assert "TTLĐTT" in forms.button_texts and "LĐTT" not in forms.button_texts
    await clerk.press("TTLĐTT")
    await clerk.send("Đạt chuẩn quốc gia mức độ 1.")
    [listing] = await clerk.press("Xác nhận")
    assert listing.button_texts[1].startswith("2. Trường Tiểu học Quài Nưa (tập")  # the rest on its card

    # Edit: open the first, change the name and the form to a provincial one.
    [card] = await clerk.press("1. Lò Văn Minh")
    assert "Lò Văn Minh" in card.text and texts.BTN_CONFIRM not in card.button_texts
    await clerk.press("✏️ Sửa")
    [ask] = await clerk.press("Họ và tên")
    assert "Đang lưu: Lò Văn Minh" in ask.text
    [card] = await clerk.send("Lò Văn Mạnh")
    assert "Họ và tên: Lò Văn Mạnh" in card.text
    await clerk.press("✏️ Sửa")
    await clerk.press("Danh hiệu, hình thức đề nghị")
    [card] = await clerk.press("BK UBND tỉnh ↑")
    assert "Bằng khen của UBND tỉnh (đề nghị lên cấp tỉnh)" in card.text

    # Remove the school, after a second thought.
    await clerk.press("📋 Danh sách")
    await clerk.press("2. Trường Tiểu học")
    [sure] = await clerk.press("🗑 Xoá")
    assert "Xoá hồ sơ «Trường Tiểu học Quài Nưa»" in sure.text
    [card] = await clerk.press("Không xoá")
    assert "Trường Tiểu học Quài Nưa" in card.text
    await clerk.press("🗑 Xoá")
    [listing] = await clerk.press("Xoá hẳn")
    assert "Đã xoá «Trường Tiểu học Quài Nưa»" in listing.text
    assert not any(b.startswith("2. ") for b in listing.button_texts)

    with transaction(bot.engine) as session:
        [row] = session.exec(select(Nomination)).all()
        assert (row.name, row.name_key, row.form_code, row.complete) == ("Lò Văn Mạnh", "lo van manh", "BK_TINH", True)
        assert session.exec(select(AuditLog)).all() == []  # a draft is not audited


async def test_cstdcs_needs_ldtt_in_the_same_round_and_a_recognised_initiative(bot, fake):
    clerk = await bot.register(602, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    [listing] = await add_nominee(clerk, "Quàng Thị Hoa", "CSTĐCS", then=[
        ("press", "Có trong danh sách đề nghị LĐTT"), "Sổ tay dạy tiếng Việt cho trẻ mầm non", ("press", "Bổ sung sau")])
    # Entered all the same, and flagged; the reasons and their sources behind a button.
    assert "Đã lưu «Quàng Thị Hoa»" in listing.text and "có 3 vấn đề cần sửa" in listing.text
    assert "⚠️ Cần sửa (3)" in listing.button_texts and listing.button_texts[0].endswith("⚠️")
    problems = await problems_of(clerk)
    assert ("Hồ sơ số 1 «Quàng Thị Hoa» đề nghị CSTĐCS, nhưng chưa có hồ sơ đề nghị LĐTT của người này trong kỳ"
            in problems)
    assert "Căn cứ: Luật TĐKT 2003 (sửa đổi 2013) Điều 23; NĐ 91/2017/NĐ-CP Điều 9" in problems
    assert "phải có sáng kiến được công nhận: còn thiếu số quyết định công nhận sáng kiến" in problems

    # The LĐTT nomination typed without diacritics is the same person.
    await add_nominee(clerk, "quang thi hoa", "LĐTT")
    problems = await problems_of(clerk)
    assert "chưa có hồ sơ đề nghị LĐTT" not in problems
    # One LĐTT allows no CSTĐCS under the 15 % rule.
    assert "Số CSTĐCS (1) vượt quá 15% số LĐTT (1): tối đa 0. Cần bớt 1 CSTĐCS, hoặc có thêm 6 LĐTT." in problems
    assert "Căn cứ: NĐ 91/2017/NĐ-CP Điều 9 khoản 3" in problems

    await clerk.press("1. Quàng Thị Hoa")
    await clerk.press("✏️ Sửa")
    await clerk.press("Quyết định công nhận sáng kiến")
    [card] = await clerk.send("45/QĐ-UBND ngày 20/10/2020")
    assert "còn thiếu" not in card.text

    # Holding LĐTT already (with its decision) also satisfies the prerequisite.
    seed(bot, "LDTT", [f"Người {i}" for i in range(13)])
    await clerk.press("✏️ Sửa")
    await clerk.press("Danh hiệu LĐTT")
    [ask] = await clerk.press("Đã được công nhận LĐTT")
    assert "quyết định công nhận LĐTT" in ask.text
    [card] = await clerk.send("125/QĐ-UBND ngày 05/6/2020")
    assert "⚠️" not in card.text, card.text


@pytest.mark.parametrize("ldtt,cstdcs,fix", [
    (13, 1, None),
    (13, 2, "Số CSTĐCS (2) vượt quá 15% số LĐTT (13): tối đa 1. Cần bớt 1 CSTĐCS, hoặc có thêm 1 LĐTT."),
    (14, 2, None),
    (14, 3, "Số CSTĐCS (3) vượt quá 15% số LĐTT (14): tối đa 2. Cần bớt 1 CSTĐCS, hoặc có thêm 6 LĐTT."),
])
async def test_the_15_percent_rule_at_its_boundaries(bot, fake, ldtt, cstdcs, fix):
    names = [f"Lò Văn {chr(65 + i)}" for i in range(ldtt)]
    seed(bot, "LDTT", names)
    seed(bot, "CSTDCS", names[:cstdcs], **CSTDCS_READY)
    clerk = await bot.register(603, "Lò Thị Mai")
    [listing] = await clerk.send("/khenthuong")
    if fix is None:
        assert "⚠️" not in listing.text + " ".join(listing.button_texts), listing.text
    else:
        assert fix in await problems_of(clerk)


async def test_a_duplicate_is_found_with_or_without_diacritics(bot, fake):
    clerk = await bot.register(604, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    await add_nominee(clerk, "Lò Văn Minh", "LĐTT")
    [listing] = await add_nominee(clerk, "Lò Văn Minh", "GK huyện")  # another form: not a duplicate
    assert "⚠️" not in listing.text + " ".join(listing.button_texts)
    [listing] = await add_nominee(clerk, "lo van  MINH", "LĐTT")
    assert "Lưu ý — hồ sơ vẫn được lưu" in listing.text
    problems = await problems_of(clerk)
    assert "«Lò Văn Minh» có 2 hồ sơ đề nghị LĐTT trong kỳ này (số 1, 3)" in problems
    assert "Căn cứ: Luật TĐKT 2003 (sửa đổi 2013) — nguyên tắc khen thưởng" in problems
    await add_nominee(clerk, "Lò Văn Mình", "LĐTT")  # same letters, a diacritic off
    assert "có 3 hồ sơ đề nghị LĐTT trong kỳ này (số 1, 3, 4)" in await problems_of(clerk)


async def test_ttldxs_may_not_outnumber_ttldtt(bot, fake):
    clerk = await bot.register(605, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    await add_nominee(clerk, "Trường Mầm non Quài Nưa", "TTLĐXS ↑", subject="Tập thể")
    problems = await problems_of(clerk)
    assert "Số TTLĐXS (1) nhiều hơn số TTLĐTT (0). Cần bớt 1 TTLĐXS, hoặc thêm 1 TTLĐTT." in problems
    assert "Căn cứ: Luật TĐKT 2003 (sửa đổi 2013) Điều 27, Điều 28" in problems
    [listing] = await add_nominee(clerk, "Trạm Y tế xã Quài Nưa", "TTLĐTT", subject="Tập thể")
    assert "⚠️" not in listing.text + " ".join(listing.button_texts)


async def test_a_form_put_out_of_reach_by_the_catalogue_is_flagged(bot, fake, tmp_path):
    seed(bot, "BK_TINH", ["Lò Văn Minh"])
    # The administrator lets communes ask only for the district's awards.
    path = tmp_path / "catalog.toml"
    path.write_text(DEMO_CATALOG.read_text(encoding="utf-8").replace(
        'nominate_up_to = "tỉnh"', 'nominate_up_to = "huyện"'), encoding="utf-8")
    bot.settings = make_settings(bot.settings.database_url, fake, CATALOG=str(path))
    await bot.restart()
    clerk = await bot.register(606, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    problems = await problems_of(clerk)
    assert ("Hồ sơ số 1 «Lò Văn Minh»: BK UBND tỉnh do cấp tỉnh quyết định, vượt mức đơn vị được đề nghị "
            "(đến cấp huyện)") in problems
    assert "Căn cứ: Luật TĐKT 2003 (sửa đổi 2013), Chương IV" in problems
    await clerk.press("➕ Thêm")
    await clerk.press("Cá nhân")
    await clerk.send("Lò Văn Nam")
    await clerk.send("1990")
    await clerk.press(texts.BTN_NO_CCCD)
    [forms] = await clerk.send("Giáo viên")
    assert "BK UBND tỉnh ↑" not in forms.button_texts and "LĐTT" in forms.button_texts


async def test_submitting_is_blocked_by_a_rule_violation_then_allowed_after_the_fix(bot, fake):
    clerk = await bot.register(607, "Lò Thị Mai")
    fill_report(bot)
    await clerk.send("/khenthuong")
    await add_nominee(clerk, "Lò Văn Minh", "LĐTT")
    await add_nominee(clerk, "Lo Van Minh", "LĐTT")
    sections = await overview(clerk)
    assert "10. Đề nghị khen: 2 hồ sơ, ⚠️ 1 vấn đề" in sections.button_texts
    assert "danh sách kèm báo cáo còn 1 vấn đề" in sections.text and texts.BTN_SUBMIT not in sections.button_texts
    [refused] = await clerk.press("Vì sao chưa gửi được")
    assert "Chưa gửi được" in refused.text and "có 2 hồ sơ đề nghị LĐTT" in refused.text
    assert refused.button_texts == ["✏️ Đề nghị khen", "📋 Các phần"] and max(screen_lengths(refused)) <= SCREEN
    await clerk.press("Các phần")
    await clerk.press("📋 Xem lại")
    [page] = await clerk.press("📄 Xem đủ các câu trả lời")
    pages = [page]
    while "▶️ Trang sau" in page.button_texts:
        [page] = await clerk.press("Trang sau")
        pages.append(page)
    review = "\n".join(p.text for p in pages)
    assert "▪️ Danh sách đề nghị khen thưởng" in review and "1. Lò Văn Minh (cá nhân) — LĐTT" in review
    assert texts.REVIEW_PROBLEMS in review and "có 2 hồ sơ đề nghị LĐTT" in review
    # Side by side with the award counts of the report.
    assert "Danh hiệu Lao động tiên tiến (cá nhân): báo cáo 1 · danh sách 2" in review

    await clerk.press("Các phần")
    await clerk.press("Đề nghị khen")
    await clerk.press("2. Lo Van Minh")
    await clerk.press("🗑 Xoá")
    await clerk.press("Xoá hẳn")
    sections = await overview(clerk)
    [sent] = await clerk.press("📤 Gửi báo cáo")  # the optional questions never opened do not hold it back
    assert "Đã gửi báo cáo" in sent.text

    # After submission every change is audited and the report is marked for resending.
    await clerk.send("/khenthuong")
    await add_nominee(clerk, "Quàng Văn Hải", "GK xã")
    with transaction(bot.engine) as session:
        report = session.exec(select(Report)).one()
        assert report.status == "submitted" and report.edited_after_submit
        actions = [a.action for a in session.exec(select(AuditLog).order_by(AuditLog.id)).all()]
        assert actions[0] == "submit" and "nomination_add" in actions and actions[-1] == "nomination_edit"


async def test_role_models(bot, fake):
    clerk = await bot.register(608, "Lò Thị Mai")
    await overview(clerk)
    [listing] = await clerk.press("Điển hình")
    assert "Điển hình tiên tiến — xã Quài Nưa" in listing.text
    await clerk.press("➕ Thêm")
    [field] = await clerk.send("Hộ ông Lò Văn Xôm")
    assert "«Hộ ông Lò Văn Xôm» là điển hình thuộc lĩnh vực nào?" in field.text  # the report groups them by it
    assert field.button_texts[:6] == list(texts.RM_FIELD_LABELS)
    [refused] = await clerk.send("nông nghiệp")  # a field is one of the buttons: the question again
    assert "lĩnh vực nào" in refused.text
    await clerk.press("Hộ gia đình")
    [commune] = await clerk.send("Bản Co Sản")
    assert "xã Quài Nưa" in commune.button_texts
    await clerk.press("xã Quài Nưa")
    await clerk.send("Mô hình trồng cây chanh leo")
    [again] = await clerk.send("một trăm")  # the error line above the question asked again, one message
    assert "không phải là một số" in again.text and "triệu đồng" in again.text
    assert again.text.index("không phải là một số") < again.text.rindex("triệu đồng")
    assert any("Không rõ" in b for b in again.button_texts)
    [card] = await clerk.send("120,5")
    assert "Thu nhập một năm: 120,5 triệu đồng/năm" in card.text and "Xã: xã Quài Nưa" in card.text
    assert "Lĩnh vực: Hộ gia đình" in card.text
    [listing] = await clerk.press("Xác nhận")
    assert listing.button_texts[0].startswith("1. Hộ ông Lò Văn Xôm — Bản Co Sản")  # whole on its card

    # A second one, income not known, from another commune; then removed.
    [listing] = await clerk.send("/dienhinh")
    await clerk.press("➕ Thêm")
    await clerk.send("Chị Quàng Thị Dung")
    await clerk.send("6")  # the sixth button, typed: «Khác»
    await clerk.send("Bản Món")
    await clerk.send("xã Quài Cang")
    await clerk.send("Nuôi bò sinh sản")
    [card] = await clerk.press("Không rõ")
    assert "Thu nhập một năm: (chưa nhập)" in card.text
    [listing] = await clerk.press("Xác nhận")
    assert listing.button_texts[1].startswith("2. Chị Quàng Thị Dung — Bản Món")
    await clerk.press("2. Chị Quàng Thị Dung")
    await clerk.press("✏️ Sửa")
    await clerk.press("Thu nhập một năm")
    [card] = await clerk.send("85")
    assert "85 triệu đồng/năm" in card.text
    await clerk.press("🗑 Xoá")
    await clerk.press("Xoá hẳn")
    with transaction(bot.engine) as session:
        [row] = session.exec(select(RoleModel)).all()
        assert (row.name, row.field, row.village, row.commune, row.income_million) == (
            "Hộ ông Lò Văn Xôm", "household", "Bản Co Sản", "xã Quài Nưa", 120.5)


async def test_a_forged_button_for_another_units_nominee_is_refused_and_logged(bot, fake, caplog):
    [other_id] = seed(bot, "LDTT", ["Lường Văn Bí Mật"], unit="Quài Cang")
    clerk = await bot.register(609, "Lò Thị Mai")
    [listing] = await clerk.send("/khenthuong")
    message_id, data = fake.find_button(609, "➕ Thêm")
    version = data.split(":")[0]
    with caplog.at_level(logging.WARNING):
        [refused] = await clerk.press_data(message_id, f"{version}:open:{other_id}")  # refusal above the list
    assert texts.ENTRY_NOT_YOURS in refused.text
    assert refused.text.index("không thuộc đơn vị của bạn") < refused.text.index("Danh sách đề nghị khen thưởng")
    assert texts.BTN_ADD in refused.button_texts
    assert "Bí Mật" not in refused.text and not any("Bí Mật" in b for b in refused.button_texts)
    assert any("refused nomination" in r.getMessage() and str(other_id) in r.getMessage() for r in caplog.records)
    with transaction(bot.engine) as session:
        assert session.get(Nomination, other_id).name == "Lường Văn Bí Mật"


async def test_a_long_list_comes_a_screen_at_a_time(bot, fake):
    seed(bot, "LDTT", [f"Giáo viên số {i}" for i in range(1, 26)])
    clerk = await bot.register(610, "Lò Thị Mai")
    [page] = await clerk.send("/khenthuong")
    assert "Trang 1/4" in page.text and "25 hồ sơ" in page.text
    assert page.button_texts[0] == "1. Giáo viên số 1 (cá nhân) — LĐTT" and "7. Giáo viên số 7" in page.button_texts[6]
    assert not any(b.startswith("8. ") for b in page.button_texts)  # 7 a page: room for the .xlsx buttons
    for _ in range(3):
        [page] = await clerk.press("▶️ Trang sau")
    assert "Trang 4/4" in page.text and page.button_texts[3].startswith("25. Giáo viên số 25")
    [card] = await clerk.send("25")  # the row's own number, typed, on any page
    assert "Hồ sơ đề nghị số 25" in card.text
    [page] = await clerk.press("📋 Danh sách")  # back on the page it came from
    assert "Trang 4/4" in page.text


async def test_a_clerk_in_the_middle_of_a_list_when_the_bot_is_updated_continues_on_the_same_page(bot, fake):
    """The chat's state as the bot stored it before the flows' states were typed ("mode", the page counted
    from 0): the clerk's next message finds the list where they left it, and its buttons go on from there."""
    seed(bot, "LDTT", [f"Giáo viên số {i}" for i in range(1, 26)])
    clerk = await bot.register(611, "Lò Thị Mai")
    await clerk.send("/khenthuong")
    with transaction(bot.engine) as session:
        chat = session.exec(select(ChatState).where(ChatState.chat_id == str(clerk.chat_id))).one()
        chat.data = {"report_id": chat.data["report_id"], "mode": "list", "item_id": None, "key": None,
                     "list_page": 2}  # the third page, as the earlier bot counted it
    [again] = await clerk.send("xin chào")  # not one of the list's choices: said so, and the list again
    assert again.text.startswith("Bạn bấm một trong các nút") and "Trang 3/4" in again.text
    assert again.button_texts[0].startswith("15. Giáo viên số 15")
    [page] = await clerk.press("▶️ Trang sau")
    assert "Trang 4/4" in page.text


async def test_long_entries_and_long_lists_still_fit_a_screen(bot, fake):
    """Every screen of the lists, as Telegram and as Zalo show it, within 600 characters: names at their
    longest, every row flagged, a card whose values are all at their longest."""
    long_name = "Nguyễn Thị Phương Thảo " * 6
    ids = seed(bot, "CSTDCS", [f"{long_name}{i}"[:120] for i in range(1, 25)], position="P" * 200,
               achievements="A" * 500, prereq_mode="held", prereq_ref="R" * 200, initiative="I" * 300,
               initiative_ref="Q" * 200)
    with transaction(bot.engine) as session:  # one unfinished, the rest flagged by the 15 % rule
        session.get(Nomination, ids[0]).complete = False
    clerk = await bot.register(611, "Lò Thị Mai")
    [page] = await clerk.send("/khenthuong")
    screens = [page]
    while "▶️ Trang sau" in page.button_texts:
        [page] = await clerk.press("▶️ Trang sau")
        screens.append(page)
    assert len(screens) == 4  # 24 rows, 7 a page
    [card] = await clerk.send("24")
    assert "…" in card.text and texts.BTN_FULL in card.button_texts
    screens.append(card)
    [whole] = await clerk.press(texts.BTN_FULL)
    screens.append(whole)
    [again] = await clerk.send("xyz")  # typed on a page of details: said so, the same page again
    assert again.text.startswith(texts.worded(texts.ERR_CHOICE, buttons=True)) and whole.text in again.text
    while "▶️ Trang sau" in whole.button_texts:
        [whole] = await clerk.press("▶️ Trang sau")
        screens.append(whole)
    assert sum(s.text.count("A") for s in screens[5:]) == 500  # the account of achievements whole, over pages
    await clerk.press("Về hồ sơ")
    await clerk.press("📋 Danh sách")
    await problems_of(clerk)  # its pages are checked there
    for screen in screens:
        assert max(screen_lengths(screen)) <= SCREEN, screen.text
