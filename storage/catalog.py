"""The catalogue: units, campaigns, indicators, award forms and rounds, as data.

An administrator edits one TOML file; `load_catalog` reads it into the models of
storage/catalog_models.py, checked once, and refuses it with a message naming the
file, the entry and the problem; `sync_catalog` writes it into the tables
(idempotent: unchanged entries stay as they are, edited ones are updated).
"""

from __future__ import annotations

import pickle
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator
from sqlmodel import Session, select

from storage import catalog_document as frame
from storage import catalog_models as entries
from storage.catalog_models import (  # noqa: F401 (the catalogue's words, read from here by the rest)
    AGGREGATES, AT_DECISION, CAMPAIGN_LEVELS, CHECK_OPS, DEFAULT_TIME_ZONE, LEVELS, OUTLINE_CONTENT,
    OUTLINE_DEPTHS, OUTLINE_PLACEHOLDERS, ROUND_KINDS, ROUND_STATUSES, RULE_KINDS, SHORT_NAME_MAX, SUBJECTS,
    UNIT_KINDS, refuse, valid_zone,
)
from storage.catalog_document import TABLES as ENTRY_TABLES, OutlineHeading  # noqa: F401
from storage.catalog_streaks import StreakRule as StreakEntry, check_streaks
from storage.models import (
    AwardForm,
    AwardRule,
    CatalogMeta,
    ConsistencyCheck,
    Indicator,
    OutlineItem,
    Round,
    Section,
    StreakRule,
    Unit,
)
from storage.catalog_series import check_lineage, check_series

TABLES = {**ENTRY_TABLES, StreakEntry.table: StreakEntry}
from storage.reports import forget_catalogue


class CatalogError(ValueError):
    def __init__(self, path: Path | str, entry: str, problem: str, line: Optional[int] = None, key: str = ""):
        self.path, self.entry, self.problem, self.line, self.key = str(path), entry, problem, line, key
        super().__init__(f"{path}{f':{line}' if line else ''}: {entry}: {problem}")


_LABEL = re.compile(r"^\[\[(\w+)\]\] (?:số (\d+)|'(.*)')|^\[(\w+)\]$")


def line_of(text: str, entry: str, key: str = "") -> Optional[int]:
    """The line of the file where an entry starts ("[[units]] 'quai-nua'", "[[checks]] số 2", "[catalog]"),
    or where its `key` is written, so the administrator goes straight to it; None when the label names no
    entry of the file."""
    match = _LABEL.match(entry)
    if not match:
        return None
    table, number, name, single = match.groups()
    lines = text.splitlines()
    if single:
        start = next((i for i, line in enumerate(lines) if line.strip() == f"[{single}]"), None)
        return None if start is None else _key_line(lines, start, len(lines), key)
    model = TABLES.get(table)
    starts = [i for i, line in enumerate(lines) if line.strip() == f"[[{table}]]"] + [len(lines)]
    if number:
        n = int(number)
        return _key_line(lines, starts[n - 1], starts[n], key) if n < len(starts) else None
    named = re.compile(rf'^\s*{model.named_by if model else "code"}\s*=\s*"{re.escape(name)}"')
    for start, end in zip(starts, starts[1:]):
        if any(named.match(line) for line in lines[start:end]):
            return _key_line(lines, start, end, key)
    return None


def _key_line(lines: list[str], start: int, end: int, key: str) -> int:
    """The line of `key = …` between an entry's start and the next entry (its start when not written)."""
    if key:
        written = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for n in range(start + 1, end):
            if lines[n].lstrip().startswith("[") and not lines[n].lstrip().startswith("[["):
                break  # a sub-table ([reports.values]) is another entry's
            if written.match(lines[n]):
                return n + 1
    return start + 1


