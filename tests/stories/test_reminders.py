"""Deadlines that remind: the right clerks at the right moments, never twice, officials told who is late.

Time is injected: `jobs` runs what is due at a given moment (the same code
as `python main.py jobs --now`), and the APScheduler jobs are inspected and
fired at their moments. The demo round tongket-2020 has 19 units, deadline
20/12/2020; reminders at 08:00 on 13, 17, 19 and 20/12, overdue from 21/12.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from sqlmodel import select, update

from bot import texts
from bot.events import Senders
from bot.outbox import Outbox, Pace
from scheduler.runner import Runner
from scheduler.service import ReminderScheduler
from storage import reports
from storage import submission
from storage.db import transaction
from storage.models import Delivery, Nomination, RoleModel, User, utcnow
from storage.people import find_units
from tests.harness import TZ, Phone
from tests.stories.test_nominations import CSTDCS_READY, fill_report, seed
from tests.stories.test_nominations import report_of as list_report
from tests.stories.test_officials import every_page, one_screen

QUAI_NUA, QUAI_CANG, MUONG_THIN, NA_SAY_1, NA_SAY_2, OFFICIAL, ADMIN = 601, 602, 603, 604, 605, 690, 699
CLERKS = (QUAI_NUA, QUAI_CANG, MUONG_THIN, NA_SAY_1, NA_SAY_2)


def at(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def runner(bot) -> Runner:
    return Runner(bot.engine, bot.settings, Senders({bot.channel.name: bot.channel.sender}))


async def jobs(bot, when: str):
    """What `python main.py jobs --now WHEN` does, in-process."""
    return await runner(bot).run_due(at(when), catch_up=True)


def report_of(bot, unit: str, answers: dict[str, float] | None = None, submit: bool = False) -> None:
    """A unit's report written straight into storage, as if the clerk had chatted."""
    with transaction(bot.engine) as session:
        round_ = reports.round_by_code(session, "tongket-2020")
        report = reports.get_or_create_report(session, round_.id, find_units(session, unit)[0].id)
        for field, number in (answers or {}).items():
            reports.set_value(session, report, field, None, number=number)
        if submit:
            reports.submit(session, report, None, at("2020-12-12 10:00"))


def missing(bot, unit: str) -> int:
    with transaction(bot.engine) as session:
        u = find_units(session, unit)[0]
        round_ = reports.round_by_code(session, "tongket-2020")
        return submission.missing_count(session, u, reports.find_report(session, round_.id, u.id))


async def district(bot) -> dict[int, Phone]:
    """Five clerks in four units (Mường Thín has submitted, Quài Nưa has begun) and one official."""
    phones = {
        QUAI_NUA: await bot.register(QUAI_NUA, "Lò Thị Mai", "Quài Nưa"),
        QUAI_CANG: await bot.register(QUAI_CANG, "Quàng Văn Dũng", "Quài Cang"),
        MUONG_THIN: await bot.register(MUONG_THIN, "Lường Văn Hùng", "Mường Thín"),
        NA_SAY_1: await bot.register(NA_SAY_1, "Cà Thị Lan", "Nà Sáy"),
        NA_SAY_2: await bot.register(NA_SAY_2, "Tòng Văn Sơn", "Nà Sáy"),
        OFFICIAL: await bot.register(OFFICIAL, "Vũ Văn Đức", "tuan-giao", "official"),
    }
    report_of(bot, "Quài Nưa", {"ntm_tieu_chi": 15, "ntm_ho_gdvh": 1200})
    report_of(bot, "Mường Thín", submit=True)
    return phones


def counts(fake) -> dict[int, int]:
    return {chat: fake.count(chat) for chat in (*CLERKS, OFFICIAL)}


