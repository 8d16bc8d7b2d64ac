"""Zalo: the same conversations as on Telegram, typed instead of pressed, over the fake Zalo Bot API."""

from __future__ import annotations

import asyncio
import logging
import re

import httpx
from sqlmodel import select

from bot.events import Reply
from bot.channels.zalo import SECRET_HEADER, to_incoming
from storage import reports
from storage import submission
from storage.db import transaction
from storage.models import Identity, Report, Unit, User
from tests.conftest import Running, ZaloPhone, free_port, zalo_settings


def numbered(text: str) -> dict[str, int]:
    """The numbered choices of a message: label -> number."""
    return {m.group(2): int(m.group(1)) for m in re.finditer(r"^\s+(\d+)\. (.+)$", text, re.M)}


async def test_stranger_registers_on_zalo_and_sees_a_numbered_menu(zbot, zalo):
    phone = ZaloPhone(zalo, "6ede9afa66b88fe6d6a9", "Lò Thị Mai")
    [welcome] = await phone.send("Xin chào")
    assert "mã mời" in welcome.text and "LIENKET" in welcome.text
    [menu] = await phone.send(zbot.invite("Quai Nua").lower())  # the greeting above the menu, one message
    registered, _, menu_text = menu.text.partition("\n\n")
    assert "Đăng ký thành công" in registered and "xã Quài Nưa" in registered
    choices = numbered(menu_text)
    assert choices["📝 Báo cáo"] and choices["📊 Trạng thái"]
    with transaction(zbot.engine) as session:
        identity = session.exec(select(Identity)).one()
        assert (identity.channel, identity.external_id, identity.chat_id) == ("zalo", phone.chat_id, phone.chat_id)
        assert session.get(User, identity.user_id).full_name == "Lò Thị Mai"
    # No buttons exist on Zalo: every message went out as plain sendMessage text.
    assert all(set(call) <= {"chat_id", "text"} for call in zalo.calls_of("sendMessage"))


async def test_a_report_made_with_numbered_choices_and_submitted(zbot, zalo):
    phone = await zbot.register_zalo(zalo, "a1", "Lò Văn Báo")
    assert "Gõ 1 để bắt đầu" in phone.last.text and numbered(phone.last.text)["📝 Báo cáo"] == 1
    [question] = await phone.send("một")  # the first choice of the menu: 📝 Báo cáo, straight to its first question
    assert "Số tiêu chí nông thôn mới đạt được" in question.text and "Nông thôn mới · câu 1/6" in question.text
    # A number is the answer here: the buttons are words to type.
    assert "(hoặc gõ: ⏭ Bỏ qua · ⬅️ Quay lại · 📋 Các phần · ⏸ Tạm dừng)" in question.text
    # Each "saved" line comes above the next question, in one message.
    [message] = await phone.send("15")
    saved, _, question = message.text.partition("\n\n")
    assert "✅ Đã lưu «Số tiêu chí nông thôn mới đạt được»: 15 tiêu chí" in saved
    assert "công nhận" in question and numbered(question)["Không"] == 2
    assert "Gõ số của một lựa chọn dưới đây." in question  # worded for typing, not for buttons
    [message] = await phone.send("số 2")
    saved, _, question = message.text.partition("\n\n")
    assert "✅ Đã lưu «Xã đã được tỉnh công nhận cơ bản đạt chuẩn nông thôn mới?»: Không" in saved
    assert "Kế hoạch" in question
    [message] = await phone.send("1.000")
    saved, _, question = message.text.partition("\n\n")
    assert "✅ Đã lưu kế hoạch «Số hộ gia đình đạt danh hiệu Gia đình văn hóa»: 1.000 hộ" in saved and "· câu" in question
    [message] = await phone.send("950")
    saved, _, question = message.text.partition("\n\n")
    assert "đạt 95% KH" in saved and "· câu" in question
    [message] = await phone.send("bỏ qua")  # a typed label
    skipped, _, question = message.text.partition("\n\n")
    assert "Đã bỏ qua" in skipped and "· câu" in question
    [message] = await phone.send("Đường liên thôn đã bê tông hóa")
    saved, question = message.text.split("\n\n", 1)  # saved, and the next section's first question: one message
    assert "✅ Đã lưu" in saved and question.startswith("⏭ Nông thôn mới 5/6 · Tiếp: Giảm nghèo, câu 1/4")

    # The rest of the report was typed in earlier (stored directly); the clerk submits by number.
    with transaction(zbot.engine) as session:
        report = session.exec(select(Report)).one()
        user = session.exec(select(User)).one()
        unit = session.get(Unit, user.unit_id)
        for ind in submission.missing(session, unit, reports.values_of(session, report.id)):
            if ind.type == "choice":
                reports.set_value(session, report, ind.code, user.id, text=ind.choices[0])
            else:
                reports.set_value(session, report, ind.code, user.id, number=5)
    [overview] = await phone.send("các phần")  # a typed label: the overview, its sections numbered once
    sections = numbered(overview.text)
    number = {label.split(" ·")[0].removesuffix(" ✅"): n for label, n in sections.items()}
    assert (number["Nông thôn mới"], number["Khó khăn, kiến nghị"], number["Điển hình: 0 hồ sơ"]) == (1, 9, 11)
    assert "Gõ số của một phần để mở." in overview.text and len(overview.text) <= 600
    [receipt] = await phone.send(str(sections["📤 Gửi báo cáo"]))
    assert "Đã gửi báo cáo" in receipt.text and "Số biên nhận: BC" in receipt.text
    said = "\n".join(m.text for m in zalo.bot_messages(phone.chat_id))
    assert "bấm" not in said.lower() and "\u2063" not in said  # no word of buttons Zalo does not have
    with transaction(zbot.engine) as session:
        report = session.exec(select(Report)).one()
        assert report.status == "submitted"
        values = reports.values_of(session, report.id)
        assert (values["ntm_tieu_chi"].number, values["ntm_cong_nhan"].text) == (15, "Không")
        assert (values["plan:ntm_ho_gdvh"].number, values["ntm_ho_gdvh"].number) == (1000, 950)
        assert values["ntm_ban_van_hoa"].skipped
        assert values["ntm_ghi_chu"].text == "Đường liên thôn đã bê tông hóa"


