"""Benchmark: the cost of one answer in the core, without HTTP or other clerks.

    .venv/bin/python bench/answer.py [--answers 200] [--profile 30]

A clerk of the synthetic country (bench/clerks.py) answers the report's questions, one after the
other, in this process (once the report is answered, the next clerk begins): each answer is what the bot does for it whatever the channel, timed as a
whole (`Dispatcher.handle`: the claim, the answer, the state and the reply in the outbox, one commit),
then the outbox's bookkeeping around the send (the take before it and the acknowledgement after, as
`bot/outbox.py` writes them when no other chat shares the commit). Printed: milliseconds an answer
(median and mean), SQL statements and commits an answer, the CPU share; `--profile N`: the N
functions that take the most time, by cProfile (cumulative).

The file is SQLite with the bot's own settings (WAL, synchronous=FULL): each commit is an fsync.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench.clerks import FIRST_CHAT, prepare_database  # noqa: E402
from bot.events import Incoming, Reply  # noqa: E402
from bot.settings import Settings  # noqa: E402
from main import prepare  # noqa: E402
from storage import outbox  # noqa: E402
from tests.clerk import asks_for_plan, good_answer, indicator_in, is_question  # noqa: E402


CLERKS = 40  # each answers their whole report, then the next one begins (each opening untimed)


class Clerk:
    """Clerk n, answering whatever question the last reply asks."""

    def __init__(self, dispatcher, n: int):
        self.dispatcher, self.chat = dispatcher, str(FIRST_CHAT + n)
        self.update = n * 10_000  # update ids of their own

    def send(self, text=None, choice=None) -> list[Reply]:
        self.update += 1
        replies = self.dispatcher.handle(Incoming("telegram", self.chat, self.chat, "Cán bộ", text=text,
                                                  choice=choice, update_key=str(self.update),
                                                  received_at=dt.datetime.now(dt.timezone.utc)))
        rows = sorted({r.outbox[0] for r in replies if r.outbox is not None})
        engine = self.dispatcher.engine
        outbox.take(engine, rows, dt.datetime.now(dt.timezone.utc), 120.0)  # before the send
        outbox.acknowledge(engine, rows)  # after it
        self.last = replies[-1]
        return replies

    @property
    def answered_all(self) -> bool:
        return not is_question(self.last.text) and not any("Nhập tiếp" in c.label for c in self.last.choices)

    def answer(self) -> None:
        """One answer to the question on screen (or the step that brings one: open the report again)."""
        text = self.last.text
        if not is_question(text):  # the overview: the report answered, or a section to go on with
            go_on = next((c.value for c in self.last.choices if "Nhập tiếp" in c.label), None)
            self.send(choice=go_on) if go_on else self.send("/baocao")
            return
        indicator = indicator_in(text)
        if indicator.type == "choice":
            self.send(choice=next(c.value for c in self.last.choices if c.label == indicator.choices[0]))
        else:
            self.send(good_answer(indicator, asks_for_plan(text)))


def main(answers: int, profile: int, show: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url, catalog = prepare_database(Path(tmp), CLERKS)
        dispatcher = prepare(Settings(_env_file=None, CATALOG=str(catalog), DATABASE_URL=url, SCHEDULER="off"))
        statements = commits = 0

        def count(*_):
            nonlocal statements
            statements += 1

        def committed(*_):
            nonlocal commits
            commits += 1

        event.listen(dispatcher.engine, "before_cursor_execute", count)
        event.listen(dispatcher.engine, "commit", committed)
        clerks = iter(range(CLERKS))

        def next_clerk() -> Clerk:
            clerk = Clerk(dispatcher, next(clerks))
            clerk.send("/baocao")
            return clerk

        clerk = next_clerk()
        for _ in range(10):  # warm: caches filled
            clerk.answer()
        statements = commits = 0
        times: list[float] = []
        profiler = cProfile.Profile() if profile else None
        cpu = time.process_time()
        for _ in range(answers):
            started = time.perf_counter()
            if clerk.answered_all:  # its report is all answered: the next clerk's, opened untimed
                clerk = next_clerk()
            if profiler:
                profiler.enable()
            clerk.answer()
            if profiler:
                profiler.disable()
            times.append(time.perf_counter() - started)
        cpu = time.process_time() - cpu
        if show:  # one more answer's statements, in order
            shown: list[str] = []
            event.listen(dispatcher.engine, "before_cursor_execute",
                         lambda _c, _k, statement, *_: shown.append(" ".join(statement.split())[:160]))
            event.listen(dispatcher.engine, "commit", lambda *_: shown.append("-- COMMIT"))
            clerk.answer()
        dispatcher.engine.dispose()
    print(f"{answers} answers: {statistics.median(times) * 1000:.1f} ms an answer (median), "
          f"mean {statistics.fmean(times) * 1000:.1f} ms, CPU {cpu / answers * 1000:.1f} ms; "
          f"{statements / answers:.1f} statements and {commits / answers:.2f} commits an answer")
    if show:
        print("\n".join(shown))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--statements", action="store_true", help="print the SQL of one answer")
    args = parser.parse_args()
    main(args.answers, args.profile, args.statements)
