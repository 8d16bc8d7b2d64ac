"""The catalogue file as pydantic models: one model per table, validated once, when the file is loaded.

Each entry model checks its own keys (types, allowed values, defaults, bounds); `Catalog`, the
whole file, checks what joins entries (codes that must exist, the unit tree, the outline) and
fills what comes from others (the letterhead from the units). A problem is a Vietnamese sentence
for the administrator; storage/catalog.py names the file and the entry around it.

To add a key: a field here (with its default), a line in docs/catalog.md, and where it goes in
`sync_catalog`. A new table: a model, a field of `Catalog` (with `alias` if the name is taken), and its
place in `TABLES` (storage/catalog_document.py, which holds the documents' frame: [document], [[outline]]).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Annotated, Any, ClassVar, Optional, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator, model_validator
from pydantic_core import PydanticCustomError

from storage.values import VALUE_TYPES

# The zone of a catalogue's rounds (deadlines, reminders) when it names none.
DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"
UNIT_KINDS = ("tỉnh", "thành phố", "huyện", "xã", "thị trấn", "phường", "đặc khu")
LEVELS = ("xã", "huyện", "tỉnh", "trung ương")
AGGREGATES = ("sum", "average", "buckets", "none")
FILLED_BY = ("unit", "authority")  # who answers an indicator: the reporting units, or the level they report to
BUCKET_SUMMARIES = ("average", "range", "none")  # what the report says after a bucketed count
ROUND_KINDS = ("mid_year", "annual", "thematic")
ROUND_STATUSES = ("planned", "open", "closed")
SUBJECTS = ("individual", "collective")
# "xã" as a word: a question that names the commune is probably for communes only. Not "xã hội" (society),
# nor "cấp xã" (the commune level, which takes in towns and wards).
_NAMES_COMMUNE = re.compile(r"(?<!cấp )\bxã\b(?!\s+hội)", re.IGNORECASE)
SHORT_NAME_MAX = 28  # a section's short name: one line of the overview, a button on a phone
CHECK_OPS = ("<=", "==", ">=")
# Kinds of commendation rules storage/award_rules.py knows; which apply, and
# their sources, are the catalogue's. (form, base): which forms they compare.
RULE_KINDS = {"authority": False, "prerequisite": False, "initiative": False, "unique": False,
              "ratio": True, "at_most": True}
CAMPAIGN_LEVELS = ("national", "province", "district")
# The compiled report's outline: a part (Phần I), a chapter (I.), an item (1.), sub-items (2.1., 2.3.1.);
# what fills an item besides figures; the words a title or prompt may hold in braces.
OUTLINE_DEPTHS = 5
OUTLINE_CONTENT = ("awards", "proposals", "role_models")
OUTLINE_PLACEHOLDERS = ("year", "next_year", "count", "round")
# What a rule does to a council decision that would break it (storage/deliberation.py); the first is the default.
AT_DECISION = ("refuse", "mark")
# How an indicator compares with the year before (storage/history.py): a count (tăng/giảm N), a rate (points).
COMPARE_KINDS = ("count", "rate", "none")
STANDS_OUT = {"count": 0.5, "rate": 10}  # default: half of last year's count away, ten points of a rate
# How sure the catalogue is of a rule (as /work/shared/award-rules.md tags them): V read in the legal text,
# S a secondary source only, M not checked. Only V is verified; `catalog check` warns about the others.
CONFIDENCE = {"V": "đã đọc văn bản", "S": "chỉ có nguồn thứ cấp", "M": "chưa kiểm chứng"}
# Ratings a year's record may hold besides the catalogue's forms (a streak rule may need one), by code, with the
# words (folded) a history file may write for it.
RATINGS = {"HTXS": ("hoan thanh xuat sac nhiem vu", "htxs", "hoan thanh xuat sac")}


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def one_of(options: Sequence[str] | dict[str, Any], problem: str):
    """A text that must be one of `options` (a registry is read when checked); `problem` may say {value}, {options}."""
    def check(value: str) -> str:
        if value not in options:
            raise ValueError(problem.format(value=value, options=", ".join(options)))
        return value
    return Annotated[str, AfterValidator(check)]


def placeholders_known(key: str, text: str) -> None:
    """A title or prompt may hold {year}, {next_year}, {count}, {round}; anything else in braces is a typo."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValueError(f"'{key}' có dấu ngoặc nhọn không khớp") from None
    for name in names:
        if name not in OUTLINE_PLACEHOLDERS:
            raise ValueError(f"'{key}' có {{{name}}} không được biết đến (chỉ dùng: "
                             f"{', '.join('{' + p + '}' for p in OUTLINE_PLACEHOLDERS)})")


