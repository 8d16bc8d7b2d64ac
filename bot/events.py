"""Channel-neutral messages: what a handler receives and what it returns.

Adapters (Telegram, Zalo, the terminal) turn their own updates into an
`Incoming` and render each `Reply`; nothing else about a channel leaks in.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional, Protocol


@dataclass(frozen=True)
class InDocument:
    """A file the person sent as a document (Telegram): the adapter fetches its bytes before the core
    sees it, unless it is over UPLOAD_MAX_MB (`data` None, `size` says how big) or could not be fetched
    (`failed`)."""

    filename: str
    size: int  # bytes, as the provider says (0: it did not say)
    file_id: str = ""  # the provider's handle, for fetching it
    mime_type: str = ""
    data: Optional[bytes] = field(default=None, repr=False)
    failed: bool = False  # the download failed: the person is asked to send it again


@dataclass(frozen=True)
class Incoming:
    channel: str  # "telegram" | "zalo" | "console"
    chat_id: str
    sender_id: str
    sender_name: str = ""
    text: Optional[str] = None  # what the person typed
    choice: Optional[str] = None  # the value of a pressed button
    has_attachment: bool = False  # a sticker, photo, file... (not understood)
    update_key: Optional[str] = None  # unique per delivery, for de-duplication
    # When the person sent it, by the provider's clock (None: unknown). An answer sent before the
    # current question reached the chat belongs to the question the person was looking at.
    sent_at: Optional[dt.datetime] = None
    # When the bot took it from the provider, by our clock (None: unknown). Taken before a question's
    # send even began, it was typed before that question could be on the screen, whatever the second.
    received_at: Optional[dt.datetime] = None
    # The provider's number of the message where a chat numbers both sides' messages in one sequence
    # (a Telegram private chat): typed before a question if its number is lower, to the message.
    message_seq: Optional[int] = None
    edited: bool = False  # the person edited an earlier message; `text` is its new text
    document: Optional[InDocument] = None  # a file sent as a document (a list filled on a computer)
    # Whether this chat can send the bot a document at all (Telegram: yes; Zalo, the terminal: no);
    # set by the channel (BaseChannel.takes_files), so the core says where to send a file.
    can_send_files: bool = False


@dataclass(frozen=True)
class Choice:
    label: str
    value: str


@dataclass(frozen=True)
class OutFile:
    filename: str
    data: bytes
    caption: str = ""
    is_image: bool = False


@dataclass
class Reply:
    text: str
    choices: list[Choice] = field(default_factory=list)
    file: Optional[OutFile] = None
    columns: int = 1  # buttons per row where the channel has buttons
    # Without buttons, choices are shown numbered and a typed number picks
    # one. Not when the question itself takes a typed number as its answer.
    numbered: bool = True
    # Where it waits in the outbox: (row id, its place in the row), until the channel takes it.
    outbox: Optional[tuple[int, int]] = field(default=None, compare=False, repr=False)

    def to_message(self) -> dict[str, Any]:
        """As plain JSON data, for the outbox."""
        message: dict[str, Any] = {"text": self.text, "choices": [[c.label, c.value] for c in self.choices],
                                   "columns": self.columns, "numbered": self.numbered}
        if self.file is not None:
            message["file"] = {"filename": self.file.filename, "caption": self.file.caption,
                               "is_image": self.file.is_image, "data": base64.b64encode(self.file.data).decode()}
        return message

    @classmethod
    def from_message(cls, message: dict[str, Any], outbox: Optional[tuple[int, int]] = None) -> "Reply":
        file = message.get("file")
        return cls(text=message.get("text", ""), choices=[Choice(label, value) for label, value in message.get("choices", [])],
                   file=OutFile(file["filename"], base64.b64decode(file["data"]), file.get("caption", ""),
                                bool(file.get("is_image"))) if file else None,
                   columns=message.get("columns", 1), numbered=message.get("numbered", True), outbox=outbox)


@dataclass
class Notice:
    """A message to a person other than the one writing (a review's outcome to a clerk).

    Collected while an event is handled and delivered only after its commit, through
    the dispatcher's outbox. Its buttons must be commands ("/baocao"): they are not
    tied to the recipient's conversation state.
    """

    user_id: int
    replies: list[Reply]


@dataclass(frozen=True)
class Taken:
    """What a provider said when it took a message: its date (by its clock) and, where the chat numbers
    both sides' messages in one sequence (Telegram), the message's number."""

    at: Optional[dt.datetime] = None
    seq: Optional[int] = None


def taken(result: "Taken | dt.datetime | None") -> Optional[Taken]:
    """A sender's answer as a `Taken` (a channel may return only the date, or nothing)."""
    return Taken(at=result) if isinstance(result, dt.datetime) else result


class Unreachable(Exception):
    """The channel refused delivery for good (the person blocked the bot)."""


class Refused(Exception):
    """The provider answered that it did not take the message (a 400, a 429, Zalo's error, a
    connection never made): known not delivered, unlike a time-out or a crash, after which it may
    have arrived. Tried again later like any failure."""


class Sender(Protocol):
    """Outbound delivery: the scheduler decides when and what, an adapter delivers.

    Raises `Unreachable` when the person cannot be reached on that channel;
    other exceptions are temporary failures (the message may be retried).
    """

    async def send(self, channel: str, chat_id: str, reply: Reply) -> "Taken | dt.datetime | None":
        """Returns when the provider took the message, by its own clock, and its number where it says
        (a `Taken`, or only the date; else None)."""
        ...


class Senders:
    """The `Sender` of each channel, behind one `Sender`: a message goes out where the person wrote last."""

    def __init__(self, senders: dict[str, Sender]):
        self.senders = senders

    @property
    def channels(self) -> list[str]:
        return list(self.senders)

    def add(self, channel: str, sender: Sender) -> None:
        """A channel's sender, once the channel is made (it is made with the outbox that sends through this)."""
        self.senders[channel] = sender

    async def send(self, channel: str, chat_id: str, reply: Reply) -> "Taken | dt.datetime | None":
        sender = self.senders.get(channel)
        if sender is None:  # that channel is not running now: a temporary failure, retried later
            raise LookupError(f"no sender for channel {channel}")
        return await sender.send(channel, chat_id, reply)
