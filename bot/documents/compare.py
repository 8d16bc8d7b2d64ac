"""A figure beside last year's, in words: the one phrase the chat, the Word draft and the workbook share.

"tăng 1.127 con so với cùng kỳ năm 2019", "giảm 5% so với cuối năm 2019": the change and the unit from
the indicator's value type, the words after it from the catalogue (`compare_words`); the comparison
itself (storage/history.py) decides, this only speaks.
"""

from __future__ import annotations

from typing import Optional

from bot import figures, texts
from storage.history import Comparison


def compare_words(comparison: Optional[Comparison]) -> str:
    """The change in the seed's words ("" when there is nothing to compare)."""
    if comparison is None:
        return ""
    ind = comparison.indicator
    words = (ind.compare_words or texts.CMP_WORDS).format(year=comparison.year)
    change = comparison.change
    if change is None:
        return texts.CMP_REDEFINED.format(year=comparison.year, value=figures.value(ind, comparison.previous))
    shown = figures.value(ind, abs(change))
    if shown == figures.value(ind, 0):
        return texts.CMP_SAME.format(words=words)
    return (texts.CMP_UP if change > 0 else texts.CMP_DOWN).format(change=shown, words=words)


def last_year(comparison: Optional[Comparison]) -> str:
    """" · năm 2019: 3.930" after a saved answer ("" when last year's figure is not known)."""
    if comparison is None:
        return ""
    return texts.SAVED_LAST_YEAR.format(year=comparison.year,
                                        value=figures.number(comparison.indicator, comparison.previous))


def change_cell(comparison: Optional[Comparison]) -> str:
    """The change as a workbook's cell: "+1.127", "-5%" ("" when nothing compares)."""
    if comparison is None or comparison.change is None:
        return ""
    sign = "+" if comparison.change > 0 else "-" if comparison.change < 0 else ""
    return sign + figures.number(comparison.indicator, abs(comparison.change))


def beside_last_year(text: str, comparison: Optional[Comparison]) -> str:
    """A line of the chat with last year's figure after it ("• …: 98.000 con · năm 2019: 96.873 (+1.127)"),
    marked ⚠️ in front when it stands out."""
    if comparison is None:
        return text
    text += texts.LAST_YEAR_CELL.format(year=comparison.year, value=figures.number(comparison.indicator,
                                                                                   comparison.previous),
                                        change=change_cell(comparison) or "=")
    return f"{texts.STANDS_OUT_MARK} {text}" if comparison.stands_out else text


def stands_out_line(comparisons: list[Comparison], most: int = 3) -> str:
    """"⚠️ Khác nhiều so với năm 2019: Tổng đàn gia súc 60.000 con (năm 2019: 500 con); …": the first few
    figures that stand out, for a card of one screen ("" when none does)."""
    standing = [c for c in comparisons if c.stands_out]
    if not standing:
        return ""
    items = [texts.STANDS_OUT_ITEM.format(name=c.indicator.name, value=figures.value(c.indicator, c.current),
                                          year=c.year, previous=figures.value(c.indicator, c.previous))
             for c in standing[:most]]
    more = [texts.STANDS_OUT_MORE.format(n=figures.count(len(standing) - most))] if len(standing) > most else []
    return texts.QUEUE_STANDS_OUT.format(year=standing[0].year, items="; ".join(items + more))
