"""Shared by the conversation benchmarks: clerks in a synthetic country, the bot and the echo bot as processes.

The fake Telegram Bot API and the clerks live in the benchmark's process; the bot
under test runs as `python main.py run` (or bench/echo_bot.py) in a process of its
own, so the fake's work is not counted against it.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from bench.summary import synthetic_catalog  # noqa: E402
from storage.numbers import parse_number  # noqa: E402
from bot.channels.telegram import TelegramSettings  # noqa: E402
from bot.settings import Settings  # noqa: E402
from main import prepare  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Identity, Report, ReportValue, Unit, User  # noqa: E402
from tests.clerk import asks_for_plan, good_answer, indicator_in, is_question  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

FIRST_CHAT = 2_000_000
DEPLOYED_RATE = TelegramSettings.model_fields["send_rate"].default  # TELEGRAM_SEND_RATE's default


def prepare_database(folder: Path, clerks: int) -> tuple[str, Path]:
    """A SQLite database with one registered clerk per commune; returns (DATABASE_URL, catalogue)."""
    catalog, database = folder / "catalog.toml", folder / "bench.db"
    database.unlink(missing_ok=True)
    synthetic_catalog(catalog, clerks)
    url = f"sqlite:///{database}"
    engine = prepare(Settings(_env_file=None, CATALOG=str(catalog), DATABASE_URL=url)).engine
    with transaction(engine) as session:
        units = session.exec(select(Unit).where(Unit.is_reporting == True).order_by(Unit.id)).all()  # noqa: E712
        for i in range(clerks):
            user = User(full_name=f"Cán bộ {i}", role="clerk", unit_id=units[i].id)
            session.add(user)
            session.flush()
            session.add(Identity(user_id=user.id, channel="telegram", external_id=str(FIRST_CHAT + i),
                                 chat_id=str(FIRST_CHAT + i)))
    engine.dispose()
    return url, catalog


class Process:
    """A bot under test as a separate process, polling the fake."""

    def __init__(self, args: list[str], env: Optional[dict] = None):
        self.args, self.env = args, env
        self.proc: Optional[subprocess.Popen] = None

    async def start(self, fake: FakeTelegram) -> "Process":
        polls = len(fake.calls_of("getUpdates"))
        # Its log goes to a file: PTB's shutdown under SIGTERM is noisy, and the figures are what we print.
        self.log = tempfile.NamedTemporaryFile(prefix="thidua-bench-", suffix=".log", delete=False)
        self.proc = subprocess.Popen([sys.executable, *self.args], cwd=ROOT, env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        await fake.wait_for(lambda: len(fake.calls_of("getUpdates")) > polls or self.proc.poll() is not None,
                            timeout=60, what="the bot to poll")
        assert self.proc.poll() is None, f"the bot under test exited; see {self.log.name}"
        return self

    def cpu_seconds(self) -> Optional[float]:
        """The process's CPU time so far (user + system; Linux), or None where /proc is not there."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()
        os.unlink(self.log.name)


def thidua_bot(fake: FakeTelegram, url: str, catalog: Path, rate: float) -> Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env.update({"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.root, "DATABASE_URL": url,
                "CATALOG": str(catalog), "SCHEDULER": "off", "LOG_LEVEL": "WARNING",
                "TELEGRAM_SEND_RATE": str(rate), "TZ": "Asia/Ho_Chi_Minh"})
    return Process(["main.py", "run"], env)


def echo_bot(fake: FakeTelegram, rate: float) -> Process:
    return Process(["bench/echo_bot.py", fake.token, fake.root, "--rate", str(rate)])


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    cpu: Optional[float] = None  # the bot's CPU seconds over the timed steps: what a step costs, whatever the load

    @property
    def steps(self) -> int:
        return len(self.latencies)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def lines(self, name: str) -> list[str]:
        rate = self.steps / self.elapsed if self.elapsed else 0.0
        mean = statistics.fmean(self.latencies) if self.latencies else float("nan")
        return [f"{name}: {self.steps} steps in {self.elapsed:.1f} s = {rate:.1f} steps/s; latency "
                f"p50 {self.percentile(50) * 1000:.0f} ms, p99 {self.percentile(99) * 1000:.0f} ms, "
                f"mean {mean * 1000:.0f} ms; errors {len(self.errors)}"
                + (f"; CPU {self.cpu / self.steps * 1000:.1f} ms a step" if self.cpu and self.steps else "")]

    @property
    def throughput(self) -> float:
        return self.steps / self.elapsed if self.elapsed else 0.0