def refuse(entry: str, problem: str, key: str = "") -> PydanticCustomError:
    """A problem found across entries, named by the entry it is in (and the key at fault: its line is told)."""
    return PydanticCustomError("catalog", "{entry}: {problem}", {"entry": entry, "problem": problem, "key": key})


Level = one_of(LEVELS, "'{value}' không hợp lệ")
UnitKind = one_of(UNIT_KINDS, "loại đơn vị '{value}' không hợp lệ")
Number = int | float


class Strict(BaseModel):
    """Only the keys declared, each of its own type (an integer is not a date, nor a boolean)."""
    model_config = ConfigDict(extra="forbid", strict=True)


class Entry(Strict):
    """One table of the file, or one entry of a list of tables ([[units]])."""
    table: ClassVar[str]
    named_by: ClassVar[str] = "code"  # the key that names an entry in a message
    single: ClassVar[bool] = False  # [catalog], not [[units]]

    @classmethod
    def label_of(cls, index: int, raw: Any) -> str:
        """How a message names the entry: "[[units]] 'quai-nua'", "[[checks]] số 2", "[catalog]"."""
        if cls.single:
            return f"[{cls.table}]"
        if isinstance(raw, dict) and cls.named_by in raw:
            return f"[[{cls.table}]] '{raw[cls.named_by]}'"
        return f"[[{cls.table}]] số {index + 1}"

    def label(self, index: int) -> str:
        named = getattr(self, self.named_by, None)
        return self.label_of(index, {} if named is None else {self.named_by: named})


class Meta(Entry):
    table = "catalog"
    single = True
    name: str
    authority_level: one_of(LEVELS, "authority_level '{value}' không hợp lệ")
    year: int
    nominate_up_to: Optional[one_of(LEVELS, "nominate_up_to '{value}' không hợp lệ")] = None  # default below
    achievement_max_length: int = 500
    time_zone: str = DEFAULT_TIME_ZONE

    @model_validator(mode="before")
    @classmethod
    def _moved(cls, raw: Any) -> Any:
        # The ratio's percentage was a key of [catalog] until it became its own rule's (issue 24).
        if isinstance(raw, dict) and "cstdcs_ratio" in raw:
            raise ValueError("cstdcs_ratio đã chuyển sang quy tắc tỷ lệ: bỏ khoá này ở [catalog] và ghi "
                             "percent = 15 (số phần trăm) trong khối [[award_rules]] kind = \"ratio\"")
        return raw

    @field_validator("achievement_max_length")
    @classmethod
    def _length(cls, value: int) -> int:
        if not 50 <= value <= 4000:
            raise ValueError("achievement_max_length phải từ 50 đến 4000 ký tự")
        return value

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if not valid_zone(value):
            raise ValueError(f"time_zone '{value}' không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)")
        return value

    @model_validator(mode="after")
    def _reach(self) -> Meta:
        self.nominate_up_to = self.nominate_up_to or self.authority_level
        if LEVELS.index(self.nominate_up_to) < LEVELS.index(self.authority_level):
            raise ValueError("nominate_up_to không được thấp hơn authority_level")
        return self


