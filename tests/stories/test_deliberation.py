"""The district council deliberates the nominations (/binhxet); the clerks hear the outcome (/ketqua).

The communes' lists go in through the storage functions the chat uses (fast, see test_nominations.seed)
and their reports are submitted; then everything happens in the chats: two officials decide, the clerks
are told, the rules are applied again to what is decided, an admin undoes a decision.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from openpyxl import load_workbook
from sqlmodel import select

from bot import texts
from storage import deliberation as council
from storage import entries, reports
from storage.db import transaction
from storage.models import AuditLog, CouncilDecision, Nomination, User
from storage.figures import Scope
from tests.stories.test_nominations import CSTDCS_READY, report_of, seed
from tests.harness import cli
from tests.stories.test_review import official

REASON = "Chưa hoàn thành nhiệm vụ được giao trong quý IV"


def submit(bot, *units: str) -> None:
    with transaction(bot.engine) as session:
        for unit in units:
            report = report_of(session, unit)
            report.status, report.submitted_at = "submitted", dt.datetime(2020, 12, 10, tzinfo=dt.timezone.utc)
            report.receipt_no = f"TG-{report.id}"
            session.add(report)


def demo_lists(bot) -> None:
    """Two communes' lists, submitted: LĐTT in both, a provincial Bằng khen to send up from Quài Nưa."""
    seed(bot, "LDTT", ["Lò Văn An", "Lò Văn Bình"], unit="Quài Nưa")
    seed(bot, "BK_TINH", ["Tòng Văn Dũng"], unit="Quài Nưa")
    seed(bot, "LDTT", ["Cà Văn Công"], unit="Mường Thín")
    submit(bot, "Quài Nưa", "Mường Thín")


def decisions(bot) -> dict[str, tuple[str, str | None]]:
    """name/form -> (outcome, reason) as stored."""
    with transaction(bot.engine) as session:
        rows = session.exec(select(CouncilDecision, Nomination)
                            .join(Nomination, Nomination.id == CouncilDecision.nomination_id)).all()
        return {f"{n.name}/{n.form_code}": (d.outcome, d.reason) for d, n in rows}


def decide_in_storage(bot, form: str, names: list[str], outcome: str) -> None:
    """Decisions already taken (in an earlier sitting), through the storage function the chat uses."""
    with transaction(bot.engine) as session:
        round_ = reports.round_by_code(session, "tongket-2020")
        user = session.exec(select(User).where(User.role == "official")).first()
        for item in council.items(Scope(session, round_, dt.timezone.utc)):
            if item.form_code == form and item.nominee.nomination.name in names:
                assert council.decide(session, item, outcome, user.id, "Chưa đủ tiêu chuẩn", bot.clock.now).done


