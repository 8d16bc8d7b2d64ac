"""How long the nomination list takes to check and show as it grows (prints figures; no target enforced).

    .venv/bin/python bench/nominations.py [N ...]

A big commune sends a few hundred LĐTT; each list screen runs every rule once.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.events import Incoming  # noqa: E402
from bot.settings import Settings  # noqa: E402
from main import prepare  # noqa: E402
from storage import award_rules  # noqa: E402
from storage import reports  # noqa: E402
from storage.db import transaction  # noqa: E402
from storage.models import Nomination  # noqa: E402
from storage.people import create_invitation, find_units, fold  # noqa: E402


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, DATABASE_URL=f"sqlite:///{tmp}/bench.db", TELEGRAM_BOT_TOKEN=None)
        dispatcher = prepare(settings)
        with transaction(dispatcher.engine) as session:
            unit = find_units(session, "Quài Nưa")[0]
            code = create_invitation(session, unit, "clerk", 1)
            report = reports.get_or_create_report(session, reports.round_by_code(session, "tongket-2020").id, unit.id)
            for i in range(count):
                name = f"Người số {i}"
                form = "CSTDCS" if i % 7 == 0 else "LDTT"
                session.add(Nomination(report_id=report.id, subject="individual", name=name, name_key=fold(name),
                                       position="Giáo viên", form_code=form, achievements="Tốt.", complete=True,
                                       prereq_mode="list"))
            report_id = report.id
        dispatcher.handle(Incoming("console", "1", "1", "Bench", text=code))
        with transaction(dispatcher.engine) as session:
            start = time.perf_counter()
            violations = award_rules.check(session, report_id)
            check_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        replies = dispatcher.handle(Incoming("console", "1", "1", "Bench", text="/khenthuong"))
        list_ms = (time.perf_counter() - start) * 1000
        size = sum(len(r.text) for r in replies)
        print(f"{count:5d} nominees: rules {check_ms:7.1f} ms ({len(violations)} violations), "
              f"list screen {list_ms:7.1f} ms, {size} characters")
        dispatcher.engine.dispose()


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [15, 100, 500]:
        run(n)
