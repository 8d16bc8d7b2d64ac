"""How replies read: joined into as few messages as make sense, and on a channel without buttons.

One place for it, so Zalo and the terminal show choices the same way and a
typed number or label (handled in the core) always matches what was shown.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Optional

from bot import texts
from bot.events import Reply


# A notice this short (a saved line, an error, a greeting) is joined to the reply after it;
# longer texts (a review in chunks) stay messages of their own. Joined texts stay within
# the smallest channel limit (Zalo's 2,000); Zalo's numbered choice lines come on top, so
# a very long question with a notice above it may still arrive in two parts there.
NOTICE_LIMIT = 400
JOIN_LIMIT = 2000
# One phone screen: a paged answer's every message fits in it, text and (on Zalo and in the terminal)
# its numbered choices together.
SCREEN_LIMIT = 600


def join_replies(replies: list[Reply]) -> list[Reply]:
    """Each short text-only notice joined above the reply after it: "✅ Saved" and the next question are one message.

    A clerk on a weak signal waits for one message per step, not two, and the bot
    sends half as many against Telegram's overall send limit. A file is never
    joined to (its text is a caption).
    """
    out: list[Reply] = []
    for reply in replies:
        before = out[-1] if out else None
        if (before is not None and _text_only(before) and utf16_len(before.text) <= NOTICE_LIMIT
                and reply.file is None and reply.text
                and utf16_len(before.text) + 2 + utf16_len(reply.text) <= JOIN_LIMIT):
            out[-1] = replace(reply, text=f"{before.text}\n\n{reply.text}")
        else:
            out.append(reply)
    return out


def _text_only(reply: Reply) -> bool:
    return bool(reply.text) and not reply.choices and reply.file is None


def render(reply: Reply, *, file_line: bool = True) -> str:
    """The reply as plain text, for a channel without buttons (Zalo, the terminal): its words for typing,
    numbered choices (`numbering`), or the labels one may type."""
    lines = [reply.text] if reply.text else []
    if reply.file is not None and file_line:
        lines.append(texts.FILE_ATTACHED.format(name=reply.file.filename, size=len(reply.file.data)))
    if reply.numbered:
        labels = [c.label for c in reply.choices]
        lines += [f"  {n}. {unnumbered(label)}" for n, label in zip(numbering(labels), labels)]
    elif reply.choices:
        lines.append(texts.TYPE_A_BUTTON.format(labels=" · ".join(c.label for c in reply.choices)))
    return texts.worded("\n".join(lines), buttons=False)


# A label that carries its own number: "3. Doanh nghiệp ✅", "21. Lò Văn Minh".
_OWN_NUMBER = re.compile(r"^(\d{1,4})\. ")


def numbering(labels: list[str]) -> list[int]:
    """The number each choice of a list is typed as, and shown with where there are no buttons: ONE
    numbering for the text and the menu. A label that carries its own number ("3. Doanh nghiệp") keeps
    it, so the sections of the overview or the rows of a list's second page read the same everywhere;
    the other choices follow the highest of those ("12. ▶️ Nhập tiếp"), or are 1, 2, 3… when none has one."""
    own = [own_number(label) for label in labels]
    given = [n for n in own if n is not None]
    if len(set(given)) != len(given):  # the same number twice cannot be typed: plain order instead
        own, given = [None] * len(labels), []
    following = max(given, default=0)
    numbers = []
    for n in own:
        if n is None:
            following += 1
            n = following
        numbers.append(n)
    return numbers


def own_number(label: str) -> Optional[int]:
    match = _OWN_NUMBER.match(label)
    return int(match.group(1)) if match else None


def unnumbered(label: str) -> str:
    return _OWN_NUMBER.sub("", label, count=1)


def utf16_len(text: str) -> int:
    """Length as Zalo (and Telegram) count it: emoji outside the BMP count twice."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, length: Callable[[str], int] = len) -> list[str]:
    """Pieces of at most `limit`, cut at line ends, never inside a line that fits, a word or a number.

    Lines are packed greedily; a piece ends at its last blank line when that keeps at least half of
    it (a heading stays with its lines). A line longer than `limit` is cut at spaces; only a single
    word longer than `limit` is cut inside. `length` is the channel's measure (Telegram and Zalo
    count UTF-16 units: `utf16_len`); it must add up over concatenation, as both do.
    """
    pieces: list[str] = []
    lines: list[str] = []
    size = -1  # length of "\n".join(lines)
    for line in text.split("\n"):
        for part in _fit(line, limit, length):
            grown = size + 1 + length(part)
            if lines and grown > limit:
                cut = _paragraph_end(lines)
                pieces.append("\n".join(lines[:cut]))
                lines = lines[cut:]
                while lines and not lines[0].strip():
                    lines.pop(0)
                size = length("\n".join(lines)) if lines else -1
                grown = size + 1 + length(part)
            lines.append(part)
            size = grown
    pieces.append("\n".join(lines))
    return [p for p in pieces if p.strip()] or [text[:limit]]


def _paragraph_end(lines: list[str]) -> int:
    """Where to end a piece: after its last paragraph (a blank line) in its second half, else after all of it."""
    for i in range(len(lines) - 1, len(lines) // 2 - 1, -1):
        if i > 0 and not lines[i].strip():
            return i
    return len(lines)


def _fit(line: str, limit: int, length: Callable[[str], int]) -> list[str]:
    """A line as parts of at most `limit`, cut at the last space that fits (inside a word only if it is longer)."""
    parts = []
    while length(line) > limit:
        end = limit
        while end > 0 and length(line[:end]) > limit:  # characters outside the BMP count double
            end -= 1
        space = line.rfind(" ", 0, end + 1)
        if space > 0:
            parts.append(line[:space].rstrip())
            line = line[space + 1:].lstrip()
        else:  # one word longer than a message: nothing else to do
            parts.append(line[:end])
            line = line[end:]
    parts.append(line)
    return parts