async def test_two_officials_deliberate_and_a_refusal_with_its_reason_reaches_the_clerk(bot, fake):
    demo_lists(bot)
    clerk = await bot.register(601, "Lò Thị Mai", unit="Quài Nưa")
    other_clerk = await bot.register(602, "Quàng Văn Hải", unit="Mường Thín")
    first, second = await official(bot, 900, "Vũ Văn Đức"), await official(bot, 901, "Cà Thị Hoa")
    heard_by_other_clerk = fake.count(602)

    [forms] = await first.send("/binhxet")
    assert "Đề nghị lên cấp trên:\n• BK UBND tỉnh: 0/1 đã xét" in forms.text
    assert "Thuộc thẩm quyền cấp huyện:\n• LĐTT: 0/3 đã xét" in forms.text
    assert forms.button_texts[:2] == ["BK UBND tỉnh · còn 1", "LĐTT · còn 3"]

    [card] = await first.press("LĐTT · còn 3")
    assert card.text.startswith("⚖️ LĐTT: 0/3 đã xét — hồ sơ số 1 của xã Quài Nưa")
    assert "👤 Lò Văn An (cá nhân)" in card.text and "Thành tích: Tốt." in card.text and len(card.text) <= 600
    assert texts.BTN_PASS in card.button_texts and texts.BTN_SEND_UP not in card.button_texts
    [card] = await first.press(texts.BTN_PASS)
    assert card.text.startswith("Đã ghi: «Lò Văn An» (LĐTT) — ✅ Đạt.")
    assert "⚖️ LĐTT: 1/3 đã xét — hồ sơ số 2 của xã Quài Nưa" in card.text and "Lò Văn Bình" in card.text

    [ask] = await first.press(texts.BTN_REFUSE)
    assert "Vì sao «Lò Văn Bình» (LĐTT) không đạt?" in ask.text and "Chưa đủ tiêu chuẩn" in ask.button_texts
    [again] = await first.send("   ")
    assert again.text.startswith(texts.REASON_EMPTY)
    [card] = await first.send(REASON)
    # Quài Nưa's LĐTT are all decided: its clerk is told; the next card is Mường Thín's.
    assert "Đã ghi: «Lò Văn Bình» (LĐTT) — ❌ Không đạt." in card.text
    assert "📨 Đã báo kết quả LĐTT cho xã Quài Nưa." in card.text and "Cà Văn Công" in card.text
    await fake.settle()
    notice = clerk.last
    assert notice.text.startswith("Hội đồng Thi đua - Khen thưởng đã xét xong LĐTT của xã Quài Nưa:")
    assert "✅ Đạt (1): Lò Văn An" in notice.text and f"• Lò Văn Bình — lý do: {REASON}" in notice.text
    assert notice.button_texts == [texts.BTN_OUTCOME] and len(notice.text) <= 600
    assert fake.count(602) == heard_by_other_clerk  # Mường Thín's clerk hears nothing of Quài Nưa

    # The second official takes the provincial form: sent up, never passed here.
    await second.send("/binhxet")
    [card] = await second.press("BK UBND tỉnh · còn 1")
    assert "⬆️ Do cấp tỉnh quyết định" in card.text and "👤 Tòng Văn Dũng" in card.text
    assert texts.BTN_SEND_UP in card.button_texts and texts.BTN_PASS not in card.button_texts
    [done] = await second.press(texts.BTN_SEND_UP)
    assert "Đã ghi: «Tòng Văn Dũng» (BK UBND tỉnh) — ⬆️ Chuyển đề nghị cấp trên." in done.text
    assert "🎉 BK UBND tỉnh: đã xét xong 1/1 hồ sơ." in done.text
    [forms] = await second.press(texts.BTN_FORMS)
    assert "• BK UBND tỉnh: 1/1 đã xét (⬆️ 1)" in forms.text and "• LĐTT: 2/3 đã xét (✅ 1 · ❌ 1)" in forms.text
    [card] = await second.press("LĐTT · còn 1")
    assert "Cà Văn Công" in card.text
    await second.press(texts.BTN_PASS)
    await fake.settle()
    assert "✅ Đạt (1): Cà Văn Công" in other_clerk.last.text

    assert decisions(bot) == {"Lò Văn An/LDTT": ("passed", None), "Lò Văn Bình/LDTT": ("refused", REASON),
                              "Tòng Văn Dũng/BK_TINH": ("sent_up", None), "Cà Văn Công/LDTT": ("passed", None)}
    # On request, the clerk reads the whole outcome; the audit trail says who decided what, and why.
    [outcome] = await clerk.send("/ketqua")
    assert outcome.text.startswith("🏅 Kết quả bình xét khen thưởng — xã Quài Nưa")
    assert "▪️ BK UBND tỉnh\n⬆️ Chuyển đề nghị cấp trên (1): Tòng Văn Dũng" in outcome.text
    assert f"▪️ LĐTT\n✅ Đạt (1): Lò Văn An\n❌ Không đạt (1):\n  • Lò Văn Bình — lý do: {REASON}" in outcome.text
    history = "\n".join(m.text for m in await first.send("/lichsu quai nua"))
    assert f"Vũ Văn Đức: bình xét «Lò Văn Bình» (LĐTT): ❌ Không đạt — lý do: {REASON}" in history
    assert "Cà Thị Hoa: bình xét «Tòng Văn Dũng» (BK UBND tỉnh): ⬆️ Chuyển đề nghị cấp trên" in history