class Unit(Entry):
    table = "units"
    code: str
    name: str
    kind: UnitKind
    parent: Optional[str] = None
    # The units it took in when it was formed (a merger): codes of an earlier catalogue, cited in the file.
    formed_from: list[str] = []

    @field_validator("formed_from")
    @classmethod
    def _formed_from(cls, value: list[str]) -> list[str]:
        if any(not code.strip() for code in value) or len(set(value)) != len(value):
            raise ValueError("formed_from phải là danh sách mã đơn vị, mỗi mã một lần")
        return value


class Part(Entry):
    """A part of the report: a campaign or another section; campaigns come first."""
    kind: ClassVar[str]
    code: str
    name: str
    # Titles the part on the report's overview and above its questions; without it, the name cut short.
    short: str = ""

    @field_validator("short")
    @classmethod
    def _short(cls, value: str) -> str:
        if len(value.strip()) > SHORT_NAME_MAX:
            raise ValueError(f"'short' dài quá {SHORT_NAME_MAX} ký tự")
        return value.strip()


class Campaign(Part):
    table = "campaigns"
    kind: ClassVar[str] = "campaign"
    level: one_of(CAMPAIGN_LEVELS, "cấp phát động '{value}' không hợp lệ") = "national"


class Section(Part):
    """A part that is not a campaign ([[sections]]): organisation, difficulties…"""
    table = "sections"
    kind: ClassVar[str] = "section"

    @property
    def level(self) -> str:
        return ""


class Bucket(Strict):
    """One group of a bucketed indicator: its label in the chat, its bounds, its phrase in the report."""
    label: str
    min: Optional[Number] = None
    max: Optional[Number] = None
    phrase: Optional[str] = None