class Catalog(BaseModel):
    """The whole file, its entries checked against each other; what the rest of the code reads."""
    model_config = ConfigDict(extra="forbid", strict=True)
    # In the order they are checked (each table's model: storage/catalog_models.py).
    meta: entries.Meta = Field(alias="catalog")
    units: list[entries.Unit] = []
    campaigns: list[entries.Campaign] = []
    others: list[entries.Section] = Field([], alias="sections")
    award_forms: list[entries.AwardForm] = []
    award_rules: list[entries.AwardRule] = []
    streak_rules: list[StreakEntry] = []
    indicators: list[entries.Indicator] = []
    checks: list[entries.Check] = []
    rounds: list[entries.Round] = []
    document: frame.Document = Field(default_factory=frame.Document)  # filled from the units at load
    written_outline: Optional[list[frame.OutlineEntry]] = Field(None, alias="outline")
    _path: Path = PrivateAttr(Path())
    _reporting: list[str] = PrivateAttr(default_factory=list)
    _warnings: list[str] = PrivateAttr(default_factory=list)
    _outline: list[OutlineHeading] = PrivateAttr(default_factory=list)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def sections(self) -> list[entries.Part]:
        """The parts of a report: campaigns first, then the other sections."""
        return [*self.campaigns, *self.others]

    @property
    def reporting_units(self) -> list[str]:
        """The codes of the units that report: those with no unit under them."""
        return self._reporting

    @property
    def warnings(self) -> list[str]:
        """What is allowed but probably not meant (for the administrator; the catalogue still loads)."""
        return self._warnings

    @property
    def outline(self) -> list[OutlineHeading]:
        """The report's headings, in order, each with the sections and indicators it shows."""
        return self._outline

    @model_validator(mode="after")
    def _joined(self) -> Catalog:
        if not self.units:
            raise refuse("[[units]]", "danh mục chưa có đơn vị nào")
        unit_codes = _unique(self.units, "đơn vị")
        for n, unit in enumerate(self.units):
            if unit.parent is not None and unit.parent not in unit_codes:
                raise refuse(unit.label(n), f"đơn vị cấp trên '{unit.parent}' không tồn tại")
        parents = {u.code: u.parent for u in self.units}
        for code in parents:  # a cycle would make the tree endless
            seen, cur = set(), code
            while cur is not None:
                if cur in seen:
                    raise refuse(f"[[units]] '{code}'", "cây đơn vị có vòng lặp")
                seen.add(cur)
                cur = parents[cur]
        check_lineage(self.units)
        check_series(self.indicators, self.rounds)
        has_children = set(parents.values())
        self._reporting = [u.code for u in self.units if u.code not in has_children]

        section_codes = _unique(self.campaigns, "phần báo cáo", _unique(self.others, "phần báo cáo"))
        award_codes = _unique(self.award_forms, "hình thức khen thưởng")
        for n, form in enumerate(self.award_forms):
            if form.prerequisite and form.prerequisite not in award_codes:
                raise refuse(form.label(n), f"prerequisite '{form.prerequisite}' không tồn tại")
        for n, rule in enumerate(self.award_rules):
            for key in ("form", "base"):
                if getattr(rule, key) is not None and getattr(rule, key) not in award_codes:
                    raise refuse(rule.label(n), f"{key} '{getattr(rule, key)}' không có trong [[award_forms]]")
            _check_rule_dates(self.award_rules, n)
            if rule.confidence != "V":
                self._warnings.append(
                    f"{rule.label(n)} ({rule.source}): quy tắc chưa được xác minh từ văn bản pháp luật "
                    f"({rule.confidence}: {entries.CONFIDENCE[rule.confidence]}); vẫn được áp dụng, kiểm tra "
                    f"lại trước khi dùng.")
        check_streaks(self.streak_rules, award_codes, self._warnings)

        indicator_codes = _unique(self.indicators, "chỉ tiêu")
        for n, ind in enumerate(self.indicators):
            if ind.section not in section_codes:
                raise refuse(ind.label(n), f"phần báo cáo '{ind.section}' không tồn tại")
            if ind.award and ind.award not in award_codes:
                raise refuse(ind.label(n), f"award '{ind.award}' không tồn tại")
            if ind.names_the_commune_alone():
                self._warnings.append(
                    f"{ind.label(n)}: câu hỏi lựa chọn nhắc đến «xã» nhưng chưa có unit_kinds, nên thị trấn, "
                    f"phường cũng được hỏi và được đếm vào một lựa chọn. Nếu chỉ dành cho xã, "
                    f"thêm unit_kinds = [\"xã\"].")
        by_code = {i.code: i for i in self.indicators}
        for n, ind in enumerate(self.indicators):
            weight = by_code.get(ind.weight) if ind.weight else None
            if ind.weight and (weight is None or weight.aggregate != "sum" or weight.filled_by != ind.filled_by):
                raise refuse(ind.label(n), f"weight '{ind.weight}' phải là một chỉ tiêu cộng (sum) của cùng người nhập")
            if ind.weight and ind.aggregate != "average":
                raise refuse(ind.label(n), "chỉ tiêu có weight phải có aggregate = 'average'")
            own = by_code.get(ind.own_for) if ind.own_for else None
            if ind.own_for and (own is None or ind.filled_by != "authority" or own.filled_by != "unit"):
                raise refuse(ind.label(n), f"own_for '{ind.own_for}': số của cấp nhận báo cáo (filled_by = "
                                           f"'authority') cho một chỉ tiêu của các đơn vị")
        for n, check in enumerate(self.checks):
            for code in check.left + (check.right or []):
                if code not in indicator_codes:
                    raise refuse(check.label(n), f"chỉ tiêu '{code}' không tồn tại")

        round_codes = _unique(self.rounds, "kỳ báo cáo")
        for n, round_ in enumerate(self.rounds):
            if round_.previous and round_.previous not in round_codes:
                raise refuse(round_.label(n), f"kỳ trước '{round_.previous}' không tồn tại")

        authority = next((u for u in self.units if u.kind == self.meta.authority_level), None) \
            or next(u for u in self.units if u.parent is None)
        self.document = self.document.filled(authority)
        for n, reward in enumerate(self.document.rewards):
            if reward.form not in award_codes:
                raise refuse(f"[[document.rewards]] số {n + 1}", f"form '{reward.form}' không có trong [[award_forms]]")
        for what, items in (("legal_bases", self.document.legal_bases), ("rewards", self.document.rewards)):
            for n, item in enumerate(items):
                if item.confidence != "V":
                    self._warnings.append(
                        f"[[document.{what}]] số {n + 1}: chưa được xác minh từ văn bản ({item.confidence}: "
                        f"{entries.CONFIDENCE[item.confidence]}); kiểm tra lại trước khi ban hành quyết định.")
        written = self.written_outline or frame.default_outline(self.campaigns, self.others)
        self._outline = frame.resolve_outline(written, self.sections, self.indicators)
        return self