async def test_two_officials_on_the_same_nominee_get_one_outcome_and_the_second_hears_who_decided(bot):
    demo_lists(bot)
    first, second = await official(bot, 900, "Vũ Văn Đức"), await official(bot, 901, "Cà Thị Hoa")
    for boss in (first, second):
        await boss.send("/binhxet")
        [card] = await boss.press("LĐTT · còn 3")
        assert "Lò Văn An" in card.text
    await first.press(texts.BTN_PASS)
    [told] = await second.press(texts.BTN_REFUSE)  # told at once, before typing a reason
    assert told.text.startswith("ℹ️ «Lò Văn An» (LĐTT) đã được Vũ Văn Đức xét lúc 09:00 10/12/2020: ✅ Đạt.")
    assert "Lò Văn Bình" in told.text  # and on to the next one

    # Both on Lò Văn Bình: the second asks for a reason while the first passes it.
    assert "Lò Văn Bình" in first.last.text
    await second.press(texts.BTN_REFUSE)
    await first.press(texts.BTN_PASS)
    [told] = await second.send(REASON)
    assert told.text.startswith("ℹ️ «Lò Văn Bình» (LĐTT) đã được Vũ Văn Đức xét")
    assert decisions(bot)["Lò Văn Bình/LDTT"] == ("passed", None)
    with transaction(bot.engine) as session:
        steps = session.exec(select(AuditLog.action).where(AuditLog.action.startswith("council_"))).all()
    assert steps == ["council_passed", "council_passed"]


async def test_a_cstdcs_over_the_cap_of_the_ldtt_passed_is_caught_at_decision(bot, fake):
    # 20 LĐTT and 3 CSTĐCS: within 15% as proposed (the report could be submitted).
    names = [f"Giáo viên Số {n:02d}" for n in range(1, 21)]
    seed(bot, "LDTT", names, unit="Quài Nưa")
    seed(bot, "CSTDCS", names[:3], unit="Quài Nưa", **CSTDCS_READY)
    submit(bot, "Quài Nưa")
    clerk = await bot.register(601, "Lò Thị Mai", unit="Quài Nưa")
    boss = await official(bot)
    # The council refuses two LĐTT, one of them Số 03: 18 passed allow 2 CSTĐCS (15% of 18 is 2.7).
    decide_in_storage(bot, "LDTT", [n for n in names if n not in ("Giáo viên Số 03", "Giáo viên Số 20")], "passed")
    decide_in_storage(bot, "LDTT", ["Giáo viên Số 03", "Giáo viên Số 20"], "refused")
    await boss.send("/binhxet")
    [card] = await boss.press("CSTĐCS · còn 3")
    assert "Giáo viên Số 01" in card.text and "Sáng kiến: Sổ tay dạy tiếng Việt cho trẻ (45/QĐ-UBND)" in card.text
    await boss.press(texts.BTN_PASS)
    [card] = await boss.press(texts.BTN_PASS)
    assert "Giáo viên Số 03" in card.text
    # Số 03's LĐTT was refused, and 18 LĐTT passed allow 2 CSTĐCS: refused by both rules, nothing stored.
    [refusal] = await boss.press(texts.BTN_PASS)
    assert refusal.text.startswith("🚫 Chưa ghi «✅ Đạt» cho «Giáo viên Số 03» (CSTĐCS, xã Quài Nưa)")
    assert "• «Giáo viên Số 03» chưa được thông qua LĐTT, cũng không có quyết định công nhận LĐTT." in refusal.text
    assert "Số CSTĐCS được thông qua sẽ là 3, vượt quá 15% số LĐTT được thông qua (18): tối đa 2." in refusal.text
    assert "Căn cứ: NĐ 91/2017/NĐ-CP Điều 9 khoản 3" in refusal.text and refusal.text.endswith("«Để sau».")
    assert refusal.button_texts == [texts.BTN_REFUSE, texts.BTN_DEFER, texts.BTN_FORMS] and len(refusal.text) <= 600
    assert "Giáo viên Số 03/CSTDCS" not in decisions(bot)

    # Had Số 03 kept the LĐTT, the third CSTĐCS would break the 15% cap alone.
    with transaction(bot.engine) as session:
        decision = session.exec(select(CouncilDecision).join(Nomination).where(
            Nomination.name == "Giáo viên Số 03", Nomination.form_code == "LDTT")).one()
        decision.outcome = "passed"  # as if the council had passed it; Số 20 stays refused: 19 LĐTT → 2 CSTĐCS
        session.add(decision)
    await boss.press(texts.BTN_FORMS)
    [card] = await boss.press("CSTĐCS · còn 1")
    assert "Giáo viên Số 03" in card.text
    [refusal] = await boss.press(texts.BTN_PASS)
    assert "chưa được thông qua LĐTT" not in refusal.text
    assert "Số CSTĐCS được thông qua sẽ là 3, vượt quá 15% số LĐTT được thông qua (19): tối đa 2." in refusal.text
    [ask] = await boss.press(texts.BTN_REFUSE)
    [done] = await boss.press("Vượt tỷ lệ cho phép")
    assert "Đã ghi: «Giáo viên Số 03» (CSTĐCS) — ❌ Không đạt." in done.text and "🎉 CSTĐCS: đã xét xong 3/3" in done.text
    assert decisions(bot)["Giáo viên Số 03/CSTDCS"] == ("refused", "Vượt tỷ lệ cho phép")
    await fake.settle()
    assert "• Giáo viên Số 03 — lý do: Vượt tỷ lệ cho phép" in clerk.last.text


