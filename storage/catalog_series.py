"""The catalogue's series checked across entries: what a comparison with the year before rests on.

A unit's `formed_from` takes in units of before, each once. An indicator's `weighted_by` names a count of the file; `redefined_in` is a year; a round's `follows` is an
earlier round of the same series. A refusal names the entry and the key, so `catalog check` gives the line.
"""

from __future__ import annotations

from storage import catalog_models as entries
from storage.catalog_models import refuse


def check_lineage(units: list[entries.Unit]) -> None:
    """A unit is formed from units of before: not from one still listed, and no old unit taken in twice."""
    listed = {u.code for u in units}
    taken: dict[str, str] = {}
    for n, unit in enumerate(units):
        for code in unit.formed_from:
            if code in listed:
                raise refuse(unit.label(n), f"formed_from '{code}' là một đơn vị vẫn còn trong danh mục")
            if code in taken:
                raise refuse(unit.label(n), f"formed_from '{code}' đã thuộc đơn vị '{taken[code]}'")
            taken[code] = unit.code


def check_series(indicators: list[entries.Indicator], rounds: list[entries.Round]) -> None:
    by_code = {ind.code: ind for ind in indicators}
    for n, ind in enumerate(indicators):
        if ind.weighted_by is not None:
            if ind.compare != "rate":
                raise refuse(ind.label(n), "weighted_by chỉ dùng cho tỷ lệ (compare = \"rate\")", "weighted_by")
            base = by_code.get(ind.weighted_by)
            if base is None:
                raise refuse(ind.label(n), f"weighted_by '{ind.weighted_by}' không có trong [[indicators]]",
                             "weighted_by")
            if base.compare != "count":
                raise refuse(ind.label(n), f"weighted_by '{ind.weighted_by}' phải là một chỉ tiêu đếm được "
                                           "(số hộ, số người…)", "weighted_by")
        if ind.redefined_in is not None and not 1945 <= ind.redefined_in <= 2200:
            raise refuse(ind.label(n), f"redefined_in {ind.redefined_in} không phải một năm", "redefined_in")
    by_round = {r.code: r for r in rounds}
    for n, round_ in enumerate(rounds):
        if round_.follows is None:
            continue
        before = by_round.get(round_.follows)
        if before is None:
            raise refuse(round_.label(n), f"follows '{round_.follows}' không có trong [[rounds]]", "follows")
        if before.series != round_.series:
            raise refuse(round_.label(n), f"follows '{round_.follows}' thuộc chuỗi '{before.series}', "
                                          f"không phải '{round_.series}'", "follows")
        if before.period_end >= round_.period_start:
            raise refuse(round_.label(n), f"follows '{round_.follows}' không kết thúc trước kỳ này bắt đầu",
                         "follows")
