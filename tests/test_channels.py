"""The channel adapters, table by table (in the manner of nyaruka/courier's handler tests).

In: the provider's raw JSON → the neutral `Incoming` the core sees (or None: not for the bot).
Out: a neutral `Reply` → the exact requests the provider's (fake) server receives.
Then a toy channel, added as a new channel is (one class, one settings section, one registration),
composed by main.py's loop: started, on /healthz, and a message handled through the core.
"""

from __future__ import annotations

import datetime as dt

import asyncio
from typing import Any, Optional

import httpx
import pytest
from aiohttp import web
from pydantic import Field
from telegram import Update

import bot.channels
import bot.logs
from bot import texts
from bot.channels import CHANNELS
from bot.channels import telegram as tg
from bot.channels import zalo as zl
from bot.channels.base import BaseChannel, ChannelSettings
from bot.events import Choice, InDocument, Incoming, OutFile, Refused, Reply, Unreachable
from bot.rendering import render, split_text, utf16_len
from tests.conftest import Running, free_port, make_settings
from tests.fake_telegram import UploadedFile

# --------------------------------------------------------------------------------------------
# Telegram in
# --------------------------------------------------------------------------------------------

USER = {"id": 42, "is_bot": False, "first_name": "Lò Thị", "last_name": "Hoa"}
PRIVATE = {"id": 42, "type": "private", "first_name": "Lò Thị"}


def tg_message(**fields: Any) -> dict:
    return {"message_id": 7, "date": 1607565600, "chat": PRIVATE, "from": USER, **fields}


SENT = dt.datetime.fromtimestamp(1607565600, dt.timezone.utc)  # a message's date, by Telegram's clock


def tg_event(**fields: Any) -> Incoming:
    return Incoming("telegram", "42", "42", "Lò Thị Hoa", **fields)


