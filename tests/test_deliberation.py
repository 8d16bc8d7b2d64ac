"""The council's deliberation through the fake Telegram Bot API, on both databases: two officials deliberate,
their presses on one nominee arrive in one poll and resolve to one outcome, a refusal with its reason reaches
the clerk, a CSTĐCS over the cap of the LĐTT passed is caught at decision, and the decision and submission
files list exactly what was passed and sent up. The deliberation in detail: tests/stories/test_deliberation.py.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot import texts
from tests.stories.test_deliberation import decide_in_storage, decisions, docx_lines, submit
from tests.stories.test_nominations import CSTDCS_READY, seed
from tests.stories.test_review import official

TEACHERS = [f"Giáo viên Số {n:02d}" for n in range(1, 21)]
REASON = "Bị kỷ luật khiển trách tháng 9/2020"


async def test_two_officials_deliberate_over_telegram_and_the_files_list_what_they_decided(bot, fake):
    seed(bot, "LDTT", TEACHERS, unit="Quài Nưa")
    seed(bot, "CSTDCS", TEACHERS[:3], unit="Quài Nưa", **CSTDCS_READY)  # 3 ≤ 15% of 20: as proposed, fine
    seed(bot, "BK_TINH", ["Tòng Văn Dũng"], unit="Quài Nưa")
    seed(bot, "LDTT", ["Cà Văn Công"], unit="Mường Thín")
    submit(bot, "Quài Nưa", "Mường Thín")
    clerk = await bot.register(601, "Lò Thị Mai", unit="Quài Nưa")
    first, second = await official(bot, 900, "Vũ Văn Đức"), await official(bot, 901, "Cà Thị Hoa")
    decide_in_storage(bot, "LDTT", TEACHERS[:18], "passed")  # an earlier sitting

    # Both open LĐTT on Giáo viên Số 19 and press «Đạt» at once: one outcome, the other hears who decided.
    presses = []
    for boss in (first, second):
        await boss.send("/binhxet")
        [card] = await boss.press("LĐTT · còn 3")
        assert "Giáo viên Số 19" in card.text and len(card.text) <= 600
        presses.append((boss, *fake.find_button(boss.chat_id, texts.BTN_PASS)))
    counts = [fake.count(boss.chat_id) for boss, _, _ in presses]
    for boss, message_id, data in presses:  # both in the same poll: handled concurrently
        fake.push_callback(boss.chat_id, message_id, data)
    for (boss, _, _), before in zip(presses, counts):
        await fake.wait_for_messages(boss.chat_id, before + 1)
    answers = [boss.last.text for boss, _, _ in presses]
    winner = next(boss for (boss, _, _), text in zip(presses, answers) if text.startswith("Đã ghi: «Giáo viên Số 19»"))
    loser = second if winner is first else first
    assert loser.last.text.startswith(f"ℹ️ «Giáo viên Số 19» (LĐTT) đã được {winner.name} xét lúc ")
    assert decisions(bot)["Giáo viên Số 19/LDTT"] == ("passed", None)

    # Số 20 refused with a reason: Quài Nưa's LĐTT are all decided, and its clerk is told why.
    heard = fake.count(clerk.chat_id)
    assert "Giáo viên Số 20" in loser.last.text
    await loser.press(texts.BTN_REFUSE)
    [next_card] = await loser.send(REASON)
    assert "📨 Đã báo kết quả LĐTT cho xã Quài Nưa." in next_card.text and "Cà Văn Công" in next_card.text
    [notice] = (await fake.wait_for_messages(clerk.chat_id, heard + 1))[heard:]
    assert notice.text.startswith("Hội đồng Thi đua - Khen thưởng đã xét xong LĐTT của xã Quài Nưa:")
    assert "✅ Đạt (19): " in notice.text and f"• Giáo viên Số 20 — lý do: {REASON}" in notice.text
    await loser.press(texts.BTN_PASS)  # Cà Văn Công

    # 19 LĐTT passed allow 2 CSTĐCS: the third is caught at decision.
    await winner.send("/binhxet")
    await winner.press("CSTĐCS · còn 3")
    await winner.press(texts.BTN_PASS)
    await winner.press(texts.BTN_PASS)
    [refusal] = await winner.press(texts.BTN_PASS)
    assert refusal.text.startswith("🚫 Chưa ghi «✅ Đạt» cho «Giáo viên Số 03» (CSTĐCS, xã Quài Nưa)")
    assert "Số CSTĐCS được thông qua sẽ là 3, vượt quá 15% số LĐTT được thông qua (19): tối đa 2." in refusal.text
    assert "Giáo viên Số 03/CSTDCS" not in decisions(bot)
    await winner.press(texts.BTN_REFUSE)
    await winner.press("Vượt tỷ lệ cho phép")
    await winner.press(texts.BTN_FORMS)
    await winner.press("BK UBND tỉnh · còn 1")
    await winner.press(texts.BTN_SEND_UP)

    # The files: exactly the passed in the decision's annex, exactly the sent up in the submission's list.
    await winner.press(texts.BTN_FORMS)
    decision, submission, book, _forms = await winner.press(texts.BTN_COUNCIL_DOCS, expect=4)
    _, tables = docx_lines(decision.data)
    listed = [row.split(" | ")[1] for row in tables[-1] if row[0].isdigit()]
    assert listed == TEACHERS[:19] + ["Cà Văn Công"] + TEACHERS[:2]
    assert [row for row in tables[-1] if not row[0].isdigit()][1:] == [
        "I. Danh hiệu «Lao động tiên tiến» (20 cá nhân)", "II. Danh hiệu «Chiến sĩ thi đua cơ sở» (02 cá nhân)"]
    _, tables = docx_lines(submission.data)
    assert [row.split(" | ")[1] for row in tables[-1] if row[0].isdigit()] == ["Tòng Văn Dũng"]
    sheets = load_workbook(io.BytesIO(book.data))
    assert [r[1] for r in sheets["Không đạt"].iter_rows(min_row=5, values_only=True)] == ["Giáo viên Số 20",
                                                                                          "Giáo viên Số 03"]
