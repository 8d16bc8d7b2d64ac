"""Officials approve or return a commune's report; the clerk fixes and resubmits.

Quài Nưa's clerk is registered by chat; their figures go in through the storage
functions the chat uses (fast), then everything else happens in the chats: the
official reviews, the clerk is told, fixes, resubmits, and so on.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading

import pytest
from sqlmodel import select

from bot import texts
from bot.events import Incoming
from storage import reports
from storage.db import transaction
from storage.models import AuditLog, Report, User
from storage.people import find_units
from tests.clerk import press, say
from tests.harness import Phone
from tests.stories.test_officials import answers, put_report

QUAI_NUA = "Quài Nưa"


async def clerk_with_submitted_report(bot, chat_id: int = 700, name: str = "Lò Thị Mai",
                                      commune: str = QUAI_NUA) -> Phone:
    clerk = await bot.register(chat_id, name, commune)
    with transaction(bot.engine) as session:
        user = session.exec(select(User).where(User.full_name == name)).one()
        unit = find_units(session, commune)[0]
        report = reports.get_or_create_report(session, reports.round_by_code(session, "tongket-2020").id, unit.id)
        # With the section's note too, so /baocao opens the section at its first question.
        for field, value in {**answers(commune), "ntm_ghi_chu": "Không có"}.items():
            if isinstance(value, str):
                reports.set_value(session, report, field, user.id, text=value)
            else:
                reports.set_value(session, report, field, user.id, number=float(value))
        reports.submit(session, report, user.id, bot.clock.now)
    return clerk


async def official(bot, chat_id: int = 900, name: str = "Vũ Văn Đức", role: str = "official") -> Phone:
    return await bot.register(chat_id, name, "tuan-giao", role)


def report_row(bot, commune: str = QUAI_NUA) -> Report:
    with transaction(bot.engine) as session:
        unit = find_units(session, commune)[0]
        return session.exec(select(Report).where(Report.unit_id == unit.id)).one()


def actions(bot) -> list[tuple[str, str, dict]]:
    with transaction(bot.engine) as session:
        rows = session.exec(select(AuditLog, User).join(User, User.id == AuditLog.user_id)
                            .where(AuditLog.report_id != None).order_by(AuditLog.id)).all()  # noqa: E711
        return [(log.action, user.full_name, log.detail) for log, user in rows]


async def wait_text(phone: Phone, needle: str) -> str:
    await phone.fake.wait_for(lambda: any(needle in t for t in phone.texts()), what=needle)
    return next(t for t in reversed(phone.texts()) if needle in t)


# --- approve ---------------------------------------------------------------------------------


async def test_an_official_approves_from_the_commune_view_and_the_clerk_is_told(bot, fake):
    clerk = await clerk_with_submitted_report(bot)
    boss = await official(bot)
    view = (await boss.send("/xa quai nua"))[-1]
    assert "Trạng thái: đã gửi" in view.text
    assert {"✅ Duyệt", "↩️ Trả lại", "🕘 Lịch sử"} <= set(view.button_texts)

    [done] = await boss.press("✅ Duyệt")
    assert "Đã duyệt báo cáo của xã Quài Nưa" in done.text
    told = await wait_text(clerk, "đã được duyệt")
    assert "Vũ Văn Đức" in told and "xã Quài Nưa" in told
    assert report_row(bot).status == "approved"
    assert ("approve", "Vũ Văn Đức", {"receipt_no": report_row(bot).receipt_no}) in actions(bot)

    # The clerk's status and the official's view both say "đã duyệt"; no more approve button.
    [status] = await clerk.send("/trangthai")
    assert "Trạng thái: đã duyệt" in status.text and "Đã duyệt lúc" in status.text
    view = (await boss.send("/xa quai nua"))[-1]
    assert texts.BTN_APPROVE not in view.button_texts


async def test_after_approval_the_clerks_edits_and_resubmission_are_refused(bot):
    clerk = await clerk_with_submitted_report(bot)
    boss = await official(bot)
    await boss.send("/xa quai nua")
    await boss.press("✅ Duyệt")
    await wait_text(clerk, "đã được duyệt")
    [refused] = await say(clerk, "/baocao")  # nothing to open, nothing to send: the answers can be read
    assert texts.LOCKED in refused.text and refused.button_texts == ["📋 Xem lại", "📊 Trạng thái"]
    assert report_row(bot).status == "approved" and report_row(bot).submissions == 1


# --- return, fix, resubmit, approve -----------------------------------------------------------------


async def test_return_with_a_reason_fix_resubmit_and_approve(bot, fake):
    clerk = await clerk_with_submitted_report(bot)
    boss = await official(bot)
    await boss.send("/duyet")
    card = boss.last
    assert "Chờ duyệt (1/1): xã Quài Nưa" in card.text and "số biên nhận BC" in card.text
    [ask] = await boss.press("↩️ Trả lại")
    assert "Vì sao trả lại" in ask.text
    [empty] = await boss.send("   ")  # Telegram trims, but a blank reason is still asked again
    assert texts.REASON_EMPTY in empty.text
    # The outcome above what the queue holds next (nothing), one message.
    [done] = await boss.send("Số tiêu chí nông thôn mới chưa khớp biên bản, đề nghị kiểm tra lại.")
    assert "Đã trả lại báo cáo của xã Quài Nưa" in done.text
    assert texts.QUEUE_EMPTY in done.text
    assert done.text.index("Đã trả lại") < done.text.index("Không còn báo cáo nào chờ duyệt")

    notice = await wait_text(clerk, "bị trả lại")
    assert "chưa khớp biên bản" in notice and "Vũ Văn Đức" in notice
    message = next(m for m in reversed(fake.bot_messages(clerk.chat_id)) if "bị trả lại" in m.text)
    assert texts.BTN_OPEN_REPORT in message.button_texts
    assert report_row(bot).status == "returned"

    # The clerk opens the report from the notice: the reason is there, fixes a figure (audited), resubmits.
    overview = await press(clerk, "📝 Mở báo cáo")
    assert "trả lại — cần sửa" in overview[-1].text and "chưa khớp biên bản" in overview[-1].text
    assert "📤 Gửi báo cáo" in overview[-1].button_texts  # nothing changed yet, but it may go back as it is
    [question] = await press(clerk, "Nông thôn mới")
    assert "Đã nhập: 19 tiêu chí" in question.text
    await say(clerk, "18")
    await press(clerk, "Tạm dừng")
    await say(clerk, "/baocao")
    [receipt] = await clerk.press("Gửi báo cáo")
    assert "Đã gửi báo cáo" in receipt.text and "-2" in receipt.text
    assert report_row(bot).status == "submitted"

    told = await wait_text(boss, "đã sửa và gửi lại")
    assert "xã Quài Nưa" in told
    await boss.send("/duyet")
    assert "gửi lại lần 2" in boss.last.text and "sửa sau khi gửi 1 lần" in boss.last.text
    [done] = await boss.press("✅ Duyệt")  # the outcome above the (empty) queue, one message
    assert "Đã duyệt" in done.text
    assert done.text.index("Đã duyệt") < done.text.index("Không còn báo cáo nào chờ duyệt")
    await wait_text(clerk, "đã được duyệt")
    assert [a for a, _, _ in actions(bot)] == ["submit", "return", "edit_after_submit", "resubmit", "approve"]
    assert actions(bot)[1][2]["reason"].startswith("Số tiêu chí nông thôn mới")


async def test_the_queue_walks_oldest_first_and_skip_moves_on(bot, clock):
    import datetime as dt
    for n, commune in enumerate(("Pú Nhung", "Chiềng Sinh")):
        put_report(bot.engine, commune, answers(commune), submitted_at=clock.now - dt.timedelta(days=2 - n))
    boss = await official(bot)
    await boss.send("/duyet")
    assert "(1/2): xã Pú Nhung" in boss.last.text
    await boss.press("⏭ Bỏ qua")
    assert "(2/2): xã Chiềng Sinh" in boss.last.text
    await boss.press("⏭ Bỏ qua")
    assert texts.QUEUE_EMPTY in boss.last.text
    assert report_row(bot, "Pú Nhung").status == report_row(bot, "Chiềng Sinh").status == "submitted"


async def test_an_official_only_reviews_units_under_their_own(bot, caplog):
    await clerk_with_submitted_report(bot)
    report_id = report_row(bot).id
    # An official of another commune (a unit with no reporting units under it but itself).
    other = await bot.register(950, "Cán Bộ Khác", "Mường Thín", "official")
    caplog.set_level(logging.INFO, logger="handlers.review")
    [refused] = await other.send(f"/pheduyet {report_id}")
    assert texts.NOT_YOUR_UNIT in refused.text
    assert f"refused review of report {report_id}" in caplog.text
    assert report_row(bot).status == "submitted"
    caplog.set_level(logging.INFO, logger="handlers.officials")
    [not_found] = await other.send("/xa quai nua")  # told nothing of a unit outside their area
    assert "Quài Nưa" not in not_found.text and "Không tìm thấy" in not_found.text
    assert "refused /xa of unit(s) quai-nua outside the area of user" in caplog.text
    clerk2 = await bot.register(951, "Lò Văn Hai", QUAI_NUA)
    [refusal] = await clerk2.send(f"/pheduyet {report_id}")  # the refusal above the menu, one message
    assert texts.NOT_FOR_YOUR_ROLE in refusal.text
    assert refusal.text.index("không dành cho vai trò") < refusal.text.index("Bạn chọn việc cần làm")
    assert texts.BTN_REPORT in refusal.button_texts


# --- unlock ------------------------------------------------------------------------------------------


async def test_only_an_admin_unlocks_with_a_reason_and_it_is_recorded(bot):
    clerk = await clerk_with_submitted_report(bot)
    boss = await official(bot)
    await boss.send("/xa quai nua")
    await boss.press("✅ Duyệt")
    [refusal] = await boss.send("/mokhoa quai nua")  # the refusal above the menu, one message
    assert texts.NOT_FOR_YOUR_ROLE in refusal.text
    assert refusal.text.index("không dành cho vai trò") < refusal.text.index("Bạn chọn việc cần làm")
    assert texts.BTN_PROGRESS in refusal.button_texts

    admin = await official(bot, 901, "Quản Trị Viên", "admin")
    view = (await admin.send("/xa quai nua"))[-1]
    assert texts.BTN_UNLOCK in view.button_texts
    [ask] = await admin.press("🔓 Mở khóa")
    assert "Vì sao mở khóa" in ask.text
    [done] = await admin.send("Xã xin bổ sung số liệu khen thưởng")
    assert "Đã mở khóa báo cáo của xã Quài Nưa" in done.text
    assert report_row(bot).status == "submitted"
    await wait_text(clerk, "được mở khóa để sửa")
    assert actions(bot)[-1] == ("unlock", "Quản Trị Viên", {"receipt_no": report_row(bot).receipt_no,
                                                            "reason": "Xã xin bổ sung số liệu khen thưởng"})
    [again] = await admin.send("/mokhoa quai nua")
    assert "chưa duyệt nên không cần mở khóa" in again.text


# --- two officials at once ---------------------------------------------------------------------------


@pytest.mark.both_databases  # row locks decide
async def test_two_officials_pressing_at_once_resolve_to_one_outcome(bot, fake):
    clerk = await clerk_with_submitted_report(bot)
    first, second = await official(bot, 900, "Vũ Văn Đức"), await official(bot, 901, "Cà Thị Hoa")
    for boss in (first, second):
        await boss.send("/xa quai nua")
    report_id = report_row(bot).id
    # Both reason flows are open; then both decisions reach the core at the same moment.
    await first.send(f"/tralai {report_id}")
    dispatcher = bot.dispatcher
    barrier = threading.Barrier(2)
    results: dict[str, list] = {}

    def act(name: str, event: Incoming) -> None:
        barrier.wait()
        results[name] = dispatcher.handle(event)

    events = {
        "return": Incoming(bot.channel.name, str(first.chat_id), str(first.chat_id), text="Thiếu ghi chú", update_key="r1"),
        "approve": Incoming(bot.channel.name, str(second.chat_id), str(second.chat_id), text=f"/pheduyet {report_id}",
                            update_key="r2"),
    }
    await asyncio.gather(*(asyncio.to_thread(act, name, event) for name, event in events.items()))
    said = {name: "\n".join(r.text for r in replies) for name, replies in results.items()}
    won = [name for name, text in said.items() if "Đã duyệt" in text or "Đã trả lại" in text]
    lost = [name for name, text in said.items() if "đã được xử lý" in text]
    assert len(won) == 1 and len(lost) == 1, said
    winner_name = {"return": "Vũ Văn Đức", "approve": "Cà Thị Hoa"}[won[0]]
    assert winner_name in said[lost[0]]
    assert report_row(bot).status == {"return": "returned", "approve": "approved"}[won[0]]
    decisions = [a for a, _, _ in actions(bot) if a in ("approve", "return")]
    assert decisions == [won[0]]
    # The clerk hears of the one outcome only.
    await wait_text(clerk, "bị trả lại" if won[0] == "return" else "đã được duyệt")
    await asyncio.sleep(0.2)
    assert not any(("bị trả lại" if won[0] == "approve" else "đã được duyệt") in t for t in clerk.texts())


async def test_the_audit_trail_reads_who_did_what_and_when(bot):
    clerk = await clerk_with_submitted_report(bot)
    boss = await official(bot)
    await boss.send("/xa quai nua")
    await boss.press("↩️ Trả lại")
    await boss.send("Thiếu số hộ gia đình văn hóa")
    await wait_text(clerk, "bị trả lại")
    await press(clerk, "📝 Mở báo cáo")
    await press(clerk, "Nông thôn mới")
    await say(clerk, "18")
    await press(clerk, "Tạm dừng")
    await say(clerk, "/baocao")
    await clerk.press("Gửi báo cáo")
    await wait_text(boss, "đã sửa và gửi lại")
    await boss.send("/xa quai nua")
    await boss.press("✅ Duyệt")

    history = await boss.send("/lichsu quai nua")
    text = "\n".join(m.text for m in history)
    assert all(len(m.text) <= 3500 for m in history)
    assert "Lịch sử báo cáo — xã Quài Nưa" in text and "Trạng thái: đã duyệt" in text
    lines = [line for line in text.split("\n") if line.startswith("• ")]
    receipt = report_row(bot).receipt_no
    # The log is stamped with the server's clock (not the test's): "• HH:MM dd/mm/yyyy — who: what".
    assert all(re.match(r"• \d\d:\d\d \d\d/\d\d/\d{4} — ", line) for line in lines), lines
    assert "Lò Thị Mai: gửi báo cáo, số biên nhận BC" in lines[0]
    assert "Vũ Văn Đức: trả lại — lý do: Thiếu số hộ gia đình văn hóa" in lines[1]
    assert "Lò Thị Mai: sửa «Số tiêu chí nông thôn mới" in lines[2] and "19 tiêu chí → 18 tiêu chí" in lines[2]
    assert f"gửi lại sau khi sửa, số biên nhận {receipt}" in lines[3]
    assert "Vũ Văn Đức: duyệt" in lines[4]
    assert len(lines) == 5


# --- the summary says what is approved ---------------------------------------------------------------


async def test_progress_counts_approved_and_the_summary_can_take_approved_reports_only(bot, fake):
    await clerk_with_submitted_report(bot)  # Quài Nưa: 600 cultural households (answers())
    put_report(bot.engine, "Quài Cang", answers("Quài Cang"))  # 601
    boss = await official(bot)
    await boss.send("/xa quai nua")
    await boss.press("✅ Duyệt")
    progress = await boss.send("/tiendo", expect=2)
    assert "Đã gửi 2/19" in progress[0].text and "trong đó 1 đã duyệt" in progress[0].text

    await boss.send("/tonghop", expect=4)
    await fake.wait_for(lambda: "chỉ gồm các báo cáo đã duyệt" in boss.last.text, what="the offer")
    everything = "\n".join(boss.texts())
    assert "1.201" in everything  # 600 + 601 households, from both submitted reports
    before = fake.count(boss.chat_id)
    await boss.press("✅ Tổng hợp chỉ báo cáo đã duyệt", expect=3)
    approved = "\n".join(m.text for m in fake.bot_messages(boss.chat_id)[before:])
    assert "Chỉ tính số liệu của 1 báo cáo đã duyệt" in approved
    assert "600" in approved and "1.201" not in approved


# --- the authority's own report ----------------------------------------------------------------------


def fill_own_report(bot, name: str = "Vũ Văn Đức") -> None:
    """Every question of the district's own report answered, as its official would in /baocao."""
    with transaction(bot.engine) as session:
        user = session.exec(select(User).where(User.full_name == name)).one()
        unit = find_units(session, "tuan-giao")[0]
        report = reports.get_or_create_report(session, reports.round_by_code(session, "tongket-2020").id, unit.id)
        for section in reports.sections(session):
            for ind in reports.indicators_of(session, section.code, unit):
                if ind.plan:
                    reports.set_value(session, report, f"plan:{ind.code}", user.id, number=2)
                if ind.choices:
                    reports.set_value(session, report, ind.code, user.id, text=ind.choices[0])
                elif ind.type == "text":
                    reports.set_value(session, report, ind.code, user.id, text="Không có")
                else:
                    reports.set_value(session, report, ind.code, user.id, number=2)