async def test_idle_polls_are_answered_408_and_the_bot_keeps_listening(zbot, zalo):
    await zalo.wait_for(lambda: zalo.idle_polls >= 2, timeout=10, what="two idle polls")
    phone = ZaloPhone(zalo, "idle1", "Người Chờ")
    [welcome] = await phone.send("/start")
    assert "mã mời" in welcome.text
    assert zalo.failures and {status for _, status, _ in zalo.failures} == {408}


async def test_a_doubled_message_is_answered_once(zbot, zalo):
    phone = ZaloPhone(zalo, "dup1", "Lò Văn Đôi")
    code = zbot.invite("Quài Nưa")
    await phone.send(code, message_id="2d758cb5e222177a4e35")
    zalo.replay("2d758cb5e222177a4e35")  # no offset: the server hands out the same update again
    await zalo.wait_for(lambda: zalo.pending_updates() == 0, what="the replay to be polled")
    await zalo.assert_quiet("dup1", 1, duration=0.5)
    with transaction(zbot.engine) as session:
        assert len(session.exec(select(User)).all()) == 1


async def test_a_long_message_is_split_on_line_boundaries(zbot, zalo):
    phone = ZaloPhone(zalo, "long1", "Người Đọc")
    await phone.send("/start")
    lines = [f"Dòng {n}: " + "chữ có dấu tiếng Việt " * 4 for n in range(60)]  # about 5,700 characters
    reply = Reply("\n".join(lines), numbered=False)
    assert await zbot.channel("zalo").deliver("long1", [reply])
    pieces = zalo.texts("long1")[1:]
    assert len(pieces) == 3 and all(len(p) <= 2000 for p in pieces)
    assert "\n".join(pieces) == reply.text  # nothing lost, every cut at a line end
    assert all(p.split("\n")[0].startswith("Dòng ") for p in pieces)


def test_zalo_updates_become_neutral_events():
    text = {"event_name": "message.text.received", "message": {
        "from": {"id": "u1", "display_name": "Ted", "is_bot": False},
        "chat": {"id": "u1", "chat_type": "PRIVATE"}, "text": "Xin chào", "message_id": "m1", "date": 1}}
    event = to_incoming(text)
    assert (event.channel, event.chat_id, event.sender_id, event.sender_name, event.text, event.update_key) == \
        ("zalo", "u1", "u1", "Ted", "Xin chào", "m1")
    sticker = {"event_name": "message.sticker.received", "message": {
        "from": {"id": "u1", "name": "Ted"}, "chat": {"id": "u1", "chat_type": "PRIVATE"},
        "sticker": "x", "message_id": "m2"}}
    assert to_incoming(sticker).has_attachment and to_incoming(sticker).sender_name == "Ted"
    group = {"event_name": "message.text.received", "message": {
        "from": {"id": "u1"}, "chat": {"id": "g1", "chat_type": "GROUP"}, "text": "hi", "message_id": "m3"}}
    assert to_incoming(group) is None
    assert to_incoming({"event_name": "message.text.received"}) is None