TELEGRAM_IN = [
    ("text", {"update_id": 1001, "message": tg_message(text="/baocao")},
     tg_event(text="/baocao", update_key="1001", sent_at=SENT, message_seq=7)),
    ("button press", {"update_id": 1002, "callback_query": {
        "id": "cb1", "from": USER, "chat_instance": "ci", "data": "v3:menu:report",
        "message": tg_message(text="Menu")}},
     tg_event(choice="v3:menu:report", update_key="1002")),
    ("button press without data", {"update_id": 1003, "callback_query": {
        "id": "cb2", "from": USER, "chat_instance": "ci", "message": tg_message(text="Menu")}},
     tg_event(choice="", update_key="1003")),
    ("edited message", {"update_id": 1004, "edited_message": tg_message(text="12,5", edit_date=1607565700)},
     tg_event(text="12,5", update_key="1004", edited=True,
              sent_at=dt.datetime.fromtimestamp(1607565700, dt.timezone.utc))),
    ("photo", {"update_id": 1005, "message": tg_message(photo=[
        {"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}])},
     tg_event(has_attachment=True, update_key="1005", sent_at=SENT)),
    ("sticker", {"update_id": 1006, "message": tg_message(sticker={
        "file_id": "s1", "file_unique_id": "u2", "width": 512, "height": 512, "is_animated": False,
        "is_video": False, "type": "regular"})},
     tg_event(has_attachment=True, update_key="1006", sent_at=SENT)),
    ("document", {"update_id": 1007, "message": tg_message(document={
        "file_id": "d1", "file_unique_id": "u3", "file_name": "danh sách.xlsx", "file_size": 5120,
        "mime_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})},
     tg_event(document=InDocument("danh sách.xlsx", 5120, "d1",
                                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              update_key="1007", sent_at=SENT)),
    ("document without a name or size", {"update_id": 1011, "message": tg_message(document={
        "file_id": "d2", "file_unique_id": "u4"})},
     tg_event(document=InDocument("", 0, "d2"), update_key="1011", sent_at=SENT)),
    ("first name only", {"update_id": 1008, "message": tg_message(
        text="xin chào", **{"from": {"id": 42, "is_bot": False, "first_name": "Hoa"}})},
     Incoming("telegram", "42", "42", "Hoa", text="xin chào", update_key="1008", sent_at=SENT, message_seq=7)),
    ("group chat ignored", {"update_id": 1009, "message": tg_message(
        text="/baocao", chat={"id": -100123, "type": "group", "title": "Xã Quài Nưa"})}, None),
    ("channel post ignored", {"update_id": 1010, "channel_post": {
        "message_id": 1, "date": 1607565600, "chat": {"id": -100999, "type": "channel", "title": "Tin"},
        "text": "Thông báo"}}, None),
    ("sender missing", {"update_id": 1011, "message": {
        "message_id": 7, "date": 1607565600, "chat": PRIVATE, "text": "hi"}}, None),
]


@pytest.mark.parametrize("raw, expected", [row[1:] for row in TELEGRAM_IN], ids=[row[0] for row in TELEGRAM_IN])
def test_telegram_update_in_neutral_event_out(raw, expected):
    assert tg.to_incoming(Update.de_json(raw, None)) == expected


# --------------------------------------------------------------------------------------------
# Zalo in
# --------------------------------------------------------------------------------------------

def zalo_update(event_name: str = "message.text.received", **message: Any) -> dict:
    base = {"from": {"id": "u1", "display_name": "Lò Thị Hoa", "is_bot": False},
            "chat": {"id": "u1", "chat_type": "PRIVATE"}, "message_id": "m1", "date": 1607565600000}
    return {"event_name": event_name, "message": {**base, **message}}


def zalo_event(**fields: Any) -> Incoming:
    return Incoming("zalo", "u1", "u1", "Lò Thị Hoa", **{"update_key": "m1", "sent_at": SENT, **fields})


ZALO_IN = [
    ("text", zalo_update(text="/baocao"), zalo_event(text="/baocao")),
    ("image", zalo_update("message.image.received", photo_url="https://x/p.jpg", caption=""),
     zalo_event(has_attachment=True)),
    ("sticker", zalo_update("message.sticker.received", sticker="s1"), zalo_event(has_attachment=True)),
    ("content withheld", zalo_update("message.unsupported.received"), zalo_event(has_attachment=True)),
    ("text event without a text", zalo_update(text=None), zalo_event(has_attachment=True)),
    ("group chat ignored", zalo_update(text="hi", chat={"id": "g1", "chat_type": "GROUP"}), None),
    ("bot sender ignored", zalo_update(text="hi", **{"from": {"id": "b1", "is_bot": True}}), None),
    ("chat type missing: private", zalo_update(text="hi", chat={"id": "u1"}), zalo_event(text="hi")),
    ("chat id missing: the sender's", zalo_update(text="hi", chat={"chat_type": "PRIVATE"}), zalo_event(text="hi")),
    ("no chat id at all", zalo_update(text="hi", chat={}, **{"from": {"display_name": "?"}}), None),
    ("no message id: no key", zalo_update(text="hi", message_id=None), zalo_event(text="hi", update_key=None)),
    ("name from `name`", zalo_update(text="hi", **{"from": {"id": "u1", "name": "Hoa"}}),
     Incoming("zalo", "u1", "u1", "Hoa", text="hi", update_key="m1", sent_at=SENT)),
    ("no message", {"event_name": "message.text.received"}, None),
    ("not an object", ["message"], None),
]


@pytest.mark.parametrize("raw, expected", [row[1:] for row in ZALO_IN], ids=[row[0] for row in ZALO_IN])
def test_zalo_update_in_neutral_event_out(raw, expected):
    assert zl.to_incoming(raw) == expected


# --------------------------------------------------------------------------------------------
# Telegram out
# --------------------------------------------------------------------------------------------

def _request(method: str, params: dict) -> tuple:
    """A recorded request with files as (filename, bytes), for comparing."""
    return method, {k: (v.filename, v.data) if isinstance(v, UploadedFile) else v for k, v in params.items()}


LONG = "a" * 5000
# A digest-like text: 50 lines of 100 characters, each ending in a grouped number (5,049 in all).
LINES = [f"{n:02d}. xã Quài Nưa — còn 3 chỉ tiêu; Lò Thị Mai (hoạt động lần cuối 09:00 10/12/2020) " + "x" * 11
         + " 1.940" for n in range(50)]
# One line longer than a message: words and numbers of 6 characters and a space.
WORDS = " ".join(f"{n:06d}" for n in range(700))  # 4,899 characters
BUTTONS = [Choice("Nộp báo cáo", "v1:submit"), Choice("Sửa", "v1:edit"), Choice("Huỷ", "v1:cancel")]

TELEGRAM_OUT = [
    ("text", Reply("Xin chào"), [("sendMessage", {"chat_id": 42, "text": "Xin chào"})]),
    ("buttons in rows of two", Reply("Chọn:", BUTTONS, columns=2), [("sendMessage", {
        "chat_id": 42, "text": "Chọn:", "reply_markup": {"inline_keyboard": [
            [{"callback_data": "v1:submit", "text": "Nộp báo cáo"}, {"callback_data": "v1:edit", "text": "Sửa"}],
            [{"callback_data": "v1:cancel", "text": "Huỷ"}]]}})]),
    ("document with a caption", Reply("", file=OutFile("so-lieu.xlsx", b"xlsx", caption="Số liệu")),
     [("sendDocument", {"chat_id": 42, "caption": "Số liệu", "document": ("so-lieu.xlsx", b"xlsx")})]),
    ("image, then the text", Reply("Tiến độ", file=OutFile("tien-do.png", b"png", is_image=True)),
     [("sendPhoto", {"chat_id": 42, "photo": ("tien-do.png", b"png")}),
      ("sendMessage", {"chat_id": 42, "text": "Tiến độ"})]),
    ("long text: split at 4096, buttons on the last part", Reply(LONG, BUTTONS[:1]),
     [("sendMessage", {"chat_id": 42, "text": LONG[:4096]}),
      ("sendMessage", {"chat_id": 42, "text": LONG[4096:], "reply_markup": {"inline_keyboard": [
          [{"callback_data": "v1:submit", "text": "Nộp báo cáo"}]]}})]),
    ("long text: cut at the last line end that fits, never inside a line", Reply("\n".join(LINES)),
     [("sendMessage", {"chat_id": 42, "text": "\n".join(LINES[:40])}),
      ("sendMessage", {"chat_id": 42, "text": "\n".join(LINES[40:])})]),
    ("a line longer than a message: cut at a space, never inside a number", Reply(WORDS),
     [("sendMessage", {"chat_id": 42, "text": WORDS[:4094]}),
      ("sendMessage", {"chat_id": 42, "text": WORDS[4095:]})]),
]


@pytest.fixture
async def telegram(fake):
    channel = tg.TelegramChannel(make_settings("sqlite://", fake), dispatcher=None)
    await channel.start(listen=False)  # send only, as `main.py jobs`
    fake.set_user(42, "Hoa")
    yield channel
    await channel.stop()


@pytest.mark.parametrize("reply, expected", [row[1:] for row in TELEGRAM_OUT], ids=[row[0] for row in TELEGRAM_OUT])
async def test_telegram_reply_in_exact_requests_out(telegram, fake, reply, expected):
    before = len(fake.calls)
    await telegram.send_reply("42", reply)
    assert [_request(m, p) for m, p in fake.calls[before:]] == expected


async def test_telegram_a_blocked_person_is_unreachable(telegram, fake):
    fake.block(42)
    with pytest.raises(Unreachable):
        await telegram.sender.send("telegram", "42", Reply("Nhắc hạn"))
    assert await telegram.deliver("42", [Reply("a"), Reply("b")]) is False  # stops at the first


# --------------------------------------------------------------------------------------------
# Zalo out
# --------------------------------------------------------------------------------------------

ZALO_OUT = [
    ("text", Reply("Xin chào"), ["Xin chào"]),
    ("choices as numbered lines", Reply("Chọn:", BUTTONS), ["Chọn:\n  1. Nộp báo cáo\n  2. Sửa\n  3. Huỷ"]),
    ("choices named, not numbered", Reply("Số người?", BUTTONS[:2], numbered=False),
     ["Số người?\n" + texts.TYPE_A_BUTTON.format(labels="Nộp báo cáo · Sửa")]),
    ("a file, without download links", Reply("Báo cáo", file=OutFile("bc.xlsx", b"xlsx")),
     ["Báo cáo\n\n" + texts.FILE_NOT_ON_ZALO.format(name="bc.xlsx")]),
    ("long text: split at line ends under 2,000", Reply("\n".join(["x" * 999] * 3)),
     ["x" * 999 + "\n" + "x" * 999, "x" * 999]),
    ("long text: cut at the last line end that fits, never inside a line", Reply("\n".join(LINES)),
     ["\n".join(LINES[n:n + 19]) for n in range(0, 50, 19)]),
    ("a line longer than a message: cut at a space, never inside a number", Reply(WORDS),
     [WORDS[:1994], WORDS[1995:3989], WORDS[3990:]]),
    ("nothing to say: nothing sent", Reply(""), []),
]


@pytest.fixture
async def zalo_channel(zalo):
    settings = make_settings("sqlite://", None, ZALO_BOT_TOKEN=zalo.token, ZALO_API_BASE_URL=zalo.root,
                             ZALO_RETRY_SECONDS=0.05)
    channel = zl.ZaloChannel(settings, dispatcher=None)
    await channel.start(listen=False)
    zalo.push_text("z1", "xin chào")  # Zalo takes messages only to a person who wrote (never polled here)
    yield channel
    await channel.stop()


@pytest.mark.parametrize("reply, expected", [row[1:] for row in ZALO_OUT], ids=[row[0] for row in ZALO_OUT])
async def test_zalo_reply_in_exact_requests_out(zalo_channel, zalo, reply, expected):
    before = len(zalo.calls)
    await zalo_channel.send_reply("z1", reply)
    assert zalo.calls[before:] == [("sendMessage", {"chat_id": "z1", "text": text}) for text in expected]


def test_a_long_text_keeps_a_heading_with_its_lines_and_counts_as_the_provider_does():
    """Both adapters cut with split_text: at a blank line when that keeps half of a piece, and in UTF-16 units."""
    first = "▪️ Phần 1\n" + "\n".join(f"• dòng {n}: 1.940 hộ" for n in range(60))
    second = "▪️ Phần 2\n" + "\n".join(f"• dòng {n}: 37.554,5 tấn" for n in range(40))
    pieces = split_text(f"{first}\n\n{second}", 2000)
    assert pieces == [first, second]  # "Phần 2" is not left at the foot of the first message
    emoji = "\n".join("🏅" * 9 for _ in range(300))  # 9 emoji: 18 UTF-16 units, 9 characters
    pieces = split_text(emoji, 2000, utf16_len)
    assert all(utf16_len(p) <= 2000 for p in pieces) and "\n".join(pieces) == emoji


async def test_zalo_a_refused_message_is_a_temporary_failure(zalo_channel, zalo):
    """Known not delivered (Zalo said no), not unreachable: the outbox tries again later."""
    zalo.fail_next("sendMessage", 400)
    with pytest.raises(Refused):
        await zalo_channel.sender.send("zalo", "z1", Reply("Nhắc hạn"))


# --------------------------------------------------------------------------------------------
# One outbound seam
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", CHANNELS, ids=[c.name for c in CHANNELS])
async def test_answers_and_notices_leave_through_send_reply(cls, monkeypatch):
    """Both ways out (answers to an update, the `Sender` used by reminders and notices) meet in
    `BaseChannel.send_reply`: the one place a durable outbox goes."""
    seen = []

    async def send_reply(self, chat_id, reply):
        seen.append((chat_id, reply.text))

    monkeypatch.setattr(cls, "send_reply", send_reply)
    channel = cls(make_settings("sqlite://", None, TELEGRAM_BOT_TOKEN="1:x", ZALO_BOT_TOKEN="z"), dispatcher=None)
    await channel.deliver("c1", [Reply("answer 1"), Reply("answer 2")])
    await channel.sender.send(cls.name, "c2", Reply("reminder"))
    assert seen == [("c1", "answer 1"), ("c1", "answer 2"), ("c2", "reminder")]


# --------------------------------------------------------------------------------------------
# A toy channel: one class, one settings section, one registration line
# --------------------------------------------------------------------------------------------

class ToySettings(ChannelSettings):
    bot_token: Optional[str] = Field(default=None, alias="TOY_TOKEN")
    webhook_secret: Optional[str] = Field(default=None, alias="TOY_WEBHOOK_SECRET")
    webhook_path: str = Field(default="/toy/webhook", alias="TOY_WEBHOOK_PATH")

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token)

    @property
    def webhook(self) -> bool:
        return self.enabled

    @property
    def secrets(self) -> list[str]:
        return [s for s in (self.bot_token, self.webhook_secret) if s]


class ToyChannel(BaseChannel):
    """Takes {"chat", "name", "text", "id"} by webhook; keeps what it sends."""

    name = "toy"
    Settings = ToySettings
    secret_header = "X-Toy-Secret"

    def __init__(self, settings, dispatcher, links=None, outbox=None):
        super().__init__(settings, dispatcher, links, outbox)
        self.started, self.sent = False, []

    async def start(self, listen: bool = True) -> None:
        self.started = True

    async def stop(self) -> None:
        self.started = False
        await super().stop()

    @property
    def running(self) -> bool:
        return self.started

    async def take_posted(self, body: Any) -> web.Response:
        self.spawn(Incoming(self.name, body["chat"], body["chat"], body.get("name", ""), text=body["text"],
                            update_key=body["id"]))
        return web.json_response({"ok": True})

    async def transmit(self, chat_id: str, reply: Reply) -> None:
        self.sent.append((chat_id, render(reply)))


def test_a_channel_must_say_how_it_sends(database_url):
    class Mute(BaseChannel):  # no transmit: it could answer nobody
        name = "mute"

    with pytest.raises(TypeError, match="transmit"):
        Mute(make_settings(database_url), None)


async def test_a_channel_without_webhooks_refuses_a_posted_update(database_url):
    class Quiet(BaseChannel):
        name = "quiet"

        async def transmit(self, chat_id, reply):
            return None

    refused = await Quiet(make_settings(database_url), None).take_posted({"text": "xin chào"})
    assert refused.status == 404


async def test_a_toy_channel_is_composed_by_main(database_url, clock, monkeypatch):
    monkeypatch.setattr(bot.channels, "CHANNELS", [*bot.channels.CHANNELS, ToyChannel])  # the registration line
    port = free_port()
    settings = make_settings(database_url, None, TOY_TOKEN="toy-token-1", TOY_WEBHOOK_SECRET="toy-secret-1",
                             HTTP_PORT=port)
    running = await Running(settings, clock).start()
    base = f"http://127.0.0.1:{port}"
    try:
        [toy] = running.services.channels  # the only channel enabled
        assert isinstance(toy, ToyChannel) and toy.started
        assert {"toy-token-1", "toy-secret-1"} <= bot.logs.REDACTOR.secrets  # its secrets kept out of the logs
        async with httpx.AsyncClient() as client:
            health = await client.get(f"{base}/healthz")
            assert health.status_code == 200 and health.json()["channels"] == {"toy": True}
            message = {"chat": "t1", "name": "Hoa", "text": running.invite("Quài Nưa"), "id": "1"}
            forged = await client.post(f"{base}/toy/webhook", json=message, headers={"X-Toy-Secret": "wrong"})
            assert forged.status_code == 403
            posted = await client.post(f"{base}/toy/webhook", json=message, headers={"X-Toy-Secret": "toy-secret-1"})
            assert posted.status_code == 200
            for _ in range(200):
                if toy.sent:
                    break
                await asyncio.sleep(0.05)
        [(chat, text)] = toy.sent  # the forged call was not handled
        assert chat == "t1" and "Đăng ký thành công" in text
    finally:
        await running.stop()
    assert not toy.started