async def test_the_right_clerks_are_reminded_at_each_offset(bot, fake):
    await district(bot)
    before = counts(fake)
    assert await jobs(bot, "2020-12-12 08:00") == []  # nothing before the first reminder
    assert await jobs(bot, "2020-12-13 07:59") == []

    expected = {13: "còn 7 ngày", 17: "còn 3 ngày", 19: "còn 1 ngày (hạn là ngày mai)", 20: "hôm nay là hạn cuối"}
    for day, left in expected.items():
        sent = await jobs(bot, f"2020-12-{day} 08:00")
        assert sorted(o.chat_id for o in sent) == sorted(str(c) for c in (QUAI_NUA, QUAI_CANG, NA_SAY_1, NA_SAY_2))
        assert {o.kind for o in sent} == {"reminder"} and {o.status for o in sent} == {"sent"}
        for chat in (QUAI_NUA, QUAI_CANG, NA_SAY_1, NA_SAY_2):
            message = fake.last_message(chat)
            assert left in message.text and "Tổng kết công tác thi đua, khen thưởng năm 2020" in message.text
            assert message.buttons == [[("📝 Mở báo cáo", "/baocao")]]
        assert await jobs(bot, f"2020-12-{day} 15:00") == []  # later the same day: nothing new

    after = counts(fake)
    assert after[MUONG_THIN] == before[MUONG_THIN]  # submitted: never reminded
    assert after[OFFICIAL] == before[OFFICIAL]  # officials are not clerks
    assert all(after[c] == before[c] + 4 for c in (QUAI_NUA, QUAI_CANG, NA_SAY_1, NA_SAY_2))

    # What is missing, per unit: Quài Nưa answered two indicators, Quài Cang none.
    assert f"Còn thiếu {missing(bot, 'Quài Nưa')} chỉ tiêu bắt buộc:" in fake.last_message(QUAI_NUA).text
    assert missing(bot, "Quài Nưa") == missing(bot, "Quài Cang") - 2
    assert "chưa bắt đầu" in fake.last_message(QUAI_CANG).text
    assert "chưa bắt đầu" not in fake.last_message(QUAI_NUA).text

    # The button opens the report where the clerk left it: on the next question to answer.
    await Phone(fake, QUAI_NUA, "Lò Thị Mai").press("📝 Mở báo cáo")
    assert "📝 Tổng kết công tác thi đua, khen thưởng năm 2020" in fake.last_message(QUAI_NUA).text
    assert "· câu " in fake.last_message(QUAI_NUA).text


async def test_overdue_clerks_are_chased_and_officials_get_a_digest_and_the_summary(bot, fake):
    await district(bot)
    report_of(bot, "Quài Cang", {"kt_ldtt_cn": 120, "kt_cstdcs_cn": 12}, submit=True)  # on time
    seed(bot, "LDTT", ["Quàng Văn Tốt"], unit="Quài Cang")  # with a nominee on its list
    with transaction(bot.engine) as session:  # Quài Nưa's clerk was last seen on the 18th
        mai = session.exec(select(User).where(User.full_name == "Lò Thị Mai")).one()
        mai.last_active_at = at("2020-12-18 14:35")
        session.add(mai)

    sent = await jobs(bot, "2020-12-21 08:00")
    kinds = sorted((o.kind, o.chat_id) for o in sent)
    assert kinds == sorted([("overdue", str(QUAI_NUA)), ("overdue", str(NA_SAY_1)), ("overdue", str(NA_SAY_2)),
                            ("digest", str(OFFICIAL)), ("summary", str(OFFICIAL))])
    chase = fake.last_message(NA_SAY_1).text
    assert "đã quá hạn 1 ngày (hạn nộp 20/12/2020)" in chase and "Nà Sáy" in chase

    to_official = fake.bot_messages(OFFICIAL)
    [digest] = [m for m in to_official if m.text.startswith("❗")]
    summary = "\n".join(m.text for m in to_official if m.text.startswith("📑") or m.kind == "text")
    files = sorted(m.filename for m in to_official if m.kind == "document")
    assert files == ["de-nghi-khen-thuong-tongket-2020.docx", "so-lieu-tongket-2020.xlsx", "tong-hop-tongket-2020.docx"]
    # The digest on one screen: who is late, who cannot be reached; the details by unit behind a button.
    lines = digest.text.splitlines()
    assert lines[0] == ("❗ Tổng kết công tác thi đua, khen thưởng năm 2020: 17/19 đơn vị chưa nộp báo cáo, "
                        "đã quá hạn 1 ngày (hạn nộp 20/12/2020).")
    assert lines[1].startswith("Chưa nộp: thị trấn Tuần Giáo, Quài Nưa, Quài Tở, Nà Sáy,")
    assert "⚠️ 15 đơn vị chưa có cán bộ xã đăng ký." in lines
    assert "Mường Thín" not in digest.text and "Quài Cang" not in digest.text
    assert digest.button_texts == [texts.BTN_DIGEST_DETAILS]
    one_screen([digest])

    official = Phone(fake, OFFICIAL, "Vũ Văn Đức")
    before = fake.count(OFFICIAL)
    pages = await every_page(official, await official.press(texts.BTN_DIGEST_DETAILS))
    assert len(pages) > 1 and all(p.startswith("📋 Chưa nộp: Tổng kết công tác") for p in pages)
    details = "\n".join(pages)
    quai_nua = next(line for line in details.splitlines() if "xã Quài Nưa" in line)
    assert f"xã Quài Nưa — còn {missing(bot, 'Quài Nưa')} chỉ tiêu; Lò Thị Mai (hoạt động lần cuối 14:35 18/12/2020)" \
        == quai_nua.split(". ", 1)[1]
    na_say = next(line for line in details.splitlines() if "xã Nà Sáy" in line)
    assert "Cà Thị Lan" in na_say and "Tòng Văn Sơn" in na_say
    assert "xã Tỏa Tình — còn" in details and texts.DIGEST_NO_CLERK in details
    assert "Mường Thín" not in details and "Quài Cang" not in details
    [back] = await official.send("1")  # on Zalo and in the terminal a typed number turns the page: «Trang trước»
    assert back.text == pages[-2]
    one_screen(fake.bot_messages(OFFICIAL)[before:])  # (the summary's figures are longer: see its files)

    assert "Đã gửi 2/19 (2 đúng hạn)" in summary
    assert "▪️ Đề nghị khen thưởng: 1 hồ sơ của 1 đơn vị (/dexuat)\n• ✔️ Cấp huyện quyết định: LĐTT 1 cá nhân." in summary
    assert "▪️ Điển hình tiên tiến: chưa có." in summary

    assert await jobs(bot, "2020-12-22 08:00") == []  # every 2 days
    again = await jobs(bot, "2020-12-23 08:00")
    assert sorted(o.kind for o in again) == ["digest", "overdue", "overdue", "overdue"]
    assert "đã quá hạn 3 ngày" in fake.last_message(QUAI_NUA).text