async def test_the_districts_own_report_is_reviewed_by_another_official_with_its_trail(bot, fake):
    """The district's own report (/baocao by an official) goes through the same review as a commune's: the official
    who sent it cannot approve it; a colleague of the district returns it with a reason, the sender is told, fixes
    and sends again, the colleague approves; every step is in /lichsu."""
    sender = await official(bot, 910, "Vũ Văn Đức")
    colleague = await official(bot, 911, "Lò Văn Minh")
    fill_own_report(bot)
    await sender.send("/baocao")
    [sent] = await sender.press(texts.BTN_SUBMIT)
    assert "Đã gửi báo cáo" in sent.text and "Một cán bộ khác của huyện Tuần Giáo" in sent.text
    assert texts.BTN_STATUS not in sent.button_texts  # /trangthai is the clerks'

    [empty] = await sender.send("/duyet")  # not theirs to review
    assert texts.QUEUE_EMPTY in empty.text
    report = report_row(bot, "tuan-giao")
    [refused] = await sender.send(f"/pheduyet {report.id}")
    assert "do chính bạn gửi" in refused.text and report_row(bot, "tuan-giao").status == "submitted"

    [card] = await colleague.send("/duyet")
    assert "Chờ duyệt (1/1): huyện Tuần Giáo" in card.text
    await colleague.press(texts.BTN_RETURN)
    [done, *_] = await colleague.send("Thiếu số liệu Hội đồng thi đua")
    assert "Đã trả lại báo cáo của huyện Tuần Giáo; cán bộ đã nhập báo cáo đã được báo" in done.text
    told = await wait_text(sender, "bị trả lại")
    assert "Lò Văn Minh" in told and "Thiếu số liệu Hội đồng thi đua" in told
    assert report_row(bot, "tuan-giao").status == "returned"

    await sender.send("/baocao")
    await sender.press(texts.BTN_SUBMIT)
    assert "đã sửa và gửi lại" in await wait_text(colleague, "gửi lại")
    [view] = await colleague.send("/xa huyện Tuần Giáo")  # the full view finds the district's own report (with its kind:
    # "Tuần Giáo" alone is the town)
    assert "huyện Tuần Giáo" in view.text and texts.BTN_APPROVE in view.button_texts
    [approved] = await colleague.press(texts.BTN_APPROVE)
    assert "Đã duyệt báo cáo của huyện Tuần Giáo" in approved.text
    assert report_row(bot, "tuan-giao").status == "approved"
    assert "đã được duyệt (Lò Văn Minh)" in await wait_text(sender, "đã được duyệt (")
    assert [(a, who) for a, who, _ in actions(bot)][-4:] == [
        ("submit", "Vũ Văn Đức"), ("return", "Lò Văn Minh"), ("resubmit", "Vũ Văn Đức"), ("approve", "Lò Văn Minh")]
    trail = "\n".join(m.text for m in await sender.send("/lichsu huyen tuan giao"))
    assert "Vũ Văn Đức: gửi báo cáo" in trail and "Lò Văn Minh: trả lại — lý do: Thiếu số liệu" in trail
