"""The files page: the summary's files (as /tonghop sends them) and the council's drafts (as /binhxet's),
each made when asked for and handed over through the signed download links (bot/web.py)."""

from __future__ import annotations

from typing import Optional

from bot import texts
from bot.events import OutFile
from bot.web_pages.html import Safe, join, link, tag
from bot.web_pages.pages import View
from storage import deliberation
from storage.summary import compile_summary

SUMMARY_FILES = ("word", "proposals", "workbook")  # in summary_files' order, the proposals only when any
COUNCIL_FILES = {"decision": "decision", "submission": "submission", "council": "workbook"}  # ours: council.files'


def available(view: View) -> list[str]:
    """Which files this scope has now: the proposals when units proposed anyone, the council's decision
    when it passed anyone, its submission when it sent anyone up."""
    outcomes = deliberation.outcomes(view.scope)  # the council's decisions on the nominees (not their rules)
    return (["word"] + (["proposals"] if outcomes else []) + ["workbook"]
            + (["decision"] if deliberation.PASSED in outcomes else [])
            + (["submission"] if deliberation.SENT_UP in outcomes else []) + ["council"])


def files_page(view: View, hours: int) -> Safe:
    items = [tag("li", link(view.href(f"tep/{kind}"), texts.WEB_FILES[kind])) for kind in available(view)]
    return join([tag("ul", join(items)), tag("p", texts.WEB_FILES_NOTE.format(hours=hours), "note")])


def make(view: View, kind: str) -> Optional[OutFile]:
    """The file of that kind with the figures of now; None when the scope has none (no proposals…)."""
    if kind in SUMMARY_FILES:
        from bot.documents import report_docx, report_xlsx
        from bot.documents.summary import summary_files

        code = view.round.code
        name = {"word": report_docx.report_filename(code), "proposals": report_docx.proposals_filename(code),
                "workbook": report_xlsx.filename(code)}[kind]
        summary = compile_summary(view.session, view.round, view.now, view.unit.id)
        return next((f for f in summary_files(summary) if f.filename == name), None)
    from bot.documents import council

    papers = deliberation.papers(view.scope, view.unit)
    found = council.files(papers, view.now).get(COUNCIL_FILES[kind])
    return OutFile(found[0], found[1]) if found else None

