"""Messages one report costs a clerk on a weak signal, and the bot against Telegram's send limit (issue 18).

    .venv/bin/python bench/messages.py            # the 19 communes of the demo round
    .venv/bin/python bench/messages.py --clerks 3

Each commune's clerk is invited, sends the code, and fills the whole demo report typing only the
answers (a choice typed as its label); where the bot shows no question the clerk takes the one step
offered (open the report, continue, submit). The bot is the real core on a SQLite file, on the
in-memory channel of the tests (tests/harness.py), which keeps every message with the reply it came
from, so each is measured as Telegram shows it and as Zalo and the terminal show it (choices as
numbered lines). Prints the four figures of issue 18 beside their targets and exits 1 if one is over.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from storage.db import transaction  # noqa: E402
from storage.models import Unit  # noqa: E402
from tests.clerk import SCREEN, Tally, report_by_typing  # noqa: E402
from tests.harness import DEMO_NOW, Clock, MemoryBot, MemoryChats, Phone, make_settings  # noqa: E402

# Issue 18's targets, and what the same clerks cost before it.
TARGETS = {"clerk": 1.1, "bot": 1.2, "long": 0, "first": 3}


def reporting_units(bot: MemoryBot) -> list[str]:
    with transaction(bot.engine) as session:
        return [u.code for u in session.exec(select(Unit).where(Unit.is_reporting == True)  # noqa: E712
                                             .order_by(Unit.position)).all()]


async def measure(clerks: int, tap: bool = False) -> list[Tally]:
    with tempfile.TemporaryDirectory(prefix="thidua-messages-") as folder:
        chats = MemoryChats()
        bot = MemoryBot(chats, make_settings(f"sqlite:///{Path(folder) / 'bot.db'}", chats), Clock(DEMO_NOW))
        await bot.start()
        try:
            tallies = []
            for n, unit in enumerate(reporting_units(bot)[:clerks]):
                phone = Phone(chats, 5000 + n, f"Cán bộ {unit}")
                tallies.append(await report_by_typing(phone, bot.invite(unit), tap_choices=tap))
            return tallies
        finally:
            await bot.stop()


def figures(tallies: list[Tally]) -> dict[str, float]:
    questions = sum(t.questions for t in tallies)
    return {
        "clerk": sum(t.clerk_messages for t in tallies) / questions,
        "bot": sum(t.bot_messages + t.bot_edits for t in tallies) / questions,
        "long": sum(t.long_messages for t in tallies),
        "first": max(t.to_first_answer for t in tallies),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clerks", type=int, default=19, help="communes whose clerk reports (demo: 19)")
    parser.add_argument("--tap", action="store_true",
                        help="the clerk taps the choices (as on Telegram) instead of typing them")
    args = parser.parse_args()
    tallies = asyncio.run(measure(args.clerks, args.tap))
    got = figures(tallies)
    questions = sorted({t.questions for t in tallies})
    print(f"{len(tallies)} reports, {'/'.join(map(str, questions))} questions each, "
          f"{sum(t.submitted for t in tallies)} submitted")
    print(f"clerk messages per report {min(t.clerk_messages for t in tallies)}–{max(t.clerk_messages for t in tallies)}; "
          f"bot messages {min(t.bot_messages for t in tallies)}–{max(t.bot_messages for t in tallies)}, "
          f"edits {sum(t.bot_edits for t in tallies)} (sending {sum(t.edited_characters for t in tallies)} characters "
          f"again); longest bot message {max(t.longest for t in tallies)} characters")
    rows = [("messages the clerk sends per question", f"{got['clerk']:.2f}", f"≤ {TARGETS['clerk']}"),
            ("messages + edits the bot sends per question", f"{got['bot']:.2f}", f"≤ {TARGETS['bot']}"),
            (f"bot messages over {SCREEN} characters", f"{got['long']:.0f} in {len(tallies)} reports",
             f"{TARGETS['long']}"),
            ("messages from the code to the first saved answer", f"{got['first']:.0f}", f"≤ {TARGETS['first']}")]
    for name, value, target in rows:
        print(f"{name:<52} {value:>16}   target {target}")
    # Item 4 of the issue: taking the buttons off a tapped message is an edit, one send slot each.
    taps, questions = sum(t.taps for t in tallies), sum(t.questions for t in tallies)
    print(f"taps {taps} ({taps / len(tallies):.1f} a report): an edit per tap (buttons taken off, text or not) "
          f"would make the bot's figure {got['bot'] + taps / questions:.2f}")
    over = [name for name, limit in TARGETS.items() if got[name] > limit]
    if over:
        examples = sorted({text for t in tallies for text in t.long_texts})[:5]
        if examples:
            print("long messages begin: " + " | ".join(repr(e) for e in examples))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
