"""The Word report and the council's decision, printed as an office prints them: rendered to PDF by LibreOffice.

An official reads the demo district's compiled report and the chairman's draft decision page by page. Each file
is converted to PDF with LibreOffice (as a Văn phòng would print it); the test reads the pages back with poppler
(`pdftotext`) and checks what a person would see: as many pages as such a document has, every line of the Word
text on a page, and no word running past the page's printed area (a table column too narrow, a long line cut).
Without LibreOffice or poppler installed the test is skipped and says which is missing
(`apt-get install libreoffice-writer poppler-utils`).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from bot.documents import council
from bot.documents.report_docx import write_docx
from storage import deliberation, reports
from storage.db import transaction
from storage.people import find_units
from storage.figures import Scope
from storage.summary import compile_summary
from tests.stories.test_demo import TODAY, open_demo

TOOLS = {"soffice": "LibreOffice (libreoffice-writer)", "pdftotext": "poppler-utils", "pdfinfo": "poppler-utils"}
MISSING = [f"{tool} ({package})" for tool, package in TOOLS.items() if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)}; the rendering "
                                                      f"check needs apt-get install libreoffice-writer poppler-utils")
PT_PER_MM = 72 / 25.4
EDGE_MM = 5  # a word nearer the paper's edge than this is past the margins (left 30, right 15 mm; header 10 mm)


def render(files: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """Each Word file as LibreOffice prints it (one converter for all: it starts once)."""
    for name, data in files.items():
        (folder / name).write_bytes(data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                    "pdf", "--outdir", str(folder)] + [str(folder / name) for name in files],
                   check=True, capture_output=True, timeout=180)
    return {name: folder / (Path(name).stem + ".pdf") for name in files}


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def printed_words(pdf: Path) -> list[tuple[int, float, float, tuple[float, ...], str]]:
    """Every word on the pages: (page, page width, page height, its box, the word)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    out = []
    for n, page in enumerate(ElementTree.fromstring(html).iter("page"), 1):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iter("word"):
            box = tuple(float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
            out.append((n, width, height, box, word.text or ""))
    return out


def words_outside(pdf: Path) -> list[str]:
    """Words whose box leaves the paper's printed area (the margins less EDGE_MM): a line cut at the edge."""
    edge = EDGE_MM * PT_PER_MM
    return [f"page {n}: {text!r}" for n, width, height, (x0, y0, x1, y1), text in printed_words(pdf)
            if x0 < edge or y0 < edge or x1 > width - edge or y1 > height - edge]


def words_missing(data: bytes, pdf: Path) -> list[str]:
    """Words of the Word file's paragraphs and cells that the printed pages do not hold (as many times as the file
    has them): a line cut off, a cell too small for its text."""
    words = [text for *_, text in printed_words(pdf)]
    # A word the line broke after a hyphen or a slash ("1868/QĐ-" "UBND") is one word of the Word text.
    joined = [a + b for a, b in zip(words, words[1:]) if a.endswith(("-", "/"))]
    printed = Counter(words + joined)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    cells = {cell._tc: cell for table in document.tables for row in table.rows for cell in row.cells}  # merged: once
    texts += [p.text for cell in cells.values() for p in cell.paragraphs]
    return sorted((Counter(w for t in texts for w in t.split()) - printed).elements())


async def test_the_report_and_the_decision_print_whole_on_a4(bot, tmp_path):
    open_demo(bot)
    with transaction(bot.engine) as session:
        round_ = reports.round_by_code(session, "tongket-2020")
        district = find_units(session, "tuan-giao")[0]
        report = write_docx(compile_summary(session, round_, TODAY, district.id))
        papers = deliberation.papers(Scope(session, round_, TODAY.tzinfo, district.id), district)
        decision = council.decision_docx(papers)
    files = {"bao-cao.docx": report, "quyet-dinh.docx": decision}
    pdfs = render(files, tmp_path)

    assert 5 <= pages(pdfs["bao-cao.docx"]) <= 12  # the seed's report is 12 pages of running text
    assert pages(pdfs["quyet-dinh.docx"]) <= 4  # a decision and its annex
    for name, data in files.items():
        assert words_missing(data, pdfs[name]) == [], name
        assert words_outside(pdfs[name]) == [], name
