"""Benchmark (soak): three clerks fill their reports while the real bot is SIGKILLed at random moments.

    .venv/bin/python bench/soak.py                          # ≥ 500 answers, ≥ 30 kills
    .venv/bin/python bench/soak.py --answers 120 --kills 8 --seed 3

`python main.py run` against the fake Bot API, on SQLite. Three clerks, each at a commune (the next
commune when a report is full), answer the question on their phone, at once, all the time. Every 8 to
20 answers the bot is killed, at one of three moments, picked at random:

- any: 0 to 1.2 s after a clerk's message (before, during or after its handling, or its reply);
- unsent: as a reply leaves, after its commit: the Bot API never answers and the message is not on
  the phone (the delivery is unknown to the bot);
- on the phone: as a reply leaves: the Bot API carries it out, the answer is lost (unknown as well).

A clerk who sees no reply within 6 s types the same answer again; asked which question an answer was
for, they tap the one they meant. Each clerk checks their report after every reply: a value stored
on a question they did not answer, or not what they typed, is *wrong*. At the end: *lost* (an
answer typed, not stored), *doubled* (a bot message shown twice in a row), *asked* (the question
"which one was it for?"). Exits 1 unless lost, wrong and doubled are 0.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from bot import texts  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Report, ReportValue  # noqa: E402
from storage.numbers import Ambiguous, NumberKind, parse_number  # noqa: E402
from storage.people import create_invitation, find_units  # noqa: E402
from tests.clerk import asks_for_plan, good_answer, indicator_in, is_question, question_in  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.harness import BotProcess, process_database  # noqa: E402

UNITS = ["Quài Nưa", "Quài Cang", "Mường Thín", "Nà Sáy", "Quài Tở", "Chiềng Sinh", "Tỏa Tình", "Pú Nhung",
         "Rạng Đông", "Ta Ma", "Phình Sáng", "Mường Mùn", "Pú Xi", "Tênh Phông", "Mùn Chung", "Nà Tòng",
         "Mường Khong", "Chiềng Đông", "Tuần Giáo"]
PATIENCE = 6.0  # seconds a clerk waits for a reply before typing the answer again
READING = (1.0, 2.0)  # seconds a clerk reads the screen before answering (Telegram dates in whole seconds)
ASKED = "là câu trả lời cho"  # the question "which one was it for?" (texts.DOUBT_NUMBER / DOUBT_TEXT)
PLAN_LABEL = texts.DOUBT_PLAN.split("{")[0]


@dataclass
class Figures:
    answers: int = 0  # typed answers (taps on a choice not counted)
    taps: int = 0
    retyped: int = 0
    kills: dict[str, int] = field(default_factory=lambda: {"any": 0, "unsent": 0, "on the phone": 0})
    asked: int = 0
    asked_older: int = 0  # the clerk tapped the question the bot believed on screen
    wrong: set = field(default_factory=set)
    lost: list = field(default_factory=list)
    doubled: int = 0


@dataclass
class Clerk:
    name: str
    chat_id: int
    unit_id: int = 0
    meant: dict[str, Any] = field(default_factory=dict)  # field -> the value the clerk typed
    typed: dict[str, str] = field(default_factory=dict)  # field -> what they type for it (the same each time)
    found: dict[str, tuple] = field(default_factory=dict)  # the report's values before the clerk began
    typed_for: Optional[tuple[str, str]] = None  # (field, question) of the answer last typed
    done: list[tuple[int, dict]] = field(default_factory=list)  # reports full: (unit id, meant)


class Soak:
    def __init__(self, fake: FakeTelegram, env: dict, engine, rng: random.Random, figures: Figures):
        self.fake, self.env, self.engine, self.rng, self.figures = fake, env, engine, rng, figures
        self.units = iter(UNITS)
        self.bot: Optional[BotProcess] = None
        self.pushed = asyncio.Event()  # a clerk sent something (the "any" kill waits for one)
        self.verbose = False

    # --- the bot ---------------------------------------------------------------------------
    async def kill(self) -> None:
        moment = self.rng.choice(list(self.figures.kills))
        if moment == "any":
            self.pushed.clear()
            await self.pushed.wait()
            await asyncio.sleep(self.rng.uniform(0, 1.2))
        else:
            self.fake.hold_next("sendMessage", carried_out=moment == "on the phone")
            try:
                await self.fake.wait_for(lambda: self.fake.held, timeout=30, what="a reply on its way")
            except Exception:  # noqa: BLE001 - nobody sent anything meanwhile: kill anyway
                self.fake._holds.clear()
        self.bot.kill()
        self.fake.release_held()
        self.figures.kills[moment] += 1
        self.bot = await BotProcess(self.fake, self.env).start()

    # --- a clerk ---------------------------------------------------------------------------
    def push(self, clerk: Clerk, text: str) -> None:
        self.fake.push_text(clerk.chat_id, text)
        self.pushed.set()

    async def reply(self, clerk: Clerk, before: int, again: Optional[str]) -> None:
        """Wait for the bot's answer (a message with buttons); without one, type `again` again."""
        for _ in range(40):
            try:
                await self.fake.wait_for(lambda: self.fake.count(clerk.chat_id) > before
                                         and self.fake.last_message(clerk.chat_id).buttons != [],
                                         timeout=PATIENCE, what="a reply")
                return
            except Exception:  # noqa: BLE001 - no reply: the bot is down, or its reply was lost
                if again is not None:
                    self.figures.retyped += 1
                    self.push(clerk, again)
        raise AssertionError(f"{clerk.name}: no reply\n" + self.fake.transcript(clerk.chat_id)[-3000:])

    async def say(self, clerk: Clerk, text: str) -> None:
        before = self.fake.count(clerk.chat_id)
        self.push(clerk, text)
        await self.reply(clerk, before, text)

    async def tap(self, clerk: Clerk, label: str) -> None:
        before = self.fake.count(clerk.chat_id)
        message_id, data = self.fake.find_button(clerk.chat_id, label)
        self.fake.push_callback(clerk.chat_id, message_id, data)
        self.pushed.set()
        await self.reply(clerk, before, None)

    async def next_commune(self, clerk: Clerk) -> None:
        if clerk.unit_id:
            clerk.done.append((clerk.unit_id, clerk.meant))
        unit = next(self.units)
        with transaction(self.engine) as session:
            found = find_units(session, unit)[0]
            code, clerk.unit_id = create_invitation(session, found, "clerk", 7), found.id
        clerk.chat_id += 1
        clerk.meant, clerk.typed, clerk.typed_for, clerk.found = {}, {}, None, self.stored(clerk.unit_id)
        await self.say(clerk, code)
        await self.say(clerk, "/baocao")

    async def step(self, clerk: Clerk) -> None:
        await asyncio.sleep(self.rng.uniform(*READING))  # reads what is on the screen, then acts on it
        text = self.fake.last_message(clerk.chat_id).text
        if ASKED in text.split("\n")[0] and clerk.typed_for is not None:
            await self.choose(clerk, self.fake.last_message(clerk.chat_id).button_texts)
        elif "nghĩa là" in text:  # the yes/no of a number that reads two ways
            await self.tap(clerk, texts.BTN_YES)
        elif not is_question(text):
            labels = self.fake.last_message(clerk.chat_id).button_texts
            if "trả lời hết" in text or not any("Nhập tiếp" in label for label in labels):
                await self.next_commune(clerk)  # every question answered (a check may still fail)
            else:
                await self.tap(clerk, "Nhập tiếp")
        else:
            await self.answer(clerk, text)
        self.check(clerk)

    async def answer(self, clerk: Clerk, text: str) -> None:
        question = question_in(text)
        indicator = indicator_in(question)
        plan = asks_for_plan(text)
        key = f"plan:{indicator.code}" if plan else indicator.code
        if indicator.type == "choice":
            label = self.rng.choice(indicator.choices)
            clerk.meant[key] = label
            self.figures.taps += 1
            await self.tap(clerk, label)
            return
        refused = clerk.typed_for == (key, question) and not text.startswith("✅")  # "Số này không được lớn hơn…"
        typed = clerk.typed.get(key) or good_answer(indicator, plan, note=f"Ghi chú {self.rng.randint(1, 10 ** 6)}")
        if refused:
            typed = good_answer(indicator, plan)
        elif indicator.type == "integer" and not plan and key not in clerk.typed:
            typed = str(self.rng.randint(5, 19))
        clerk.typed[key] = typed
        clerk.meant[key] = expected(indicator.type, typed)
        clerk.typed_for = (key, question)
        self.figures.answers += 1
        await self.say(clerk, typed)

    async def choose(self, clerk: Clerk, labels: list[str]) -> None:
        """Asked which question the answer was for: the one the clerk typed it for."""
        key, question = clerk.typed_for
        plan = key.startswith("plan:")
        meant = [label for label in labels if label.startswith(PLAN_LABEL) == plan and
                 all(part.strip() in question for part in label.removeprefix(PLAN_LABEL).split("…"))]
        assert len(meant) == 1, (labels, question)
        self.figures.asked += 1
        self.figures.asked_older += labels.index(meant[0]) == 0
        await self.tap(clerk, meant[0])

    def stored(self, unit_id: int) -> dict[str, tuple]:
        with transaction(self.engine) as session:
            return {v.field: (v.number, v.text, v.skipped) for v in session.exec(
                select(ReportValue).join(Report, Report.id == ReportValue.report_id).where(Report.unit_id == unit_id))}

    def check(self, clerk: Clerk) -> None:
        """Every value of the clerk's report is one they typed, on the question they typed it for."""
        for key, value in self.stored(clerk.unit_id).items():
            if key not in clerk.meant and clerk.found.get(key) == value:
                continue  # there before (the demo's data)
            if key not in clerk.meant or not same(value, clerk.meant[key]):
                if (clerk.unit_id, key, value) not in self.figures.wrong:
                    print(f"\n  WRONG {clerk.name}: {key} = {value}, meant {clerk.meant.get(key)!r}", file=sys.stderr)
                    if self.verbose:
                        print("\n".join(self.fake.transcript(clerk.chat_id).split("\n")[-60:]), file=sys.stderr)
                self.figures.wrong.add((clerk.unit_id, key, value))

    def final(self, clerks: list[Clerk]) -> None:
        for clerk in clerks:
            for unit_id, meant in [*clerk.done, (clerk.unit_id, clerk.meant)]:
                stored = self.stored(unit_id)
                lost = [(unit_id, k, v, stored.get(k)) for k, v in meant.items() if k not in stored or not same(stored[k], v)]
                for item in lost:
                    print(f"  LOST {clerk.name}: {item}", file=sys.stderr)
                    if self.verbose:
                        print(self.fake.transcript(clerk.chat_id)[-4000:], file=sys.stderr)
                self.figures.lost += lost
            for chat_id in range(clerk.chat_id - len(clerk.done), clerk.chat_id + 1):
                shown = [(m.text, m.buttons) for m in self.fake.bot_messages(chat_id)]
                self.figures.doubled += sum(1 for a, b in zip(shown, shown[1:]) if a == b)


