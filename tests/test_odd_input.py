"""Input that is not what it seems, and wrong codes: each gets a clear answer and stores nothing wrong.

User stories on the conversation core (`Dispatcher.handle`) over a real database: circled,
superscript, full-width and Thai digits at a menu and as answers, ids of any size in commands
and in crafted buttons, notes of invisible characters or typed with combining marks, nothing
typed in any log line; wrong invitation codes slow down only the chats and accounts that type them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from typing import Optional

import pytest
from sqlmodel import select

from bot import texts
from bot.events import Incoming, Reply
from main import prepare
from storage.db import transaction
from storage.models import ChatState, CodeFailure, Identity, ReportValue, User
from storage.people import create_invitation, find_units
from tests.conftest import DEMO_NOW, Clock, Phone, make_settings

_updates = itertools.count(1)
NUMBER_QUESTION = "Số tiêu chí nông thôn mới đạt được"  # the first question of section 1: an integer 0..19
NOTE_QUESTION = "Khó khăn, vướng mắc và kiến nghị"  # section 9: one free-text answer


class Chat:
    """One person's chat with the core: what they send, what comes back."""

    def __init__(self, core, chat_id: str, name: str = "Lò Thị Mai", sender_id: Optional[str] = None):
        self.core, self.chat_id, self.name = core, chat_id, name
        self.sender_id = sender_id or chat_id

    def send(self, text: Optional[str] = None, choice: Optional[str] = None) -> list[Reply]:
        replies = self.core.handle(Incoming("telegram", self.chat_id, self.sender_id, self.name, text=text,
                                            choice=choice, update_key=str(next(_updates))))
        assert replies, f"no answer to {text!r} / {choice!r}"
        assert all(texts.TRY_AGAIN_LATER not in r.text for r in replies), (text, choice, replies)
        return replies

    def text(self, *args, **kwargs) -> str:
        return "\n\n".join(r.text for r in self.send(*args, **kwargs))

    def overview(self) -> str:
        """/baocao (it opens on a question), then the overview: its sections numbered 1 to 11."""
        self.send("/baocao")
        return self.text(choice=self.button("overview"))

    def button(self, value: str) -> str:
        """A button value as the core stamps it now (what a crafted button would carry)."""
        with transaction(self.core.engine) as session:
            chat = session.exec(select(ChatState).where(ChatState.chat_id == self.chat_id)).one()
            return f"v{chat.version}:{value}"


@pytest.fixture
def clock() -> Clock:
    return Clock(DEMO_NOW)


@pytest.fixture
def core(database_url, clock):
    dispatcher = prepare(make_settings(database_url), clock=clock)
    yield dispatcher
    dispatcher.engine.dispose()


def invite(core, unit: str = "Quài Nưa", role: str = "clerk") -> str:
    with transaction(core.engine) as session:
        return create_invitation(session, find_units(session, unit)[0], role, 7)


def register(core, chat_id: str, role: str = "clerk", unit: str = "Quài Nưa") -> Chat:
    chat = Chat(core, chat_id)
    assert "Đăng ký thành công" in chat.text(invite(core, unit, role))
    return chat


def stored(core) -> dict[str, tuple]:
    with transaction(core.engine) as session:
        return {v.field: (v.number, v.text, v.skipped) for v in session.exec(select(ReportValue))}


# --- digits that are not ASCII ------------------------------------------------------------------


def test_odd_digits_pick_from_a_numbered_menu(core, caplog):
    caplog.set_level(logging.DEBUG)
    for n, (typed, lands_on) in enumerate([
        ("①", NUMBER_QUESTION),  # 1: section 1
        ("²", "Tỷ lệ hộ nghèo"),  # 2: section 2
        ("１２", NUMBER_QUESTION),  # full-width 12: "Nhập tiếp", the first open question
        ("số ⑨", NOTE_QUESTION),  # section 9
        ("๑", NUMBER_QUESTION),  # Thai 1
    ]):
        clerk = register(core, f"710{n}", unit=["Quài Nưa", "Quài Cang", "Quài Tở", "Mường Mùn", "Pú Nhung"][n])
        assert "Hạn nộp" in clerk.overview()
        assert lands_on in clerk.text(typed), typed
        assert typed not in caplog.text


def test_odd_digits_outside_the_menu_get_the_menu_again(core, caplog):
    caplog.set_level(logging.DEBUG)
    clerk = register(core, "7102")
    for typed in ("⑳", "²²²", "9" * 400, "⑳⑳", "\u2070"):
        clerk.overview()
        answer = clerk.text(typed)
        assert answer.startswith(texts.ERR_CHOICE) and "Hạn nộp" in answer, typed  # said so, the choices again
        assert stored(core) == {}
        assert typed not in caplog.text


def test_numbers_typed_oddly_are_read_or_refused_with_the_question_again(core, caplog):
    caplog.set_level(logging.DEBUG)
    clerk = register(core, "7103")
    clerk.send("/baocao")  # the first question
    for odd in ("²", "1²", "①", "½", "4" * 400, "4" * 60):
        answer = clerk.text(odd)
        assert NUMBER_QUESTION in answer and "✅" not in answer, odd  # said why, and asked again
        assert stored(core) == {}
    answer = clerk.text("１２")  # full-width 12
    assert "✅ Đã lưu «Số tiêu chí nông thôn mới đạt được»: 12 tiêu chí" in answer
    assert [number for number, _, _ in stored(core).values()] == [12]
    assert "１２" not in caplog.text and "4" * 60 not in caplog.text


