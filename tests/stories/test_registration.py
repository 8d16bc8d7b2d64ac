"""Invitations: an administrator invites, a person registers, strangers get nothing else."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from bot import texts
from storage.db import transaction
from storage.models import Identity, Invitation, User
from tests.harness import Phone, cli


def opening(template: str) -> str:
    """A text's words before its first blank to fill ("Chào {name}..." -> "Chào ")."""
    return template.split("{")[0]


async def test_stranger_sees_only_how_to_register(bot, fake):
    phone = Phone(fake, 501, "Lò Văn Khách")
    for text in ("/start", "/baocao", "xin chào", "/tiendo"):
        [reply] = await phone.send(text)
        assert reply.text == texts.WELCOME_STRANGER and reply.buttons == []
    [reply] = await phone.send("12345")
    assert reply.text == texts.CODE_MALFORMED


async def test_clerk_registers_with_code_from_the_command_line(bot, fake, settings, subprocess_env):
    result = cli(subprocess_env | {"DATABASE_URL": settings.database_url}, "invite", "--unit", "Quai Nua",
                 "--role", "clerk")
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip().splitlines()[-1]
    assert len(code.replace("-", "")) == 10

    phone = Phone(fake, 502, "Lò Thị Mai")
    [welcome] = await phone.send("/start")
    assert welcome.text == texts.WELCOME_STRANGER
    [menu] = await phone.send(code.lower())  # typed in lower case: still fine
    registered, _, menu_text = menu.text.partition("\n\n")  # the greeting above the menu, one message
    greeting, report = registered.split("\n")
    assert greeting == texts.REGISTERED.format(name="Lò Thị Mai", role="cán bộ xã", unit="xã Quài Nưa")
    # One tap to the report: its button first (number 1 on Zalo), and the greeting says so.
    assert "Tổng kết công tác thi đua, khen thưởng năm 2020" in report and "«📝 Báo cáo»" in report
    assert menu_text.startswith(opening(texts.MENU))
    assert menu.button_texts[0] == texts.BTN_REPORT and texts.BTN_STATUS in menu.button_texts
    [question] = await phone.press(texts.BTN_REPORT)
    assert "Nông thôn mới · câu 1/6" in question.text

    [menu] = await phone.send("/start")
    hello, _, menu_text = menu.text.partition("\n\n")
    assert hello == texts.HELLO.format(name="Lò Thị Mai", role="cán bộ xã", unit="xã Quài Nưa")
    assert menu_text.startswith(opening(texts.MENU))
    assert texts.BTN_REPORT in menu.button_texts

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
    assert menu.buttons and texts.BTN_REPORT in menu.button_texts  # the district's own report (/baocao)
    admin = Phone(fake, 504, "Quản Trị")
    [menu] = await admin.send(bot.invite("tuan-giao", "admin"))
    registered, _, _ = menu.text.partition("\n\n")
    assert "quản trị viên" in registered and menu.buttons


async def test_used_expired_and_mistyped_codes_are_explained(bot, fake):
    code = bot.invite("Quài Nưa")
    first = Phone(fake, 505, "Người Thứ Nhất")
    [welcome] = await first.send(code)
    assert welcome.text.startswith(opening(texts.REGISTERED)) and welcome.buttons
    second = Phone(fake, 506, "Người Thứ Hai")
    [reply] = await second.send(code)
    assert reply.text == texts.CODE_USED

    expired = bot.invite("Quài Nưa", days=-1)
    [reply] = await second.send(expired)
    assert reply.text == texts.CODE_EXPIRED

    wrong = "ABCDE-FGHJK"
    [reply] = await second.send(wrong)
    assert reply.text == texts.CODE_UNKNOWN
    with transaction(bot.engine) as session:
        assert len(session.exec(select(User)).all()) == 1


async def test_repeated_wrong_codes_from_one_chat_are_throttled(bot, fake):
    guesser = Phone(fake, 507, "Kẻ Đoán Mò")
    for i in range(5):
        [reply] = await guesser.send(f"ABCDE-FGHJ{'KMNPQ'[i]}")
        assert reply.text == texts.CODE_UNKNOWN
    good_code = bot.invite("Quài Nưa")
    [reply] = await guesser.send(good_code)
    assert reply.text.startswith(opening(texts.CODE_THROTTLED))  # even a good code waits
    # Another chat is not punished for it.
    honest = Phone(fake, 508, "Người Ngay")
    [welcome] = await honest.send(good_code)
    assert welcome.text.startswith(opening(texts.REGISTERED)) and welcome.buttons


async def test_a_doubled_update_is_handled_once(bot, fake):
    phone = Phone(fake, 509, "Lò Văn Đôi")
    code = bot.invite("Quài Nưa")
    await phone.send(code, update_id=7001)
    fake.push_text(509, code, update_id=7001)  # the network delivers it again
    await fake.assert_quiet(509, 1, duration=0.5)
    with transaction(bot.engine) as session:
        assert len(session.exec(select(User)).all()) == 1


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


async def test_guessing_from_many_chats_never_holds_back_a_valid_code(bot, fake):
    for chat in range(521, 531):  # ten chats, five wrong codes each: fifty in all
        guesser = Phone(fake, chat, "Kẻ Đoán")
        for i in range(5):
            [reply] = await guesser.send(f"ABCDE-FGH{'JKMNP'[i]}{'QRSTUVWXYZ'[chat - 521]}")
            assert reply.text == texts.CODE_UNKNOWN
    [reply] = await Phone(fake, 531, "Người Thứ Mười Một").send(bot.invite("Quài Nưa"))
    assert reply.text.startswith("✅ Đăng ký thành công") and reply.buttons
