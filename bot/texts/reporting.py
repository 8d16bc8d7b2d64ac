"""The clerk's report: the overview, the questions one at a time, saving, review, submitting, status."""

from __future__ import annotations

from bot.texts.common import by_channel

NO_OPEN_ROUND = "Hiện chưa có kỳ báo cáo nào đang mở. Khi có kỳ mới, bot sẽ báo bạn."
PICK_ROUND = "Đang có nhiều kỳ báo cáo. Bạn muốn làm kỳ nào?"
EDITED_AFTER_SUBMIT = "đã sửa sau khi gửi"
BTN_CONTINUE = "▶️ Nhập tiếp"
BTN_REVIEW = "📋 Xem lại"
BTN_SUBMIT = "📤 Gửi báo cáo"
BTN_PAUSE = "⏸ Tạm dừng"
BTN_SKIP = "⏭ Bỏ qua"
BTN_KEEP = "⏭ Giữ nguyên"
BTN_BACK = "⬅️ Quay lại"
BTN_YES = "✅ Đúng"
BTN_NO = "❌ Không phải"
BTN_MENU = "📝 Mở báo cáo"
QUESTION_HEAD = "{section} · câu {n}/{total}"
QUESTION_PLAN = "Kế hoạch (KH) năm của chỉ tiêu: {name}{unit}"
LINE_PLAN = "Kế hoạch: {value}"
LINE_PREVIOUS = "Kỳ trước: {value}"
LINE_CURRENT = "Đã nhập: {value}"

# Each confirmation names the question it answered: a clerk sees at once where a number went.
SAVED = "✅ Đã lưu «{name}»: {value}"
SAVED_WITH_PLAN = "✅ Đã lưu «{name}»: {value} — đạt {percent}% KH"
SAVED_PLAN = "✅ Đã lưu kế hoạch «{name}»: {value}"
BTN_UNDO = "↩️ Hoàn tác"
UNDONE = "↩️ Đã hoàn tác «{name}»: {value}. Mời trả lời lại câu này."
UNDONE_EMPTY = "chưa có câu trả lời"
SKIPPED = "⏭ Đã bỏ qua câu này. Bạn có thể quay lại sau."
KEPT = "⏭ Giữ nguyên giá trị đã nhập."
ALL_ANSWERED = "👍 Bạn đã trả lời hết các câu."
PAUSED = "⏸ Đã lưu tất cả. Khi sẵn sàng, gõ /baocao để làm tiếp từ câu còn thiếu."
CONFIRM_AMBIGUOUS = "Bạn nhập {text} — nghĩa là {words}?"
LOCKED = "🔒 Báo cáo đã được duyệt nên không sửa được nữa. Nếu cần sửa, bạn liên hệ Phòng Nội vụ."
ROUND_CLOSED = "🔒 Kỳ báo cáo này đã đóng, không sửa được nữa."
NO_EDIT_AFTER_DEADLINE = "🔒 Đã quá hạn nộp nên không sửa được báo cáo đã gửi. Bạn liên hệ Phòng Nội vụ nếu cần."
REVIEW_EMPTY = "(chưa nhập)"
REVIEW_SKIPPED = "(bỏ qua)"
REVIEW_PLAN = " (KH {plan}, đạt {percent}%)"
MORE_INDICATORS = "… và {n} chỉ tiêu khác"
SUBMIT_MISSING = "Chưa gửi được: còn {count} chỉ tiêu bắt buộc chưa nhập:\n{items}"
SUBMIT_CHECKS = "Chưa gửi được: có số liệu chưa khớp:\n{items}"
SUBMIT_ALREADY = "Báo cáo đã gửi lúc {at}, số biên nhận {receipt}. Không có gì mới để gửi lại."
SUBMITTED = (
    "📤 Đã gửi báo cáo!\n"
    "Số biên nhận: {receipt}\n"
    "Thời điểm: {at}\n"
    "Bạn vẫn có thể sửa số liệu cho đến khi báo cáo được duyệt."
)
SUBMITTED_LATE = "Lưu ý: báo cáo được gửi sau hạn nộp ({deadline})."
# The authority's own report (an official's /baocao): reviewed by another official (storage/review.py).
SUBMITTED_OWN = "Một cán bộ khác của {unit} (hoặc quản trị viên) sẽ duyệt báo cáo này qua mục «Báo cáo chờ duyệt»."
STATUS_TEXT = (
    "📊 {round}\n"
    "Đơn vị: {unit}\n"
    "Trạng thái: {status}\n"
    "Hạn nộp: {deadline} — {left}"
)
STATUS_RECEIPT = "Số biên nhận: {receipt}, gửi lúc {at}"
STATUS_MISSING = "Còn thiếu {count} chỉ tiêu bắt buộc: {items}"
STATUS_COMPLETE = "Đã nhập đủ các chỉ tiêu bắt buộc."
STATUS_NO_REPORT = "Bạn chưa bắt đầu báo cáo kỳ này. Gõ /baocao để bắt đầu."
STATUS_RETURNED = "↩️ Bị trả lại lúc {at} ({by}). Lý do: {reason}"
STATUS_APPROVED = "✅ Đã duyệt lúc {at} ({by})."
REVIEW_PROBLEMS = "⚠️ Cần sửa trước khi gửi:"
SUBMIT_LISTS = "Chưa gửi được: danh sách kèm báo cáo còn vấn đề cần sửa:\n{items}"
NOTE_NOTHING = "✅ «{name}»: không có gì cần ghi."

# The overview: one screen. Its sections and lists are its menu, numbered once for text and buttons
# (a label's own number: bot/rendering.numbering).
OVERVIEW_HEAD = "📝 {round}\n{unit} · {status}\nHạn nộp {deadline} — {left}"
OVERVIEW_SECTION_DONE = "{n}. {name} ✅"
OVERVIEW_SECTION_LEFT = "{n}. {name} · còn {left}"
OVERVIEW_PART = "{n}. {name}: {summary}"
OVERVIEW_LEFT = "Còn {count} câu chưa trả lời."
OVERVIEW_READY = "📤 Xem lại nếu cần, rồi gửi báo cáo."
OVERVIEW_SENT = "📤 Đã gửi (số biên nhận {receipt}); sửa gì thì gửi lại."
OVERVIEW_MISSING = "⚠️ Còn {count} câu bắt buộc chưa trả lời."
OVERVIEW_CHECKS = "⚠️ Chưa gửi được: {count} số liệu chưa khớp."
OVERVIEW_LIST_PROBLEMS = "⚠️ Chưa gửi được: danh sách kèm báo cáo còn {count} vấn đề."
OVERVIEW_HOW = by_channel("Bấm một phần để mở.", "Gõ số của một phần để mở.")
BTN_SECTIONS = "📋 Các phần"
BTN_WHY_NOT = "⚠️ Vì sao chưa gửi được"
BTN_FIX = "✏️ {section}"
MORE_ITEMS = "… và {count} mục khác"

# Above the question /baocao opens on; a section done goes on to the next under one heading.
REPORT_LINE = "📝 {round} · hạn {deadline}, {left}"
SECTION_NEXT = "{mark} {done} {answered}/{total} · Tiếp: {section}, câu {n}/{count}"  # ✅ all answered, ⏭ not
ALL_SEEN = "👍 Bạn đã qua hết các phần; còn vài câu đã bỏ qua."

# The review, a page at a time.
REVIEW_HEAD = "📋 Xem lại — {unit} ({page}/{pages})\n{status}"
# A plan question named on a button of the question "which one was it for?" (handlers/placement.py).
DOUBT_PLAN = "Kế hoạch: {name}"
