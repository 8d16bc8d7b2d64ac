"""The compiled summary the officials receive after the deadline.

The same figures, Word draft and workbook as /tonghop, for each official's own
unit (a district sees its communes; a province all of its own).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from bot.documents.summary import summary_replies
from bot.events import Reply
from storage.models import Round
from storage.summary import compile_summary


def build_summary(session: Session, round_: Round, now: dt.datetime, top_unit_id: int) -> list[Reply]:
    return summary_replies(compile_summary(session, round_, now, top_unit_id))
