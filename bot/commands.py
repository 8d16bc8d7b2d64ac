"""The chat's commands, by name: one home for each string a person types or a button carries.

A handler module exports the commands it answers (`COMMANDS`, rows of handlers.registry.Command,
gathered in main.py's table); a button, a reminder or a text that points at a command uses the
name from here, so a renamed command cannot leave a button behind. tests/test_handler_table.py
checks that every name here is answered and that no module types one out.
"""

from __future__ import annotations

# Everyone
START = "/start"
HELP = "/help"
CANCEL = "/huy"
LINK = "/lienket"
# Clerks
REPORT = "/baocao"
STATUS = "/trangthai"
NOMINATIONS = "/khenthuong"
ROLE_MODELS = "/dienhinh"
LIST_FILES = "/excel"
OUTCOME = "/ketqua"
# Officials
PROGRESS = "/tiendo"
UNIT_VIEW = "/xa"
INDICATOR = "/chitieu"
AWARD_TOTALS = "/tongkhenthuong"
DISTRICT_NOMINEES = "/dexuat"
LATE = "/chuanop"
SUMMARY = "/tonghop"
LAST_YEAR = "/namtruoc"
APPROVE = "/pheduyet"
RETURN = "/tralai"
REVIEW_QUEUE = "/duyet"
HISTORY = "/lichsu"
DELIBERATE = "/binhxet"
WEB = "/web"
RECORDS = "/hoso"
# Administrators
UNLOCK = "/mokhoa"
ROUNDS = "/kybaocao"

ALL = frozenset(value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str))


def name_of(value: str) -> str:
    """The command a typed line or a button's value starts with ("/xa quai-nua" → "/xa"), or ""."""
    head = value.partition(" ")[0]
    return head.split("@")[0].lower() if head.startswith("/") else ""