async def test_a_rule_the_catalogue_only_marks_lets_the_decision_through_marked(bot):
    # A Bằng khen of the Prime Minister is above what a commune may ask for (authority: "mark" in the demo).
    seed(bot, "BK_TTCP", ["Trường Tiểu học Quài Nưa"], unit="Quài Nưa", subject="collective")
    submit(bot, "Quài Nưa")
    boss = await official(bot)
    await boss.send("/binhxet")
    [card] = await boss.press("BK Thủ tướng · còn 1")
    assert ("⚠️ Lưu ý theo quy định:\n• Hồ sơ số 1 «Trường Tiểu học Quài Nưa»: BK Thủ tướng do cấp trung ương"
            in card.text)
    [done] = await boss.press(texts.BTN_SEND_UP)
    assert "⬆️ Chuyển đề nghị cấp trên." in done.text and "⚠️ Ghi kèm đánh dấu vi phạm thẩm quyền." in done.text
    with transaction(bot.engine) as session:
        assert session.exec(select(CouncilDecision.marks)).one() == ["authority"]


async def test_an_admin_undoes_a_decision_with_a_reason_and_the_council_decides_again(bot, fake):
    demo_lists(bot)
    clerk = await bot.register(601, "Lò Thị Mai", unit="Quài Nưa")
    boss = await official(bot, 900, "Vũ Văn Đức")
    admin = await official(bot, 902, "Quản Trị Viên", "admin")
    decide_in_storage(bot, "LDTT", ["Lò Văn An", "Lò Văn Bình"], "passed")

    await boss.send("/binhxet")
    await boss.press("LĐTT · còn 1")
    [listing] = await boss.press(texts.BTN_DECIDED)
    assert listing.text.startswith("📋 LĐTT: đã xét 2/3. Trang 1/1.")
    assert "2. Lò Văn Bình (Quài Nưa): ✅ Đạt" in listing.text
    [view] = await boss.press("2. Lò Văn Bình")
    assert "Đã xét: ✅ Đạt — Vũ Văn Đức, 09:00 10/12/2020" in view.text
    assert texts.BTN_UNDO_DECISION not in view.button_texts  # officials cannot undo

    await admin.send("/binhxet")
    await admin.press("LĐTT · còn 1")
    await admin.press(texts.BTN_DECIDED)
    await admin.press("2. Lò Văn Bình")
    [ask] = await admin.press(texts.BTN_UNDO_DECISION)
    assert "Vì sao hủy quyết định «✅ Đạt» của «Lò Văn Bình» (LĐTT)?" in ask.text
    [done] = await admin.send("Xã báo có kỷ luật khiển trách")
    assert done.text.startswith("↩️ Đã hủy quyết định «✅ Đạt» của «Lò Văn Bình» (LĐTT)")
    assert "📋 LĐTT: đã xét 1/3" in done.text
    await fake.settle()
    assert "Quản Trị Viên đã hủy quyết định «✅ Đạt» về «Lò Văn Bình»" in clerk.last.text
    assert decisions(bot)["Lò Văn Bình/LDTT"] == ("pending", None)

    # An undo of a decision that changed since it was shown does nothing.
    with transaction(bot.engine) as session:
        round_ = reports.round_by_code(session, "tongket-2020")
        item = next(i for i in council.items(Scope(session, round_, dt.timezone.utc))
                    if i.nominee.nomination.name == "Lò Văn An")
        stale = council.undo(session, item, item.decision.version - 1, 1, "?")
        assert not stale.done and stale.decision.outcome == "passed"

    # The official's list was read before the undo: back to it, Lò Văn Bình is up for decision again.
    [listing] = await boss.press(texts.BTN_BACK)
    assert listing.text.startswith("📋 LĐTT: đã xét 1/3.") and "Lò Văn Bình" not in listing.text
    [card] = await boss.press(texts.BTN_COUNCIL_NEXT)
    assert "⚖️ LĐTT: 1/3 đã xét — hồ sơ số 2 của xã Quài Nưa\n👤 Lò Văn Bình" in card.text
    [ask] = await boss.press(texts.BTN_REFUSE)
    await boss.send("Bị kỷ luật khiển trách")
    assert decisions(bot)["Lò Văn Bình/LDTT"] == ("refused", "Bị kỷ luật khiển trách")
    history = "\n".join(m.text for m in await admin.send("/lichsu quai nua"))
    assert ("Quản Trị Viên: hủy quyết định «✅ Đạt» về «Lò Văn Bình» (LĐTT) — lý do: Xã báo có kỷ luật khiển trách"
            in history)


