"""The catalogue: units, campaigns, indicators, award forms and rounds, as data.

An administrator edits one TOML file; `load_catalog` checks it and refuses
it with a message naming the file, the entry and the problem, and
`sync_catalog` writes it into the tables (idempotent: unchanged entries stay
as they are, edited ones are updated).
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
import string
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from storage.models import (
    AwardForm,
    AwardRule,
    CatalogMeta,
    ConsistencyCheck,
    Indicator,
    OutlineItem,
    Round,
    Section,
    Unit,
)
from storage.values import VALUE_TYPES

# The zone of a catalogue's rounds (deadlines, reminders) when it names none.
DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"
UNIT_KINDS = ("tỉnh", "thành phố", "huyện", "xã", "thị trấn", "phường", "đặc khu")
LEVELS = ("xã", "huyện", "tỉnh", "trung ương")
AGGREGATES = ("sum", "average", "buckets", "none")
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


class CatalogError(ValueError):
    def __init__(self, path: Path | str, entry: str, problem: str):
        self.path, self.entry, self.problem = str(path), entry, problem
        super().__init__(f"{path}: {entry}: {problem}")


@dataclass
class Catalog:
    path: Path
    meta: dict[str, Any]
    units: list[dict[str, Any]]
    sections: list[dict[str, Any]]  # campaigns first (kind="campaign"), then the others
    indicators: list[dict[str, Any]]
    award_forms: list[dict[str, Any]]
    award_rules: list[dict[str, Any]]
    checks: list[dict[str, Any]]
    rounds: list[dict[str, Any]]
    reporting_units: list[str] = field(default_factory=list)
    # What is allowed but probably not meant (for the administrator; the catalogue still loads).
    warnings: list[str] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)  # the report's letterhead and closing
    outline: list[dict[str, Any]] = field(default_factory=list)  # the report's headings, in order


# Allowed keys per table, with the type each value must have.
_SPEC: dict[str, dict[str, tuple[type, ...]]] = {
    "catalog": {"name": (str,), "authority_level": (str,), "year": (int,), "cstdcs_ratio": (float, int),
                "nominate_up_to": (str,), "achievement_max_length": (int,), "time_zone": (str,)},
    "units": {"code": (str,), "name": (str,), "kind": (str,), "parent": (str,)},
    "campaigns": {"code": (str,), "name": (str,), "short": (str,), "level": (str,)},
    "sections": {"code": (str,), "name": (str,), "short": (str,)},
    "indicators": {
        "code": (str,), "section": (str,), "name": (str,), "unit": (str,), "type": (str,),
        "min": (int, float), "max": (int, float), "plan": (bool,), "aggregate": (str,),
        "buckets": (list,), "required": (bool,), "choices": (list,), "max_length": (int,),
        "award": (str,), "subject": (str,), "hint": (str,), "unit_kinds": (list,),
    },
    "award_forms": {
        "code": (str,), "name": (str,), "short": (str,), "kind": (str,), "subjects": (list,),
        "decided_by": (str,), "requires_initiative": (bool,), "prerequisite": (str,), "source": (str,),
        "report_as": (str,),
    },
    "award_rules": {"kind": (str,), "form": (str,), "base": (str,), "source": (str,), "at_decision": (str,)},
    "checks": {"left": (list,), "op": (str,), "right": (list,), "right_value": (int, float), "message": (str,)},
    "rounds": {
        "code": (str,), "name": (str,), "kind": (str,), "period_start": (dt.date,), "period_end": (dt.date,),
        "opens": (dt.date,), "deadline": (dt.date,), "status": (str,), "edit_after_deadline": (bool,),
        "previous": (str,), "reminder_days": (list,), "summary_on": (dt.date,),
    },
    "document": {
        "issuer": (str,), "issuer_lines": (list,), "parent_body": (str,), "issuer_code": (str,), "place": (str,),
        "subject": (str,), "recipients": (list,), "copies_to": (list,), "signer_capacity": (str,),
        "signer_title": (str,), "signer_name": (str,),
    },
    "outline": {"depth": (int,), "title": (str,), "prompt": (str,), "campaigns": (str, list), "sections": (list,),
                "indicators": (list,), "content": (list,)},
}
# Tables that are one table ([catalog]), not a list of entries ([[units]]).
_SINGLE = ("catalog", "document")
# What names an entry in a message: its code, or for entries without one, this key.
_NAMED_BY = {"award_rules": "kind", "outline": "title"}
_REQUIRED = {
    "catalog": ("name", "authority_level", "year"),
    "units": ("code", "name", "kind"),
    "campaigns": ("code", "name"),
    "sections": ("code", "name"),
    "indicators": ("code", "section", "name", "type"),
    "award_forms": ("code", "name", "kind", "subjects", "decided_by"),
    "award_rules": ("kind", "source"),
    "checks": ("left", "op", "message"),
    "rounds": ("code", "name", "kind", "period_start", "period_end", "deadline"),
    "document": (),
    "outline": ("depth", "title"),
}


@lru_cache(maxsize=8)
def _parsed(text: str) -> bytes:
    # tomllib is pure Python (30 ms for the demo's catalogue) and start-up reads the file twice
    # (zone, then catalogue), as does every test: parsed once per text, handed out as a fresh copy.
    return pickle.dumps(tomllib.loads(text))


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML file's data (a fresh copy each time: callers may change it)."""
    return pickle.loads(_parsed(path.read_text(encoding="utf-8")))


