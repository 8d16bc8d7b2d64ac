"""A clerk reports the round's results: question by question, nothing lost."""

from __future__ import annotations

import re

from sqlmodel import select

from bot import texts
from storage.db import transaction
from storage.models import AuditLog, Report, ReportValue, Unit
from bot.rendering import render
from tests.clerk import (SCREEN, answer_current, fill_whole_report, is_question, open_section, overview, press, say,
                         screen_lengths)
from tests.harness import Phone


def stored(bot, unit_code: str) -> dict[str, ReportValue]:
    with transaction(bot.engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == unit_code)).one()
        report = session.exec(select(Report).where(Report.unit_id == unit.id)).first()
        if report is None:
            return {}
        rows = session.exec(select(ReportValue).where(ReportValue.report_id == report.id)).all()
        return {r.field: r for r in rows}


def report_of(bot, unit_code: str) -> Report:
    with transaction(bot.engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == unit_code)).one()
        return session.exec(select(Report).where(Report.unit_id == unit.id)).one()


async def test_baocao_opens_on_the_first_question_and_the_overview_is_one_screen(bot):
    clerk = await bot.register(801, "Lò Thị Mai")
    [question] = await say(clerk, "/baocao")  # no menu to cross: the question, under the report's line
    assert question.text.startswith("📝 Tổng kết công tác thi đua, khen thưởng năm 2020 · hạn 20/12/2020, còn 10 ngày")
    assert "Nông thôn mới · câu 1/6" in question.text and "📋 Các phần" in question.button_texts
    [sections] = await press(clerk, "Các phần")  # the overview, on request
    text = sections.text
    assert "Tổng kết công tác thi đua, khen thưởng năm 2020" in text and "xã Quài Nưa" in text
    assert "Hạn nộp 20/12/2020 — còn 10 ngày" in text and "Còn 45 câu chưa trả lời." in text
    assert sections.button_texts[:2] == ["1. Nông thôn mới · còn 6", "2. Giảm nghèo · còn 4"]
    assert {"7. Khen thưởng · còn 9", "9. Khó khăn, kiến nghị · còn 1", "10. Đề nghị khen: 0 hồ sơ",
            "▶️ Nhập tiếp", "📋 Xem lại"} <= set(sections.button_texts)
    assert "📤 Gửi báo cáo" not in sections.button_texts  # only what can be done now
    assert max(screen_lengths(sections)) <= SCREEN


async def test_the_overview_numbers_its_sections_once_and_a_typed_number_opens_that_one(bot):
    clerk = await bot.register(821, "Lò Thị Mai")
    sections = await overview(clerk)
    lines = render(sections.reply).split("\n")  # as Zalo and the terminal show it: numbered lines
    assert "  3. Doanh nghiệp · còn 3" in lines and "  11. Điển hình: 0 hồ sơ" in lines
    assert "  12. ▶️ Nhập tiếp" in lines  # the actions follow the sections' numbers
    [question] = await say(clerk, "3")
    assert "Doanh nghiệp · câu 1/3" in question.text
    await overview(clerk)
    [question] = await say(clerk, "12")
    assert "Nông thôn mới · câu 1/6" in question.text


async def test_a_finished_section_goes_straight_on_to_the_next(bot):
    clerk = await bot.register(822, "Lò Thị Mai")
    await open_section(clerk, "Doanh nghiệp")
    for answer in ("2", "5"):
        await say(clerk, answer)
    [question] = await say(clerk, "HTX Nông nghiệp Quài Nưa")  # the section's last question
    assert "✅ Đã lưu «Ghi chú, doanh nghiệp tiêu biểu (nếu có)»: HTX Nông nghiệp Quài Nưa" in question.text
    assert "✅ Doanh nghiệp 3/3 · Tiếp: Văn hóa công sở, câu 1/3" in question.text
    [question] = await press(clerk, "Hoàn tác")  # the answer just saved, one tap away across the section's end
    assert "Đã hoàn tác" in question.text and "Doanh nghiệp · câu 3/3" in question.text


