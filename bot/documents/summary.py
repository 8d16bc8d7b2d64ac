"""The files of a compiled summary, and the summary as chat replies.

`summary_files` is the one place that knows which files a summary has (the Word draft, the proposal
list when units proposed anyone, the workbook, and on request the progress chart): `/tonghop`, the
scheduled delivery to officials and `main.py summary` all take them from here.
"""

from __future__ import annotations

from bot import texts
from bot.events import OutFile, Reply
from storage.summary import Summary


def summary_files(summary: Summary, *, chart: bool = False) -> list[OutFile]:
    """The Word draft, the proposal list (only when units proposed anyone), the workbook, and the
    progress chart when `chart` (the chat shows progress on /tiendo instead)."""
    from bot.documents import report_docx, report_xlsx  # python-docx and openpyxl load slowly: only here

    code, name = summary.round.code, summary.round.name
    files = [OutFile(report_docx.report_filename(code), report_docx.write_docx(summary),
                     texts.DOC_CAPTION.format(round=name))]
    proposals = report_docx.write_proposals_docx(summary)
    if proposals is not None:
        files.append(OutFile(report_docx.proposals_filename(code), proposals,
                             texts.DOC_PROPOSALS_CAPTION.format(round=name)))
    files.append(OutFile(report_xlsx.filename(code), report_xlsx.write_xlsx(summary),
                         texts.XLSX_CAPTION.format(round=name)))
    if chart:
        from bot.documents.chart import chart_file

        files.append(chart_file(summary.progress, code, name))
    return files


def summary_replies(summary: Summary) -> list[Reply]:
    """The compiled summary as chat messages: the key figures, then its files.

    The same for /tonghop and for the scheduled delivery to officials.
    """
    from bot.documents.chat import chat_messages

    return [Reply(text) for text in chat_messages(summary)] + [Reply("", file=f) for f in summary_files(summary)]
