"""The real entry point: `python main.py run`, with a token and without one."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from bot.channels.console import DELIVERY, ConsoleChat
from main import prepare
from storage.db import transaction
from storage.models import Report, User
from tests.conftest import ROOT, BotProcess, Phone, ZaloPhone, make_settings
from tests.harness import cli


async def test_main_run_serves_telegram_and_zalo_by_long_polling(fake, zalo, subprocess_env):
    env = subprocess_env | {"ZALO_BOT_TOKEN": zalo.token, "ZALO_API_BASE_URL": zalo.root, "ZALO_POLL_TIMEOUT": "1"}
    bot = await BotProcess(fake, env).start()
    try:
        # Zalo runs alongside Telegram, with the same conversation.
        [on_zalo] = await ZaloPhone(zalo, "z701", "Lò Văn Hai").send("/start")
        assert "mã mời" in on_zalo.text
        phone = Phone(fake, 701, "Lò Văn Thật")
        [welcome] = await phone.send("/start")
        assert "mã mời" in welcome.text
        invited = await asyncio.to_thread(cli, subprocess_env, "invite", "--unit", "Quai Nua", "--role", "clerk")
        code = invited.stdout.strip().splitlines()[-1]
        [menu] = await phone.send(code)  # the greeting above the menu, one message
        assert menu.text.startswith("✅ Đăng ký thành công") and "📝 Báo cáo" in menu.button_texts
        await phone.press("📝 Báo cáo")
        assert "Nông thôn mới · câu 1/6" in phone.last.text
        # The pressed message is left as it was: an edit would take a send of Telegram's 30 a second.
        assert fake.message(701, menu.message_id).edit_count == 0 and not fake.calls_of("editMessageText")
    finally:
        assert bot.terminate() == 0
    output = bot.output()
    assert "bot running: telegram, zalo" in output and "time zone Asia/Ho_Chi_Minh" in output
    with transaction(prepare(make_settings(subprocess_env["DATABASE_URL"])).engine) as session:
        # A bot with a token never loads the demo district: only the clerk's own draft is there.
        assert [r.status for r in session.exec(select(Report)).all()] == ["draft"]
    assert fake.token not in output and zalo.token not in output  # no token in the logs


def terminal_demo(env: dict[str, str], script: str) -> str:
    result = subprocess.run([sys.executable, "main.py", "run"], cwd=ROOT, env=env, input=script,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_in_the_terminal_demo_web_opens_the_officials_pages_with_tonghops_figures(subprocess_env):
    """Issue 29's «done»: /web as the demo's official gives a link the demo itself serves (pages beside
    the chat), and the page says what /tonghop says."""
    import httpx

    proc = subprocess.Popen([sys.executable, "main.py", "run"], cwd=ROOT, env=subprocess_env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        proc.stdin.write("2\n/web\n")
        proc.stdin.flush()
        url = next(line.strip() for line in proc.stdout if line.startswith("http://") and "/web/" in line)
        page = httpx.get(url, timeout=60).text
        assert "Đã gửi 19/19 (19 đúng hạn) — trong đó 11 đã duyệt" in page and "bình quân 13,6" in page
        assert "87 tập thể, 1.940 cá nhân" in page and "<10: 2 xã (Pú Xi, Ta Ma)" in page.replace("&lt;", "<")
        proc.stdin.write(":thoat\n")
        proc.stdin.flush()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()


def test_without_a_token_the_terminal_chat_opens_on_the_demo(subprocess_env):
    out = terminal_demo(subprocess_env, "1\n1\nHộ ông Lò Văn Xôm nuôi cá lồng.\n:thoat\n")
    assert "19/19 đơn vị đã nộp báo cáo" in out and "📅 Bản demo dời ngày của kỳ này" in out
    assert "Cán bộ xã Quài Nưa" in out and "Đăng ký thành công" in out
    assert "  1. 📝 Báo cáo" in out and "Gõ 1 để bắt đầu" in out  # buttons as numbered lines, said so
    assert "còn 5 ngày" in out and "quá hạn" not in out  # a deadline ahead
    assert "Giảm nghèo · câu 4/4\nGhi chú, mô hình giảm nghèo tiêu biểu (nếu có)" in out  # a note left open
    assert "✅ Đã lưu «Ghi chú, mô hình giảm nghèo tiêu biểu (nếu có)»: Hộ ông Lò Văn Xôm nuôi cá lồng." in out
    assert "Tạm biệt" in out


def test_the_terminal_demo_shows_an_official_the_seed_figures_and_writes_the_files(subprocess_env, tmp_path):
    out = terminal_demo(subprocess_env, "2\n/tonghop\n:thoat\n")
    assert "Đã gửi 19/19 (19 đúng hạn) — trong đó 11 đã duyệt" in out
    assert "≥15 tiêu chí: 9 xã" in out and "<10: 2 xã (Pú Xi, Ta Ma)" in out and "bình quân 13,6" in out
    assert "37.554,5 tấn, đạt 100,1% KH" in out and "98.000 con, đạt 99,6% KH" in out
    assert "1.940 cá nhân" in out and "978 tập thể, 932 cá nhân" in out
    saved = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("📎 Đã ghi tệp: ")]
    assert sorted(Path(p).name for p in saved) == ["de-nghi-khen-thuong-tongket-2020.docx", "so-lieu-tongket-2020.xlsx",
                                                   "tong-hop-tongket-2020.docx"]
    assert all(Path(p).parent == tmp_path / "files" and Path(p).stat().st_size > 1000 for p in saved)


def test_the_demo_stays_in_its_own_database(subprocess_env, database_url):
    """The terminal demo and `demo reset` fill DEMO_DATABASE_URL; the bot's DATABASE_URL gets nothing."""
    terminal_demo(subprocess_env, ":thoat\n")
    reset = cli(subprocess_env, "demo", "reset")
    assert reset.returncode == 0, reset.stderr
    assert "Đã nạp lại dữ liệu mẫu vào sqlite:///" in reset.stdout and "19/19" in reset.stdout
    bot = prepare(make_settings(database_url))
    with transaction(bot.engine) as session:
        assert session.exec(select(Report)).all() == [] and session.exec(select(User)).all() == []

    same = subprocess_env | {"DEMO_DATABASE_URL": database_url}
    for args in (["run"], ["demo", "reset"]):
        refused = cli(same, *args, input=":thoat\n")
        assert refused.returncode == 2 and "DEMO_DATABASE_URL trùng DATABASE_URL" in refused.stderr