async def test_a_reminder_names_what_is_missing_section_by_section_and_the_lists_not_ready(bot, fake):
    await district(bot)
    seed(bot, "LDTT", ["Lò Văn An", "Lò Văn Bình"])  # Quài Nưa: a CSTĐCS over the 15% ratio on two LĐTT
    seed(bot, "CSTDCS", ["Lò Văn An"], **CSTDCS_READY)
    with transaction(bot.engine) as session:  # and two rows begun, not confirmed
        report = list_report(session)
        session.add(Nomination(report_id=report.id, subject="individual", name="Lò Văn Chưa Xong"))
        session.add(RoleModel(report_id=report.id, name="Hộ ông Lò Văn Xôm"))
    fill_report(bot, "Nà Sáy")  # everything answered, not yet sent

    await jobs(bot, "2020-12-13 08:00")
    quai_nua = fake.last_message(QUAI_NUA)
    lines = quai_nua.text.splitlines()
    head = lines.index(f"Còn thiếu {missing(bot, 'Quài Nưa')} chỉ tiêu bắt buộc:")
    # Quài Nưa answered two of the new-rural questions; Quài Cang, nothing.
    assert lines[head + 1] == "• Cả nước chung sức xây dựng nông thôn mới: 1"
    assert lines[head + 2] == "• Cả nước chung tay vì người nghèo: 1"  # a long name up to its dash
    assert "• … và 3 phần khác: 18" in lines  # the sections that did not fit one screen, counted
    assert lines[-3:] == ["Cần hoàn thiện trước khi gửi:",
                          "• Danh sách đề nghị khen thưởng: 1 hồ sơ chưa xác nhận, 1 vấn đề theo quy định",
                          "• Danh sách điển hình tiên tiến: 1 hồ sơ chưa xác nhận"]
    quai_cang = fake.last_message(QUAI_CANG).text
    assert "• Cả nước chung sức xây dựng nông thôn mới: 3" in quai_cang and "• Kết quả khen thưởng: 9" in quai_cang
    assert "Bạn chưa bắt đầu báo cáo kỳ này." in quai_cang
    assert "Đã nhập đủ, chỉ còn bấm «📤 Gửi báo cáo»." in fake.last_message(NA_SAY_1).text

    await jobs(bot, "2020-12-21 08:00")  # the chase after the deadline says the same
    chase = fake.last_message(QUAI_NUA).text
    assert "đã quá hạn 1 ngày" in chase and "• Cả nước chung sức xây dựng nông thôn mới: 1" in chase
    assert "• Danh sách điển hình tiên tiến: 1 hồ sơ chưa xác nhận" in chase
    for chat in CLERKS:
        one_screen(fake.bot_messages(chat))


