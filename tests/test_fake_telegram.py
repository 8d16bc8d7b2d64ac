"""The fake Telegram server against a real python-telegram-bot Bot/Application."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, EndPointNotFound, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fake_telegram import FakeTelegram

USER = 4242


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(f"echo: {update.message.text}")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    name = update.effective_user.first_name
    await update.message.reply_text(f"Xin chào <b>{name}</b>!", parse_mode="HTML")


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    kb = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Báo cáo", callback_data="report"),
          InlineKeyboardButton("Hủy", callback_data="cancel")]]
    )
    await update.message.reply_text("Chọn:", reply_markup=kb)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("OK")
    if query.data == "report":
        kb = InlineKeyboardMarkup([[InlineKeyboardButton("Xong", callback_data="done")]])
        await query.edit_message_text(f"Đã chọn: {query.data}", reply_markup=kb)
    else:
        await query.edit_message_text("Đã hủy")  # no reply_markup: keyboard disappears


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_document(
        document=b"a;b\n1;2\n", filename="bao_cao.csv", caption="Báo cáo tháng"
    )


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    doc = update.message.document
    tg_file = await doc.get_file()
    data = await tg_file.download_as_bytearray()
    await update.message.reply_text(f"got {doc.file_name}: {bytes(data).decode()}")


@pytest.fixture
async def fake():
    async with FakeTelegram() as server:
        yield server
        server.assert_no_server_errors()


@pytest.fixture
async def app(fake: FakeTelegram):
    application: Application = (
        fake.application_builder().build()  # token + base_url + base_file_url
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("menu", menu))
    application.add_handler(CommandHandler("export", export))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(filters.Document.ALL, on_document))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


async def test_echo_and_command(fake: FakeTelegram, app: Application) -> None:
    n = fake.count(USER)
    fake.push_text(USER, "xin chào")
    msgs = await fake.wait_for_messages(USER, n + 1)
    assert msgs[-1].text == "echo: xin chào"
    assert msgs[-1].kind == "text" and not msgs[-1].edited

    [reply] = await fake.send_and_wait(USER, "/start", first_name="Lan")
    assert reply.text == "Xin chào Lan!"  # markup stripped like Telegram shows it
    assert reply.raw_text == "Xin chào <b>Lan</b>!"
    assert fake.calls_of("getMe") and fake.calls_of("deleteWebhook")
    sent = fake.calls_of("sendMessage")[-1]
    assert sent["chat_id"] == USER and sent["parse_mode"] == "HTML"
    fake.assert_no_unknown_methods()


async def test_callback_answer_and_edit(fake: FakeTelegram, app: Application) -> None:
    [menu_msg] = await fake.send_and_wait(USER, "/menu")
    assert menu_msg.buttons == [[("Báo cáo", "report"), ("Hủy", "cancel")]]

    mid, data = fake.find_button(USER, "Báo cáo")
    assert (mid, data) == (menu_msg.message_id, "report")
    new = await fake.press_and_wait(USER, mid, data, expect=0)
    assert new == []  # only an edit, no new message
    edited = await fake.wait_for_edit(USER, mid)
    assert edited.text == "Đã chọn: report"
    assert edited.edited and edited.buttons == [[("Xong", "done")]]
    assert fake.calls_of("answerCallbackQuery")[-1]["text"] == "OK"

    uid = fake.push_callback(USER, mid, "cancel")
    msg = await fake.wait_for_edit(USER, mid, edits=2)
    assert msg.text == "Đã hủy" and msg.buttons == []
    await fake.wait_for(lambda: fake.callback_answered(uid), timeout=2)


async def test_documents_both_ways(fake: FakeTelegram, app: Application) -> None:
    [doc] = await fake.send_and_wait(USER, "/export")
    assert doc.kind == "document"
    assert doc.filename == "bao_cao.csv"
    assert doc.data == b"a;b\n1;2\n"
    assert doc.caption == "Báo cáo tháng"

    fake.push_document(USER, "so_lieu.txt", b"12345")
    reply = await fake.next_reply(USER)
    assert reply.text == "got so_lieu.txt: 12345"
    assert fake.calls_of("getFile")


async def test_duplicate_update_is_delivered_twice(fake: FakeTelegram, app: Application):
    uid = fake.push_text(USER, "một")
    await fake.wait_for_messages(USER, 1)
    fake.push_text(USER, "một", update_id=uid)  # Telegram re-delivers the same update
    msgs = await fake.wait_for_messages(USER, 2)
    assert [m.text for m in msgs] == ["echo: một", "echo: một"]
    await fake.assert_quiet(USER, 2, duration=0.05)


async def test_retry_after_and_other_errors(fake: FakeTelegram) -> None:
    async with fake.bot() as bot:
        fake.fail_next("sendMessage", status=429, retry_after=3)
        with pytest.raises(RetryAfter):
            await bot.send_message(USER, "hi")
        assert fake.failures[-1][0] == "sendMessage" and fake.failures[-1][2] == 429
        await bot.send_message(USER, "hi")  # only the next call failed

        fake.block(USER)
        with pytest.raises(Forbidden, match="(?i)blocked"):
            await bot.send_message(USER, "hi")
        fake.block(USER, False)

        with pytest.raises(BadRequest, match="(?i)can't parse entities"):
            await bot.send_message(USER, "1 < 2 <b>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="(?i)reserved"):
            await bot.send_message(USER, "Xong.", parse_mode="MarkdownV2")
        m = await bot.send_message(USER, "same")
        with pytest.raises(BadRequest, match="(?i)not modified"):
            await bot.edit_message_text("same", chat_id=USER, message_id=m.message_id)
    assert [m.text for m in fake.bot_messages(USER)] == ["hi", "same"]


async def test_unknown_method_and_wrong_token(fake: FakeTelegram) -> None:
    async with fake.bot() as bot:
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("fooBar")
    assert fake.unknown_methods == ["fooBar"]
    with pytest.raises(AssertionError):
        fake.assert_no_unknown_methods()

    from telegram import Bot

    bad = Bot("999:WRONG", base_url=fake.base_url, base_file_url=fake.base_file_url)
    with pytest.raises(InvalidToken):
        async with bad:  # initialize() calls getMe; on failure __aenter__ shuts down
            pass
    assert fake.unauthorized == ["getMe"]


async def test_long_poll_returns_on_push_and_instances_are_isolated(fake: FakeTelegram):
    async with FakeTelegram() as other, fake.bot() as bot:
        assert other.port != fake.port
        t0 = time.monotonic()
        poll = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.05)
        uid = fake.push_text(USER, "/start now")
        updates = await poll
        assert time.monotonic() - t0 < 1.0
        assert [u.update_id for u in updates] == [uid]
        entity = updates[0].message.entities[0]
        assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 6)
        # confirmed by the next offset; an empty poll then waits for its timeout
        assert await bot.get_updates(offset=uid + 1, timeout=0) == ()
        assert fake.pending_updates() == 0 and other.calls == []


async def test_wait_timeout_dumps_the_chat(fake: FakeTelegram) -> None:
    async with fake.bot() as bot:
        await bot.send_message(USER, "chỉ một tin")
    with pytest.raises(AssertionError, match="chỉ một tin"):
        await fake.wait_for_messages(USER, 2, timeout=0.05)
