"""The council's deliberation (bình xét), its outcome told to the clerks, its documents offered in the chat."""

from __future__ import annotations

from bot.texts.facts import RULE_SOURCE, _fact_word, violation_text

BTN_OUTCOME = "🏅 Kết quả bình xét"
BTN_PASS = "✅ Đạt"
BTN_REFUSE = "❌ Không đạt"
BTN_SEND_UP = "⬆️ Chuyển đề nghị cấp trên"
BTN_DEFER = "⏭ Để sau"
BTN_FORMS = "⬅️ Các hình thức"
BTN_DECIDED = "📋 Đã xét"
BTN_DEFERRED_AGAIN = "🔁 Xét hồ sơ để sau"
BTN_COUNCIL_NEXT = "⚖️ Xét tiếp"
BTN_UNDO_DECISION = "↩️ Hủy quyết định"
BTN_COUNCIL_DOCS = "📄 Dự thảo quyết định, tờ trình"
OUTCOME_MARKS = {"passed": "✅", "refused": "❌", "sent_up": "⬆️"}
OUTCOME_NAMES = {"passed": "✅ Đạt", "refused": "❌ Không đạt", "sent_up": "⬆️ Chuyển đề nghị cấp trên",
                 "pending": "⏳ Chưa xét"}
COUNCIL_HEAD = "⚖️ Bình xét khen thưởng — {round}"
COUNCIL_UP = "Đề nghị lên cấp trên:"
COUNCIL_OWN = "Thuộc thẩm quyền {level}:"
COUNCIL_FORM_LINE = "• {form}: {decided}/{total} đã xét{counts}"
COUNCIL_COUNTS = " ({items})"
COUNCIL_PICK = "Bạn chọn một hình thức để xét từng hồ sơ."
COUNCIL_FORM_LEFT = "{form} · còn {left}"
COUNCIL_FORM_DONE = "{form} ✔️"
COUNCIL_NONE = ("Chưa có hồ sơ đề nghị khen thưởng nào để bình xét: các xã chưa gửi báo cáo có danh sách đề nghị "
                "trong {round}.")
COUNCIL_ROUND_NOT_FOUND = "Không tìm thấy kỳ báo cáo «{query}». Bạn chọn một kỳ:"
CARD_HEAD = "⚖️ {form}: {decided}/{total} đã xét — hồ sơ số {n} của {unit}"
CARD_UP = "⬆️ Do {level} quyết định: Hội đồng xét để chuyển đề nghị lên."
CARD_WHO = "👤 {name} ({subject})"
CARD_POSITION = "Chức vụ, đơn vị: {position}"
CARD_ACHIEVEMENTS = "Thành tích: {text}"
CARD_INITIATIVE = "Sáng kiến: {name}{ref}"
CARD_PREREQ_HELD = "Đã đạt {prereq}: {ref}"
COUNCIL_CARD_PROBLEMS = "⚠️ Lưu ý theo quy định:"
CARD_NO_PROBLEMS = "✔️ Hồ sơ không vướng quy định nào."
CARD_DECIDED = "Đã xét: {outcome} — {who}, {at}"
CARD_REASON = "Lý do: {reason}"
CARD_MARKS = "⚠️ Đánh dấu: vi phạm {rules}"
RULE_NAMES = {"authority": "thẩm quyền", "prerequisite": "điều kiện danh hiệu trước", "initiative": "sáng kiến",
              "ratio": "tỷ lệ", "at_most": "số lượng tối đa", "unique": "trùng hồ sơ"}
DECISION_SAVED = "Đã ghi: «{name}» ({form}) — {outcome}."
DECISION_MARKED = "⚠️ Ghi kèm đánh dấu vi phạm {rules}."
CLERKS_TOLD = "📨 Đã báo kết quả {form} cho {unit}."
DECIDED_BY_OTHER = "ℹ️ «{name}» ({form}) đã được {who} xét lúc {at}: {outcome}. Quyết định của bạn không được ghi thêm."
DECISION_BROKE_RULE = ("🚫 Chưa ghi «{outcome}» cho «{name}» ({form}, {unit}) vì vi phạm quy định:\n{rules}\n"
                       "Bạn chọn «Không đạt» (ghi lý do) hoặc «Để sau».")