async def test_catch_up_after_downtime_sends_only_what_is_still_useful(bot, fake, settings, clock, caplog):
    await district(bot)
    caplog.set_level(logging.INFO, logger="scheduler.runner")
    # Down from the 12th to the 18th: the reminders of the 13th and 17th fell due meanwhile.
    clock.now = at("2020-12-18 10:00")
    scheduler = ReminderScheduler(runner(bot), settings, clock)
    await scheduler.start(paused=True)
    try:
        reminders = [fake.last_message(c).text for c in (QUAI_NUA, QUAI_CANG, NA_SAY_1, NA_SAY_2)]
        assert all("còn 2 ngày" in t for t in reminders)  # one reminder, the latest, with today's figures
        assert sum(1 for m in fake.bot_messages(QUAI_NUA) if m.text.startswith("⏰")) == 1
        assert "reminder of tongket-2020 due 2020-12-13T08:00" in caplog.text and "skipped" in caplog.text

        # What is left is scheduled; firing the jobs at their moments sends them.
        jobs_ = scheduler.jobs()
        assert jobs_["round:tongket-2020:reminder:2020-12-19"] == at("2020-12-19 08:00")
        assert "round:tongket-2020:reminder:2020-12-13" not in jobs_
        assert jobs_["round:tongket-2020:overdue:2020-12-21"] == at("2020-12-21 08:00")
        assert jobs_["round:tongket-2020:summary:2020-12-21"] == at("2020-12-21 08:00")
        await scheduler.fire(at("2020-12-19 08:00"))
        assert "hạn là ngày mai" in fake.last_message(NA_SAY_2).text
    finally:
        scheduler.stop()

    # Down again from the 19th to the 22nd: the deadline passed, so the 20th's reminder is stale;
    # the overdue chase of the 21st is still sent, once.
    caplog.clear()
    clock.now = at("2020-12-22 09:00")
    before = counts(fake)
    scheduler = ReminderScheduler(runner(bot), settings, clock)
    await scheduler.start(paused=True)
    scheduler.stop()
    assert "reminder of tongket-2020 due 2020-12-20T08:00+07:00 is no longer useful" in caplog.text
    after = counts(fake)
    assert after[QUAI_NUA] == before[QUAI_NUA] + 1 and "quá hạn 2 ngày" in fake.last_message(QUAI_NUA).text
    new_to_official = fake.bot_messages(OFFICIAL)[before[OFFICIAL]:]
    assert sum(m.text.startswith("❗") for m in new_to_official) == 1  # the digest, once
    assert sum(m.kind == "document" for m in new_to_official) == 2  # the summary's Word and Excel files
    assert "round:tongket-2020:overdue:2020-12-23" in scheduler.jobs()


