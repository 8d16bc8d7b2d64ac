"""The catalogue's frame of the written documents, as pydantic models: [document] and [[outline]].

`Document`: the compiled report's letterhead and closing, and what the council's decision cites and pays
(its legal bases, each a full citation, and the rewards); `OutlineEntry`: a heading of the report as the
file writes it, `OutlineHeading` as `Catalog.outline` resolves it (`resolve_outline`, or `default_outline`
for a file without one). The other tables' models are in
storage/catalog_models.py; `TABLES`, every table's model in the order they are checked, is here, the last
module of the two.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import BaseModel, ValidationInfo, field_validator

from storage.catalog_models import (CAMPAIGN_LEVELS, CONFIDENCE, OUTLINE_CONTENT, OUTLINE_DEPTHS, SUBJECTS,
                                    AwardForm, AwardRule, Campaign, Check, Entry, Indicator, Meta, Part, Round,
                                    Section, Strict, Unit, one_of, placeholders_known, refuse)


LEGAL_KINDS = ("Hiến pháp", "Luật", "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định", "Thông tư", "Chỉ thị",
               "Hướng dẫn", "Kế hoạch")


class LegalBase(Strict):
    """One legal basis a decision cites ("Căn cứ …"), as a full citation: kind, number, date, issuer, title.
    A law is cited by its name and date ("Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003"), its amendments
    after it (`amended`); any other text by number, date and issuer, then its subject."""
    kind: one_of(LEGAL_KINDS, "kind '{value}' không hợp lệ ({options})")
    title: str  # a law's name ("Thi đua, Khen thưởng"); any other text's subject ("quy định chi tiết …")
    number: str = ""  # "91/2017/NĐ-CP"
    date: Optional[dt.date] = None
    issuer: str = ""  # "Chính phủ", "Bộ Nội vụ", "Ủy ban nhân dân tỉnh Điện Biên"; none for a law
    amended: str = ""  # what amended it, in the words decisions use
    valid_from: Optional[dt.date] = None  # cited by rounds whose deadline falls in [valid_from, valid_to]
    valid_to: Optional[dt.date] = None
    confidence: one_of(CONFIDENCE, "confidence chỉ nhận V, S hoặc M") = "M"
    checked_in: str = ""  # where the number, date and title were read

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("cần ghi tên (title) của văn bản")
        return value


class Reward(Strict):
    """The money that goes with a form, as a multiple of the base salary (mức lương cơ sở), per subject."""
    form: str
    subject: one_of(SUBJECTS, "subject chỉ nhận individual hoặc collective")
    times: float  # times the base salary: 0.3 for Lao động tiên tiến
    source: str  # the article that sets it
    confidence: one_of(CONFIDENCE, "confidence chỉ nhận V, S hoặc M") = "M"


class Document(Entry):
    """The compiled report's letterhead and closing (Nghị định 30/2020); the issuer defaults from the units.
    Also what the council's decision cites and pays: its legal bases, the reason it gives (Điều 1), the
    rewards with the base salary they multiply (Điều 2), and who proposed it."""
    table = "document"
    single = True
    legal_bases: list[LegalBase] = []
    decision_reason: str = "đã có thành tích trong phong trào thi đua và thực hiện nhiệm vụ năm {year}"
    proposer: str = "Hội đồng Thi đua - Khen thưởng {unit}"
    base_salary: Optional[int] = None  # đồng a month
    base_salary_source: str = ""
    rewards: list[Reward] = []
    reward_fund: str = ""  # where the money comes from ("Quỹ Thi đua, Khen thưởng huyện")
    issuer: Optional[str] = None
    issuer_lines: Optional[list[str]] = None
    parent_body: Optional[str] = None
    issuer_code: str = "UBND"
    place: Optional[str] = None
    subject: str = "{round}"
    recipients: list[str] = []
    copies_to: list[str] = ["Lưu: VT"]
    signer_capacity: str = "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""

    @field_validator("subject")
    @classmethod
    def _subject(cls, value: str) -> str:
        placeholders_known("subject", value)
        return value

    def filled(self, authority: Unit) -> Document:
        """What the file leaves out, from the unit that decides: "Ủy ban nhân dân huyện Tuần Giáo"."""
        issuer, lines = self.issuer, self.issuer_lines
        if issuer is None:
            issuer = f"Ủy ban nhân dân {authority.kind} {authority.name}"
            lines = lines or ["ỦY BAN NHÂN DÂN", f"{authority.kind} {authority.name}".upper()]
        return self.model_copy(update={"issuer": issuer, "issuer_lines": lines or [issuer.upper()],
                                       "place": self.place or authority.name})


class OutlineEntry(Entry):
    """A heading of the compiled report as the file writes it; `Catalog.outline` gives it resolved."""
    table = "outline"
    named_by = "title"
    depth: int
    title: str
    prompt: str = ""
    campaigns: str | list[str] = []  # a level (every campaign launched at it) or campaign codes
    sections: list[str] = []
    indicators: list[str] = []
    content: list[str] = []

    @field_validator("depth")
    @classmethod
    def _depth(cls, value: int) -> int:
        if not 0 <= value < OUTLINE_DEPTHS:
            raise ValueError(f"depth phải từ 0 đến {OUTLINE_DEPTHS - 1} (0: Phần, 1: I., 2: 1., 3: 2.1., 4: 2.3.1.)")
        return value

    @field_validator("title", "prompt")
    @classmethod
    def _placeholders(cls, value: str, info: ValidationInfo) -> str:
        placeholders_known(info.field_name, value)
        return value

    @field_validator("content")
    @classmethod
    def _content(cls, value: list[str]) -> list[str]:
        for content in value:
            if content not in OUTLINE_CONTENT:
                raise ValueError(f"content '{content}' không hợp lệ ({', '.join(OUTLINE_CONTENT)})")
        return value


class OutlineHeading(BaseModel):
    """A heading resolved: the section codes and indicator codes it shows, what else fills it."""
    depth: int
    title: str
    prompt: str = ""
    sections: list[str] = []
    indicators: list[str] = []
    content: list[str] = []


# --- the outline resolved: what `Catalog.outline` gives -------------------------------------------------


def default_outline(campaigns: list[Campaign], others: list[Section]) -> list[OutlineEntry]:
    """For a catalogue without [[outline]]: the results, then the awards, the role models and each section."""
    return [OutlineEntry(**item) for item in [
        {"depth": 0, "title": "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}"},
        {"depth": 1, "title": "KẾT QUẢ THỰC HIỆN"},
        {"depth": 2, "title": "Kết quả tổ chức phong trào thi đua", "campaigns": [c.code for c in campaigns]},
        {"depth": 2, "title": "Công tác khen thưởng", "content": ["awards", "proposals"]},
        {"depth": 2, "title": "Công tác tuyên truyền, nhân rộng điển hình tiên tiến", "content": ["role_models"]},
    ] + [{"depth": 2, "title": s.name, "sections": [s.code]} for s in others]]


def resolve_outline(outline: list[OutlineEntry], sections: list[Part],
                    indicators: list[Indicator]) -> list[OutlineHeading]:
    """The report's headings, checked: depths step down one at a time, no figure in two places (and those
    left out placed by `_place_the_rest`).

    `campaigns` (a level or a list of codes) and `sections` become one list of section codes.
    """
    kinds = {s.code: s.kind for s in sections}
    every = {i.code for i in indicators}
    shown = [i for i in indicators if not i.award]  # award counts are the "awards" content's
    by_section: dict[str, list[str]] = {}
    for ind in shown:
        by_section.setdefault(ind.section, []).append(ind.code)
    placed: dict[str, str] = {}
    contents: set[str] = set()
    previous = None
    result = []
    for n, item in enumerate(outline):
        label = item.label(n)
        if item.depth > (1 if previous is None else previous + 1):
            raise refuse(label, "mục này sâu hơn mục trước quá một cấp")
        previous = item.depth
        chosen = item.campaigns
        if isinstance(chosen, str):
            if chosen not in CAMPAIGN_LEVELS:
                raise refuse(label, f"campaigns '{chosen}' không phải cấp phát động ({', '.join(CAMPAIGN_LEVELS)}) "
                                    "hay danh sách mã phong trào")
            chosen = [s.code for s in sections if s.kind == "campaign" and s.level == chosen]
        for code in chosen:
            if kinds.get(code) != "campaign":
                raise refuse(label, f"phong trào '{code}' không tồn tại")
        for code in item.sections:
            if kinds.get(code) != "section":
                raise refuse(label, f"phần '{code}' không có trong [[sections]]")
        codes = list(chosen) + item.sections
        own = [c for code in codes for c in by_section.get(code, [])]
        for code in item.indicators:
            if code not in every:
                raise refuse(label, f"chỉ tiêu '{code}' không tồn tại")
            if code not in {i.code for i in shown}:
                raise refuse(label, f"chỉ tiêu '{code}' là số khen thưởng: nằm trong nội dung \"awards\"")
        for code in own + item.indicators:
            if code in placed:
                raise refuse(label, f"chỉ tiêu '{code}' đã có chỗ ở {placed[code]}")
            placed[code] = label
        for content in item.content:
            if content in contents:
                raise refuse(label, f"content '{content}' đã có ở một mục khác")
            contents.add(content)
        result.append(OutlineHeading(depth=item.depth, title=item.title, prompt=item.prompt, sections=codes,
                              indicators=item.indicators, content=item.content))
    return _place_the_rest(result, sections, [i for i in shown if i.code not in placed], by_section)


def _place_the_rest(outline: list[OutlineHeading], sections: list[Part], left: list[Indicator],
                    by_section: dict[str, list[str]]) -> list[OutlineHeading]:
    """Indicators the outline leaves out are not lost: each of their sections gets a heading of its own,
    after the last heading that shows figures and at its depth (a whole section as a section, with its lead)."""
    if not left:
        return outline
    filled = [n for n, item in enumerate(outline) if item.sections or item.indicators or item.content]
    after = filled[-1] if filled else len(outline) - 1
    depth = outline[after].depth if outline else 0
    extra = []
    for section in sections:
        codes = [i.code for i in left if i.section == section.code]
        if codes:
            whole = codes == by_section[section.code]
            extra.append(OutlineHeading(depth=max(depth, 1 if outline else 0), title=section.name,
                                 sections=[section.code] if whole else [], indicators=[] if whole else codes))
    return outline[:after + 1] + extra + outline[after + 1:]



# The models after a catalogue file's tables, in the order they are checked.
TABLES: dict[str, type[Entry]] = {model.table: model for model in (
    Meta, Unit, Campaign, Section, AwardForm, AwardRule, Indicator, Check, Round, Document, OutlineEntry)}
