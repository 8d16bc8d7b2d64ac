"""Report rounds: /kybaocao (open, close, change the deadline)."""

from __future__ import annotations

ROUND_STATUS = {"planned": "chưa mở", "open": "đang mở", "closed": "đã đóng"}
ROUNDS_TITLE = "🗂 Các kỳ báo cáo:"
ROUNDS_NONE = "Chưa có kỳ báo cáo nào trong danh mục."
ROUND_LINE = "{n}. {name} ({code}) — {status}; hạn nộp {deadline}; đã nộp {done}/{total}"
ROUND_DETAIL = (
    "🗂 {name}\n"
    "Mã: {code} · {status}\n"
    "Mở từ {opens}, hạn nộp {deadline}\n"
    "Đã nộp: {done}/{total} đơn vị\n"
    "Lịch nhắc hạn: {schedule}"
)
ROUND_PICK = "Bạn chọn một kỳ để mở, đổi hạn nộp hoặc đóng."
BTN_ROUND_OPEN = "▶️ Mở kỳ"
BTN_ROUND_CLOSE = "⏹ Đóng kỳ"
BTN_ROUND_DEADLINE = "📅 Đổi hạn nộp"
ASK_DEADLINE = "Nhập hạn nộp mới (ngày/tháng/năm), ví dụ: {example}. Hạn hiện tại: {deadline}."
CONFIRM_CLOSE = (
    "Đóng kỳ «{name}»? Sau khi đóng, các xã không sửa được báo cáo kỳ này "
    "và bot ngừng nhắc hạn."
)
ROUND_OPENED = "▶️ Đã mở kỳ «{name}». Bot sẽ nhắc hạn theo lịch: {schedule}."
ROUND_CLOSED_OK = "⏹ Đã đóng kỳ «{name}». Bot ngừng nhắc hạn cho kỳ này."
DEADLINE_CHANGED = "📅 Đã đổi hạn nộp kỳ «{name}»: {old} → {new}. Lịch nhắc mới: {schedule}."
ERR_DATE = "«{text}» không phải là một ngày. Bạn nhập theo dạng ngày/tháng/năm, ví dụ: {example}."
ROUND_ERRORS = {
    "before_opens": "Hạn nộp không thể trước ngày mở kỳ ({opens}).",
    "in_the_past": "Hạn nộp mới phải từ hôm nay ({today}) trở đi.",
    "unchanged": "Đó đã là hạn nộp hiện tại.",
    "already_open": "Kỳ này đang mở rồi.",
    "already_closed": "Kỳ này đã đóng rồi.",
    "bad_status": "Trạng thái không hợp lệ.",
}
SCHEDULE_NONE = "không còn lần nhắc nào"
