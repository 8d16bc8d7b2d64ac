"""SQLModel tables: everything the bot remembers lives here.

Catalogue tables (units, sections, indicators, award forms, checks, rounds)
are synced from the catalogue file; the others are written by the bot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    # SQLModel stores aware datetimes in UTC and gives them back aware.
    return dt.datetime.now(dt.timezone.utc)


# --- catalogue -------------------------------------------------------------


class CatalogMeta(SQLModel, table=True):
    """One row: the catalogue's own settings."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    authority_level: str
    year: int
    # The highest level whose awards a reporting unit may ask for on its list;
    # forms decided above `authority_level` are proposals sent further up.
    nominate_up_to: str = ""
    achievement_max_length: int = 500
    source_file: str = ""
    # The compiled report's letterhead and closing ([document] in the catalogue): issuer, place,
    # addressees, "Nơi nhận", signer. See docs/catalog.md.
    document: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class Unit(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    kind: str
    parent_id: Optional[int] = Field(default=None, foreign_key="unit.id")
    position: int = 0
    is_reporting: bool = False
    # The units it was formed from (the 2025 mergers): codes of units of before, whose figures it carries on
    # (storage/history.py sums or weights them as last year's figure) and whose people's records of titles
    # follow it (storage/records.py).
    formed_from: list[str] = Field(default_factory=list, sa_column=Column(JSON))

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"


class Section(SQLModel, table=True):
    """One section of a commune report: a campaign, or another part."""

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    short: str = ""  # a few words for the overview and the questions' heading ("Giảm nghèo"); "" → name
    kind: str  # "campaign" | "section"
    level: str = ""  # campaigns: national | province | district
    position: int = 0


class Indicator(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    section_code: str = Field(index=True)
    name: str
    unit: str = ""
    type: str  # integer | decimal | percent | text | choice
    min: Optional[float] = None
    max: Optional[float] = None
    plan: bool = False
    aggregate: str = "sum"
    buckets: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    required: bool = True
    choices: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    max_length: Optional[int] = None
    award: Optional[str] = None
    subject: Optional[str] = None
    hint: str = ""
    # Asked only of units of these kinds (empty: of all), e.g. ["xã"].
    unit_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    position: int = 0
    # How it compares with the year before (storage/history.py): "count" (tăng/giảm N), "rate" (points),
    # "none"; the words after the change ("so với năm {year}"); the year its definition changed (no
    # comparison across it); how far from last year a value stands out (counts: a share of last year's value,
    # rates: points); the count a rate is weighted by when units are summed (merged communes).
    compare: str = "none"
    compare_words: str = ""
    redefined_in: Optional[int] = None
    stands_out: Optional[float] = None
    weighted_by: Optional[str] = None
    # Who answers it ("unit", or "authority" in its own report); how the draft words it: docs/catalog.md.
    filled_by: str = "unit"
    weight: Optional[str] = None
    yes_phrase: str = ""
    bucket_summary: str = "average"
    own_for: Optional[str] = None
    sentence: str = ""

    def applies_to(self, unit: "Unit") -> bool:
        """Asked of this unit: the reporting units answer the units' questions, the authority its own."""
        if (self.filled_by == "authority") == unit.is_reporting:
            return False
        return not self.unit_kinds or unit.kind in self.unit_kinds


class AwardForm(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    short: str = ""
    kind: str  # title | form
    subjects: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    decided_by: str
    requires_initiative: bool = False
    prerequisite: Optional[str] = None
    source: str = ""
    # How a report names it; forms with the same name are written together, tập thể and cá nhân
    # ("Danh hiệu LĐTT: 87 tập thể, 1.940 cá nhân"). Empty: its own name.
    report_as: str = ""
    position: int = 0


class OutlineItem(SQLModel, table=True):
    """One heading of the compiled report ([[outline]] in the catalogue), in document order.

    `depth` 0 is a part (Phần I), 1 a chapter (I.), 2 an item (1.), 3 and 4 sub-items (2.1., 2.3.1.);
    numbers are counted, not stored. What fills it: the sections' and indicators' figures, the
    `content` lists (awards, proposals, role models); `prompt` asks the district to write the rest.
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    position: int = Field(unique=True)
    depth: int
    title: str
    prompt: str = ""
    sections: list[str] = Field(default_factory=list, sa_column=Column(JSON))  # campaign or section codes
    indicators: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    content: list[str] = Field(default_factory=list, sa_column=Column(JSON))  # awards | proposals | role_models


class ConsistencyCheck(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    position: int = Field(unique=True)
    left: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    op: str
    right: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    right_value: Optional[float] = None
    message: str


class AwardRule(SQLModel, table=True):
    """One commendation rule the nomination list is checked against (storage/award_rules.py)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    position: int = Field(unique=True)
    kind: str  # authority | prerequisite | initiative | ratio | at_most | unique
    form: Optional[str] = None
    base: Optional[str] = None
    percent: Optional[float] = None  # a ratio rule's share of `base` that `form` may reach, in per cent
    source: str
    # What the council's decision on a nominee does when it would break the rule (storage/deliberation.py):
    # "refuse" it, or "mark" it and keep it.
    at_decision: str = "refuse"
    # In force from / to (inclusive; None: open-ended): a round is judged by the rules in force on its deadline.
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None


class Round(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    kind: str
    period_start: dt.date
    period_end: dt.date
    opens: dt.date
    deadline: dt.date
    status: str = "open"  # planned | open | closed
    edit_after_deadline: bool = True
    previous_code: Optional[str] = None
    # The series it belongs to (the annual report, year after year) and the round of the year before in it
    # (None: the latest earlier round of the series): storage/history.py.
    series: str = ""
    follows: Optional[str] = None
    # Days before the deadline when clerks are reminded (empty: the
    # REMINDER_DAYS setting), and the day the officials get the summary
    # (None: the day after the deadline).
    reminder_days: list[int] = Field(default_factory=list, sa_column=Column(JSON))
    summary_on: Optional[dt.date] = None


class PastFigure(SQLModel, table=True):
    """A unit's figure of an earlier year that no round in the database holds: imported from a workbook
    of that year or typed by an official (/namtruoc). By unit code, so a commune merged away keeps its own."""

    __table_args__ = (UniqueConstraint("year", "unit_code", "field"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    unit_code: str
    field: str  # the indicator's code
    number: float
    source: str  # typed | import
    filename: str = ""
    user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    at: dt.datetime = Field(default_factory=utcnow)


class StagedPastFigure(SQLModel, table=True):
    """A figure of a file of an earlier year (storage/past_import.py) waiting for its sender's yes: written
    a few thousand per short transaction when the file is read; the yes copies them onto `PastFigure` in
    one statement. Nothing else reads them; a file never confirmed goes with a later file's staging."""

    id: Optional[int] = Field(default=None, primary_key=True)
    batch: str = Field(index=True, max_length=32)
    user_id: int
    year: int
    unit_code: str
    field: str
    number: float
    filename: str = ""
    at: dt.datetime = Field(default_factory=utcnow, index=True)


# --- people ----------------------------------------------------------------


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    full_name: str
    role: str  # clerk | official | admin
    unit_id: int = Field(foreign_key="unit.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_active_at: Optional[dt.datetime] = None
    # Set when a channel refused delivery (the person blocked the bot);
    # cleared when they write again. Officials see it in the overdue digest.
    unreachable_at: Optional[dt.datetime] = None


class Identity(SQLModel, table=True):
    """A user's account on one channel (one person may link several)."""

    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    channel: str
    external_id: str
    chat_id: str
    last_seen_at: Optional[dt.datetime] = None


class Invitation(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True, index=True)  # the code itself is never stored
    unit_id: int = Field(foreign_key="unit.id")
    role: str
    created_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime
    used_at: Optional[dt.datetime] = None
    used_by: Optional[int] = Field(default=None, foreign_key="user.id")


class LinkCode(SQLModel, table=True):
    """A one-time code that links a second channel (Zalo, Telegram) to an existing user."""

    id: Optional[int] = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True, index=True)  # the code itself is never stored
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime
    used_at: Optional[dt.datetime] = None


class CodeFailure(SQLModel, table=True):
    """A wrong invitation or link code, kept to slow guessing down: per chat and per account."""

    id: Optional[int] = Field(default=None, primary_key=True)
    channel: str
    chat_id: str = Field(index=True)
    sender_id: str = Field(default="", index=True)  # the account (Telegram/Zalo user id) that typed it
    at: dt.datetime = Field(default_factory=utcnow, index=True)


# --- reports ---------------------------------------------------------------


class Report(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("round_id", "unit_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    status: str = "draft"  # draft | submitted | returned | approved
    receipt_no: Optional[str] = None
    submitted_at: Optional[dt.datetime] = None
    submissions: int = 0
    edited_after_submit: bool = False
    updated_at: dt.datetime = Field(default_factory=utcnow)


class ReportValue(SQLModel, table=True):
    """One answer: an indicator's value or plan, or a section's note.

    `field` is the indicator code, `plan:<code>` for its plan target,
    or `note:<section>` for a section's free-text note.
    """

    __table_args__ = (UniqueConstraint("report_id", "field"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    field: str
    number: Optional[float] = None
    text: Optional[str] = None
    skipped: bool = False
    illustrative: bool = False  # a demo's figure the seed does not state (storage/demo.py); typing clears it
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: Optional[int] = Field(default=None, foreign_key="user.id")


class AuditLog(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    report_id: Optional[int] = Field(default=None, foreign_key="report.id", index=True)
    action: str
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class ListImport(SQLModel, table=True):
    """A list file (.xlsx) a clerk sent for a report: the nominees or role models it holds.

    The rows it saved point at it (`import_id`), so the next file of the same list replaces them
    and nothing doubles; the rows it could not save are kept here as facts (row, column, problem),
    for the full list of problems on request.
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    kind: str  # nominations | role_models
    filename: str = ""
    user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    at: dt.datetime = Field(default_factory=utcnow)
    rows: int = 0  # data rows read
    saved: int = 0
    columns: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))  # column key -> letter
    problems: list[Any] = Field(default_factory=list, sa_column=Column(JSON))  # the rows not saved, why


class StagedListRow(SQLModel, table=True):
    """A row of a list file on its way in (storage/list_import.py): written a few hundred per short
    transaction before the one that saves the file, which copies them onto the list in one statement.
    Nothing else reads them; the rows of a file that was never saved go with the next file's staging.

    Its columns are those of both lists' rows (Nomination's and RoleModel's fields a file fills), by
    the same names: the copy is column to column, no parsing inside the write lock."""

    id: Optional[int] = Field(default=None, primary_key=True)
    batch: str = Field(index=True, max_length=32)  # one file's rows
    row: int  # the sheet's row number
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    subject: Optional[str] = None
    name: Optional[str] = None
    name_key: Optional[str] = None
    position: Optional[str] = None
    form_code: Optional[str] = None
    achievements: Optional[str] = None
    prereq_mode: Optional[str] = None
    prereq_ref: Optional[str] = None
    initiative: Optional[str] = None
    initiative_ref: Optional[str] = None
    village: Optional[str] = None
    commune: Optional[str] = None
    deed: Optional[str] = None
    income_million: Optional[float] = None
    field: Optional[str] = None
    birth_year: Optional[int] = None
    cccd: Optional[str] = None


class Nomination(SQLModel, table=True):
    """One nominee on a unit's list for a round (đề nghị khen thưởng).

    Saved field by field as the clerk answers; `complete` once the summary
    card is confirmed. Rule checks never refuse a row, they flag it.
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    subject: Optional[str] = None  # individual | collective
    name: Optional[str] = None
    name_key: str = Field(default="", index=True)  # fold(name): duplicates ignore diacritics and case
    birth_year: Optional[int] = None  # an individual's (matched across years with the records of titles)
    cccd: Optional[str] = None  # căn cước công dân, 12 digits, optional; shown masked (storage/records.mask_cccd)
    position: Optional[str] = None  # position and workplace; for a collective, whom it belongs to
    form_code: Optional[str] = None
    achievements: Optional[str] = None
    prereq_mode: Optional[str] = None  # "list": nominated for the prerequisite too | "held": already holds it
    prereq_ref: Optional[str] = None  # the decision that recognised the prerequisite
    initiative: Optional[str] = None
    initiative_ref: Optional[str] = None  # the initiative's recognition reference
    # The streak condition's missing years the clerk saw and kept the form for ("2018"): asked again when
    # the nominee, the form or the missing years change (handlers/nominations.py).
    streak_ok: Optional[str] = None
    complete: bool = False
    illustrative: bool = False  # a demo's proposal the real report does not state: counted, never said as fact
    # Sent in a list file (ListImport), and on which row of it: the next file replaces these rows.
    import_id: Optional[int] = Field(default=None, foreign_key="listimport.id", index=True)
    import_row: Optional[int] = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: Optional[int] = Field(default=None, foreign_key="user.id")


class RoleModel(SQLModel, table=True):
    """One role model (điển hình tiên tiến) a unit reports for a round."""

    id: Optional[int] = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    name: Optional[str] = None
    village: Optional[str] = None
    commune: Optional[str] = None
    deed: Optional[str] = None  # what they did: "mô hình trồng cây chanh leo"
    field: Optional[str] = None  # storage/list_schema.RM_FIELDS: "household", "school" …
    income_million: Optional[float] = None  # yearly income, million đồng; None if not known
    complete: bool = False
    import_id: Optional[int] = Field(default=None, foreign_key="listimport.id", index=True)  # as Nomination
    import_row: Optional[int] = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: Optional[int] = Field(default=None, foreign_key="user.id")


class CouncilDecision(SQLModel, table=True):
    """The council's decision (bình xét) on one nominee: passed, refused (with a reason) or sent up.

    One row per nomination, made the first time someone decides it and `pending` until then (or again
    after an admin undoes it). A decision is one conditional UPDATE (`... WHERE outcome = 'pending'`):
    when two officials decide the same nominee at once, exactly one of them changes it. Each decision
    and each undo is also in AuditLog, with who, when and why (storage/deliberation.py).
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nomination.id", unique=True, ondelete="CASCADE")
    outcome: str = "pending"  # pending | passed | refused | sent_up
    reason: Optional[str] = None  # why it was refused
    # The rules it breaks that the catalogue only marks (`AwardRule.at_decision == "mark"`), by kind.
    marks: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    decided_by: Optional[int] = Field(default=None, foreign_key="user.id")
    decided_at: Optional[dt.datetime] = None
    # +1 on every change: an undo applies only to the decision the admin was shown.
    version: int = 0


# The outbox and the conversation's plumbing (Delivery, ChatState, Download, ProcessedUpdate): their
# tables in storage/chat_models.py, registered with the rest.
from storage.chat_models import ChatState, Delivery, Download, ProcessedUpdate  # noqa: E402,F401

# The records of titles (hồ sơ thành tích) and the streak rules: their tables in storage/record_models.py,
# registered with the rest.
from storage.record_models import Person, PersonMatch, StreakRule, TitleRecord  # noqa: E402,F401