async def test_a_full_report_from_baocao_to_the_receipt(bot):
    clerk = await bot.register(802, "Lò Thị Mai")
    await fill_whole_report(clerk)
    [overview] = clerk.fake.bot_messages(802)[-1:]
    assert "7. Khen thưởng ✅" in overview.button_texts and "📤 Gửi báo cáo" in overview.button_texts
    [receipt] = await clerk.press("Gửi báo cáo")
    assert "Đã gửi báo cáo" in receipt.text
    number = re.search(r"Số biên nhận: (BC\d+-1)", receipt.text).group(1)
    assert "10/12/2020" in receipt.text

    report = report_of(bot, "quai-nua")
    assert (report.status, report.receipt_no) == ("submitted", number)
    values = stored(bot, "quai-nua")
    assert values["ktxh_luong_thuc"].number == 37554.5
    assert values["plan:ktxh_luong_thuc"].number == 37500
    assert values["gn_ty_le_ho_ngheo"].number == 33.37
    assert values["ntm_cong_nhan"].text == "Có"
    [status] = await clerk.send("/trangthai")
    assert "đã gửi" in status.text and number in status.text and texts.STATUS_COMPLETE in status.text


async def test_percent_of_plan_is_shown_back(bot):
    clerk = await bot.register(803, "Lò Thị Mai")
    await open_section(clerk, "Kinh tế - xã hội")
    assert "Kế hoạch (KH) năm của chỉ tiêu: Tổng sản lượng lương thực cây có hạt (tấn)" in clerk.last.text
    # What was saved, above the next question: one message.
    [question] = await say(clerk, "37 500")
    assert question.text.startswith("✅ Đã lưu kế hoạch «Tổng sản lượng lương thực cây có hạt»: 37.500 tấn\n\n")
    assert "Kế hoạch: 37.500 tấn" in question.text and question.buttons
    [question] = await say(clerk, "37554,5")
    assert question.text.startswith("✅ Đã lưu «Tổng sản lượng lương thực cây có hạt»: 37.554,5 tấn — đạt 100,1% KH\n\n")


async def test_bad_answers_are_explained_and_the_question_asked_again(bot):
    clerk = await bot.register(804, "Lò Thị Mai")
    await say(clerk, "/baocao")
    for typed, explanation in [("mười lăm", "«mười lăm» không phải là một số"),
                               ("25", "không được lớn hơn 19"),
                               ("12,5", "cần một số nguyên"),
                               ("-3", "không được âm")]:
        [again] = await say(clerk, typed)  # what is wrong, then the same question, in one message
        assert explanation in again.text and "Ví dụ đúng:" in again.text
        assert again.text.index(explanation) < again.text.index("câu 1/6")
        assert "Số tiêu chí nông thôn mới đạt được" in again.text and again.buttons
    assert stored(bot, "quai-nua") == {}

    await say(clerk, "15")
    # A photo in the middle of a question: explained, same question again, nothing touched.
    [again] = await clerk.attach()
    assert texts.worded(texts.ATTACHMENT_NOT_UNDERSTOOD, buttons=True) in again.text and "câu 2/6" in again.text
    assert stored(bot, "quai-nua")["ntm_tieu_chi"].number == 15


async def test_an_ambiguous_number_is_confirmed(bot):
    clerk = await bot.register(805, "Lò Thị Mai")
    await open_section(clerk, "Kinh tế - xã hội")
    await say(clerk, "40 000")  # the plan
    [question] = await say(clerk, "1.940")
    assert question.text == "Bạn nhập 1.940 — nghĩa là một nghìn chín trăm bốn mươi?"
    assert question.button_texts == ["✅ Đúng", "❌ Không phải"]
    [saved] = await press(clerk, "Không phải")
    assert saved.text.startswith("✅ Đã lưu «Tổng sản lượng lương thực cây có hạt»: 1,94 tấn")
    assert stored(bot, "quai-nua")["ktxh_luong_thuc"].number == 1.94

    await press(clerk, "Quay lại")
    await say(clerk, "1.940")
    [saved] = await press(clerk, "Đúng")
    assert saved.text.startswith("✅ Đã lưu «Tổng sản lượng lương thực cây có hạt»: 1.940 tấn")
    # For an integer indicator the same text is not ambiguous.
    [saved] = await say(clerk, "1.940")
    assert saved.text.startswith("✅ Đã lưu kế hoạch «Tổng đàn gia súc»: 1.940 con\n\n")