def load_catalog(path: Path | str) -> Catalog:
    path = Path(path)
    try:
        raw = read_toml(path)
    except FileNotFoundError:
        raise CatalogError(path, "tệp", "không tìm thấy tệp danh mục") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(path, "cú pháp TOML", str(exc)) from None

    def fail(entry: str, problem: str):
        raise CatalogError(path, entry, problem)

    unknown_tables = set(raw) - set(_SPEC)
    if unknown_tables:
        fail(sorted(unknown_tables)[0], "bảng không được biết đến")

    def entries(table: str) -> list[dict[str, Any]]:
        items = raw.get(table, [])
        if table in _SINGLE:
            items = [items]
        result = []
        for i, item in enumerate(items, 1):
            label = f"[[{table}]] số {i}" if table not in _SINGLE else f"[{table}]"
            named_by = _NAMED_BY.get(table, "code")
            if named_by in item:
                label = f"[[{table}]] '{item[named_by]}'"
            for key in _REQUIRED[table]:
                if key not in item:
                    fail(label, f"thiếu khoá '{key}'")
            for key, value in item.items():
                if key not in _SPEC[table]:
                    fail(label, f"khoá không được biết đến '{key}'")
                allowed = _SPEC[table][key]
                if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
                    fail(label, f"'{key}' có kiểu sai ({type(value).__name__})")
                if isinstance(value, list) and table in ("document", "outline") and \
                        not all(isinstance(v, str) for v in value):
                    fail(label, f"'{key}' phải là danh sách chữ")
            result.append({"_label": label, **item})
        return result

    meta = entries("catalog")[0] if "catalog" in raw else fail("[catalog]", "thiếu bảng [catalog]")
    if meta["authority_level"] not in LEVELS:
        fail("[catalog]", f"authority_level '{meta['authority_level']}' không hợp lệ")
    meta.setdefault("cstdcs_ratio", 0.15)
    if not 0 < meta["cstdcs_ratio"] <= 1:
        fail("[catalog]", "cstdcs_ratio phải trong khoảng (0, 1]")
    meta.setdefault("nominate_up_to", meta["authority_level"])
    if meta["nominate_up_to"] not in LEVELS:
        fail("[catalog]", f"nominate_up_to '{meta['nominate_up_to']}' không hợp lệ")
    if LEVELS.index(meta["nominate_up_to"]) < LEVELS.index(meta["authority_level"]):
        fail("[catalog]", "nominate_up_to không được thấp hơn authority_level")
    meta.setdefault("achievement_max_length", 500)
    if not 50 <= meta["achievement_max_length"] <= 4000:
        fail("[catalog]", "achievement_max_length phải từ 50 đến 4000 ký tự")
    meta["time_zone"] = _zone(path, meta.get("time_zone", DEFAULT_TIME_ZONE))

    def unique(items: list[dict[str, Any]], what: str, taken: set[str] | None = None) -> set[str]:
        seen = set() if taken is None else taken
        for item in items:
            if item["code"] in seen:
                fail(item["_label"], f"mã '{item['code']}' bị trùng ({what})")
            seen.add(item["code"])
        return seen

    units = entries("units")
    if not units:
        fail("[[units]]", "danh mục chưa có đơn vị nào")
    unit_codes = unique(units, "đơn vị")
    for u in units:
        if u["kind"] not in UNIT_KINDS:
            fail(u["_label"], f"loại đơn vị '{u['kind']}' không hợp lệ")
        if "parent" in u and u["parent"] not in unit_codes:
            fail(u["_label"], f"đơn vị cấp trên '{u['parent']}' không tồn tại")
    parents = {u["code"]: u.get("parent") for u in units}
    for code in parents:  # a cycle would make the tree endless
        seen, cur = set(), code
        while cur is not None:
            if cur in seen:
                fail(f"[[units]] '{code}'", "cây đơn vị có vòng lặp")
            seen.add(cur)
            cur = parents[cur]
    has_children = {p for p in parents.values() if p}
    reporting = [u["code"] for u in units if u["code"] not in has_children]

    campaigns = entries("campaigns")
    for c in campaigns:
        c.setdefault("level", "national")
        if c["level"] not in CAMPAIGN_LEVELS:
            fail(c["_label"], f"cấp phát động '{c['level']}' không hợp lệ")
        c["kind"] = "campaign"
    others = entries("sections")
    for s in others:
        s["kind"], s["level"] = "section", ""
    sections = campaigns + others
    section_codes = unique(sections, "phần báo cáo")
    for s in sections:  # the short name titles the section in the report's overview and its questions
        s["short"] = s.get("short", "").strip()
        if len(s["short"]) > SHORT_NAME_MAX:
            fail(s["_label"], f"'short' dài quá {SHORT_NAME_MAX} ký tự")

    award_forms = entries("award_forms")
    award_codes = unique(award_forms, "hình thức khen thưởng")
    for a in award_forms:
        if a["kind"] not in ("title", "form"):
            fail(a["_label"], f"kind '{a['kind']}' không hợp lệ (title hoặc form)")
        if not a["subjects"] or any(s not in SUBJECTS for s in a["subjects"]):
            fail(a["_label"], "subjects chỉ gồm 'individual' và/hoặc 'collective'")
        if a["decided_by"] not in LEVELS:
            fail(a["_label"], f"decided_by '{a['decided_by']}' không hợp lệ")
        if a.get("prerequisite") and a["prerequisite"] not in award_codes:
            fail(a["_label"], f"prerequisite '{a['prerequisite']}' không tồn tại")

    award_rules = entries("award_rules")
    for rule in award_rules:
        label = rule["_label"]
        if rule["kind"] not in RULE_KINDS:
            fail(label, f"loại quy tắc không hợp lệ ({', '.join(RULE_KINDS)})")
        if RULE_KINDS[rule["kind"]] and not ("form" in rule and "base" in rule):
            fail(label, "quy tắc này cần 'form' và 'base'")
        if not RULE_KINDS[rule["kind"]] and ("form" in rule or "base" in rule):
            fail(label, "quy tắc này áp dụng cho mọi hình thức, không nhận 'form'/'base'")
        for key in ("form", "base"):
            if key in rule and rule[key] not in award_codes:
                fail(label, f"{key} '{rule[key]}' không có trong [[award_forms]]")
        if not rule["source"].strip():
            fail(label, "cần ghi căn cứ (source) của quy tắc")
        if rule.setdefault("at_decision", AT_DECISION[0]) not in AT_DECISION:
            fail(label, f"at_decision chỉ nhận {' hoặc '.join(repr(a) for a in AT_DECISION)}")

    warnings: list[str] = []
    indicators = entries("indicators")
    indicator_codes = unique(indicators, "chỉ tiêu")
    for ind in indicators:
        label = ind["_label"]
        if ind["section"] not in section_codes:
            fail(label, f"phần báo cáo '{ind['section']}' không tồn tại")
        value_type = VALUE_TYPES.get(ind["type"])
        if value_type is None:
            fail(label, f"kiểu giá trị '{ind['type']}' không hợp lệ ({', '.join(VALUE_TYPES)})")
        if "min" in ind and "max" in ind and ind["min"] > ind["max"]:
            fail(label, f"min ({ind['min']}) lớn hơn max ({ind['max']})")
        ind.setdefault("aggregate", value_type.default_aggregate)
        if ind["aggregate"] not in AGGREGATES:
            fail(label, f"cách tổng hợp '{ind['aggregate']}' không hợp lệ")
        if ind["aggregate"] == "buckets" and not ind.get("buckets"):
            fail(label, "aggregate = 'buckets' nhưng chưa khai báo buckets")
        for b in ind.get("buckets", []):
            if not isinstance(b, dict) or "label" not in b or not set(b) <= {"label", "min", "max", "phrase"}:
                fail(label, "mỗi bucket cần 'label' và có thể có 'min', 'max', 'phrase'")
        problem = value_type.check_entry(ind)
        if problem:
            fail(label, problem)
        if ind.get("plan") and not value_type.numeric:
            fail(label, "chỉ tiêu có kế hoạch (plan) phải là số")
        if ind.get("award") and ind["award"] not in award_codes:
            fail(label, f"award '{ind['award']}' không tồn tại")
        if any(kind not in UNIT_KINDS for kind in ind.get("unit_kinds", [])):
            fail(label, f"unit_kinds chỉ gồm các loại: {', '.join(UNIT_KINDS)}")
        if ind.get("subject") and ind["subject"] not in SUBJECTS:
            fail(label, f"subject '{ind['subject']}' không hợp lệ")
        ind.setdefault("required", value_type.required_by_default)
        if value_type.summary == "groups" and not ind.get("unit_kinds") and _NAMES_COMMUNE.search(ind["name"]):
            warnings.append(f"{label}: câu hỏi lựa chọn nhắc đến «xã» nhưng chưa có unit_kinds, nên thị trấn, "
                            f"phường cũng được hỏi và được đếm vào một lựa chọn. Nếu chỉ dành cho xã, "
                            f"thêm unit_kinds = [\"xã\"].")

    checks = entries("checks")
    for chk in checks:
        if chk["op"] not in CHECK_OPS:
            fail(chk["_label"], f"phép so sánh '{chk['op']}' không hợp lệ")
        if ("right" in chk) == ("right_value" in chk):
            fail(chk["_label"], "cần đúng một trong hai: 'right' hoặc 'right_value'")
        for code in chk["left"] + chk.get("right", []):
            if code not in indicator_codes:
                fail(chk["_label"], f"chỉ tiêu '{code}' không tồn tại")

    rounds = entries("rounds")
    round_codes = unique(rounds, "kỳ báo cáo")
    for r in rounds:
        if r["kind"] not in ROUND_KINDS:
            fail(r["_label"], f"loại kỳ '{r['kind']}' không hợp lệ")
        r.setdefault("status", "open")
        if r["status"] not in ROUND_STATUSES:
            fail(r["_label"], f"trạng thái '{r['status']}' không hợp lệ")
        if r["period_start"] > r["period_end"]:
            fail(r["_label"], "period_start sau period_end")
        r.setdefault("opens", r["period_start"])
        if r["opens"] > r["deadline"]:
            fail(r["_label"], "ngày mở (opens) sau hạn nộp (deadline)")
        if r.get("previous") and r["previous"] not in round_codes:
            fail(r["_label"], f"kỳ trước '{r['previous']}' không tồn tại")
        days = r.get("reminder_days", [])
        if any(not isinstance(d, int) or isinstance(d, bool) or d < 0 for d in days):
            fail(r["_label"], "reminder_days phải là danh sách số ngày nguyên, không âm, ví dụ [7, 3, 1]")
        if r.get("summary_on") and r["summary_on"] < r["deadline"]:
            fail(r["_label"], "ngày gửi tổng hợp (summary_on) trước hạn nộp (deadline)")

    document = _document(entries("document")[0] if "document" in raw else {"_label": "[document]"}, meta, units,
                         fail)
    outline = _outline(entries("outline") if "outline" in raw else _default_outline(campaigns, others),
                       sections, indicators, fail)
    return Catalog(path, meta, units, sections, indicators, award_forms, award_rules, checks, rounds, reporting,
                   warnings, document, outline)


