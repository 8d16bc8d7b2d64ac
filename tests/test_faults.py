"""Faults: the process killed mid-report, the database locked, updates doubled or out of order.

Whatever happens, every answer the bot acknowledged ("✅ Đã lưu") is stored,
nothing is half-saved, and the clerk can carry on.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3

from sqlalchemy import func
from sqlmodel import select

from bot import texts
from storage.db import make_engine, transaction
from storage.models import ChatState, ReportValue
from storage.people import create_invitation, find_units
from tests.clerk import good_answer, indicator_in, is_question, press, question_in, say, until_question
from tests.harness import FIGURES, BotProcess, Bot, Phone, delivered, make_settings

SAVED = "✅ Đã lưu"
# What the clerk types (tests/clerk.py good_answer) and the number it must be stored as.
TYPED_NUMBERS = {"12": 12, "33,37": 33.37, "37.554,5": 37554.5, "1.000": 1000, "40": 40, "37 500": 37500}


def stored(engine) -> dict[str, ReportValue]:
    with transaction(engine) as session:
        return {v.field: v for v in session.exec(select(ReportValue)).all()}


def the_question(phone: Phone) -> tuple[str, str, bool]:
    """(field, what to type or press, pressed?) for the question in front of the clerk."""
    question = question_in(phone.last.text)  # without a "✅ Đã lưu" line joined above it
    indicator = indicator_in(question)
    plan = question.split("\n")[1].startswith("Kế hoạch")
    field = f"plan:{indicator.code}" if plan else indicator.code
    if indicator.type == "choice":
        return field, indicator.choices[0], True
    return field, good_answer(indicator, plan), False


def push_answer(phone: Phone, answer: str, pressed: bool) -> None:
    if pressed:
        message_id, data = phone.fake.find_button(phone.chat_id, answer)
        phone.fake.push_callback(phone.chat_id, message_id, data)
    else:
        phone.fake.push_text(phone.chat_id, answer)


def acknowledged_since(phone: Phone, before: int) -> bool:
    return any(m.text.startswith(SAVED) for m in phone.fake.bot_messages(phone.chat_id)[before:])


async def settle(phone: Phone) -> None:
    """Until the bot has handled everything and stays quiet (a redelivered update may still answer)."""
    fake = phone.fake
    await fake.wait_for(lambda: fake.pending_updates() == 0, timeout=10, what="every update handled")
    while True:
        count = fake.count(phone.chat_id)
        await asyncio.sleep(0.3)
        if fake.count(phone.chat_id) == count:
            return


def assert_stored(values: dict[str, ReportValue], acknowledged: dict[str, str]) -> None:
    lost = [f for f in acknowledged if f not in values or values[f].skipped]
    FIGURES["messages lost"] += len(lost)
    for field, answer in acknowledged.items():
        value = values.get(field)
        assert value is not None and not value.skipped, f"acknowledged {field}={answer!r} was lost"
        if answer in TYPED_NUMBERS:
            assert abs(value.number - TYPED_NUMBERS[answer]) < 1e-6, (field, value.number, answer)
        else:
            assert value.text == answer or value.number is not None, (field, value, answer)


async def test_killed_n_times_mid_report_no_acknowledged_answer_is_lost(fake, subprocess_env, database_url):
    kills, rng = 5, random.Random(20201210)
    bot = await BotProcess(fake, subprocess_env).start()
    engine = make_engine(database_url)
    try:
        with transaction(engine) as session:
            code = create_invitation(session, find_units(session, "Quài Nưa")[0], "clerk", 7)
        clerk = Phone(fake, 4401, "Lò Thị Bền")
        await clerk.send(code)
        await say(clerk, "/baocao")  # the first question
        acknowledged: dict[str, str] = {}
        kill_steps = sorted(rng.sample(range(2, 18), kills))  # the report has ~40 questions
        step = 0
        while kill_steps:
            step += 1
            assert step < 80, fake.transcript(clerk.chat_id)
            if not is_question(clerk.last.text):  # the overview (a section follows the last by itself)
                replies = await press(clerk, "Nhập tiếp")
                assert not any("trả lời hết" in m.text for m in replies), fake.transcript(clerk.chat_id)
                continue
            field, answer, pressed = the_question(clerk)
            before = fake.count(clerk.chat_id)
            push_answer(clerk, answer, pressed)
            if step < kill_steps[0]:  # (a step spent between sections moves the kill to the next answer)
                await until_question(clerk, before)
                if acknowledged_since(clerk, before):  # else the bot asked again: the clerk answers again
                    acknowledged[field] = answer
                continue
            # Somewhere between reading the update and sending the answer (or just after): SIGKILL.
            kill_steps.pop(0)
            await asyncio.sleep(rng.uniform(0.0, 0.25))
            bot.kill()
            FIGURES["faults injected"] += 1
            bot = await BotProcess(fake, subprocess_env).start()
            # An update fetched but not yet confirmed comes again: handled now, or skipped if it was.
            await fake.wait_for(lambda: fake.pending_updates() == 0, timeout=10, what="redelivery")
            await asyncio.sleep(0.4)
            if acknowledged_since(clerk, before):
                acknowledged[field] = answer
            # The clerk carries on where the report stands.
            [question] = await say(clerk, "/baocao")  # on the question to answer
            assert is_question(question.text), fake.transcript(clerk.chat_id)
            await settle(clerk)
            FIGURES["faults survived"] += 1
        assert len(acknowledged) >= 10, fake.transcript(clerk.chat_id)
        values = stored(engine)
        assert_stored(values, acknowledged)
        FIGURES["acknowledged answers checked"] += len(acknowledged)
        # Nothing doubled: each field once (the table's unique key), and no stray answers.
        assert set(acknowledged) <= set(values)
        assert len(values) <= len(acknowledged) + kills
    finally:
        bot.terminate()
        engine.dispose()


def hold_lock(database_url: str, chat_id: str):
    """Another connection that holds a lock the bot needs; returns its release function."""
    if database_url.startswith("sqlite"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        return lambda: (conn.rollback(), conn.close())
    import psycopg

    base, _, query = database_url.partition("?")
    schema = query.split("%3D")[-1]
    conn = psycopg.connect(base.replace("+psycopg", ""), options=f"-csearch_path={schema}")
    conn.execute("SELECT * FROM chatstate WHERE chat_id = %s FOR UPDATE", (chat_id,))  # the chat's row
    return lambda: (conn.rollback(), conn.close())


async def test_a_locked_database_means_try_again_later_and_nothing_half_saved(fake, database_url, clock):
    bot = await Bot(fake, make_settings(database_url, fake, DB_LOCK_TIMEOUT=0.3), clock).start()
    try:
        clerk = await bot.register(4402, "Lò Thị Khóa")
        [question] = await say(clerk, "/baocao")
        assert "Số tiêu chí nông thôn mới đạt được" in question.text
        await delivered(bot.engine, "4402")  # the bot is done with that message before the lock
        with transaction(bot.engine) as session:
            version = session.exec(select(ChatState.version).where(ChatState.chat_id == "4402")).one()
        before = stored(bot.engine)

        release = hold_lock(database_url, "4402")
        FIGURES["faults injected"] += 1
        try:
            [busy] = await clerk.send("12")
            assert busy.text == texts.TRY_AGAIN_LATER
        finally:
            release()
        assert stored(bot.engine).keys() == before.keys()  # nothing of that answer was saved
        with transaction(bot.engine) as session:
            assert session.exec(select(ChatState.version).where(ChatState.chat_id == "4402")).one() == version

        [message] = await clerk.send("12")  # the lock is gone: the same answer goes through
        saved, _, next_question = message.text.partition("\n\n")  # saved, above the next question
        assert saved.startswith(SAVED) and "· câu" in next_question and message.buttons
        with transaction(bot.engine) as session:
            count = session.exec(select(func.count()).select_from(ReportValue)).one()
        assert count == len(before) + 1
        FIGURES["faults survived"] += 1
    finally:
        await bot.stop()


async def test_doubled_and_out_of_order_updates_are_each_handled_once(bot, fake):
    clerk = await bot.register(4403, "Lò Văn Thứ Tự")
    newer = await clerk.send("/trangthai", update_id=9000)
    older = await clerk.send("/help", update_id=8000)  # an older id arriving late is still new: handled
    assert newer and older and older[-1].buttons
    count = fake.count(4403)
    for update_id, text in ((9000, "/trangthai"), (8000, "/help"), (8000, "/help")):
        fake.push_text(4403, text, update_id=update_id)  # redelivered, in any order
        FIGURES["faults injected"] += 1
    await fake.assert_quiet(4403, count, duration=0.5)
    FIGURES["faults survived"] += 3