async def test_skip_back_and_pause_then_continue_at_the_first_unanswered(bot):
    clerk = await bot.register(806, "Lò Thị Mai")
    await say(clerk, "/baocao")
    await say(clerk, "15")
    [question] = await press(clerk, "Bỏ qua")
    assert texts.SKIPPED in question.text and "câu 3/" in question.text
    [question] = await press(clerk, "Quay lại")
    assert "câu 2/" in question.text
    [paused] = await press(clerk, "Tạm dừng")
    assert texts.PAUSED in paused.text
    [question] = await say(clerk, "/baocao")
    assert "câu 3/" in question.text  # the first never answered nor skipped
    assert stored(bot, "quai-nua")["ntm_tieu_chi"].number == 15


async def test_answers_survive_a_restart_between_two_answers_and_the_clerk_goes_on_where_she_was(bot):
    # (Killed with SIGKILL instead, on both databases, many times: tests/test_faults.py.)
    clerk = await bot.register(807, "Lò Thị Mai")
    await say(clerk, "/baocao")
    [saved] = await say(clerk, "15")
    assert saved.text.startswith("✅ Đã lưu «Số tiêu chí nông thôn mới đạt được»: 15 tiêu chí\n\n")
    await bot.restart()
    [question] = await clerk.send("/baocao")  # one message, one menu
    assert "câu 2/6" in question.text  # right where the clerk was


async def test_a_doubled_update_is_answered_once(bot):
    clerk = await bot.register(808, "Lò Thị Mai")
    await say(clerk, "/baocao")
    await clerk.send("15", update_id=90001)
    count = clerk.fake.count(808)
    clerk.fake.push_text(808, "15", update_id=90001)
    await clerk.fake.assert_quiet(808, count, duration=0.5)
    with transaction(bot.engine) as session:
        assert len(session.exec(select(ReportValue)).all()) == 1


async def test_a_stale_button_changes_nothing(bot):
    clerk = await bot.register(809, "Lò Thị Mai")
    await say(clerk, "/baocao")
    first_question = clerk.last
    await say(clerk, "15")  # typed: the first question's buttons stay on screen
    skip = next(data for row in first_question.buttons for text, data in row if "Bỏ qua" in text)
    [current] = await clerk.press_data(first_question.message_id, skip)
    assert texts.STALE_BUTTON in current.text and "câu 2/6" in current.text
    values = stored(bot, "quai-nua")
    assert values["ntm_tieu_chi"].number == 15 and set(values) == {"ntm_tieu_chi"}
    # Forged button data is treated the same way.
    [forged] = await clerk.press_data(current.message_id, "v1:section:../../admin")
    assert texts.STALE_BUTTON in forged.text and "câu 2/6" in forged.text


async def test_editing_after_submit_is_audited_and_marked(bot):
    clerk = await bot.register(810, "Lò Thị Mai")
    await fill_whole_report(clerk)
    await press(clerk, "Gửi báo cáo")
    [sent] = await say(clerk, "/baocao")  # nothing left to answer: the overview, nothing to send again
    assert "Đã gửi (số biên nhận" in sent.text and "📤 Gửi báo cáo" not in sent.button_texts
    [question] = await press(clerk, "Nông thôn mới")
    assert "Đã nhập: 12 tiêu chí" in question.text
    await say(clerk, "16")
    [paused] = await press(clerk, "Tạm dừng")
    [status] = await clerk.send("/trangthai")
    assert "đã gửi (đã sửa sau khi gửi)" in status.text
    with transaction(bot.engine) as session:
        [entry] = session.exec(select(AuditLog).where(AuditLog.action == "edit_after_submit")).all()
        assert entry.detail == {"field": "ntm_tieu_chi", "old": 12.0, "new": 16.0}
        assert entry.user_id is not None
    await say(clerk, "/baocao")
    [receipt] = await clerk.press("Gửi báo cáo")
    assert re.search(r"BC\d+-2", receipt.text)


