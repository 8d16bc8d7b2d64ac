"""The records of titles (hồ sơ thành tích): people and collectives, their titles year by year, near matches
waiting for an official (storage/records.py); the catalogue's streak rules (storage/streaks.py). Tables like storage/models.py's, which imports them so every
table is known to the migrations."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import utcnow


class Person(SQLModel, table=True):
    """One person or collective whose titles are kept year after year (storage/records.py): one row across
    years, a change of unit and the 2025 mergers."""

    id: Optional[int] = Field(default=None, primary_key=True)
    subject: str  # individual | collective
    name: str
    name_key: str = Field(index=True)  # fold(name)
    birth_year: Optional[int] = None
    cccd: Optional[str] = Field(default=None, unique=True)  # căn cước công dân, when given
    unit_code: str = Field(index=True)  # the unit of the latest record (a unit of before keeps its code)
    created_at: dt.datetime = Field(default_factory=utcnow)


class TitleRecord(SQLModel, table=True):
    """One title, award or rating of a person or collective in one year."""

    __table_args__ = (UniqueConstraint("person_id", "year", "form_code"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    year: int
    form_code: str  # an award form's code, or a rating (storage/records.RATINGS)
    status: str = "awarded"  # awarded | proposed (sent up by the council, the level above decides)
    unit_code: str  # the unit then
    position: Optional[str] = None  # chức vụ then
    decision_ref: Optional[str] = None  # số quyết định
    decided_on: Optional[dt.date] = None
    issuer: Optional[str] = None  # cơ quan ban hành
    source: str = "council"  # council | import | demo
    nomination_id: Optional[int] = Field(default=None, foreign_key="nomination.id", unique=True, ondelete="SET NULL")
    created_at: dt.datetime = Field(default_factory=utcnow)


class PersonMatch(SQLModel, table=True):
    """Two people's rows that may be one person (a near match): kept apart until an official says."""

    __table_args__ = (UniqueConstraint("person_id", "other_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)  # the newer row
    other_id: int = Field(foreign_key="person.id", index=True)
    why: str  # accents | birth_year | unit | twice
    status: str = "pending"  # pending | same | different
    decided_by: Optional[int] = Field(default=None, foreign_key="user.id")
    decided_at: Optional[dt.datetime] = None


class StreakRule(SQLModel, table=True):
    """A title or award that needs another (or a rating) in each of the N years before (storage/streaks.py)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    position: int = Field(unique=True)
    form: str  # the form nominated for
    needs: list[str] = Field(default_factory=list, sa_column=Column(JSON))  # any of these, each year
    years: int  # how many consecutive years before the round's
    source: str
    confidence: str = "M"
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None