def _zone(path: Path, name: str) -> str:
    if not valid_zone(name):
        raise CatalogError(path, "[catalog]", f"time_zone '{name}' không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)")
    return name


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def time_zone_of(path: Path | str) -> str:
    """The zone a catalogue's rounds keep their deadlines in (its `time_zone`), read without the rest of it."""
    path = Path(path)
    try:
        meta = read_toml(path).get("catalog", {})
    except (OSError, tomllib.TOMLDecodeError):
        return DEFAULT_TIME_ZONE  # the whole file is checked (and refused) by load_catalog
    name = meta.get("time_zone", DEFAULT_TIME_ZONE) if isinstance(meta, dict) else DEFAULT_TIME_ZONE
    return _zone(path, name) if isinstance(name, str) else DEFAULT_TIME_ZONE



def _check_placeholders(label: str, key: str, text: str, fail) -> None:
    """A title or prompt may hold {year}, {next_year}, {count}, {round}; anything else in braces is a typo."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        fail(label, f"'{key}' có dấu ngoặc nhọn không khớp")
    for name in names:
        if name not in OUTLINE_PLACEHOLDERS:
            fail(label, f"'{key}' có {{{name}}} không được biết đến (chỉ dùng: "
                        f"{', '.join('{' + p + '}' for p in OUTLINE_PLACEHOLDERS)})")


def _document(document: dict[str, Any], meta: dict[str, Any], units: list[dict[str, Any]], fail) -> dict[str, Any]:
    """The letterhead and closing of the compiled report; what the file leaves out comes from the units."""
    label = document["_label"]
    authority = next((u for u in units if u["kind"] == meta["authority_level"]), None) \
        or next(u for u in units if "parent" not in u)
    if "issuer" not in document:
        document["issuer"] = f"Ủy ban nhân dân {authority['kind']} {authority['name']}"
        document.setdefault("issuer_lines", ["ỦY BAN NHÂN DÂN", f"{authority['kind']} {authority['name']}".upper()])
    document.setdefault("issuer_lines", [document["issuer"].upper()])
    document.setdefault("place", authority["name"])
    document.setdefault("issuer_code", "UBND")
    document.setdefault("subject", "{round}")
    document.setdefault("recipients", [])
    document.setdefault("copies_to", ["Lưu: VT"])
    document.setdefault("signer_capacity", "TM. ỦY BAN NHÂN DÂN")
    document.setdefault("signer_title", "CHỦ TỊCH")
    document.setdefault("signer_name", "")
    _check_placeholders(label, "subject", document["subject"], fail)
    return {key: value for key, value in document.items() if key != "_label"}


def _default_outline(campaigns: list[dict[str, Any]], others: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For a catalogue without [[outline]]: the results, then the awards, the role models and each section."""
    outline = [
        {"depth": 0, "title": "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}"},
        {"depth": 1, "title": "KẾT QUẢ THỰC HIỆN"},
        {"depth": 2, "title": "Kết quả tổ chức phong trào thi đua", "campaigns": [c["code"] for c in campaigns]},
        {"depth": 2, "title": "Công tác khen thưởng", "content": ["awards", "proposals"]},
        {"depth": 2, "title": "Công tác tuyên truyền, nhân rộng điển hình tiên tiến", "content": ["role_models"]},
    ] + [{"depth": 2, "title": s["name"], "sections": [s["code"]]} for s in others]
    return [{"_label": f"[[outline]] '{item['title']}'", **item} for item in outline]