async def test_an_admin_moves_the_deadline_and_the_reminders_move_with_it(bot, fake, settings, clock):
    await district(bot)
    admin = await bot.register(ADMIN, "Quản Trị", "tuan-giao", "admin")
    scheduler = ReminderScheduler(runner(bot), settings, clock)
    await scheduler.start(paused=True)
    # As main.build_services wires it: the dispatcher is made with the scheduler as its listener.
    await bot.restart(listeners=(scheduler.on_change,))
    try:
        assert "round:tongket-2020:reminder:2020-12-17" in scheduler.jobs()
        [listing] = await admin.send("/kybaocao")
        assert "tongket-2020) — đang mở; hạn nộp 20/12/2020; đã nộp 1/19" in listing.text
        [detail] = await admin.press("tongket-2020")
        assert "Lịch nhắc hạn: 13/12, 17/12, 19/12, 20/12" in detail.text
        await admin.press("📅 Đổi hạn nộp")
        [reply] = await admin.send("31/02/2020")
        assert "không phải là một ngày" in reply.text and "Nhập hạn nộp mới" in reply.text
        [reply] = await admin.send("05/12/2020")
        assert "trước ngày mở kỳ (07/12/2020)" in reply.text
        [reply] = await admin.send("08/12/2020")
        assert "phải từ hôm nay (10/12/2020) trở đi" in reply.text
        [changed] = await admin.send("27/12/2020")  # the change above the round shown again, one message
        assert "20/12/2020 → 27/12/2020" in changed.text
        assert "Lịch nhắc mới: 20/12, 24/12, 26/12, 27/12" in changed.text
        assert changed.text.index("Lịch nhắc mới") < changed.text.index("hạn nộp 27/12/2020")
        assert "Lịch nhắc hạn: 20/12, 24/12, 26/12, 27/12" in changed.text and texts.BTN_ROUND_CLOSE in changed.button_texts

        await fake.wait_for(lambda: "round:tongket-2020:reminder:2020-12-24" in scheduler.jobs(), timeout=5,
                            what="the schedule to follow the new deadline")
        assert "round:tongket-2020:reminder:2020-12-17" not in scheduler.jobs()
        assert scheduler.jobs()["round:tongket-2020:overdue:2020-12-28"] == at("2020-12-28 08:00")
    finally:
        scheduler.stop()

    assert await jobs(bot, "2020-12-17 08:00") == []  # the old reminder day is gone
    sent = await jobs(bot, "2020-12-20 08:00")
    assert len(sent) == 4 and "còn 7 ngày" in fake.last_message(QUAI_CANG).text
    assert "Hạn nộp: 27/12/2020" in fake.last_message(QUAI_CANG).text
    assert [o.kind for o in await jobs(bot, "2020-12-21 08:00")] == []  # no longer overdue

    # Closing the round stops everything.
    await admin.press("⏹ Đóng kỳ")
    [closed] = await admin.press("✅ Đúng")  # the outcome above the round shown again, one message
    assert "Đã đóng kỳ" in closed.text and closed.text.index("Đã đóng kỳ") < closed.text.index("Mã: tongket-2020")
    assert await jobs(bot, "2020-12-24 08:00") == []


async def test_a_clerk_cannot_manage_rounds(bot, fake):
    clerk = await bot.register(QUAI_NUA, "Lò Thị Mai", "Quài Nưa")
    [refusal] = await clerk.send("/kybaocao")  # the refusal above the menu, one message
    assert texts.NOT_FOR_YOUR_ROLE in refusal.text
    assert refusal.text.index("không dành cho vai trò") < refusal.text.index("Bạn chọn việc cần làm")
    assert texts.BTN_REPORT in refusal.button_texts


async def test_a_round_can_set_its_own_reminder_days(tmp_path, database_url, fake, clock):
    from tests.harness import MemoryBot, make_settings
    from tests.test_catalog import broken

    catalog = broken(tmp_path, "# reminder_days = [7, 3, 1]", "reminder_days = [5]")
    own = MemoryBot(fake, make_settings(database_url, fake, CATALOG=str(catalog)), clock)
    await own.start()
    try:
        await own.register(QUAI_NUA, "Lò Thị Mai", "Quài Nưa")
        assert await jobs(own, "2020-12-13 08:00") == []
        assert [o.kind for o in await jobs(own, "2020-12-15 08:00")] == ["reminder"]
        assert "còn 5 ngày" in fake.last_message(QUAI_NUA).text
    finally:
        await own.stop()


async def test_overdue_chasing_stops_after_overdue_for_days(bot, fake):
    await district(bot)
    first = await jobs(bot, "2020-12-21 08:00")
    assert any(o.kind == "overdue" for o in first)
    last = await jobs(bot, "2021-01-18 08:00")  # day 29 after the deadline: the 15th chase, the last
    assert any(o.kind == "overdue" for o in last)
    assert await jobs(bot, "2021-01-20 08:00") == []  # day 31: chasing has stopped
    assert await jobs(bot, "2026-11-27 08:00") == []  # and years later too


