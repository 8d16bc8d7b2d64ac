"""Several instances on one PostgreSQL database: one chat's messages in order, one scheduler."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from sqlmodel import select

from bot.events import Incoming
from bot.settings import DEMO_CATALOG
from main import prepare
from storage.db import transaction
from storage.models import ChatState, ReportValue
from storage.people import create_invitation, find_units
from tests.conftest import DEMO_NOW, BotProcess, Clock, Phone, make_settings

postgresql_only = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
COUNTED = 45  # questions in the test's extra section: more than the 40 answers sent


def counting_catalog(tmp_path: Path) -> Path:
    """The demo catalogue plus a section of integer questions, so any number answers any of them."""
    extra = '\n[[sections]]\ncode = "dem"\nname = "Phần đếm"\n' + "".join(
        f'\n[[indicators]]\ncode = "dem_{i:02d}"\nsection = "dem"\nname = "Chỉ tiêu đếm số {i}"\n'
        f'unit = "lần"\ntype = "integer"\nmin = 0\nmax = 1000\n' for i in range(1, COUNTED + 1))
    path = tmp_path / "counting.toml"
    path.write_text(DEMO_CATALOG.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


@postgresql_only
def test_two_instances_answering_one_chat_at_once_keep_every_answer_once_and_in_order(database_url, tmp_path):
    settings = make_settings(database_url, CATALOG=str(counting_catalog(tmp_path)))
    first, second = prepare(settings, Clock(DEMO_NOW)), prepare(settings, Clock(DEMO_NOW))
    keys = iter(range(1, 1000))

    def send(dispatcher, text=None, choice=None):
        return dispatcher.handle(Incoming("telegram", "77", "77", "Lò Thị Đếm", text=text, choice=choice,
                                          update_key=str(next(keys))))

    try:
        with transaction(first.engine) as session:
            code = create_invitation(session, find_units(session, "Quài Nưa")[0], "clerk", 7)
        assert "Đăng ký thành công" in send(first, code)[0].text
        question = send(second, "/baocao")[-1]  # it opens on a question: the overview is one tap away
        overview = send(first, choice=next(c.value for c in question.choices if c.value.endswith(":overview")))[-1]
        section = next(c.value for c in overview.choices if c.value.endswith("section:dem"))
        assert "Chỉ tiêu đếm số 1" in send(first, choice=section)[-1].text
        with transaction(first.engine) as session:
            version = session.exec(select(ChatState)).one().version

        # Each instance gets 20 answers of the same chat, all at once (threads, like two servers).
        answers = {first: list(range(1, 21)), second: list(range(101, 121))}
        replies: dict[int, list[str]] = {}
        start = threading.Barrier(2)

        def work(dispatcher):
            start.wait()
            for value in answers[dispatcher]:
                replies[value] = [r.text for r in send(dispatcher, str(value))]

        threads = [threading.Thread(target=work, args=(d,)) for d in answers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        with transaction(first.engine) as session:
            stored = {v.field: int(v.number) for v in session.exec(select(ReportValue)).all()
                      if v.field.startswith("dem_")}
            chat = session.exec(select(ChatState)).one()
        # Every answer stored once, each on its own question: none lost, none overwritten.
        assert sorted(stored.values()) == list(range(1, 21)) + list(range(101, 121))
        assert sorted(stored) == [f"dem_{i:02d}" for i in range(1, 41)]
        position = {value: int(field[4:]) for field, value in stored.items()}
        for sent in answers.values():  # each instance's answers in the order it handled them
            assert [position[v] for v in sent] == sorted(position[v] for v in sent)
        # Each reply confirms its own answer and asks the question after the one it filled.
        for value, texts in replies.items():
            assert texts[0].startswith(f"✅ Đã lưu «Chỉ tiêu đếm số {position[value]}»: {value} lần"), texts
            assert f"Chỉ tiêu đếm số {position[value] + 1}" in texts[-1], texts
        assert chat.version == version + 40 and chat.flow == "report"
    finally:
        first.engine.dispose()
        second.engine.dispose()


def far_deadline_catalog(tmp_path: Path) -> Path:
    """The demo catalogue with the open round due in 2099: a scheduler started today has nothing to send."""
    text = DEMO_CATALOG.read_text(encoding="utf-8").replace("deadline = 2020-12-20", "deadline = 2099-12-20")
    assert "2099-12-20" in text
    path = tmp_path / "far.toml"
    path.write_text(text, encoding="utf-8")
    return path


@postgresql_only
async def test_two_bot_processes_share_the_users_and_one_runs_the_scheduler(fake, subprocess_env, tmp_path):
    env = subprocess_env | {"SCHEDULER": "on", "SCHEDULER_LOCK_RETRY_SECONDS": "0.5",
                            "CATALOG": str(far_deadline_catalog(tmp_path))}
    bots = [await BotProcess(fake, env).start(), await BotProcess(fake, env).start()]
    logs = ["", ""]

    def read_logs(timeout: float) -> None:
        """What each process logged so far (their output is read without blocking)."""
        import os
        import select as io

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for n, bot in enumerate(bots):
                stream = bot.proc.stdout
                while stream and io.select([stream], [], [], 0)[0]:
                    chunk = os.read(stream.fileno(), 65536).decode(errors="replace")
                    if not chunk:
                        break
                    logs[n] += chunk
            if "runs the scheduler" in logs[0] + logs[1] and "another instance" in logs[0] + logs[1]:
                return
            time.sleep(0.05)

    try:
        read_logs(20)
        leaders = [n for n in (0, 1) if "this instance runs the scheduler" in logs[n]]
        assert len(leaders) == 1, logs
        follower = 1 - leaders[0]
        assert "another instance runs the scheduler" in logs[follower], logs

        # Both poll the same bot: each update reaches one of them, or both (then the database
        # claim decides), and every person gets each reply exactly once.
        phones = [Phone(fake, 800 + i, f"Người {i}") for i in range(6)]
        for round_ in range(3):
            for phone in phones:
                fake.push_text(phone.chat_id, "/start")
            for phone in phones:
                await fake.wait_for_messages(phone.chat_id, round_ + 1, timeout=30)
        await asyncio.sleep(1)
        for phone in phones:
            texts = phone.texts()
            assert len(texts) == 3 and all("mã mời" in t for t in texts), texts
        handled_by = [n for n in (0, 1) if bots[n].proc.poll() is None]
        assert handled_by == [0, 1]

        # The leader dies without cleaning up: the other takes the lock within the retry period.
        bots[leaders[0]].kill()
        logs[follower] = ""
        deadline = time.monotonic() + 15
        while "this instance runs the scheduler" not in logs[follower] and time.monotonic() < deadline:
            read_logs(0.2)
        assert "this instance runs the scheduler" in logs[follower], logs[follower]
        phone = phones[0]
        fake.push_text(phone.chat_id, "/start")
        await fake.wait_for_messages(phone.chat_id, 4, timeout=30)  # the survivor answers alone
    finally:
        for bot in bots:
            if bot.proc.poll() is None:
                bot.terminate()