def chat_in_terminal(dispatcher, typed: list[str]) -> str:
    """What the terminal chat prints while these lines are typed in."""
    lines, output = iter(typed), io.StringIO()
    ConsoleChat(dispatcher, read=lambda: next(lines, None), out=output).run()
    return output.getvalue()


def test_terminal_chat_as_official_then_switching_role(database_url):
    dispatcher = prepare(make_settings(database_url), **DELIVERY)
    out = chat_in_terminal(dispatcher, ["2", "/baocao", ":vai", "1", "/trangthai", ":thoat"])
    assert "cán bộ huyện của huyện Tuần Giáo" in out
    assert "Tỷ lệ hộ nghèo cuối năm của toàn huyện (ước)" in out  # an official's /baocao: the district's own
    as_official = out[out.index("cán bộ huyện của huyện Tuần Giáo"):out.index("cán bộ xã của xã Quài Nưa")]
    assert "Tỷ lệ hộ nghèo cuối năm của toàn huyện" in as_official and "nông thôn mới" not in as_official
    assert "cán bộ xã của xã Quài Nưa" in out
    assert "Bạn chưa bắt đầu báo cáo kỳ này" in out


def test_terminal_official_turns_the_pages_of_a_list_by_typing_numbers(database_url):
    """Pages of one screen: in the terminal (as on Zalo) the page buttons are numbered lines."""
    from types import SimpleNamespace

    from tests.stories.test_nominations import seed
    from tests.stories.test_officials import answers, put_report

    dispatcher = prepare(make_settings(database_url), **DELIVERY)
    put_report(dispatcher.engine, "Mường Thín", answers("Mường Thín"))
    seed(SimpleNamespace(engine=dispatcher.engine), "LDTT", [f"Quàng Văn Số {n}" for n in range(1, 31)], unit="Mường Thín")
    # Page 1 offers 1. ▶️ Trang sau; page 2 offers 1. ◀️ Trang trước 2. ▶️ Trang sau.
    out = chat_in_terminal(dispatcher, ["2", "/dexuat LDTT", "1", "2", "1", ":thoat"])
    pages = [line for line in out.splitlines() if line.startswith("Trang ")]
    assert pages == ["Trang 1/4.", "Trang 2/4.", "Trang 3/4.", "Trang 2/4."]
    assert "1. Quàng Văn Số 1 (cá nhân), Giáo viên — Mường Thín" in out and "  2. ▶️ Trang sau" in out