def _check_rule_dates(rules: list[entries.AwardRule], n: int) -> None:
    """Two versions of one rule (kind, form, base) in force on the same day contradict each other."""
    rule = rules[n]
    for other in rules[:n]:
        if (other.kind, other.form, other.base) == (rule.kind, rule.form, rule.base) and rule.overlaps(other):
            raise refuse(rule.label(n), f"trùng thời gian hiệu lực với một quy tắc '{rule.kind}' trước "
                                        f"({other.source}): đặt valid_from/valid_to cho khỏi chồng nhau")


def _unique(items: list[Any], what: str, taken: Optional[set[str]] = None) -> set[str]:
    seen = set() if taken is None else taken
    for n, item in enumerate(items):
        if item.code in seen:
            raise refuse(item.label(n), f"mã '{item.code}' bị trùng ({what})")
        seen.add(item.code)
    return seen


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
    try:
        catalog = Catalog.model_validate(raw)
    except ValidationError as exc:
        refusal = _refusal(path, raw, exc.errors())
        line = line_of(path.read_text(encoding="utf-8"), refusal.entry, refusal.key)
        raise CatalogError(path, refusal.entry, refusal.problem, line, refusal.key) from None
    catalog._path = path
    return catalog


# A wrong item in a list, by the list's key; any other list holds text.
_ITEM_PROBLEMS = {"buckets": "mỗi bucket cần 'label' và có thể có 'min', 'max', 'phrase'"}
_FIRST = ("missing", "extra_forbidden")  # of several problems in one entry, these are told first


