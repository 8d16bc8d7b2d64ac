"""Text made safe for a file: whatever a person sent, a writer never fails on it.

openpyxl refuses C0 controls (IllegalCharacterError) and python-docx refuses them too (ValueError); C1
controls and DEL are invisible junk in an official's file; bidi overrides and isolates make a name read
backwards ("ds\\u202egpj.xlsx"); a lone surrogate cannot be encoded at all. `printable` drops them all
(keeping tab and line break) in one pass, at the moment a file is written.
"""

from __future__ import annotations

# Dropped from every text written to a file (str.translate: one pass, C speed).
_DROP = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0),
                       *range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF])


def printable(text: str) -> str:
    """`text` without the characters a file must not hold (see the module's docstring); "\\r\\n" is "\\n"."""
    if text.isprintable():  # nearly every text: nothing to drop
        return text
    return text.replace("\r\n", "\n").translate(_DROP)