def _outline(outline: list[dict[str, Any]], sections: list[dict[str, Any]], indicators: list[dict[str, Any]],
             fail) -> list[dict[str, Any]]:
    """The report's headings, checked: depths step down one at a time, no figure in two places (and those
    left out placed by `_place_the_rest`).

    `campaigns` (a level or a list of codes) and `sections` become one list of section codes.
    """
    kinds = {s["code"]: s for s in sections}
    shown = [i for i in indicators if not i.get("award")]  # award counts are the "awards" content's
    by_section: dict[str, list[str]] = {}
    for ind in shown:
        by_section.setdefault(ind["section"], []).append(ind["code"])
    placed: dict[str, str] = {}
    contents: set[str] = set()
    previous = None
    result = []
    for item in outline:
        label = item["_label"]
        depth = item["depth"]
        if not 0 <= depth < OUTLINE_DEPTHS:
            fail(label, f"depth phải từ 0 đến {OUTLINE_DEPTHS - 1} (0: Phần, 1: I., 2: 1., 3: 2.1., 4: 2.3.1.)")
        if depth > (1 if previous is None else previous + 1):
            fail(label, "mục này sâu hơn mục trước quá một cấp")
        previous = depth
        for key in ("title", "prompt"):
            _check_placeholders(label, key, item.get(key, ""), fail)
        chosen = item.get("campaigns", [])
        if isinstance(chosen, str):
            if chosen not in CAMPAIGN_LEVELS:
                fail(label, f"campaigns '{chosen}' không phải cấp phát động ({', '.join(CAMPAIGN_LEVELS)}) "
                            "hay danh sách mã phong trào")
            chosen = [s["code"] for s in sections if s["kind"] == "campaign" and s["level"] == chosen]
        for code in chosen:
            if kinds.get(code, {}).get("kind") != "campaign":
                fail(label, f"phong trào '{code}' không tồn tại")
        for code in item.get("sections", []):
            if kinds.get(code, {}).get("kind") != "section":
                fail(label, f"phần '{code}' không có trong [[sections]]")
        codes = list(chosen) + item.get("sections", [])
        own = [c for code in codes for c in by_section.get(code, [])]
        for code in item.get("indicators", []):
            if code not in {i["code"] for i in indicators}:
                fail(label, f"chỉ tiêu '{code}' không tồn tại")
            if code not in {i["code"] for i in shown}:
                fail(label, f"chỉ tiêu '{code}' là số khen thưởng: nằm trong nội dung \"awards\"")
        for code in own + item.get("indicators", []):
            if code in placed:
                fail(label, f"chỉ tiêu '{code}' đã có chỗ ở {placed[code]}")
            placed[code] = label
        for content in item.get("content", []):
            if content not in OUTLINE_CONTENT:
                fail(label, f"content '{content}' không hợp lệ ({', '.join(OUTLINE_CONTENT)})")
            if content in contents:
                fail(label, f"content '{content}' đã có ở một mục khác")
            contents.add(content)
        result.append({"depth": depth, "title": item["title"], "prompt": item.get("prompt", ""), "sections": codes,
                       "indicators": item.get("indicators", []), "content": item.get("content", [])})
    return _place_the_rest(result, sections, [i for i in shown if i["code"] not in placed], by_section)