def test_a_note_of_invisible_characters_is_no_answer(core):
    clerk = register(core, "7104")
    clerk.overview()
    assert NOTE_QUESTION in clerk.text("9")
    for invisible in ("\u200b", "\u200b\u200e\ufeff", "\u2066\u2069\u200d", " \u200c \u00ad ", "\u3164"):
        answer = clerk.text(invisible)
        assert answer.startswith(texts.ERR_EMPTY) and NOTE_QUESTION in answer
        assert "Đã lưu" not in answer
    assert stored(core) == {}


def test_a_note_typed_with_combining_marks_is_stored_precomposed(core):
    clerk = register(core, "7105")
    clerk.overview()
    clerk.send("9")
    decomposed = "Kho\u0302ng co\u0301 kho\u0301 khăn\u200b"  # "Không có khó khăn" as some keyboards send it
    answer = clerk.text(decomposed)
    assert answer.startswith("✅ Đã lưu «") and "»: Không có khó khăn" in answer
    [(_, text, _)] = stored(core).values()
    assert text == "Không có khó khăn"


def test_a_name_typed_with_combining_marks_finds_the_unit(core):
    official = register(core, "7106", "official", "tuan-giao")
    answer = official.text("/xa Qua\u0300i Nu\u031ba")  # "Quài Nưa", decomposed
    assert "Quài Nưa" in answer and "Không tìm thấy" not in answer


# --- ids of any size ----------------------------------------------------------------------------


def test_a_huge_or_odd_report_id_in_a_command_is_no_report(core, caplog):
    caplog.set_level(logging.DEBUG)
    official = register(core, "7107", "official", "tuan-giao")
    for command in ("/pheduyet", "/tralai"):
        for raw_id in ("99999999999999999999", "2147483648", "-1", "１２³", "1" * 400, "0"):
            assert texts.REPORT_GONE in official.text(f"{command} {raw_id}")
            assert texts.REPORT_GONE in official.text(choice=f"{command} {raw_id}")  # a crafted command button
            assert len(raw_id) < 4 or raw_id not in caplog.text


def test_a_crafted_button_with_a_huge_id_gets_the_list_again(core, caplog):
    caplog.set_level(logging.DEBUG)
    clerk = register(core, "7108")
    clerk.send("/khenthuong")
    for value in ("open:99999999999999999999", "open:" + "7" * 400, "open:²", "open:-3",
                  "page:99999999999999999999", "page:²", "page:" + "1" * 400):
        answer = clerk.text(choice=clerk.button(value))
        assert "Danh sách" in answer or "danh sách" in answer, value
        assert len(value) < 8 or value.partition(":")[2] not in caplog.text


def test_a_crafted_choice_button_is_refused_with_the_question_again(core):
    clerk = register(core, "7109")
    clerk.send("/baocao")
    clerk.send("12")  # now a yes/no question
    for value in ("opt:99999999999999999999", "opt:²", "opt:①", "opt:" + "5" * 400):
        answer = clerk.text(choice=clerk.button(value))
        assert answer.startswith(texts.ERR_CHOICE) and "?" in answer, value
        assert len(stored(core)) == 1


# --- logs ---------------------------------------------------------------------------------------


def test_a_failure_is_logged_without_what_was_typed(core, caplog, monkeypatch):
    """Whatever breaks, the log says where (type, frames) but never the message quoting the input."""
    import handlers.dispatcher as dispatcher_module

    def broken(self, ctx):
        int(ctx.event.text)  # ValueError, its message quoting what was typed

    clerk = register(core, "7110")
    monkeypatch.setattr(dispatcher_module.Dispatcher, "_route", broken)
    caplog.set_level(logging.DEBUG)
    replies = core.handle(Incoming("telegram", "7110", "7110", "Lò Thị Mai", text="Bí mật ①", update_key="x1"))
    assert [r.text for r in replies] == [texts.TRY_AGAIN_LATER]
    assert "ValueError" in caplog.text and "Traceback" in caplog.text and "in broken" in caplog.text
    assert "Bí mật" not in caplog.text and "①" not in caplog.text and "invalid literal" not in caplog.text
    assert all(record.exc_info is None for record in caplog.records)
    del clerk


# --- wrong codes --------------------------------------------------------------------------------


WRONG = [f"ABCDE-FGH{a}{b}" for a in "JKMNP" for b in "QRSTUVWXYZ"]  # 50 codes nobody was given


