"""Which question a typed answer belongs to, when the newest question may not be on the person's screen.

The chat remembers the questions it was surely shown (their replies acknowledged: ChatState.shown);
the outbox knows, for each newer reply, whether it is known not delivered or may have arrived
unacknowledged (storage/outbox.py `doubtful_replies`). The rules:

- the newest question seen for sure: the answer is for it (the usual case, nothing read);
- newer questions all known not delivered (or delivered after the answer was typed): the answer
  belongs to the last question seen for sure;
- a newer question whose delivery is unknown counts as seen, unless the answer fits the older
  question at least as well as it fits the newer: then the person is asked which one they meant
  (`Ask`), once, and the answer is stored only after the tap. A number typed where the older
  question wants free text and the newer a number is the newer's: its type is the evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from sqlmodel import Session

from bot.events import Incoming
from handlers.registry import Reading
from storage import outbox
from storage.models import ChatState

# Where the provider did not date a delivery, ours is compared with the provider's date of the person's
# message: a question delivered up to this long after it still counts as seen (the clocks may differ a
# little, and a doubt must never move an answer back onto an older question).
SEEN_MARGIN = dt.timedelta(seconds=2)
DOUBT_VALUE = "doubt:"  # the buttons of the question "which one was it for?": doubt:0 (older), doubt:1


@dataclass(frozen=True)
class Ask:
    """Ask which question the answer was for: `readings` are the two states (older, newer) with their
    names (`labels`); the chat stays on the newer one meanwhile."""

    readings: tuple[dict, dict]
    labels: tuple[str, str]


Placement = Union[None, dict, Ask]  # None: the chat's newest question; a dict: the state to go back to
ReadAs = Callable[[dict, str], Optional[Reading]]  # how a state's flow reads a text (None: it cannot say)


def place(session: Session, event: Incoming, chat: ChatState,
          read: ReadAs, may_ask: bool = True) -> Placement:
    """Where a typed answer goes (see the module's rules). `read(state, text)` is how the flow of a
    state reads the text (None: it cannot say); `may_ask` False right after the bot asked once."""
    text = (event.text or "").strip()
    if not chat.shown or event.edited or event.choice is not None or not text or text.startswith("/"):
        return None
    seen = [shown for shown in chat.shown if on_screen_before(shown, event)]
    if not seen or seen[-1]["version"] == chat.version:
        return None
    surely = seen[-1]
    doubts = [d for d in outbox.doubtful_replies(session, event.channel, event.chat_id, surely["version"])
              if could_have_arrived(d.attempted_at, event)]
    if not doubts:  # every newer question known not delivered when this was typed
        return surely
    newest = doubts[-1]
    newer = {**newest.shows, "version": newest.version}
    target = None if newest.version == chat.version else newer
    if not may_ask:
        return target
    older_reading, newer_reading = read(surely, text), read(newer, text)
    if older_reading is None or newer_reading is None or older_reading.key == newer_reading.key:
        return target
    if older_reading.fit >= newer_reading.fit > 0:  # fits both, the older at least as well: ask
        return Ask((surely, newer), (older_reading.label, newer_reading.label))
    return target  # fits the newer better, or only one of them: the newer counts as seen


def on_screen_before(shown: dict, event: Incoming) -> bool:
    """Whether a question delivered to the chat could have been on the person's screen when they typed.

    By the provider's numbers where the chat numbers both sides' messages in one sequence (Telegram):
    exact. Else not if the bot had the message before the question's send began (our clock). Else both
    times by the provider's clock where it gave one (Telegram's and Zalo's dates are whole seconds:
    the same second counts as seen). Else our clock against theirs, with a margin for the difference:
    a doubt counts as seen, so an answer is never moved back onto an older question on a guess."""
    if event.message_seq is not None and shown.get("provider_seq") is not None:
        return event.message_seq > shown["provider_seq"]
    if event.received_at and shown.get("sent_from") and event.received_at < dt.datetime.fromisoformat(
            shown["sent_from"]):
        return False
    typed_at = event.sent_at
    if typed_at is None:
        return True
    if shown.get("provider_at"):
        return dt.datetime.fromisoformat(shown["provider_at"]).replace(microsecond=0) <= typed_at
    return dt.datetime.fromisoformat(shown["at"]) <= typed_at + SEEN_MARGIN


def could_have_arrived(attempted_at: dt.datetime, event: Incoming) -> bool:
    """A send attempted before the bot had the message (by our clock), and before the person typed it
    (by the provider's, with the margin)."""
    if event.received_at and event.received_at < attempted_at:
        return False
    return event.sent_at is None or attempted_at <= event.sent_at + SEEN_MARGIN


def picked_reading(choice: Optional[str], version_prefix: str, held: Optional[dict[str, Any]]) -> Optional[int]:
    """The reading a tap (or a typed 1/2) chose on the question "which one was it for?", if it was that."""
    if not held or not choice or not choice.startswith(version_prefix + DOUBT_VALUE):
        return None
    index = choice[len(version_prefix + DOUBT_VALUE):]
    return int(index) if index in ("0", "1") else None