async def test_submit_is_refused_until_complete_and_consistent(bot):
    clerk = await bot.register(811, "Lò Thị Mai")
    sections = await overview(clerk)
    assert "📤 Gửi báo cáo" not in sections.button_texts  # 44 questions to go: nothing to send yet
    await say(clerk, "1")  # the first section (typed, its number in the overview), skipped through
    for _ in range(6):
        await press(clerk, "Bỏ qua")
    # On to the next section, not back to the questions skipped.
    assert "⏭ Nông thôn mới 0/6 · Tiếp: Giảm nghèo, câu 1/4" in clerk.last.text
    while is_question(clerk.last.text):  # every other section, one after the other
        await answer_current(clerk)
    assert texts.ALL_SEEN in clerk.last.text and "Còn 4 câu chưa trả lời." in clerk.last.text
    assert "📤 Gửi báo cáo" not in clerk.last.button_texts
    [question] = await press(clerk, "Nhập tiếp")  # to the required ones skipped
    assert "Nông thôn mới · câu 1/6" in question.text
    await fill_whole_report(clerk)
    assert "📤 Gửi báo cáo" in clerk.last.button_texts
    await open_section(clerk, "Khen thưởng")
    await say(clerk, "1")  # tập thể LĐTT
    await say(clerk, "3")  # LĐTT cá nhân
    await say(clerk, "5")  # CSTĐCS cá nhân: more than LĐTT
    await press(clerk, "Tạm dừng")
    [sections] = await say(clerk, "/baocao")
    assert "1 số liệu chưa khớp" in sections.text and "📤 Gửi báo cáo" not in sections.button_texts
    [refused] = await press(clerk, "Vì sao chưa gửi được")
    assert "chưa khớp" in refused.text and "Chiến sĩ thi đua cơ sở không thể lớn hơn" in refused.text
    [question] = await press(clerk, "✏️ Khen thưởng")  # straight to where it is fixed
    assert "Khen thưởng · câu 1/9" in question.text
    assert report_of(bot, "quai-nua").status == "draft"


async def test_review_comes_a_screen_at_a_time(bot):
    clerk = await bot.register(812, "Lò Thị Mai")
    await fill_whole_report(clerk)
    await press(clerk, "Xem lại")  # one screen of what needs a look; every answer behind its button
    [page] = await press(clerk, "Xem đủ các câu trả lời")
    pages = [page]
    while "▶️ Trang sau" in page.button_texts:
        [page] = await press(clerk, "Trang sau")
        pages.append(page)
    assert len(pages) >= 3 and all(max(screen_lengths(p)) <= SCREEN for p in pages)
    assert f"(1/{len(pages)})" in pages[0].text and "📋 Các phần" in pages[-1].button_texts
    whole = "\n".join(p.text for p in pages)
    assert "• Tổng sản lượng lương thực cây có hạt: 37.554,5 tấn (KH 37.500, đạt 100,1%)" in whole


async def test_a_clerk_only_ever_touches_their_own_unit(bot):
    quai_nua = await bot.register(813, "Lò Thị Mai", unit="Quài Nưa")
    pu_xi = await bot.register(814, "Giàng A Dình", unit="Pú Xi")
    await say(quai_nua, "/baocao")
    await say(quai_nua, "15")
    await say(pu_xi, "/baocao tongket-2020 quai-nua")  # arguments cannot pick another unit
    await press(pu_xi, "Các phần")
    assert "xã Pú Xi" in pu_xi.last.text
    await press(pu_xi, "Nhập tiếp")
    await say(pu_xi, "7")
    assert stored(bot, "quai-nua")["ntm_tieu_chi"].number == 15
    assert stored(bot, "pu-xi")["ntm_tieu_chi"].number == 7