def test_terminal_chat_prints_a_notice_to_another_person(database_url):
    """One terminal, several demo people: a review's outcome for the clerk is printed with their name."""
    from tests.stories.test_officials import answers, put_report

    dispatcher = prepare(make_settings(database_url), **DELIVERY)
    put_report(dispatcher.engine, "Quài Nưa", answers("Quài Nưa"))
    out = chat_in_terminal(dispatcher, ["2", "/xa quai nua", "Duyệt", ":thoat"])
    assert "Đã duyệt báo cáo của xã Quài Nưa" in out
    assert "📨 Tin nhắn bot gửi tới Cán bộ Quài Nưa:" in out and "đã được duyệt" in out


def test_terminal_chat_holds_only_its_notices(database_url):
    """The terminal prints notices; a reminder waiting in the outbox for Telegram is not its to hold:
    the outbox's sweeper (of a bot run on the same database) can still take it at once."""
    import datetime as dt

    from storage import outbox
    from storage.db import transaction
    from storage.models import Delivery, utcnow

    dispatcher = prepare(make_settings(database_url), **DELIVERY)
    with transaction(dispatcher.engine) as session:
        row_id = outbox.enqueue(session, "reminder", "telegram", "601", [{"text": "Còn 3 ngày"}])
        session.get(Delivery, row_id).claimed_at = utcnow() - dt.timedelta(minutes=5)  # left by a dead run
    chat_in_terminal(dispatcher, ["1", "/trangthai", ":thoat"])
    due = outbox.due(dispatcher.engine, utcnow(), orphaned_after=20, lease=60, give_up_after=3600)
    assert [row.id for row in due] == [row_id]


def test_the_terminal_demo_opens_the_province_of_2026_too(subprocess_env, tmp_path):
    """The README's one line: the same terminal demo on the province's catalogue of 2026, its own database."""
    env = {**subprocess_env, "CATALOG": str(ROOT / "storage" / "catalogs" / "dien_bien_2026.toml"),
           "DEMO_DATABASE_URL": f"sqlite:///{tmp_path / 'demo_2026.db'}"}
    out = terminal_demo(env, "2\n/tiendo\n/tonghop\n:thoat\n")
    assert "Dữ liệu mẫu tỉnh Điện Biên: 37/45 đơn vị đã nộp" in out and "(dữ liệu mẫu tỉnh Điện Biên 2026)" in out
    assert "Cán bộ xã Tuần Giáo" in out and "Cán bộ Sở Nội vụ tỉnh Điện Biên" in out
    # A live round, its deadline ahead; the figures said to be illustrative wherever the round is named.
    assert "năm 2026 (số liệu minh họa)\nHạn nộp:" in out and "còn 7 ngày" in out and "quá hạn" not in out
    assert "Đã gửi 37/45" in out and "Tuần Giáo" in out.split("Chưa gửi:")[1].split("\n")[0]
    saved = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("📎 Đã ghi tệp: ")]
    assert {"tong-hop-tongket-2026.docx", "so-lieu-tongket-2026.xlsx"} <= {Path(p).name for p in saved}
    # The province's report, issued by its People's Committee, its round named as illustrative.
    from docx import Document
    report = Document(next(p for p in saved if p.endswith("tong-hop-tongket-2026.docx")))
    words = "\n".join(p.text for p in report.paragraphs) + "\n".join(
        cell.text for table in report.tables for row in table.rows for cell in row.cells)
    assert "TỈNH ĐIỆN BIÊN" in words and "(số liệu minh họa)" in words and "huyện Tuần Giáo" not in words
