"""Whatever arrives, the bot answers with a usable next step and corrupts nothing.

Hypothesis throws random text, emoji, very long messages, attachments,
commands in the wrong state and stale or forged buttons at the conversation
core, for a clerk, an official and a stranger, on the real database.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot import texts
from bot.events import Incoming
from handlers.dispatcher import Dispatcher
from main import HANDLERS, prepare
from storage.db import transaction
from storage.models import ChatState, Indicator, ReportValue
from storage.people import create_invitation, find_units
from tests.harness import DEMO_NOW, Clock, make_settings

PEOPLE = {"clerk": "7001", "official": "7002", "stranger": "7003", "admin": "7004"}
_update_ids = itertools.count(1)

numbers_like = st.one_of(
    st.integers(-10**12, 10**12).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from(["37.554,5", "1.940", "1,940", "12,5%", "1 940", "0,125", "1..2", "-0", "+5", "١٢", "1e9"]),
)
typed_texts = st.one_of(
    numbers_like,
    st.text(max_size=60),
    st.text(alphabet="😀🎉👍🏽🇻🇳\u200d\u0301 đĐàáảãạ", max_size=30),
    st.integers(2000, 6000).map(lambda n: "Khó khăn " * (n // 9)),
    st.sampled_from(["Bỏ qua", "quay lại", "TẠM DỪNG", "2", "số 3", "hai", "Có", "Không", "Đúng", ""]),
    # Digits that are not ASCII, huge numbers, invisible characters (issue 20)
    st.sampled_from(["①", "²", "１２", "๒", "số ⑩", "⑳", "9" * 20, "1" * 400, "\u200b", "\u200e\ufeff",
                     "Kho\u0302ng", "/pheduyet 99999999999999999999", "/tralai ²"]),
    st.sampled_from(sorted(HANDLERS.by_name) + ["/baocao tongket-2020", "/xyz", "/start@fake_test_bot", "/"]),
)
button_values = st.one_of(
    st.just("CURRENT"),  # a button the bot really offers now
    st.builds(lambda v, x: f"v{v}:{x}", st.integers(-1, 500),
              st.sampled_from(["skip", "back", "pause", "yes", "no", "opt:0", "opt:9", "continue", "review",
                               "submit", "section:ntm", "section:khong-co", "round:tongket-2020", "", "::",
                               "opt:99999999999999999999", "opt:²", "open:99999999999999999999", "page:①"])),
    st.text(max_size=64),
)
events = st.tuples(st.sampled_from(sorted(PEOPLE)),
                   st.one_of(st.tuples(st.just("text"), typed_texts), st.tuples(st.just("button"), button_values),
                             st.tuples(st.just("attachment"), st.none())))


@pytest.fixture(scope="module")
def core(tmp_path_factory):
    dispatcher = prepare(make_settings(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'bot.db'}"),
                         clock=Clock(DEMO_NOW))
    for role, unit in (("clerk", "Quài Nưa"), ("official", "tuan-giao"), ("admin", "tuan-giao")):
        with transaction(dispatcher.engine) as session:
            code = create_invitation(session, find_units(session, unit)[0], role, 7)
        dispatcher.handle(Incoming("telegram", PEOPLE[role], PEOPLE[role], role, text=code))
    return dispatcher


def before_the_event(dispatcher, chat_id: str, text: Optional[str]) -> tuple[list[list[str]], Optional[str]]:
    """The buttons the chat offers now, and the one a typed text picks (a number or a label) as the core
    will see it: one read of the chat's row."""
    with transaction(dispatcher.engine) as session:
        chat = session.exec(select(ChatState).where(ChatState.chat_id == chat_id)).first()
        picked = Dispatcher._typed_choice(text.strip(), chat) if chat and text and text.strip() else None
        return (list(chat.offered or []) if chat else []), picked


def in_conversation(dispatcher, chat_id: str) -> bool:
    with transaction(dispatcher.engine) as session:
        chat = session.exec(select(ChatState).where(ChatState.chat_id == chat_id)).first()
        return bool(chat and chat.flow)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(events, min_size=1, max_size=20))
def test_random_input_never_breaks_the_conversation(core, sequence):
    for who, (kind, payload) in sequence:
        chat = PEOPLE[who]
        choices, picked = before_the_event(core, chat, payload if kind == "text" else None)
        if kind == "button" and payload == "CURRENT":
            payload = choices[next(_update_ids) % len(choices)][1] if choices else "v0:skip"
        event = Incoming("telegram", chat, chat, who, update_key=f"fuzz-{next(_update_ids)}",
                         text=payload if kind == "text" else None,
                         choice=payload if kind == "button" else None,
                         has_attachment=kind == "attachment")
        replies = core.handle(event)
        assert replies, f"no answer to {event}"
        said = "\n".join(r.text for r in replies)
        assert texts.TRY_AGAIN_LATER not in said, f"the core failed on {event}"
        assert "Traceback" not in said
        # In the middle of a conversation, the question in front of the person has buttons
        # (at least a way out); once a conversation ends, /help always gives the menu.
        # (A command such as /tiendo is answered by its figures, whatever was going on.)
        is_command = kind != "attachment" and (picked or payload or "").strip().startswith("/")
        if in_conversation(core, chat) and not is_command:
            assert any(r.choices for r in replies), f"dead end after {event}: {said}"
    for who in ("clerk", "official", "admin"):
        menu = core.handle(Incoming("telegram", PEOPLE[who], PEOPLE[who], who, text="/help"))
        assert menu and menu[-1].choices


def test_whatever_was_stored_is_valid(core):
    """Run after the fuzz (same module database): every stored number respects its indicator."""
    with transaction(core.engine) as session:
        indicators = {i.code: i for i in session.exec(select(Indicator)).all()}
        for value in session.exec(select(ReportValue)).all():
            code = value.field.removeprefix("plan:")
            ind = indicators[code]
            if value.number is None:
                continue
            assert ind.type in ("integer", "decimal", "percent")
            if ind.type == "integer":
                assert Decimal(str(value.number)) % 1 == 0
            if not value.field.startswith("plan:"):
                assert ind.min is None or value.number >= ind.min
                assert ind.max is None or value.number <= ind.max
            else:
                assert value.number > 0