def expected(kind: str, typed: str) -> Any:
    if kind == "text":
        return typed
    number_kind = NumberKind.INTEGER if kind == "integer" else NumberKind(kind)
    parsed = parse_number(typed, number_kind)
    return parsed.likely if isinstance(parsed, Ambiguous) else parsed.value


def same(stored: tuple, meant: Any) -> bool:
    number, text, skipped = stored
    if isinstance(meant, Decimal):
        return number is not None and abs(Decimal(str(number)) - meant) < Decimal("0.0001")
    return text == meant and not skipped


async def run(fake: FakeTelegram, env: dict, engine, args) -> Figures:
    rng, figures = random.Random(args.seed), Figures()
    soak = Soak(fake, env, engine, rng, figures)
    soak.verbose = args.verbose
    soak.bot = await BotProcess(fake, env).start()
    clerks = [Clerk(f"clerk {n + 1}", 9000 + 100 * n) for n in range(3)]
    started = time.monotonic()

    def enough() -> bool:
        return figures.answers >= args.answers and sum(figures.kills.values()) >= args.kills

    async def work(clerk: Clerk) -> None:
        await soak.next_commune(clerk)
        while not enough():
            await soak.step(clerk)

    async def killer() -> None:
        while not enough():
            target = figures.answers + rng.randint(8, 20)
            while figures.answers < target and not enough():
                await asyncio.sleep(0.05)
            if not enough():
                await soak.kill()
            print(f"\r  answers {figures.answers}, kills {sum(figures.kills.values())}, asked {figures.asked}, "
                  f"{time.monotonic() - started:.0f} s", end="", file=sys.stderr, flush=True)

    try:
        await asyncio.gather(killer(), *(work(clerk) for clerk in clerks))
        await asyncio.sleep(3)  # what is still on its way
        soak.final(clerks)
    finally:
        print(file=sys.stderr)
        soak.bot.terminate()
    return figures


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--verbose", action="store_true", help="the clerk's transcript at each wrong value")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        engine, env = process_database(scratch, "soak.db")
        started = time.monotonic()
        async with FakeTelegram() as fake:
            f = await run(fake, env, engine, args)
        engine.dispose()
    kills = sum(f.kills.values())
    print(f"{f.answers} typed answers and {f.taps} taps from 3 clerks, {f.retyped} typed again after no reply; "
          f"{kills} SIGKILLs ({', '.join(f'{n} {moment}' for moment, n in f.kills.items())}); "
          f"{time.monotonic() - started:.0f} s")
    print(f"lost {len(f.lost)} / wrong {len(f.wrong)} / doubled {f.doubled} / asked {f.asked} "
          f"(the clerk meant the older question {f.asked_older} times)")
    return 0 if not f.lost and not f.wrong and not f.doubled else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
