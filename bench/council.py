"""How long one council decision takes as the round's nominee count grows (prints figures; no target enforced).

    .venv/bin/python bench/council.py [N ...]

N nominees spread over the 19 demo communes (LĐTT, one CSTĐCS in seven), all submitted. An official opens
/binhxet, picks LĐTT and presses «Đạt» on each of 20 nominees in turn; each press decides one nominee
(rules checked on the unit's passed list) and shows the next card. Timed in the core (no channel).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import select  # noqa: E402

from bot.events import Incoming  # noqa: E402
from bot.settings import Settings  # noqa: E402
from main import prepare  # noqa: E402
from storage import reports  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Nomination, Unit  # noqa: E402
from storage.people import create_invitation, find_units, fold  # noqa: E402

PRESSES = 20


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, DATABASE_URL=f"sqlite:///{tmp}/bench.db", TELEGRAM_BOT_TOKEN=None)
        dispatcher = prepare(settings)
        with transaction(dispatcher.engine) as session:
            round_ = reports.round_by_code(session, "tongket-2020")
            units = session.exec(select(Unit).where(Unit.is_reporting == True).order_by(Unit.position)).all()  # noqa: E712
            for n, unit in enumerate(units):
                report = reports.get_or_create_report(session, round_.id, unit.id)
                report.status = "submitted"
                share = count // len(units) + (n < count % len(units))
                for i in range(share):
                    name = f"Người số {n}-{i}"
                    extra = dict(prereq_mode="list", initiative="Sáng kiến", initiative_ref="1/QĐ") if i % 7 == 6 else {}
                    session.add(Nomination(report_id=report.id, subject="individual", name=name, name_key=fold(name),
                                           position="Giáo viên", form_code="CSTDCS" if extra else "LDTT",
                                           achievements="Tốt.", complete=True, **extra))
            code = create_invitation(session, find_units(session, "tuan-giao")[0], "official", 1)
        chat = dict(channel="console", chat_id="1", sender_id="1", sender_name="Bench")
        dispatcher.handle(Incoming(**chat, text=code))
        start = time.perf_counter()
        replies = dispatcher.handle(Incoming(**chat, text="/binhxet"))
        open_ms = (time.perf_counter() - start) * 1000
        form = next(c.value for c in replies[-1].choices if "form:LDTT" in c.value)
        dispatcher.handle(Incoming(**chat, choice=form))
        times = []
        for _ in range(PRESSES):
            start = time.perf_counter()
            dispatcher.handle(Incoming(**chat, choice=_pass(dispatcher)))
            times.append((time.perf_counter() - start) * 1000)
        print(f"{count:6d} nominees: /binhxet {open_ms:7.1f} ms; a decision and the next card: "
              f"median {statistics.median(times):7.1f} ms, max {max(times):7.1f} ms")
        dispatcher.engine.dispose()


def _pass(dispatcher) -> str:
    """The «Đạt» button of the card the chat shows now."""
    from storage.models import ChatState

    with transaction(dispatcher.engine) as session:
        chat = session.exec(select(ChatState).where(ChatState.channel == "console", ChatState.chat_id == "1")).one()
        return next(value for _label, value in chat.offered if value.endswith(":pass"))


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [200, 1000, 5000]:
        run(n)