async def test_a_nominee_edited_after_the_decision_goes_back_to_the_council(bot):
    demo_lists(bot)
    await official(bot)
    decide_in_storage(bot, "LDTT", ["Lò Văn An"], "passed")
    with transaction(bot.engine) as session:
        row = session.exec(select(Nomination).where(Nomination.name == "Lò Văn An")).one()
        entries.update(session, report_of(session), row, None, {"form_code": "CSTDCS"})
    assert decisions(bot)["Lò Văn An/CSTDCS"] == ("pending", None)


async def test_nothing_to_deliberate_and_clerks_cannot(bot):
    boss = await official(bot)
    [none] = await boss.send("/binhxet")
    assert none.text == texts.COUNCIL_NONE.format(round="Tổng kết công tác thi đua, khen thưởng năm 2020")
    clerk = await bot.register(601, "Lò Thị Mai", unit="Quài Nưa")
    [refusal] = await clerk.send("/binhxet")
    assert refusal.text.startswith(texts.NOT_FOR_YOUR_ROLE)
    [outcome] = await clerk.send("/ketqua")
    assert outcome.text.startswith("Chưa có kết quả bình xét nào cho xã Quài Nưa")


async def test_a_nominee_put_off_comes_back_at_the_end_and_the_unit_hears_only_when_all_are_decided(bot, fake):
    demo_lists(bot)
    clerk = await bot.register(601, "Lò Thị Mai", unit="Quài Nưa")
    heard = fake.count(601)
    boss = await official(bot)
    await boss.send("/binhxet")
    await boss.press("LĐTT · còn 3")
    [card] = await boss.press(texts.BTN_DEFER)
    assert "Lò Văn Bình" in card.text and card.text.startswith("⚖️ LĐTT: 0/3 đã xét")
    await boss.press(texts.BTN_PASS)
    [end] = await boss.press(texts.BTN_PASS)  # Cà Văn Công, Mường Thín
    assert end.text.endswith("LĐTT: đã xét 2/3; còn 1 hồ sơ bạn để sau.")
    await fake.settle()
    assert fake.count(601) == heard  # Quài Nưa still has Lò Văn An undecided
    [card] = await boss.press(texts.BTN_DEFERRED_AGAIN)
    assert "Lò Văn An" in card.text
    await boss.press(texts.BTN_PASS)
    await fake.settle()
    assert "✅ Đạt (2): Lò Văn An, Lò Văn Bình" in clerk.last.text  # in list order