async def test_an_official_reports_the_districts_own_figures_in_the_same_conversation(bot, fake):
    """/baocao for an official opens the district's own report: only what the district fills itself (its own
    estimate of a rate, the awards it received, its council …), never a commune's question nor a commune's lists."""
    official = Phone(fake, 815, "Vũ Văn Đức")
    await official.send(bot.invite("tuan-giao", "official"))
    [opened] = await official.send("/baocao")
    assert "Tỷ lệ hộ nghèo cuối năm của toàn huyện (ước)" in opened.text
    [question] = await official.send("33,37")
    assert "✅ Đã lưu «Tỷ lệ hộ nghèo cuối năm của toàn huyện (ước)»: 33,37%" in question.text
    assert "Huân chương Lao động hạng Nhì (tập thể)" in question.text  # then the awards the district received
    assert stored(bot, "tuan-giao")["h_ty_le_ho_ngheo"].number == 33.37
    [overview] = await official.press(texts.BTN_SECTIONS)
    parts = " ".join(overview.button_texts)
    assert "Giảm nghèo" in parts and "Số liệu của huyện" in parts
    assert "Nông thôn mới" not in parts and texts.PART_NOMINATIONS not in parts  # no commune's part, no list


def change_round(bot, code: str, **changes) -> None:
    from storage.models import Round
    with transaction(bot.engine) as session:
        round_ = session.exec(select(Round).where(Round.code == code)).one()
        for key, value in changes.items():
            setattr(round_, key, value)
        session.add(round_)


async def test_with_two_open_rounds_the_clerk_picks_one(bot):
    change_round(bot, "sokiet-2020", status="open")
    clerk = await bot.register(816, "Lò Thị Mai")
    [pick] = await say(clerk, "/baocao")
    assert texts.PICK_ROUND in pick.text
    assert "Sơ kết" in " ".join(pick.button_texts)
    [question] = await press(clerk, "Sơ kết")
    assert "📝 Sơ kết" in question.text and "đã quá hạn" in question.text and "câu 1/6" in question.text


async def test_last_rounds_value_is_shown_with_the_question(bot):
    from storage import reports
    from storage.models import Round
    with transaction(bot.engine) as session:
        earlier = session.exec(select(Round).where(Round.code == "sokiet-2020")).one()
        unit = session.exec(select(Unit).where(Unit.code == "quai-nua")).one()
        reports.set_value(session, reports.get_or_create_report(session, earlier.id, unit.id), "ntm_tieu_chi", None,
                    number=13)
    clerk = await bot.register(817, "Lò Thị Mai")
    [question] = await say(clerk, "/baocao")
    assert "Kỳ trước: 13 tiêu chí" in question.text


async def test_a_text_answer_over_its_limit_is_refused_whole(bot):
    clerk = await bot.register(818, "Lò Thị Mai")
    await open_section(clerk, "Khó khăn, kiến nghị")
    [again] = await say(clerk, "Thiếu kinh phí. " * 120)
    assert "dài 1.919 ký tự, quá giới hạn 1.500 ký tự" in again.text
    assert "Khó khăn, vướng mắc" in again.text and again.buttons
    assert stored(bot, "quai-nua") == {}


async def test_no_edits_after_the_deadline_when_the_catalogue_says_so(bot, clock):
    import datetime as dt
    clerk = await bot.register(819, "Lò Thị Mai")
    await fill_whole_report(clerk)
    await press(clerk, "Gửi báo cáo")
    change_round(bot, "tongket-2020", edit_after_deadline=False)
    clock.now = clock.now + dt.timedelta(days=11)  # 21/12/2020, the day after the deadline
    [refused] = await say(clerk, "/baocao")
    assert texts.NO_EDIT_AFTER_DEADLINE in refused.text
    assert refused.button_texts == ["📋 Xem lại", "📊 Trạng thái"]  # nothing to open, nothing to send
    assert stored(bot, "quai-nua")["ntm_tieu_chi"].number == 12


async def test_an_approved_report_is_locked(bot):
    clerk = await bot.register(820, "Lò Thị Mai")
    await fill_whole_report(clerk)
    await press(clerk, "Gửi báo cáo")
    with transaction(bot.engine) as session:
        report = session.exec(select(Report)).one()
        report.status = "approved"
        session.add(report)
    [refused] = await say(clerk, "/baocao")
    assert texts.LOCKED in refused.text and refused.button_texts == ["📋 Xem lại", "📊 Trạng thái"]
    [page] = await press(clerk, "Xem lại")  # the answers can still be read
    assert "Xem lại" in page.text and "đã duyệt" in page.text
    [status] = await clerk.send("/trangthai")
    assert "Trạng thái: đã duyệt" in status.text
