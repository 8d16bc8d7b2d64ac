"""Files offered as download links (Zalo bots cannot send documents).

The file is kept in the database, so any instance of the bot can serve the
link, and it is forgotten once the link has expired.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Optional

from sqlalchemy import delete
from sqlmodel import Session, select

from storage.models import Download, utcnow


def store_download(session: Session, filename: str, data: bytes, hours: int) -> Download:
    session.execute(delete(Download).where(Download.expires_at < utcnow()))
    row = Download(token=secrets.token_urlsafe(16), filename=filename, data=data,
                   expires_at=utcnow() + dt.timedelta(hours=hours))
    session.add(row)
    session.flush()
    return row


def find_download(session: Session, token: str) -> Optional[Download]:
    row = session.exec(select(Download).where(Download.token == token)).first()
    return row if row is not None and row.expires_at >= utcnow() else None