def docx_lines(data: bytes) -> tuple[list[str], list[list[str]]]:
    """A Word file's paragraphs, and its tables' rows (a merged cell once, cells joined by ' | ')."""
    doc = Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
    tables = [[" | ".join(dict.fromkeys(c.text for c in row.cells)) for row in table.rows] for table in doc.tables]
    return paragraphs, tables


async def test_the_decision_and_the_submission_list_exactly_the_passed_and_the_sent_up(bot):
    demo_lists(bot)
    seed(bot, "TTLDTT", ["Trường Tiểu học Mường Thín"], unit="Mường Thín", subject="collective")
    seed(bot, "BK_TINH", ["Cà Thị Lan"], unit="Mường Thín")
    submit(bot, "Mường Thín")
    boss = await official(bot)
    decide_in_storage(bot, "LDTT", ["Lò Văn An"], "passed")
    decide_in_storage(bot, "LDTT", ["Lò Văn Bình"], "refused")  # Cà Văn Công (Mường Thín) stays pending
    decide_in_storage(bot, "TTLDTT", ["Trường Tiểu học Mường Thín"], "passed")
    decide_in_storage(bot, "BK_TINH", ["Tòng Văn Dũng"], "sent_up")  # Cà Thị Lan stays pending

    await boss.send("/binhxet")
    decision, submission, book, forms = await boss.press(texts.BTN_COUNCIL_DOCS, expect=4)
    assert decision.filename == "du-thao-quyet-dinh-tongket-2020.docx" and "Quyết định" in decision.caption
    assert submission.filename == "du-thao-to-trinh-tongket-2020.docx"
    assert book.filename == "binh-xet-tongket-2020.xlsx" and forms.text.startswith("⚖️ Bình xét khen thưởng")

    paragraphs, tables = docx_lines(decision.data)
    assert "QUYẾT ĐỊNH" in paragraphs and "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN TUẦN GIÁO" in paragraphs
    assert "Tuần Giáo, ngày      tháng      năm 2020" in tables[0][0] and "Số:        /QĐ-UBND" in tables[0][0]
    # Its legal bases in full, each once, as the catalogue cites them; the province's own rules among them.
    grounds = [p for p in paragraphs if p.startswith("Căn cứ ")]
    assert grounds[1] == ("Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số "
                          "điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;")
    assert ("Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một "
            "số điều của Luật Thi đua, khen thưởng;") in grounds
    assert grounds[-1] == ("Căn cứ Quyết định số 11/2020/QĐ-UBND ngày 27 tháng 7 năm 2020 của Ủy ban nhân dân tỉnh "
                           "Điện Biên ban hành quy định về công tác Thi đua, Khen thưởng trên địa bàn tỉnh Điện Biên;")
    assert len(grounds) == len(set(grounds)) == 5
    # Điều 1 in bold, with the reason; Điều 2 the money the catalogue sets, with its source.
    assert ("Điều 1. Công nhận danh hiệu thi đua cho 01 tập thể, 01 cá nhân đã có thành tích trong phong trào thi đua "
            "yêu nước và thực hiện nhiệm vụ năm 2020 (có danh sách kèm theo), gồm:") in paragraphs
    article_1 = next(p for p in Document(io.BytesIO(decision.data)).paragraphs if p.text.startswith("Điều 1."))
    assert article_1.runs[0].text == "Điều 1. " and article_1.runs[0].bold and not article_1.runs[1].bold
    assert any(p.startswith("Điều 2. Tiền thưởng kèm theo") and "Nghị định số 91/2017/NĐ-CP" in p
               and "1.490.000 đồng/tháng" in p for p in paragraphs)
    assert ("- Danh hiệu «Lao động tiên tiến» (cá nhân): 0,3 lần mức lương cơ sở, 447.000 đồng × 01 = 447.000 đồng;"
            in paragraphs)
    assert "Tổng số tiền thưởng: 1.639.000 đồng, chi từ Quỹ Thi đua, Khen thưởng của huyện." in paragraphs
    annex = tables[-1]
    assert annex == ["STT | Họ và tên / Tên tập thể | Chức vụ - đơn vị",
                     "I. Danh hiệu «Lao động tiên tiến» (01 cá nhân)",
                     "1 | Lò Văn An | Giáo viên, xã Quài Nưa",
                     "II. Danh hiệu «Tập thể lao động tiên tiến» (01 tập thể)",
                     "1 | Trường Tiểu học Mường Thín | xã Mường Thín"]  # a collective: its unit, no post
    assert any("(Kèm theo Quyết định số      /QĐ-UBND" in p for p in paragraphs)

    paragraphs, tables = docx_lines(submission.data)
    assert "TỜ TRÌNH" in paragraphs and "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Điện Biên." in paragraphs
    assert tables[-1] == ["STT | Họ và tên / Tên tập thể | Chức vụ - đơn vị | Tóm tắt thành tích",
                          "I. Bằng khen của UBND tỉnh (01 cá nhân)",
                          "1 | Tòng Văn Dũng | Giáo viên, xã Quài Nưa | Tốt."]

    wb = load_workbook(io.BytesIO(book.data))
    assert wb.sheetnames == ["Quyết định", "Tờ trình", "Không đạt", "Tiến độ bình xét"]
    names = {sheet: [row[1] for row in wb[sheet].iter_rows(min_row=5, values_only=True)] for sheet in wb.sheetnames[:3]}
    assert names == {"Quyết định": ["Lò Văn An", "Trường Tiểu học Mường Thín"], "Tờ trình": ["Tòng Văn Dũng"],
                     "Không đạt": ["Lò Văn Bình"]}
    assert list(wb["Không đạt"].iter_rows(min_row=5, values_only=True))[0][7] == "Chưa đủ tiêu chuẩn"


async def test_the_command_line_writes_the_same_documents(bot, subprocess_env, tmp_path):
    demo_lists(bot)
    await official(bot)
    decide_in_storage(bot, "LDTT", ["Lò Văn An", "Cà Văn Công"], "passed")
    result = cli(subprocess_env, "council", "--round", "tongket-2020", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    # Nothing was sent up yet: no submission to draft.
    assert result.stdout.split() == [str(tmp_path / "du-thao-quyet-dinh-tongket-2020.docx"),
                                     str(tmp_path / "binh-xet-tongket-2020.xlsx")]
    _, tables = docx_lines((tmp_path / "du-thao-quyet-dinh-tongket-2020.docx").read_bytes())
    assert [row.split(" | ")[1] for row in tables[-1] if row[0].isdigit()] == ["Lò Văn An", "Cà Văn Công"]
    assert "HUYỆN TUẦN GIÁO" in tables[0][0]  # issued by the district every commune is under
    wrong = cli(subprocess_env, "council", "--round", "khong-co", "--out", str(tmp_path))
    assert wrong.returncode == 2 and "khong-co" in wrong.stderr
