"""Invitations: an administrator invites, a person registers, strangers get nothing else."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from sqlmodel import select

from storage.db import transaction
from storage.models import Identity, Invitation, User
from tests.harness import ROOT, Phone


def cli(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


async def test_stranger_sees_only_how_to_register(bot, fake):
    phone = Phone(fake, 501, "Lò Văn Khách")
    for text in ("/start", "/baocao", "xin chào", "/tiendo"):
        [reply] = await phone.send(text)
        assert "mã mời" in reply.text
        assert reply.buttons == []
    [reply] = await phone.send("12345")
    assert "10 ký tự" in reply.text


async def test_clerk_registers_with_code_from_the_command_line(bot, fake, settings, subprocess_env):
    result = cli(subprocess_env | {"DATABASE_URL": settings.database_url}, "invite", "--unit", "Quai Nua",
                 "--role", "clerk")
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip().splitlines()[-1]
    assert len(code.replace("-", "")) == 10

    phone = Phone(fake, 502, "Lò Thị Mai")
    [welcome] = await phone.send("/start")
    assert "mã mời" in welcome.text
    [menu] = await phone.send(code.lower())  # typed in lower case: still fine
    registered, _, menu_text = menu.text.partition("\n\n")  # the greeting above the menu, one message
    assert "Đăng ký thành công" in registered and "xã Quài Nưa" in registered
    assert "cán bộ xã" in registered
    assert menu_text.startswith("Bạn chọn việc cần làm")
    assert "📝 Báo cáo" in menu.button_texts and "📊 Trạng thái" in menu.button_texts

    [menu] = await phone.send("/start")
    hello, _, menu_text = menu.text.partition("\n\n")
    assert "Lò Thị Mai" in hello and "xã Quài Nưa" in hello
    assert menu_text.startswith("Bạn chọn việc cần làm")
    assert "📝 Báo cáo" in menu.button_texts

    with transaction(bot.engine) as session:
        user = session.exec(select(User)).one()
        assert (user.full_name, user.role) == ("Lò Thị Mai", "clerk")
        assert session.exec(select(Identity)).one().external_id == "502"
        assert session.exec(select(Invitation)).one().used_by == user.id


async def test_official_and_admin_register_the_same_way(bot, fake):
    official = Phone(fake, 503, "Vũ Văn Đức")
    [menu] = await official.send(bot.invite("tuan-giao", "official"))
    registered, _, _ = menu.text.partition("\n\n")
    assert "cán bộ huyện" in registered and "huyện Tuần Giáo" in registered
    assert menu.buttons and "📝 Báo cáo" not in menu.button_texts  # reporting is the clerks' job
    admin = Phone(fake, 504, "Quản Trị")
    [menu] = await admin.send(bot.invite("tuan-giao", "admin"))
    registered, _, _ = menu.text.partition("\n\n")
    assert "quản trị viên" in registered and menu.buttons


async def test_used_expired_and_mistyped_codes_are_explained(bot, fake):
    code = bot.invite("Quài Nưa")
    first = Phone(fake, 505, "Người Thứ Nhất")
    [welcome] = await first.send(code)
    assert "Đăng ký thành công" in welcome.text and welcome.buttons
    second = Phone(fake, 506, "Người Thứ Hai")
    [reply] = await second.send(code)
    assert "đã được dùng" in reply.text

    expired = bot.invite("Quài Nưa", days=-1)
    [reply] = await second.send(expired)
    assert "hết hạn" in reply.text

    wrong = "ABCDE-FGHJK"
    [reply] = await second.send(wrong)
    assert "không đúng" in reply.text
    with transaction(bot.engine) as session:
        assert len(session.exec(select(User)).all()) == 1


async def test_repeated_wrong_codes_from_one_chat_are_throttled(bot, fake):
    guesser = Phone(fake, 507, "Kẻ Đoán Mò")
    for i in range(5):
        [reply] = await guesser.send(f"ABCDE-FGHJ{'KMNPQ'[i]}")
        assert "không đúng" in reply.text
    good_code = bot.invite("Quài Nưa")
    [reply] = await guesser.send(good_code)
    assert "nhập sai mã nhiều lần" in reply.text  # even a good code waits
    # Another chat is not punished for it.
    honest = Phone(fake, 508, "Người Ngay")
    [welcome] = await honest.send(good_code)
    assert welcome.text.startswith("✅ Đăng ký thành công") and welcome.buttons


async def test_a_doubled_update_is_handled_once(bot, fake):
    phone = Phone(fake, 509, "Lò Văn Đôi")
    code = bot.invite("Quài Nưa")
    await phone.send(code, update_id=7001)
    fake.push_text(509, code, update_id=7001)  # the network delivers it again
    await fake.assert_quiet(509, 1, duration=0.5)
    with transaction(bot.engine) as session:
        assert len(session.exec(select(User)).all()) == 1


async def test_registration_survives_a_restart(bot, fake):
    phone = Phone(fake, 510, "Lò Văn Bền")
    code = bot.invite("Quài Nưa")
    await phone.send("/start")
    await bot.restart()
    [registered] = await phone.send(code)
    assert registered.text.startswith("✅ Đăng ký thành công") and registered.buttons
    await bot.restart()
    [hello] = await phone.send("/start")
    assert hello.text.startswith("Chào Lò Văn Bền") and hello.buttons


async def test_invite_refuses_an_unknown_or_ambiguous_unit(subprocess_env):
    result = cli(subprocess_env, "invite", "--unit", "Không Có", "--role", "clerk")
    assert result.returncode == 2 and "Không tìm thấy" in result.stderr
    result = cli(subprocess_env, "invite", "--unit", "Quài", "--role", "clerk")
    assert result.returncode == 2 and "khớp nhiều đơn vị" in result.stderr


async def test_invitation_expiry_is_configurable(bot):
    bot.invite("Quài Nưa", days=30)
    with transaction(bot.engine) as session:
        inv = session.exec(select(Invitation)).one()
        assert dt.timedelta(days=29) < inv.expires_at - inv.created_at <= dt.timedelta(days=30)


async def test_guessing_from_many_chats_is_throttled_for_everyone(fake, database_url, clock):
    from tests.conftest import Bot, make_settings
    bot = await Bot(fake, make_settings(database_url, fake, CODE_FAILURES_GLOBAL=3), clock).start()
    try:
        for chat in (521, 522, 523):  # three chats, one wrong code each: under the per-chat limit
            [reply] = await Phone(fake, chat, "Kẻ Đoán").send("ABCDE-FGHJK")
            assert "không đúng" in reply.text
        [reply] = await Phone(fake, 524, "Kẻ Thứ Tư").send(bot.invite("Quài Nưa"))
        assert "nhập sai mã nhiều lần" in reply.text
        with transaction(bot.engine) as session:
            assert session.exec(select(User)).all() == []
    finally:
        await bot.stop()
