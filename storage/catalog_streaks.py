"""The catalogue's streak conditions (`[[streak_rules]]`): a form that needs another form, or a rating, in
each of the N consecutive years before the round's (checked by storage/streaks.py against the records of
titles, storage/records.py). Kept apart from storage/catalog_models.py, whose entries they follow: each
version dated, with its legal source and how sure the catalogue is of it (`confidence`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Optional

from pydantic import AfterValidator, field_validator, model_validator

from storage.catalog_models import CONFIDENCE, RATINGS, AwardRule, Entry, one_of, refuse


def _streak_years(value: int) -> int:
    if not 1 <= value <= 10:
        raise ValueError("years là số năm liên tục, từ 1 đến 10")
    return value


class StreakRule(Entry):
    """A form that needs another form (or a rating) in each of the N consecutive years before the round's year
    (storage/streaks.py), with its legal basis and the dates it is in force."""
    table = "streak_rules"
    named_by = "form"

    @classmethod
    def label_of(cls, index: int, raw: Any) -> str:
        form = f" '{raw['form']}'" if isinstance(raw, dict) and "form" in raw else ""
        return f"[[{cls.table}]] số {index + 1}{form}"
    form: str
    needs: list[str]
    years: Annotated[int, AfterValidator(_streak_years)]
    source: str
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None
    confidence: one_of(CONFIDENCE, "confidence chỉ nhận V (đã đọc văn bản), S (nguồn thứ cấp) "
                                   "hoặc M (chưa kiểm chứng)") = "M"

    overlaps = AwardRule.overlaps

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("cần ghi căn cứ (source) của điều kiện")
        return value

    @model_validator(mode="after")
    def _dates(self) -> StreakRule:
        if not self.needs:
            raise ValueError("needs cần ít nhất một hình thức hoặc xếp loại")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError("valid_from sau valid_to")
        return self


def check_streaks(rules: list[StreakRule], award_codes: set[str], warnings: list[str]) -> None:
    """Each streak rule names forms of the file (or a rating), one version in force on a day; an unverified
    one is named for the administrator."""
    for n, rule in enumerate(rules):
        if rule.form not in award_codes:
            raise refuse(rule.label(n), f"form '{rule.form}' không có trong [[award_forms]]")
        for code in rule.needs:
            if code not in award_codes and code not in RATINGS:
                raise refuse(rule.label(n), f"needs '{code}' không có trong [[award_forms]] và không phải "
                                            f"xếp loại ({', '.join(RATINGS)})")
        for other in rules[:n]:
            if other.form == rule.form and rule.overlaps(other):
                raise refuse(rule.label(n), f"trùng thời gian hiệu lực với một điều kiện '{rule.form}' trước "
                                            f"({other.source}): đặt valid_from/valid_to cho khỏi chồng nhau")
        if rule.confidence != "V":
            warnings.append(
                f"{rule.label(n)} ({rule.source}): điều kiện liên tục chưa được xác minh từ văn bản pháp luật "
                f"({rule.confidence}: {CONFIDENCE[rule.confidence]}); vẫn được kiểm tra, xem lại "
                f"trước khi dùng.")