class Indicator(Entry):
    table = "indicators"
    code: str
    section: str
    name: str
    type: one_of(VALUE_TYPES, "kiểu giá trị '{value}' không hợp lệ ({options})")
    unit: str = ""
    min: Optional[Number] = None
    max: Optional[Number] = None
    plan: bool = False
    aggregate: Optional[one_of(AGGREGATES, "cách tổng hợp '{value}' không hợp lệ")] = None  # the type's default
    buckets: list[Bucket] = []
    required: Optional[bool] = None  # the type's default
    choices: list[str] = []
    max_length: Optional[int] = None
    award: Optional[str] = None
    subject: Optional[one_of(SUBJECTS, "subject '{value}' không hợp lệ")] = None
    hint: str = ""
    unit_kinds: list[str] = []
    compare: Optional[one_of(COMPARE_KINDS, "compare '{value}' không hợp lệ ({options})")] = None  # by type
    compare_words: str = "so với năm {year}"
    redefined_in: Optional[int] = None
    stands_out: Optional[Number] = None
    weighted_by: Optional[str] = None

    @field_validator("compare_words", "stands_out")
    @classmethod
    def _comparing(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name == "stands_out" and value is not None and value <= 0:
            raise ValueError("stands_out phải lớn hơn 0 (số: phần của số năm trước, tỷ lệ: điểm %)")
        if info.field_name == "compare_words" and (value.count("{") != 1 or value.count("}") != 1 or "{year}" not in value):
            raise ValueError("compare_words phải có đúng một {year}, ví dụ \"so với cùng kỳ năm {year}\"")
        return value

    # Who answers: the reporting units, or the authority in its own report (the awards it received, its council,
    # its own estimate). How the report words it: bot/documents/sentences.py.
    filled_by: one_of(FILLED_BY, "filled_by chỉ nhận unit hoặc authority") = "unit"
    weight: Optional[str] = None  # a rate (aggregate "average") weighted by this summed indicator of the units
    yes_phrase: str = ""  # a yes/no: what "yes" says of a unit ("đã được tỉnh công nhận …")
    bucket_summary: one_of(BUCKET_SUMMARIES, "bucket_summary chỉ nhận average, range hoặc none") = "average"
    own_for: Optional[str] = None  # the authority's own figure of this units' indicator
    sentence: str = ""  # its own sentence: "{value}" the figure with its unit, "{plan}" ", đạt 100,1% KH"

    @field_validator("sentence")
    @classmethod
    def _sentence(cls, value: str) -> str:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError:
            raise ValueError("'sentence' có dấu ngoặc nhọn không khớp") from None
        if names - {"value", "plan"}:
            raise ValueError("'sentence' chỉ dùng {value} và {plan}")
        return value

    @field_validator("unit_kinds", mode="before")
    @classmethod
    def _kinds(cls, value: Any) -> Any:
        if isinstance(value, list) and any(kind not in UNIT_KINDS for kind in value):
            raise ValueError(f"unit_kinds chỉ gồm các loại: {', '.join(UNIT_KINDS)}")
        return value

    @model_validator(mode="after")
    def _as_its_type(self) -> Indicator:
        value_type = VALUE_TYPES[self.type]
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) lớn hơn max ({self.max})")
        self.aggregate = self.aggregate or value_type.default_aggregate
        if self.aggregate == "buckets" and not self.buckets:
            raise ValueError("aggregate = 'buckets' nhưng chưa khai báo buckets")
        problem = value_type.check_entry(self)
        if problem:
            raise ValueError(problem)
        if self.plan and not value_type.numeric:
            raise ValueError("chỉ tiêu có kế hoạch (plan) phải là số")
        self.required = value_type.required_by_default if self.required is None else self.required
        self.compare = self.compare or ("rate" if self.type == "percent" else "count" if value_type.numeric else "none")
        if self.compare != "none" and not value_type.numeric:
            raise ValueError("chỉ tiêu không phải số thì không so sánh được (compare = \"none\")")
        if self.stands_out is None and self.compare != "none":
            self.stands_out = STANDS_OUT[self.compare]
        return self

    def names_the_commune_alone(self) -> bool:
        """A choice that says "xã" but is asked of every unit: probably meant for communes only."""
        return VALUE_TYPES[self.type].summary == "groups" and not self.unit_kinds \
            and bool(_NAMES_COMMUNE.search(self.name))


class AwardForm(Entry):
    table = "award_forms"
    code: str
    name: str
    kind: one_of(("title", "form"), "kind '{value}' không hợp lệ (title hoặc form)")
    subjects: list[str]
    decided_by: one_of(LEVELS, "decided_by '{value}' không hợp lệ")
    short: str = ""
    requires_initiative: bool = False
    prerequisite: Optional[str] = None
    source: str = ""  # the legal basis, quoted to the user
    report_as: str = ""  # the name reports give it; forms sharing one are written together

    @field_validator("subjects", mode="before")
    @classmethod
    def _subjects(cls, value: Any) -> Any:
        if isinstance(value, list) and (not value or any(s not in SUBJECTS for s in value)):
            raise ValueError("subjects chỉ gồm 'individual' và/hoặc 'collective'")
        return value