def _refusal(path: Path, raw: dict[str, Any], errors: list[dict[str, Any]]) -> CatalogError:
    """pydantic's first error, told for the administrator: the entry ("[[units]] 'quai-nua'") and the problem."""
    # An unknown table first (the file may be another kind of file), then in the file's order.
    first = next((e for e in errors if len(e["loc"]) == 1 and e["type"] == "extra_forbidden"), errors[0])
    if first["type"] == "catalog":  # found across entries (`refuse`)
        return CatalogError(path, first["ctx"]["entry"], first["ctx"]["problem"], key=first["ctx"].get("key", ""))
    table, *rest = first["loc"]
    model = TABLES.get(table)
    if model is None:
        return CatalogError(path, str(table), "bảng không được biết đến")
    if not rest:
        if first["type"] == "value_error":  # a single table's own check ([catalog])
            return CatalogError(path, model.label_of(0, None), str(first["ctx"]["error"]))
        if first["type"] == "missing":
            return CatalogError(path, f"[{table}]", f"thiếu bảng [{table}]")
        return CatalogError(path, model.label_of(0, None), f"'{table}' có kiểu sai ({type(raw[table]).__name__})")
    prefix = (table,) if model.single else (table, rest[0])
    item = raw[table] if model.single else raw[table][rest[0]]
    label = model.label_of(0 if model.single else rest[0], item)
    same = [e for e in errors if e["loc"][:len(prefix)] == prefix]
    error = next((e for kind in _FIRST for e in same if e["type"] == kind and len(e["loc"]) == len(prefix) + 1),
                 first)
    where = error["loc"][len(prefix):]
    if error["type"] in ("value_error", "assertion_error"):
        return CatalogError(path, label, str(error["ctx"]["error"]), key=str(where[0]) if where else "")
    if not where:
        return CatalogError(path, label, f"'{table}' có kiểu sai ({type(item).__name__})")
    key = where[0]
    if error["type"] == "missing" and len(where) == 1:
        return CatalogError(path, label, f"thiếu khoá '{key}'")
    if error["type"] == "extra_forbidden" and len(where) == 1:
        return CatalogError(path, label, f"khoá không được biết đến '{key}'", key=str(key))
    if any(e["loc"][len(prefix)] == key and any(isinstance(p, int) for p in e["loc"][len(prefix) + 1:])
           for e in same if len(e["loc"]) > len(prefix)):
        return CatalogError(path, label, _ITEM_PROBLEMS.get(key, f"'{key}' phải là danh sách chữ"))
    return CatalogError(path, label, f"'{key}' có kiểu sai ({type(item[key]).__name__})", key=str(key))