async def test_a_slow_reminder_run_and_the_outbox_sweeper_never_send_one_reminder_twice(bot, fake):
    """A national reminder takes minutes at Telegram's pace; meanwhile the outbox's sweeper (in this
    process or another instance) looks for rows a dead process left. It must not take the rows the
    run is still sending, nor those it sent a moment ago."""
    await district(bot)
    before = counts(fake)
    plain = bot.channel.sender

    class SlowSender:
        async def send(self, channel, chat_id, reply):
            await asyncio.sleep(0.15)  # the pacing of a long run
            await plain.send(channel, chat_id, reply)

    slow = Runner(bot.engine, bot.settings, Senders({bot.channel.name: SlowSender()}),
                  pace=Pace(retry_base=0.05, retry_cap=0.5, orphaned_after=0.1, lease=0.2, poll=3600))
    sweeper = Outbox(bot.engine, Senders({bot.channel.name: plain}),
                     Pace(retry_base=0.05, retry_cap=0.5, orphaned_after=0.1, lease=0.2, poll=3600))
    run = asyncio.create_task(slow.run_due(at("2020-12-13 08:00")))
    while not run.done():
        await sweeper.sweep()
        await asyncio.sleep(0.02)
    assert {o.status for o in await run} == {"sent"}
    for _ in range(3):  # later sweeps: nothing left to send
        await asyncio.sleep(0.25)
        await sweeper.sweep()
    after = counts(fake)
    assert {c: after[c] - before[c] for c in (QUAI_NUA, QUAI_CANG, NA_SAY_1, NA_SAY_2)} == \
        {QUAI_NUA: 1, QUAI_CANG: 1, NA_SAY_1: 1, NA_SAY_2: 1}


async def test_a_bot_that_ran_for_months_keeps_its_outbox_small_and_never_reminds_twice(bot, fake):
    """Every reply is a row in the outbox; rows closed long ago are forgotten at start-up (replies and
    notices wholly; a reminder keeps only its key, so the same reminder never goes out again)."""
    await district(bot)
    assert {o.status for o in await jobs(bot, "2020-12-13 08:00")} == {"sent"}
    await Phone(fake, QUAI_NUA, "Lò Thị Mai").send("/baocao")
    with transaction(bot.engine) as session:
        kinds = [row.kind for row in session.exec(select(Delivery)).all()]
        assert kinds.count("reply") > 6 and kinds.count("reminder") == 4
        session.exec(update(Delivery).values(claimed_at=utcnow() - dt.timedelta(days=31)))
    pending = await bot.register(QUAI_CANG + 1000, "Người mới", "tuan-giao", "official")  # fresh: kept
    with transaction(bot.engine) as session:
        session.exec(update(Delivery).where(Delivery.chat_id == str(QUAI_CANG + 1000))
                     .values(status="pending", next_attempt_at=utcnow() + dt.timedelta(hours=1)))
    await bot.restart()
    with transaction(bot.engine) as session:
        rows = session.exec(select(Delivery)).all()
        assert sorted({row.kind for row in rows}) == ["reminder", "reply"]
        assert {row.chat_id for row in rows if row.kind == "reply"} == {str(QUAI_CANG + 1000)}
        assert all(row.payload is None for row in rows if row.kind == "reminder")
    before = counts(fake)
    assert await jobs(bot, "2020-12-13 08:30") == []  # the same day's reminder: already sent
    assert counts(fake) == before
    assert pending.last.text


# --- windows: how late each kind of message may still go out --------------------------------------


async def test_a_round_whose_deadline_is_years_past_sends_nothing_at_the_real_clock(bot, fake, settings, caplog):
    """The demo catalogue's round (deadline 20/12/2020) is open, units are late, officials registered:
    at today's clock, neither the catch-up at start nor `jobs` chases anyone or sends the 2020 summary."""
    await district(bot)
    before = counts(fake)
    caplog.set_level(logging.INFO, logger="scheduler.runner")
    scheduler = ReminderScheduler(runner(bot), settings)  # the wall clock
    await scheduler.start(paused=True)
    try:
        assert scheduler.jobs() == {}  # nothing left to wake up for
    finally:
        scheduler.stop()
    assert counts(fake) == before
    assert "round tongket-2020 is open, but its deadline (2020-12-20) is long past" in caplog.text
    outcomes = await runner(bot).run_due(dt.datetime.now(TZ), catch_up=True)
    assert outcomes == [] and outcomes.already_sent == 0


