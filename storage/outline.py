"""The compiled report's outline and letterhead, as the catalogue lays them out ([[outline]], [document]).

Facts only: each heading with its place in the numbering (counted here, never
typed in the catalogue) and what fills it; `bot/documents/report_docx.py` words them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from storage.catalog import OUTLINE_DEPTHS
from storage.models import CatalogMeta, OutlineItem


@dataclass(frozen=True)
class Heading:
    item: OutlineItem
    # The counters down to this heading's depth, each restarting under its parent: Phần II's first
    # chapter is (2, 1); item 2.3.1 of chapter II of Phần I is (1, 2, 2, 3, 1).
    numbers: tuple[int, ...]

    @property
    def depth(self) -> int:
        return self.item.depth


def headings(session: Session) -> list[Heading]:
    counters = [0] * OUTLINE_DEPTHS
    out = []
    for item in session.exec(select(OutlineItem).order_by(OutlineItem.position)).all():
        counters[item.depth] += 1
        counters[item.depth + 1:] = [0] * (OUTLINE_DEPTHS - item.depth - 1)
        out.append(Heading(item, tuple(counters[:item.depth + 1])))
    return out


def letterhead(session: Session) -> dict[str, Any]:
    """The [document] settings: issuer, place, subject, addressees, copies, signer (defaults filled at load)."""
    meta = session.exec(select(CatalogMeta)).first()
    return dict(meta.document or {}) if meta else {}