class AwardRule(Entry):
    """A commendation rule that applies (storage/award_rules.py checks it), with its legal basis."""
    table = "award_rules"
    named_by = "kind"

    @classmethod
    def label_of(cls, index: int, raw: Any) -> str:
        # A rule may come in several versions (by date): named by its place as well as its kind.
        kind = f" '{raw['kind']}'" if isinstance(raw, dict) and "kind" in raw else ""
        return f"[[{cls.table}]] số {index + 1}{kind}"
    kind: one_of(RULE_KINDS, "loại quy tắc không hợp lệ ({options})")
    source: str
    form: Optional[str] = None
    base: Optional[str] = None
    # A `ratio` rule's share: count of `form` ≤ floor(percent % × count of `base`), per unit.
    percent: Optional[Number] = None
    at_decision: one_of(AT_DECISION, "at_decision chỉ nhận " + " hoặc ".join(repr(a) for a in AT_DECISION)) \
        = AT_DECISION[0]
    # In force from `valid_from` to `valid_to` (inclusive; none: open-ended): a round is judged by the rules
    # in force on its deadline, so a 2020 round keeps 2020's rules.
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None
    confidence: one_of(CONFIDENCE, "confidence chỉ nhận V (đã đọc văn bản), S (nguồn thứ cấp) "
                                   "hoặc M (chưa kiểm chứng)") = "M"

    def overlaps(self, other: AwardRule) -> bool:
        """Both in force on some day: the same rule twice, which contradicts itself."""
        low = max(self.valid_from or dt.date.min, other.valid_from or dt.date.min)
        return low <= min(self.valid_to or dt.date.max, other.valid_to or dt.date.max)

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("cần ghi căn cứ (source) của quy tắc")
        return value

    @model_validator(mode="after")
    def _forms(self) -> AwardRule:
        compares = RULE_KINDS[self.kind]
        if compares and (self.form is None or self.base is None):
            raise ValueError("quy tắc này cần 'form' và 'base'")
        if not compares and (self.form is not None or self.base is not None):
            raise ValueError("quy tắc này áp dụng cho mọi hình thức, không nhận 'form'/'base'")
        if self.kind == "ratio" and (self.percent is None or not 1 <= self.percent <= 100):
            raise ValueError("quy tắc tỷ lệ cần 'percent': số phần trăm từ 1 đến 100 (15 là 15%, không viết 0.15)")
        if self.kind != "ratio" and self.percent is not None:
            raise ValueError("chỉ quy tắc tỷ lệ (kind = \"ratio\") nhận 'percent'")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError("valid_from sau valid_to")
        return self


class Check(Entry):
    """A consistency check run when a commune submits: sum(left) op sum(right) or right_value."""
    table = "checks"
    left: list[str]
    op: one_of(CHECK_OPS, "phép so sánh '{value}' không hợp lệ")
    message: str
    right: Optional[list[str]] = None
    right_value: Optional[Number] = None

    @model_validator(mode="after")
    def _one_right(self) -> Check:
        if (self.right is None) == (self.right_value is None):
            raise ValueError("cần đúng một trong hai: 'right' hoặc 'right_value'")
        return self


class Round(Entry):
    table = "rounds"
    code: str
    name: str
    kind: one_of(ROUND_KINDS, "loại kỳ '{value}' không hợp lệ")
    period_start: dt.date
    period_end: dt.date
    deadline: dt.date
    opens: Optional[dt.date] = None  # default period_start
    status: one_of(ROUND_STATUSES, "trạng thái '{value}' không hợp lệ") = "open"
    edit_after_deadline: bool = True
    previous: Optional[str] = None
    reminder_days: list[int] = []
    summary_on: Optional[dt.date] = None
    # Where the deadline comes from: a legal text, or the administrator ("do quản trị đặt") when none gives it.
    deadline_source: str = ""
    # The series (default: its kind: the annual report year after year) and the round of the year before in
    # it (default: the latest earlier round of the series): the figures it is compared with.
    series: Optional[str] = None
    follows: Optional[str] = None

    @field_validator("reminder_days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> Any:
        if isinstance(value, list) and any(not isinstance(d, int) or isinstance(d, bool) or d < 0 for d in value):
            raise ValueError("reminder_days phải là danh sách số ngày nguyên, không âm, ví dụ [7, 3, 1]")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Round:
        if self.period_start > self.period_end:
            raise ValueError("period_start sau period_end")
        self.opens = self.opens or self.period_start
        if self.opens > self.deadline:
            raise ValueError("ngày mở (opens) sau hạn nộp (deadline)")
        if self.summary_on and self.summary_on < self.deadline:
            raise ValueError("ngày gửi tổng hợp (summary_on) trước hạn nộp (deadline)")
        self.series = self.series or self.kind
        return self