def _place_the_rest(outline: list[dict[str, Any]], sections: list[dict[str, Any]], left: list[dict[str, Any]],
                    by_section: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Indicators the outline leaves out are not lost: each of their sections gets a heading of its own,
    after the last heading that shows figures and at its depth (a whole section as a section, with its lead)."""
    if not left:
        return outline
    filled = [n for n, item in enumerate(outline) if item["sections"] or item["indicators"] or item["content"]]
    after = filled[-1] if filled else len(outline) - 1
    depth = outline[after]["depth"] if outline else 0
    extra = []
    for section in sections:
        codes = [i["code"] for i in left if i["section"] == section["code"]]
        if codes:
            whole = codes == by_section[section["code"]]
            extra.append({"depth": max(depth, 1 if outline else 0), "title": section["name"], "prompt": "",
                          "sections": [section["code"]] if whole else [], "indicators": [] if whole else codes,
                          "content": []})
    return outline[:after + 1] + extra + outline[after + 1:]


def _upsert(session: Session, existing: dict[str, Any], model, code: str, values: dict[str, Any]) -> Any:
    """The row of `code` (from `existing`, the table read once, or new) with `values`."""
    row = existing.get(code)
    if row is None:
        row = existing[code] = model(code=code, **values)
    else:
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    session.add(row)
    return row


def sync_catalog(session: Session, catalog: Catalog) -> None:
    """Write the catalogue into the tables; running it twice changes nothing."""
    meta = session.exec(select(CatalogMeta)).first() or CatalogMeta(name="", authority_level="", year=0)
    for key in ("name", "authority_level", "year", "cstdcs_ratio", "nominate_up_to", "achievement_max_length"):
        if getattr(meta, key) != catalog.meta[key]:
            setattr(meta, key, catalog.meta[key])
    if meta.source_file != str(catalog.path):
        meta.source_file = str(catalog.path)
    if meta.document != catalog.document:
        meta.document = catalog.document
    session.add(meta)

    # Each table is read once (not a query per code): start-up, and every test, syncs the whole catalogue.
    existing = {model: {row.code: row for row in session.exec(select(model)).all()}
                for model in (Unit, Section, Indicator, AwardForm, Round)}
    reporting = set(catalog.reporting_units)
    rows: dict[str, Unit] = {}
    for pos, u in enumerate(catalog.units):
        rows[u["code"]] = _upsert(session, existing[Unit], Unit, u["code"], {
            "name": u["name"], "kind": u["kind"], "position": pos, "is_reporting": u["code"] in reporting,
        })
    session.flush()
    for u in catalog.units:
        parent_id = rows[u["parent"]].id if u.get("parent") else None
        if rows[u["code"]].parent_id != parent_id:
            rows[u["code"]].parent_id = parent_id

    for pos, s in enumerate(catalog.sections):
        _upsert(session, existing[Section], Section, s["code"], {
            "name": s["name"], "short": s["short"], "kind": s["kind"], "level": s["level"], "position": pos})

    for pos, ind in enumerate(catalog.indicators):
        _upsert(session, existing[Indicator], Indicator, ind["code"], {
            "section_code": ind["section"], "name": ind["name"], "unit": ind.get("unit", ""),
            "type": ind["type"], "min": _float(ind.get("min")), "max": _float(ind.get("max")),
            "plan": ind.get("plan", False), "aggregate": ind["aggregate"], "buckets": ind.get("buckets", []),
            "required": ind["required"], "choices": ind.get("choices", []), "max_length": ind.get("max_length"),
            "award": ind.get("award"), "subject": ind.get("subject"), "hint": ind.get("hint", ""),
            "unit_kinds": ind.get("unit_kinds", []), "position": pos,
        })

    for pos, a in enumerate(catalog.award_forms):
        _upsert(session, existing[AwardForm], AwardForm, a["code"], {
            "name": a["name"], "short": a.get("short", ""), "kind": a["kind"], "subjects": a["subjects"],
            "decided_by": a["decided_by"], "requires_initiative": a.get("requires_initiative", False),
            "prerequisite": a.get("prerequisite"), "source": a.get("source", ""), "report_as": a.get("report_as", ""),
            "position": pos,
        })

    _sync_by_position(session, AwardRule, [
        {"kind": r["kind"], "form": r.get("form"), "base": r.get("base"), "source": r["source"],
         "at_decision": r["at_decision"]}
        for r in catalog.award_rules])

    _sync_by_position(session, OutlineItem, catalog.outline)

    _sync_by_position(session, ConsistencyCheck, [
        {"left": chk["left"], "op": chk["op"], "right": chk.get("right", []),
         "right_value": _float(chk.get("right_value")), "message": chk["message"]}
        for chk in catalog.checks])

    for r in catalog.rounds:
        current = existing[Round].get(r["code"])
        values = {
            "name": r["name"], "kind": r["kind"], "period_start": r["period_start"], "period_end": r["period_end"],
            "opens": r["opens"], "deadline": r["deadline"], "edit_after_deadline": r.get("edit_after_deadline", True),
            "previous_code": r.get("previous"), "reminder_days": sorted(set(r.get("reminder_days", [])), reverse=True),
            "summary_on": r.get("summary_on"),
        }
        if current is None:
            values["status"] = r["status"]
        # Once a round exists, its status and deadline belong to the
        # administrators' commands, so a restart does not undo them.
        else:
            values.pop("deadline")
        _upsert(session, existing[Round], Round, r["code"], values)


def _sync_by_position(session: Session, model, rows: list[dict[str, Any]]) -> None:
    """Rows without a code of their own: matched by their place in the file."""
    existing = {row.position: row for row in session.exec(select(model)).all()}
    for pos, values in enumerate(rows):
        row = existing.pop(pos, None) or model(position=pos, **values)
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
        session.add(row)
    for stale in existing.values():
        session.delete(stale)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
