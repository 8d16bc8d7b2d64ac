"""The real entry point: `python main.py run`, with a token and without one."""

from __future__ import annotations

import io
import subprocess
import sys

from bot.channels.console import ConsoleChat
from main import prepare
from tests.conftest import ROOT, BotProcess, Phone, ZaloPhone, make_settings


async def test_main_run_serves_telegram_and_zalo_by_long_polling(fake, zalo, subprocess_env):
    env = subprocess_env | {"ZALO_BOT_TOKEN": zalo.token, "ZALO_API_BASE_URL": zalo.root, "ZALO_POLL_TIMEOUT": "1"}
    bot = await BotProcess(fake, env).start()
    try:
        # Zalo runs alongside Telegram, with the same conversation.
        [on_zalo] = await ZaloPhone(zalo, "z701", "Lò Văn Hai").send("/start")
        assert "mã mời" in on_zalo.text
        phone = Phone(fake, 701, "Lò Văn Thật")
        [welcome] = await phone.send("/start")
        assert "mã mời" in welcome.text
        code = subprocess.run([sys.executable, "main.py", "invite", "--unit", "Quai Nua", "--role", "clerk"],
                              cwd=ROOT, env=subprocess_env, capture_output=True, text=True,
                              timeout=60).stdout.strip().splitlines()[-1]
        [menu] = await phone.send(code)  # the greeting above the menu, one message
        assert menu.text.startswith("✅ Đăng ký thành công") and "📝 Báo cáo" in menu.button_texts
        await phone.press("📝 Báo cáo")
        assert "Nông thôn mới · câu 1/6" in phone.last.text
        # The pressed message is left as it was: an edit would take a send of Telegram's 30 a second.
        assert fake.message(701, menu.message_id).edit_count == 0 and not fake.calls_of("editMessageText")
    finally:
        assert bot.terminate() == 0
    output = bot.output()
    assert "bot running: telegram, zalo" in output
    assert fake.token not in output and zalo.token not in output  # no token in the logs


def test_without_a_token_the_terminal_chat_opens_on_the_demo(subprocess_env):
    script = "1\n1\n15\n:thoat\n"
    result = subprocess.run([sys.executable, "main.py", "run"], cwd=ROOT, env=subprocess_env, input=script,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Cán bộ xã Quài Nưa" in out and "Đăng ký thành công" in out
    assert "  1. 📝 Báo cáo" in out and "Gõ 1 để bắt đầu" in out  # buttons as numbered lines, said so
    assert "Số tiêu chí nông thôn mới đạt được" in out
    assert "✅ Đã lưu «Số tiêu chí nông thôn mới đạt được»: 15 tiêu chí" in out
    assert "Tạm biệt" in out


def chat_in_terminal(dispatcher, typed: list[str]) -> str:
    """What the terminal chat prints while these lines are typed in."""
    lines, output = iter(typed), io.StringIO()
    ConsoleChat(dispatcher, read=lambda: next(lines, None), out=output).run()
    return output.getvalue()


def test_terminal_chat_as_official_then_switching_role(database_url):
    dispatcher = prepare(make_settings(database_url))
    out = chat_in_terminal(dispatcher, ["2", "/baocao", ":vai", "1", "/trangthai", ":thoat"])
    assert "cán bộ huyện của huyện Tuần Giáo" in out
    assert "không dành cho vai trò của bạn" in out  # officials do not fill in commune reports
    assert "cán bộ xã của xã Quài Nưa" in out
    assert "Bạn chưa bắt đầu báo cáo kỳ này" in out


def test_terminal_chat_prints_a_notice_to_another_person(database_url):
    """One terminal, several demo people: a review's outcome for the clerk is printed with their name."""
    from tests.stories.test_officials import answers, put_report

    dispatcher = prepare(make_settings(database_url))
    put_report(dispatcher.engine, "Quài Nưa", answers("Quài Nưa"))
    out = chat_in_terminal(dispatcher, ["2", "/xa quai nua", "Duyệt", ":thoat"])
    assert "Đã duyệt báo cáo của xã Quài Nưa" in out
    assert "📨 Tin nhắn bot gửi tới Cán bộ Quài Nưa:" in out and "đã được duyệt" in out


def test_terminal_chat_holds_only_its_notices(database_url):
    """The terminal prints notices; a reminder waiting in the outbox for Telegram is not its to hold:
    the outbox's sweeper (of a bot run on the same database) can still take it at once."""
    import datetime as dt

    from storage import outbox
    from storage.db import transaction
    from storage.models import Delivery, utcnow

    dispatcher = prepare(make_settings(database_url))
    with transaction(dispatcher.engine) as session:
        row_id = outbox.enqueue(session, "reminder", "telegram", "601", [{"text": "Còn 3 ngày"}])
        session.get(Delivery, row_id).claimed_at = utcnow() - dt.timedelta(minutes=5)  # left by a dead run
    chat_in_terminal(dispatcher, ["1", "/trangthai", ":thoat"])
    due = outbox.due(dispatcher.engine, utcnow(), orphaned_after=20, lease=60, give_up_after=3600)
    assert [row.id for row in due] == [row_id]