def time_zone_of(path: Path | str) -> str:
    """The zone a catalogue's rounds keep their deadlines in (its `time_zone`), read without the rest of it."""
    path = Path(path)
    try:
        meta = read_toml(path).get("catalog", {})
    except (OSError, tomllib.TOMLDecodeError):
        return DEFAULT_TIME_ZONE  # the whole file is checked (and refused) by load_catalog
    name = meta.get("time_zone", DEFAULT_TIME_ZONE) if isinstance(meta, dict) else DEFAULT_TIME_ZONE
    if not isinstance(name, str):
        return DEFAULT_TIME_ZONE
    if not valid_zone(name):
        raise CatalogError(path, "[catalog]", f"time_zone '{name}' không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)")
    return name


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
    forget_catalogue(session.get_bind())  # what this process read of the catalogue before
    meta = session.exec(select(CatalogMeta)).first() or CatalogMeta(name="", authority_level="", year=0)
    for key in ("name", "authority_level", "year", "nominate_up_to", "achievement_max_length"):
        if getattr(meta, key) != getattr(catalog.meta, key):
            setattr(meta, key, getattr(catalog.meta, key))
    if meta.source_file != str(catalog.path):
        meta.source_file = str(catalog.path)
    document = catalog.document.model_dump(mode="json", exclude_none=True)
    if meta.document != document:
        meta.document = document
    session.add(meta)

    # Each table is read once (not a query per code): start-up, and every test, syncs the whole catalogue.
    existing = {model: {row.code: row for row in session.exec(select(model)).all()}
                for model in (Unit, Section, Indicator, AwardForm, Round)}
    reporting = set(catalog.reporting_units)
    rows: dict[str, Unit] = {}
    for pos, u in enumerate(catalog.units):
        rows[u.code] = _upsert(session, existing[Unit], Unit, u.code, {
            "name": u.name, "kind": u.kind, "position": pos, "is_reporting": u.code in reporting,
            "formed_from": u.formed_from,
        })
    session.flush()
    for u in catalog.units:
        parent_id = rows[u.parent].id if u.parent else None
        if rows[u.code].parent_id != parent_id:
            rows[u.code].parent_id = parent_id

    for pos, s in enumerate(catalog.sections):
        _upsert(session, existing[Section], Section, s.code, {"name": s.name, "short": s.short, "kind": s.kind, "level": s.level,
                                           "position": pos})

    for pos, ind in enumerate(catalog.indicators):
        _upsert(session, existing[Indicator], Indicator, ind.code, {
            "section_code": ind.section, "name": ind.name, "unit": ind.unit, "type": ind.type,
            "min": _float(ind.min), "max": _float(ind.max), "plan": ind.plan, "aggregate": ind.aggregate,
            "buckets": [b.model_dump(exclude_none=True) for b in ind.buckets], "required": ind.required,
            "choices": ind.choices, "max_length": ind.max_length, "award": ind.award, "subject": ind.subject,
            "hint": ind.hint, "unit_kinds": ind.unit_kinds, "position": pos, "compare": ind.compare,
            "compare_words": ind.compare_words, "redefined_in": ind.redefined_in,
            "stands_out": _float(ind.stands_out), "weighted_by": ind.weighted_by,
            "hint": ind.hint, "unit_kinds": ind.unit_kinds, "position": pos, "filled_by": ind.filled_by,
            "weight": ind.weight, "yes_phrase": ind.yes_phrase, "bucket_summary": ind.bucket_summary,
            "own_for": ind.own_for, "sentence": ind.sentence,
        })

    for pos, a in enumerate(catalog.award_forms):
        _upsert(session, existing[AwardForm], AwardForm, a.code, {
            "name": a.name, "short": a.short, "kind": a.kind, "subjects": a.subjects, "decided_by": a.decided_by,
            "requires_initiative": a.requires_initiative, "prerequisite": a.prerequisite, "source": a.source,
            "report_as": a.report_as, "position": pos,
        })

    _sync_by_position(session, AwardRule, [
        {"kind": r.kind, "form": r.form, "base": r.base, "percent": _float(r.percent), "source": r.source,
         "at_decision": r.at_decision, "valid_from": r.valid_from, "valid_to": r.valid_to}
        for r in catalog.award_rules])

    _sync_by_position(session, StreakRule, [
        {"form": r.form, "needs": list(r.needs), "years": r.years, "source": r.source, "confidence": r.confidence,
         "valid_from": r.valid_from, "valid_to": r.valid_to}
        for r in catalog.streak_rules])

    _sync_by_position(session, OutlineItem, [heading.model_dump() for heading in catalog.outline])

    _sync_by_position(session, ConsistencyCheck, [
        {"left": chk.left, "op": chk.op, "right": chk.right or [], "right_value": _float(chk.right_value),
         "message": chk.message}
        for chk in catalog.checks])

    for r in catalog.rounds:
        current = existing[Round].get(r.code)
        values = {
            "name": r.name, "kind": r.kind, "period_start": r.period_start, "period_end": r.period_end,
            "opens": r.opens, "deadline": r.deadline, "edit_after_deadline": r.edit_after_deadline,
            "previous_code": r.previous, "reminder_days": sorted(set(r.reminder_days), reverse=True),
            "summary_on": r.summary_on, "series": r.series, "follows": r.follows,
        }
        if current is None:
            values["status"] = r.status
        # Once a round exists, its status and deadline belong to the
        # administrators' commands, so a restart does not undo them.
        else:
            values.pop("deadline")
        _upsert(session, existing[Round], Round, r.code, values)


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