async def test_webhook_takes_updates_with_the_right_secret_and_refuses_a_wrong_one(database_url, zalo, clock):
    secret = "s3cret-webhook-Token"
    running = await Running(zalo_settings(database_url, zalo, ZALO_MODE="webhook", ZALO_WEBHOOK_SECRET=secret,
                                          ZALO_WEBHOOK_PATH="/hook/zalo", HTTP_PORT=0), clock).start()
    try:
        url = f"http://127.0.0.1:{running.services.web.port}/hook/zalo"
        zalo.allow_local_webhook = True  # the real server only accepts public HTTPS URLs
        async with httpx.AsyncClient() as client:
            answer = (await client.post(f"{zalo.root}/bot{zalo.token}/setWebhook",
                                        json={"url": url, "secret_token": secret})).json()
            assert answer["ok"] and answer["result"]["verification"]["ok"]
            phone = ZaloPhone(zalo, "wh1", "Lò Văn Móc")
            [welcome] = await phone.send("/start")  # Zalo POSTs it to the webhook; the bot answers
            assert "mã mời" in welcome.text
            assert zalo.webhook_responses == [200]
            assert not zalo.calls_of("getUpdates")  # no polling in webhook mode

            forged = {"ok": True, "result": {"event_name": "message.text.received", "message": {
                "from": {"id": "wh2"}, "chat": {"id": "wh2", "chat_type": "PRIVATE"},
                "text": "/start", "message_id": "forged1"}}}
            refused = await client.post(url, json=forged, headers={SECRET_HEADER: "s3cret-webhook-TokeN"})
            assert refused.status_code == 403
            missing = await client.post(url, json=forged)
            assert missing.status_code == 403
        await asyncio.sleep(0.3)
        assert len(zalo.calls_of("sendMessage")) == 1  # nothing answered to the forged calls
        with transaction(running.engine) as session:
            from storage.models import ChatState
            assert [c.chat_id for c in session.exec(select(ChatState))] == ["wh1"]
    finally:
        await running.stop()


async def test_a_refused_token_stops_the_adapter_and_says_why(zbot, zalo, caplog):
    caplog.set_level(logging.ERROR, logger="bot.channels.zalo")
    zalo.fail_next("getUpdates", 401)
    await zalo.wait_for(lambda: zbot.channel("zalo").stopped_because, what="the adapter to stop")
    polls = len(zalo.calls_of("getUpdates"))
    await asyncio.sleep(0.3)
    assert len(zalo.calls_of("getUpdates")) == polls  # it stopped polling
    assert "ZALO_BOT_TOKEN" in caplog.text and zalo.token not in caplog.text


async def test_quota_and_network_errors_lose_no_message(zbot, zalo, caplog):
    phone = ZaloPhone(zalo, "err1", "Người Mạng Yếu")
    zalo.fail_next("sendMessage", 429)  # refused by Zalo: not sent, so sent again after a pause
    [welcome] = await phone.send("/start")
    assert "mã mời" in welcome.text and zalo.count("err1") == 1
    zalo.fail_next("getUpdates", 500, times=2)  # polling backs off and recovers
    [again] = await phone.send("/start")
    assert again.text == welcome.text
    zalo.drop_after_send()  # delivered, but the answer is lost: not acknowledged, so sent again
    phone.fake.push_text("err1", "/start")
    await zalo.wait_for(lambda: "will send it again" in caplog.text, what="the adapter to report the lost answer")
    await zalo.wait_for(lambda: zalo.count("err1") == 4, what="the outbox to send it again")
    assert zalo.last_message("err1").text == welcome.text  # doubled rather than lost
    await zalo.assert_quiet("err1", 4, duration=0.3)


async def test_files_go_as_a_signed_link_or_with_a_note(database_url, zalo, clock):
    from bot.events import OutFile

    port = free_port()
    running = await Running(zalo_settings(database_url, zalo, HTTP_PORT=port,
                                          PUBLIC_BASE_URL=f"http://127.0.0.1:{port}"), clock).start()
    try:
        phone = ZaloPhone(zalo, "f1", "Cán Bộ Huyện")
        await phone.send("/start")
        report = OutFile("tổng hợp 2020.docx", b"PK\x03\x04 docx bytes")
        assert await running.channel("zalo").deliver("f1", [Reply("📊 Tổng hợp toàn huyện", file=report)])
        text = phone.last.text
        assert text.startswith("📊 Tổng hợp toàn huyện") and "hết hạn sau 24 giờ" in text
        link = re.search(r"http://\S+", text).group(0)
        async with httpx.AsyncClient() as client:
            got = await client.get(link)
            assert got.status_code == 200 and got.content == report.data
            assert "attachment" in got.headers["content-disposition"]
            longer = re.sub(r"exp=(\d+)", lambda m: f"exp={int(m.group(1)) + 3600}", link)
            assert (await client.get(longer)).status_code == 403  # the expiry is signed
            other = re.sub(r"/files/[^/]+/", "/files/someone-else/", link)
            assert (await client.get(other)).status_code == 403  # so is the path
            # A link signed rightly but past its time is refused too.
            links = running.channel("zalo").links
            path = link.split("?")[0].removeprefix(f"http://127.0.0.1:{port}")
            later = 4_000_000_000
            signed_later = f"{link.split('?')[0]}?exp={later}&sig={links._sign(path, later)}"
            assert (await client.get(signed_later)).status_code == 200  # the same signing, still valid
            expired = f"{link.split('?')[0]}?exp=1000&sig={links._sign(path, 1000)}"
            assert (await client.get(expired)).status_code == 403
    finally:
        await running.stop()


async def test_without_a_public_address_files_are_replaced_by_a_note(zbot, zalo):
    from bot.events import OutFile

    phone = ZaloPhone(zalo, "f2", "Cán Bộ Xã")
    await phone.send("/start")
    await zbot.channel("zalo").deliver("f2", [Reply("Báo cáo của xã", file=OutFile("bc.xlsx", b"xlsx"))])
    assert phone.last.text.startswith("Báo cáo của xã") and "Telegram" in phone.last.text
    assert "http" not in phone.last.text
