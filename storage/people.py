"""Users, their channel identities, and one-time invitation codes."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import bindparam, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, func, select

from storage.models import CodeFailure, Identity, Invitation, LinkCode, Unit, User, utcnow
from storage.text import fold  # noqa: F401  (where callers have always found it)

ROLES = ("clerk", "official", "admin")
# No 0/O, 1/I/L: codes are read off paper and typed on small phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10 ≈ 8·10^14 codes: guessing is hopeless with throttling
# Link codes live minutes, not days, and share the throttle: 31**6 ≈ 9·10^8 is plenty.
LINK_CODE_LENGTH = 6
LINK_CODE_MINUTES = 15

_UNIT_PREFIXES = ("thi tran ", "xa ", "phuong ", "huyen ", "tinh ", "thanh pho ", "dac khu ")


def strip_unit_kind(folded: str) -> str:
    """A folded unit name without its kind in front ("xa quai nua" -> "quai nua")."""
    for prefix in _UNIT_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def find_units(session: Session, query: str) -> list[Unit]:
    """Units whose code or name matches, ignoring diacritics, case and 'xã'/'thị trấn'."""
    wanted = strip_unit_kind(fold(query))
    units = session.exec(select(Unit).order_by(Unit.position)).all()
    exact = [u for u in units if u.code == query.strip() or fold(u.name) == wanted]
    if exact:
        return exact
    return [u for u in units if wanted and wanted in fold(u.name)]


def normalize_code(text: str) -> str:
    return re.sub(r"[\s\-_.]", "", text).upper()


def looks_like_code(text: str) -> bool:
    code = normalize_code(text)
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def create_invitation(session: Session, unit: Unit, role: str, days: int) -> str:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    session.add(Invitation(code_hash=hash_code(code), unit_id=unit.id, role=role,
                           expires_at=utcnow() + dt.timedelta(days=days)))
    return format_code(code)


@dataclass
class Redeemed:
    user: Optional[User] = None
    problem: Optional[str] = None  # "unknown" | "used" | "expired"


def _one_time(session: Session, model, code: str) -> tuple[Any, Optional[str]]:
    """A one-time code's row (an invitation, a link code), and why it cannot be used: unknown, used,
    expired, or None."""
    row = session.exec(select(model).where(model.code_hash == hash_code(code))).first()
    problem = ("unknown" if row is None else "used" if row.used_at is not None
               else "expired" if row.expires_at < utcnow() else None)
    return row, problem


def redeem_invitation(session: Session, code: str, channel: str, external_id: str, chat_id: str,
                      name: str) -> Redeemed:
    inv, problem = _one_time(session, Invitation, code)
    if problem:
        return Redeemed(problem=problem)
    user = User(full_name=name, role=inv.role, unit_id=inv.unit_id, last_active_at=utcnow())
    session.add(user)
    session.flush()
    session.add(Identity(user_id=user.id, channel=channel, external_id=external_id, chat_id=chat_id,
                         last_seen_at=utcnow()))
    inv.used_at, inv.used_by = utcnow(), user.id
    session.add(inv)
    return Redeemed(user=user)


def create_link_code(session: Session, user: User, minutes: int = LINK_CODE_MINUTES) -> str:
    """A short one-time code the person sends from their other channel ("LIENKET <code>")."""
    for old in session.exec(select(LinkCode).where(LinkCode.user_id == user.id, LinkCode.used_at == None)):  # noqa: E711
        session.delete(old)  # one live code per person
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
    session.add(LinkCode(code_hash=hash_code(code), user_id=user.id,
                         expires_at=utcnow() + dt.timedelta(minutes=minutes)))
    return code


def redeem_link_code(session: Session, code: str, channel: str, external_id: str, chat_id: str) -> Redeemed:
    """Bind this channel identity to the user who asked for the code."""
    link, problem = _one_time(session, LinkCode, code)
    if problem:
        return Redeemed(problem=problem)
    user = session.get(User, link.user_id)
    session.add(Identity(user_id=user.id, channel=channel, external_id=external_id, chat_id=chat_id,
                         last_seen_at=utcnow()))
    link.used_at = utcnow()
    session.add(link)
    return Redeemed(user=user)


def find_user(session: Session, channel: str, external_id: str) -> Optional[User]:
    row = session.exec(
        select(User).join(Identity, Identity.user_id == User.id)
        .where(Identity.channel == channel, Identity.external_id == external_id)
    ).first()
    return row


@dataclass(frozen=True)
class CodeLimits:
    """How wrong codes slow a guesser down: `free` wrong codes, then a wait of `first_wait` after the
    next, doubling with each further one up to `max_wait`; a wrong code counts for `memory`."""

    free: int = 5
    first_wait: dt.timedelta = dt.timedelta(minutes=1)
    max_wait: dt.timedelta = dt.timedelta(hours=1)
    memory: dt.timedelta = dt.timedelta(days=1)

    def wait_after(self, failures: int) -> dt.timedelta:
        """The wait after this many wrong codes (zero below `free`)."""
        if failures < self.free:
            return dt.timedelta(0)
        seconds = self.first_wait.total_seconds() * 2.0 ** min(failures - self.free, 64)
        return dt.timedelta(seconds=min(seconds, self.max_wait.total_seconds()))


def record_code_failure(session: Session, channel: str, chat_id: str, sender_id: str = "",
                        at: Optional[dt.datetime] = None) -> None:
    session.add(CodeFailure(channel=channel, chat_id=chat_id, sender_id=sender_id or "", at=at or utcnow()))


def code_wait(session: Session, channel: str, chat_id: str, sender_id: str, now: dt.datetime,
              limits: CodeLimits) -> dt.timedelta:
    """How long this chat, and this account across all its chats, must still wait before a code is
    looked at; zero when it may try now. Only their own wrong codes count: a flood from other chats
    never holds back a stranger with a valid code."""
    wait = dt.timedelta(0)
    keys = [CodeFailure.chat_id == chat_id] + ([CodeFailure.sender_id == sender_id] if sender_id else [])
    for key in keys:
        count, last = session.exec(select(func.count(), func.max(CodeFailure.at)).where(
            CodeFailure.channel == channel, key, CodeFailure.at >= now - limits.memory)).one()
        if count and last is not None:
            if last.tzinfo is None:  # SQLite gives an aggregate back naive (stored in UTC)
                last = last.replace(tzinfo=dt.timezone.utc)
            wait = max(wait, last + limits.wait_after(count) - now)
    return wait


def members(session: Session, role: str, unit_id: Optional[int] = None) -> list[User]:
    """Users of a role (in one unit, or everywhere), oldest first."""
    query = select(User).where(User.role == role)
    if unit_id is not None:
        query = query.where(User.unit_id == unit_id)
    return list(session.exec(query.order_by(User.id)).all())


@dataclass(frozen=True)
class Contact:
    channel: str
    chat_id: str


def contacts(session: Session, user_ids: list[int], channels: Optional[list[str]] = None) -> dict[int, Contact]:
    """For each user, the channel and chat they wrote from last: where to reach them.

    `channels` limits it to the channels this process runs. Plain rows, not ORM
    objects: a national reminder looks up tens of thousands at once.
    """
    best: dict[int, tuple] = {}
    never = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    i = Identity
    for start in range(0, len(user_ids), 500):
        query = select(i.user_id, i.last_seen_at, i.id, i.channel, i.chat_id).where(
            i.user_id.in_(user_ids[start:start + 500]))
        if channels is not None:
            query = query.where(i.channel.in_(channels))
        for user_id, seen, identity_id, channel, chat_id in session.exec(query).all():
            rank = (seen or never, identity_id)
            if user_id not in best or rank > best[user_id][0]:
                best[user_id] = (rank, Contact(channel, chat_id))
    return {user_id: contact for user_id, (_, contact) in best.items()}


_USER_SEEN = update(User.__table__).where(User.__table__.c.id == bindparam("row")).values(
    last_active_at=bindparam("now"), unreachable_at=None)
_IDENTITY_SEEN = update(Identity.__table__).where(Identity.__table__.c.id == bindparam("row")).values(
    last_seen_at=bindparam("now"), chat_id=bindparam("chat_id"))


def note_seen(session: Session, identity: Identity, user: User, chat_id: str) -> None:
    """The person wrote, from `chat_id`: their last activity, the chat a notice goes to, and reachable
    again. Two UPDATEs written at once, the objects told so without being marked changed: a message's
    transaction flushes none of it again."""
    now = utcnow()
    session.execute(_USER_SEEN, {"row": user.id, "now": now})
    session.execute(_IDENTITY_SEEN, {"row": identity.id, "now": now, "chat_id": chat_id})
    for row, values in ((user, {"last_active_at": now, "unreachable_at": None}),
                        (identity, {"last_seen_at": now, "chat_id": chat_id})):
        for name, value in values.items():
            set_committed_value(row, name, value)


def mark_unreachable(session: Session, user_ids: list[int]) -> None:
    for user in session.exec(select(User).where(User.id.in_(user_ids))).all():
        user.unreachable_at = utcnow()
        session.add(user)
