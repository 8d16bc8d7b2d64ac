"""The officials' pages in a real browser: Debian's Chromium, headless, opens the link /web gave and we
read the page as it drew it (its DOM): the figures /tonghop gives, a table of every unit, one unit's
report; a tampered link draws the refusal. Skipped, saying why, where /usr/bin/chromium is absent
(`.ci/run` installs it)."""

from __future__ import annotations

import asyncio
import html
import re
import tempfile
from pathlib import Path

import pytest

from bot import texts
from tests.stories.test_web import SEED_FIGURES, clock, official_link, pages, settings  # noqa: F401 - fixtures

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="no /usr/bin/chromium here (apt-get install chromium; .ci/run does)")


async def browse(url: str) -> str:
    """The page's DOM once Chromium has loaded it (no JavaScript on these pages: the DOM is what is drawn)."""
    with tempfile.TemporaryDirectory(prefix="web-browser-") as profile:
        proc = await asyncio.create_subprocess_exec(
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
            "--dump-dom", url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
        out, _ = await asyncio.wait_for(proc.communicate(), timeout=90)
    return out.decode()


def text_of(dom: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", dom)))


async def test_an_official_reads_the_district_in_a_browser_and_a_tampered_link_is_refused(bot):
    _official, link = await official_link(bot)
    async with pages(bot) as client:
        root = str(client.base_url).rstrip("/")
        home, progress, unit = await asyncio.gather(browse(root + link), browse(root + link + "tiendo"),
                                                    browse(root + link + "xa/quai-nua"))
        token = link.split("/")[2]
        forged = token[:-4] + ("0000" if token[-4:] != "0000" else "ffff")  # the signature's end, changed
        tampered = await browse(root + link.replace(token, forged) + "tiendo")
    seen = text_of(home)
    assert all(figure in seen for figure in SEED_FIGURES), seen
    assert '<link rel="stylesheet"' in home and "<script" not in home
    rows = re.findall(r"<tr>", progress.split("<tbody>")[1])
    assert len(rows) == 19 and "thị trấn Tuần Giáo" in text_of(progress)
    assert "Tình trạng: đã gửi" in text_of(unit) and "Trường Mầm non Quài Nưa" in text_of(unit)
    assert texts.WEB_FORBIDDEN_TITLE in text_of(tampered) and "Quài" not in tampered