class Clerk:
    """One clerk's phone: answers the report's questions as they come, remembering what was sent."""

    def __init__(self, fake: FakeTelegram, n: int, timeout: float = 60.0):
        self.fake, self.chat, self.timeout = fake, FIRST_CHAT + n, timeout
        fake.set_user(self.chat, first_name=f"Cán bộ {n}")
        self.sent: dict[str, object] = {}  # field -> the value the clerk answered last

    def _question_after(self, before: int):
        fake, chat = self.fake, self.chat
        return lambda: fake.count(chat) > before and fake.last_message(chat).buttons != []

    async def _step(self, push) -> float:
        before = self.fake.count(self.chat)
        started = time.perf_counter()
        push()
        await self.fake.wait_for(self._question_after(before), timeout=self.timeout, what="the next question")
        return time.perf_counter() - started

    async def open_report(self) -> None:
        await self._step(lambda: self.fake.push_text(self.chat, "/baocao"))
        await self.next()

    @property
    def answered_all(self) -> bool:
        """The report's overview with nothing left to go on to: every question answered."""
        screen = self.fake.last_message(self.chat)
        return not is_question(screen.text) and not any("Nhập tiếp" in label for label in screen.button_texts)

    def _press(self, label: str):
        message_id, data = self.fake.find_button(self.chat, label)
        return lambda: self.fake.push_callback(self.chat, message_id, data)

    async def next(self) -> float:
        """One step: answer the question on screen (or go on to the next section)."""
        question = self.fake.last_message(self.chat)
        if not is_question(question.text):  # the overview (the report is all answered, or was sent)
            if any("Nhập tiếp" in label for label in question.button_texts):
                return await self._step(self._press("Nhập tiếp"))
            return await self._step(lambda: self.fake.push_text(self.chat, "/baocao"))
        indicator = indicator_in(question.text)
        plan = asks_for_plan(question.text)
        key = f"plan:{indicator.code}" if plan else indicator.code
        if indicator.type == "choice":
            self.sent[key] = indicator.choices[0]
            return await self._step(self._press(indicator.choices[0]))
        answer = good_answer(indicator, plan)
        self.sent[key] = answer if indicator.type == "text" else parse_number(answer, indicator.type).value
        return await self._step(lambda: self.fake.push_text(self.chat, answer))


async def answer_together(phones: list[Clerk], figures: Figures, go_on: Callable[[int], bool],
                          until_answered: bool = False) -> None:
    """Every clerk answers the question in front of them while go_on(steps done so far) holds (and, with
    `until_answered`, until their report is answered whole); timed into figures."""
    async def work(phone: Clerk) -> None:
        done = 0
        while go_on(done) and not (until_answered and phone.answered_all):
            try:
                figures.latencies.append(await phone.next())
            except AssertionError as exc:
                figures.errors.append(str(exc).splitlines()[0])
                return
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(work(p) for p in phones))
    figures.elapsed = time.perf_counter() - started


def compare_answers(url: str, clerks: list[Clerk]) -> tuple[int, int, int]:
    """(answers sent, lost or wrong, stored but never sent) comparing the database with what the clerks sent."""
    from storage.db import make_engine
    engine = make_engine(url)
    sent = lost = extra = 0
    with transaction(engine) as session:
        for clerk in clerks:
            identity = session.exec(select(Identity).where(Identity.external_id == str(clerk.chat))).one()
            user = session.get(User, identity.user_id)
            report = session.exec(select(Report).where(Report.unit_id == user.unit_id)).first()
            stored = {}
            if report is not None:
                for row in session.exec(select(ReportValue).where(ReportValue.report_id == report.id)):
                    stored[row.field] = row.text if row.number is None else row.number
            sent += len(clerk.sent)
            for key, value in clerk.sent.items():
                got = stored.get(key)
                if got is None or (isinstance(value, str) and got != value) or \
                        (not isinstance(value, str) and abs(float(got) - float(value)) > 1e-6):
                    lost += 1
            extra += sum(1 for key in stored if key not in clerk.sent and not key.startswith("note:"))
    engine.dispose()
    return sent, lost, extra
