"""Benchmark: answers land where the clerk meant them, with the real bot process and real pauses.

    .venv/bin/python bench/landing.py                      # 50 kills, then a 60 s outage
    .venv/bin/python bench/landing.py --kills 5 --outage 10

Kills: `python main.py run` against the fake Bot API; a clerk answers, the bot saves the answer and
is SIGKILLed while its reply is on the way (the fake holds the sendMessage call, so the kill lands
between the commit and the acknowledgement); the bot starts again, the clerk, having seen nothing,
types the same answer again. Each time: is that answer stored on its own question, and nothing on
the question after it? Outage: every send answers 502 for --outage seconds, with the outbox's
default pauses; when does the reply arrive, and is it there once? Prints the figures; exits 1 if an
answer landed elsewhere or a reply was lost or doubled.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from storage.db import transaction  # noqa: E402
from storage.models import ReportValue  # noqa: E402
from storage.people import create_invitation, find_units  # noqa: E402
from tests.clerk import asks_for_plan, good_answer, indicator_in, is_question, question_in  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.harness import BotProcess, Phone, process_database  # noqa: E402


def stored(engine) -> dict[str, tuple]:
    with transaction(engine) as session:
        return {v.field: (v.number, v.text, v.skipped) for v in session.exec(select(ReportValue))}


async def register(fake: FakeTelegram, engine, chat_id: int, unit: str) -> Phone:
    with transaction(engine) as session:
        code = create_invitation(session, find_units(session, unit)[0], "clerk", 7)
    phone = Phone(fake, chat_id, f"Cán bộ {unit}")
    await phone.send(code)
    await phone.send("/baocao")  # the first question
    return phone


async def kills(fake: FakeTelegram, env: dict, engine, count: int) -> tuple[int, int]:
    """(answers that landed on their own question, answers that landed elsewhere)."""
    units = iter(["Quài Nưa", "Quài Cang", "Mường Thín", "Nà Sáy", "Quài Tở", "Chiềng Sinh"])
    bot = await BotProcess(fake, env).start()
    landed = wrong = 0
    clerk = await register(fake, engine, 9100, next(units))
    try:
        while landed + wrong < count:
            text = clerk.last.text
            if not is_question(text):
                if "trả lời hết" in text:
                    clerk = await register(fake, engine, clerk.chat_id + 1, next(units))
                else:
                    await clerk.press("Nhập tiếp")
                continue
            indicator = indicator_in(question_in(text))
            if indicator.type == "choice":  # a tap carries its own question: not this story
                await clerk.press(indicator.choices[0])
                continue
            plan = asks_for_plan(text)
            field = f"plan:{indicator.code}" if plan else indicator.code
            answer = good_answer(indicator, plan)
            before = stored(engine)
            fake.hold_next("sendMessage")
            fake.push_text(clerk.chat_id, answer)
            await fake.wait_for(lambda: fake.held, timeout=20, what="the reply on its way")
            bot.kill()
            fake.release_held()
            bot = await BotProcess(fake, env).start()
            await clerk.send(answer)  # seen nothing: the same answer again
            after = stored(engine)
            changed = {f for f in after if after[f] != before.get(f)}
            if changed <= {field} and field in after:
                landed += 1
            else:
                wrong += 1
                print(f"  answer {answer!r} for {field} changed {sorted(changed)}", file=sys.stderr)
            print(f"\r  kills: {landed + wrong}/{count}", end="", file=sys.stderr, flush=True)
    finally:
        print(file=sys.stderr)
        bot.terminate()
    return landed, wrong


async def outage(fake: FakeTelegram, env: dict, engine, seconds: float) -> tuple[float, int]:
    """(seconds from the clerk's message to the reply, how many times the reply arrived)."""
    bot = await BotProcess(fake, env).start()
    try:
        clerk = await register(fake, engine, 9200, "Pú Nhung")
        count = fake.count(clerk.chat_id)
        fake.fail_next("sendMessage", status=502, times=10_000)
        started = time.monotonic()
        fake.push_text(clerk.chat_id, "/trangthai")
        await asyncio.sleep(seconds)
        fake._failures.pop("sendmessage", None)  # the Bot API is back
        await fake.wait_for(lambda: fake.count(clerk.chat_id) > count, timeout=600, what="the reply")
        arrived = time.monotonic() - started
        await asyncio.sleep(3)
        return arrived, fake.count(clerk.chat_id) - count
    finally:
        bot.terminate()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--outage", type=float, default=60.0, help="seconds of 502s (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        engine, env = process_database(scratch, "bench.db")
        async with FakeTelegram() as fake:
            ok = True
            if args.kills:
                landed, wrong = await kills(fake, env, engine, args.kills)
                print(f"killed between saving and sending, answer typed again: {landed} of {landed + wrong} "
                      f"stored on their own question, {wrong} elsewhere")
                ok &= wrong == 0
            if args.outage:
                arrived, times = await outage(fake, env, engine, args.outage)
                print(f"a {args.outage:.0f} s Bot API outage: the reply arrived {arrived:.1f} s after the "
                      f"clerk's message, {times} time(s)")
                ok &= times == 1
        engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