def test_fifty_wrong_codes_from_ten_chats_leave_a_valid_code_working_from_an_eleventh(core):
    for i, code in enumerate(WRONG):
        answer = Chat(core, f"guess-{i % 10}").text(code)
        assert answer == texts.CODE_UNKNOWN
    with transaction(core.engine) as session:
        assert len(session.exec(select(CodeFailure)).all()) == 50
    # The ten guessing chats now wait, even with a good code ...
    assert "nhập sai mã nhiều lần" in Chat(core, "guess-3").text(invite(core))
    # ... and a stranger in an eleventh chat registers at once.
    assert "Đăng ký thành công" in Chat(core, "honest").text(invite(core))
    with transaction(core.engine) as session:
        assert [i.chat_id for i in session.exec(select(Identity))] == ["honest"]


def test_one_chat_that_keeps_guessing_waits_longer_each_time(core, clock):
    guesser = Chat(core, "guesser")
    guesses = iter(WRONG)
    for _ in range(5):  # five wrong codes are free
        assert guesser.text(next(guesses)) == texts.CODE_UNKNOWN
    waits = []
    for _ in range(5):
        answer = guesser.text(next(guesses))  # not even looked at: it must wait
        assert answer.startswith("Bạn đã nhập sai mã nhiều lần")
        minutes = int(answer.split("đợi ")[1].split(" phút")[0])
        waits.append(minutes)
        clock.now += dt.timedelta(minutes=minutes) - dt.timedelta(seconds=1)
        assert "nhập sai mã nhiều lần" in guesser.text(next(guesses))  # a second early: still waiting
        clock.now += dt.timedelta(seconds=1)
        assert guesser.text(next(guesses)) == texts.CODE_UNKNOWN  # its turn: wrong again
    assert waits == [1, 2, 4, 8, 16]
    # Capped (an hour by default), and forgotten after a quiet day.
    for _ in range(4):
        wait = guesser.text(next(guesses))
        clock.now += dt.timedelta(hours=1)
        assert guesser.text(next(guesses)) == texts.CODE_UNKNOWN
    assert "60 phút" in wait
    clock.now += dt.timedelta(days=1, minutes=1)
    assert "Đăng ký thành công" in guesser.text(invite(core))


def test_one_account_guessing_from_many_chats_waits_in_all_of_them(core):
    guesses = iter(WRONG)
    for i in range(5):  # one wrong code from each of five groups, by the same person
        assert Chat(core, f"group-{i}", sender_id="mallory").text(next(guesses)) == texts.CODE_UNKNOWN
    assert "nhập sai mã nhiều lần" in Chat(core, "group-9", sender_id="mallory").text(invite(core))
    # Someone else in one of those groups is not held back by it.
    assert "Đăng ký thành công" in Chat(core, "group-9", sender_id="alice").text(invite(core))
    with transaction(core.engine) as session:
        assert [u.full_name for u in session.exec(select(User))] == ["Lò Thị Mai"]


def test_wrong_link_codes_count_too(core):
    guesser = Chat(core, "linker")
    for i in range(5):
        assert guesser.text(f"LIENKET ABC{'DEFGH'[i]}23") == texts.LINK_UNKNOWN
    assert "nhập sai mã nhiều lần" in guesser.text(invite(core))


def test_a_dropped_setting_in_an_old_env_is_ignored(database_url):
    settings = make_settings(database_url, CODE_FAILURES_GLOBAL=3)
    assert not hasattr(settings, "code_failures_global")
    assert settings.code_failures_per_chat == 5


async def test_an_update_the_library_cannot_parse_is_logged_without_its_content(bot, fake, caplog):
    """python-telegram-bot logs a getUpdates answer it cannot parse in full, at CRITICAL: names, texts."""
    caplog.set_level(logging.DEBUG)
    fake.push_update({"message": {"message_id": 1, "date": "hôm qua", "text": "Bí mật của Lò Thị Mai",
                                  "chat": {"id": 7120, "type": "private", "first_name": "Lò Thị Mai"},
                                  "from": {"id": 7120, "is_bot": False, "first_name": "Lò Thị Mai"}}})
    await fake.wait_for(lambda: "Received data was" in caplog.text, timeout=10, what="the parse error logged")
    assert "Bí mật" not in caplog.text and "Lò Thị Mai" not in caplog.text and "hôm qua" not in caplog.text
    assert "not logged" in caplog.text
    fake._queue.clear()  # the library would ask for the same unparsable update for ever (another issue)
    [welcome] = await Phone(fake, 7121, "Lò Văn Sau").send("/start")
    assert "mã mời" in welcome.text


def test_adapters_log_their_errors_without_the_message(caplog, tmp_path):
    from bot.channels.base import BaseChannel
    from bot.logs import guard_library_logs

    class Toy(BaseChannel):  # any channel: its own logger is guarded when it is built
        name = "toy"

        async def transmit(self, chat_id, reply):
            return None

    guard_library_logs()
    toy = Toy(make_settings(f"sqlite:///{tmp_path / 'x.db'}"), None)
    caplog.set_level(logging.DEBUG)
    typed = "Bí mật ①"
    for logger in (toy.log, logging.getLogger("bot.channels"), logging.getLogger("telegram.ext.Application")):
        try:
            int(typed)
        except ValueError as exc:
            logger.error("error in the adapter: %s", exc, exc_info=exc)
    assert caplog.text.count("ValueError") >= 3 and "Bí mật" not in caplog.text and "①" not in caplog.text