# A rule broken by a decision, counted on what the council passed or sent up of the unit (storage/deliberation.py);
# a kind not here is worded as for the clerk (FACT_TEXTS).
DECISION_RULE_TEXTS = {
    "prerequisite": "«{name}» chưa được thông qua {prereq}, cũng không có quyết định công nhận {prereq}.",
    "ratio": ("Số {form} được thông qua sẽ là {count}, vượt quá {percent}% số {base} được thông qua "
              "({base_count}): tối đa {allowed}."),
    "at_most": "Số {form} sẽ là {count}, nhiều hơn số {base} được thông qua ({base_count}).",
    "unique": "«{name}» đã được thông qua {form} ở hồ sơ khác của xã (hồ sơ số {numbers}).",
}
NOMINEE_GONE = "Hồ sơ này không còn trong danh sách bình xét (xã đã sửa hoặc báo cáo bị trả lại)."
ASK_REFUSE_REASON = ("Vì sao «{name}» ({form}) không đạt? Gõ lý do để xã biết (tối đa {limit} ký tự), "
                     "hoặc chọn một lý do dưới đây.")
ASK_ENDORSE_REASON = ("{streaks}\n«{name}» chưa đủ năm liên tục cho {form}. Vì sao vẫn «{outcome}»? Gõ lý do "
                      "(tối đa {limit} ký tự): lý do được ghi cùng quyết định.")
REFUSE_REASONS = ("Chưa đủ tiêu chuẩn", "Thiếu hồ sơ, minh chứng", "Vượt tỷ lệ cho phép")
FORM_FINISHED = "🎉 {form}: đã xét xong {total}/{total} hồ sơ."
FORM_DEFERRED = "{form}: đã xét {decided}/{total}; còn {n} hồ sơ bạn để sau."
DECIDED_LIST_HEAD = "📋 {form}: đã xét {decided}/{total}. Trang {page}/{pages}."
DECIDED_LIST_EMPTY = "📋 {form}: chưa xét hồ sơ nào."
DECIDED_LIST_LINE = "{n}. {name} ({unit}): {outcome}"
ASK_UNDO_REASON = ("Vì sao hủy quyết định «{outcome}» của «{name}» ({form})? Gõ lý do (tối đa {limit} ký tự). "
                   "Hồ sơ sẽ trở lại «chưa xét».")
DECISION_UNDONE = "↩️ Đã hủy quyết định «{outcome}» của «{name}» ({form}): hồ sơ trở lại «chưa xét»."
UNDO_STALE = "ℹ️ Quyết định về «{name}» đã đổi từ lúc bạn xem: hiện là {outcome}. Bạn xem lại nhé."
NOTICE_DECISION_UNDONE = ("↩️ {who} đã hủy quyết định «{outcome}» về «{name}» ({form}) của {unit}. "
                          "Lý do: {reason}. Hội đồng sẽ xét lại hồ sơ này.")
OUTCOME_HEAD = "🏅 Kết quả bình xét khen thưởng — {unit}\n{round}"
OUTCOME_FORM = "▪️ {form}"
OUTCOME_GROUP = "{outcome} ({n}): {names}"
OUTCOME_REFUSED_HEAD = "{outcome} ({n}):"
OUTCOME_REFUSED_LINE = "  • {name} — lý do: {reason}"
OUTCOME_PENDING = "⏳ Chưa xét: {n}"
OUTCOME_MORE = "… và {n} hồ sơ nữa (xem đủ: /ketqua)"
OUTCOME_NONE = "Chưa có kết quả bình xét nào cho {unit} trong {round}: Hội đồng chưa xét, hoặc xã chưa gửi danh sách."
NOTICE_FORM_OUTCOME = "Hội đồng Thi đua - Khen thưởng đã xét xong {form} của {unit}:"
HISTORY_COUNCIL = "bình xét «{name}» ({form}): {outcome}"
HISTORY_COUNCIL_REASON = " — lý do: {reason}"
HISTORY_COUNCIL_UNDO = "hủy quyết định «{outcome}» về «{name}» ({form}) — lý do: {reason}"
HISTORY_COUNCIL_REOPEN = "«{name}» ({form}) sửa sau khi Hội đồng xét «{outcome}»: trở lại chưa xét"
OUTCOME_CUT = "… (xem đủ: /ketqua)"


def decision_violation_text(violation) -> str:
    """A rule the council's decision would break (storage/deliberation.check), then its legal source."""
    template = DECISION_RULE_TEXTS.get(violation.problem.kind)
    if template is None:
        return violation_text(violation)
    params = {key: _fact_word(key, value) for key, value in violation.problem.params.items()}
    return f"{template.format(**params)}\n{RULE_SOURCE.format(source=violation.source)}"


COUNCIL_FILES_CAPTION = {"decision": "Dự thảo Quyết định khen thưởng và danh sách kèm theo — {round}",
                         "submission": "Dự thảo Tờ trình đề nghị cấp trên khen thưởng — {round}",
                         "workbook": "Các danh sách bình xét (Excel) — {round}"}
COUNCIL_FILES_NOTHING = "Hội đồng chưa thông qua hay chuyển lên hồ sơ nào trong {round}: chưa có văn bản để lập."