async def test_catch_up_chases_no_one_after_overdue_for_days(bot, fake, clock, settings):
    """Down from the 12th of December until the 21st of January (day 32 after the deadline): the chase
    and the digest are past their window, the summary past its own; the start sends nothing."""
    await district(bot)
    before = counts(fake)
    clock.now = at("2021-01-21 09:00")
    scheduler = ReminderScheduler(runner(bot), settings, clock)
    await scheduler.start(paused=True)
    scheduler.stop()
    assert counts(fake) == before
    # Within the window, the same catch-up still chases (the last chase, day 29) and tells the officials.
    sent = await jobs(bot, "2021-01-19 09:00")
    assert sorted({o.kind for o in sent}) == ["digest", "overdue"]  # the summary's week is over


async def test_a_summary_that_missed_its_day_goes_out_within_summary_for_days_only(bot, fake):
    await district(bot)
    late = await jobs(bot, "2020-12-28 09:00")  # summary day 21/12 + 7 days: still sent
    assert "summary" in {o.kind for o in late}
    assert any(m.kind == "document" for m in fake.bot_messages(OFFICIAL))


async def test_a_summary_weeks_late_is_not_sent(bot, fake):
    await district(bot)
    late = await jobs(bot, "2020-12-29 09:00")  # 8 days after its day
    assert "summary" not in {o.kind for o in late} and "overdue" in {o.kind for o in late}
    assert not any(m.kind == "document" for m in fake.bot_messages(OFFICIAL))


async def test_jobs_tells_already_sent_from_nothing_due(bot, fake):
    await district(bot)
    first = await jobs(bot, "2020-12-13 08:00")
    assert len(first) == 4 and first.already_sent == 0
    again = await jobs(bot, "2020-12-13 09:00")
    assert again == [] and again.already_sent == 4  # due, and sent before
    nothing = await jobs(bot, "2020-12-12 09:00")  # before the first reminder: nothing is due
    assert nothing == [] and nothing.already_sent == 0


# --- the zone: the catalogue's, never the host's ----------------------------------------------------


async def test_the_hosts_tz_does_not_move_a_reminder(database_url, fake, clock, monkeypatch):
    """A container started with TZ=Etc/UTC: reminders still go out at 08:00 in Vietnam, not 15:00."""
    from tests.harness import MemoryBot, make_settings

    monkeypatch.setenv("TZ", "Etc/UTC")
    settings = make_settings(database_url, fake)
    assert settings.tz == "Asia/Ho_Chi_Minh"
    bot = MemoryBot(fake, settings, clock)
    await bot.start()
    try:
        await district(bot)
        scheduler = ReminderScheduler(runner(bot), settings, clock)
        await scheduler.start(paused=True)
        scheduler.stop()
        moment = scheduler.jobs()["round:tongket-2020:reminder:2020-12-13"]
        assert moment == at("2020-12-13 08:00") and moment.utcoffset() == dt.timedelta(hours=7)
        assert len(await jobs(bot, "2020-12-13 08:00")) == 4
    finally:
        await bot.stop()


async def test_the_catalogue_names_the_zone_and_time_zone_overrides_it(tmp_path, database_url, fake, clock):
    from tests.harness import MemoryBot, make_settings
    from tests.test_catalog import broken

    tokyo = broken(tmp_path, 'time_zone = "Asia/Ho_Chi_Minh"', 'time_zone = "Asia/Tokyo"')
    assert make_settings(database_url, fake, CATALOG=str(tokyo)).tz == "Asia/Tokyo"
    settings = make_settings(database_url, fake, CATALOG=str(tokyo), TIME_ZONE="Asia/Ho_Chi_Minh")
    assert settings.tz == "Asia/Ho_Chi_Minh"  # TIME_ZONE wins over the catalogue

    in_tokyo = MemoryBot(fake, make_settings(database_url, fake, CATALOG=str(tokyo)), clock)
    await in_tokyo.start()
    try:
        await district(in_tokyo)
        scheduler = ReminderScheduler(runner(in_tokyo), in_tokyo.settings, clock)
        await scheduler.start(paused=True)
        scheduler.stop()
        moment = scheduler.jobs()["round:tongket-2020:reminder:2020-12-13"]
        assert moment.utcoffset() == dt.timedelta(hours=9) and moment.astimezone(TZ) == at("2020-12-13 06:00")
    finally:
        await in_tokyo.stop()
