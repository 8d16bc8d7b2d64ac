"""Every text a user sees, in one place. Short, kind, clear Vietnamese."""

from __future__ import annotations

import datetime as dt
from typing import Optional

ROLE_NAMES = {"clerk": "cán bộ xã", "official": "cán bộ huyện", "admin": "quản trị viên"}
STATUS_NAMES = {
    "draft": "đang soạn, chưa gửi",
    "submitted": "đã gửi",
    "returned": "trả lại — cần sửa",
    "approved": "đã duyệt",
}


def unit_name(unit) -> str:
    return f"{unit.kind} {unit.name}" if unit is not None else ""


def date_vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def datetime_vn(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M %d/%m/%Y")


def days_left(deadline: dt.date, today: dt.date) -> str:
    days = (deadline - today).days
    if days > 1:
        return f"còn {days} ngày"
    if days == 1:
        return "còn 1 ngày (hạn là ngày mai)"
    if days == 0:
        return "hôm nay là hạn cuối"
    return f"đã quá hạn {-days} ngày"


# --- general ---------------------------------------------------------------
TRY_AGAIN_LATER = "😔 Hệ thống đang bận, câu trả lời vừa rồi chưa được lưu. Bạn vui lòng thử lại sau ít phút."
STALE_BUTTON = "Nút này thuộc một câu hỏi cũ nên mình bỏ qua. Câu hỏi hiện tại:"
UNKNOWN_COMMAND = "Mình chưa biết lệnh này."
NOT_FOR_YOUR_ROLE = "Xin lỗi, chức năng này không dành cho vai trò của bạn."
NOT_UNDERSTOOD = "Mình chưa hiểu ý bạn. Bạn chọn một việc dưới đây nhé."
ATTACHMENT_NOT_UNDERSTOOD = "Mình chỉ đọc được tin nhắn chữ và các nút bấm."
CANCELLED = "Đã dừng. Những gì bạn đã nhập vẫn được lưu."

# --- registration ----------------------------------------------------------
WELCOME_STRANGER = (
    "Xin chào! Đây là bot báo cáo thi đua, khen thưởng.\n"
    "Để bắt đầu, bạn hãy gửi mã mời (10 ký tự, ví dụ: AB2CD-EF3GH) "
    "do Phòng Nội vụ cấp."
)
CODE_MALFORMED = "Mã mời gồm 10 ký tự chữ và số, ví dụ: AB2CD-EF3GH. Bạn kiểm tra lại rồi gửi nhé."
CODE_UNKNOWN = "Mã mời này không đúng. Bạn kiểm tra lại từng ký tự rồi gửi lại nhé."
CODE_USED = "Mã mời này đã được dùng rồi. Mỗi mã chỉ dùng một lần; bạn xin Phòng Nội vụ mã mới nhé."
CODE_EXPIRED = "Mã mời này đã hết hạn. Bạn xin Phòng Nội vụ một mã mới nhé."
CODE_THROTTLED = "Bạn đã nhập sai mã nhiều lần. Vui lòng đợi {minutes} phút rồi thử lại."
REGISTERED = "✅ Đăng ký thành công! Chào {name}, bạn là {role} của {unit}."

# --- menu ------------------------------------------------------------------
HELLO = "Chào {name} ({role}, {unit})."
MENU = "Bạn chọn việc cần làm, hoặc gõ lệnh: {commands}"
BTN_HELP = "❓ Hướng dẫn"
BTN_CANCEL = "Dừng"
BTN_REPORT = "📝 Báo cáo"
BTN_STATUS = "📊 Trạng thái"

# --- reporting -------------------------------------------------------------
NO_OPEN_ROUND = "Hiện chưa có kỳ báo cáo nào đang mở. Khi có kỳ mới, bot sẽ báo bạn."
PICK_ROUND = "Đang có nhiều kỳ báo cáo. Bạn muốn làm kỳ nào?"
REPORT_HEADER = (
    "📝 {round}\n"
    "Đơn vị: {unit}\n"
    "Trạng thái: {status}\n"
    "Hạn nộp: {deadline} — {left}"
)
EDITED_AFTER_SUBMIT = "đã sửa sau khi gửi"
SECTIONS_TITLE = "Các phần:"
SECTION_LINE = "{n}. {name} — {done}/{total}{mark}"
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
QUESTION_NOTE = "Ghi chú ngắn cho phần này (không bắt buộc, tối đa {limit} ký tự)."
LINE_PLAN = "Kế hoạch: {value}"
LINE_PREVIOUS = "Kỳ trước: {value}"
LINE_CURRENT = "Đã nhập: {value}"
HOW_INTEGER = "Nhập một số nguyên{range}, ví dụ: {example}."
HOW_DECIMAL = "Nhập một số{range}, ví dụ: {example}."
HOW_PERCENT = "Nhập tỷ lệ phần trăm{range}, ví dụ: {example}."
HOW_TEXT = "Nhập nội dung (tối đa {limit} ký tự)."
HOW_CHOICE = "Chọn một trong các nút dưới đây."
RANGE_BETWEEN = " từ {min} đến {max}"
RANGE_FROM = " từ {min} trở lên"
RANGE_TO = " không quá {max}"

SAVED = "✅ Đã lưu: {value}"
SAVED_WITH_PLAN = "✅ Đã lưu: {value} — đạt {percent}% KH"
SAVED_PLAN = "✅ Đã lưu kế hoạch: {value}"
SAVED_NOTE = "✅ Đã lưu ghi chú."
SKIPPED = "⏭ Đã bỏ qua câu này. Bạn có thể quay lại sau."
KEPT = "⏭ Giữ nguyên giá trị đã nhập."
SECTION_DONE = "👍 Xong phần «{section}»."
ALL_ANSWERED = "👍 Bạn đã trả lời hết các câu. Hãy xem lại rồi gửi báo cáo."
PAUSED = "⏸ Đã lưu tất cả. Khi sẵn sàng, gõ /baocao để làm tiếp từ câu còn thiếu."

ERR_EMPTY = "Bạn chưa nhập gì."
ERR_NOT_NUMBER = "«{text}» không phải là một số."
ERR_NOT_INTEGER = "Chỉ tiêu này cần một số nguyên (không có phần lẻ)."
ERR_NEGATIVE = "Số này không được âm."
ERR_TOO_SMALL = "Số này phải từ {min} trở lên."
ERR_TOO_LARGE = "Số này không được lớn hơn {max}."
ERR_PLAN_ZERO = "Kế hoạch phải lớn hơn 0."
ERR_TOO_LONG = "Nội dung dài {length} ký tự, quá giới hạn {limit} ký tự. Bạn rút gọn giúp nhé."
ERR_CHOICE = "Bạn chọn một trong các nút nhé."
ERR_EXAMPLE = "Ví dụ đúng: {example}."
CONFIRM_AMBIGUOUS = "Bạn nhập {text} — nghĩa là {words}?"

LOCKED = "🔒 Báo cáo đã được duyệt nên không sửa được nữa. Nếu cần sửa, bạn liên hệ Phòng Nội vụ."
ROUND_CLOSED = "🔒 Kỳ báo cáo này đã đóng, không sửa được nữa."
NO_EDIT_AFTER_DEADLINE = "🔒 Đã quá hạn nộp nên không sửa được báo cáo đã gửi. Bạn liên hệ Phòng Nội vụ nếu cần."

REVIEW_TITLE = "📋 Xem lại báo cáo — {unit}"
REVIEW_EMPTY = "(chưa nhập)"
REVIEW_SKIPPED = "(bỏ qua)"
REVIEW_NOTE = "Ghi chú: {text}"

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


def percent_of_plan(value: float, plan: float) -> Optional[float]:
    return None if not plan else value / plan * 100

# --- reminders, overdue digest, summary (scheduler/) -------------------------
REMINDER = (
    "⏰ Nhắc hạn: {round}\n"
    "Đơn vị: {unit}\n"
    "Hạn nộp: {deadline} — {left}.\n"
    "Báo cáo còn thiếu: {missing}."
)
REMINDER_NOT_STARTED = "Bạn chưa bắt đầu báo cáo kỳ này."
OVERDUE = (
    "❗ Báo cáo {round} của {unit} đã quá hạn {days} ngày (hạn nộp {deadline}).\n"
    "Còn thiếu: {missing}.\n"
    "Bạn hoàn thành và gửi ngay hôm nay nhé; cần giúp, bạn liên hệ Phòng Nội vụ."
)
MISSING_INDICATORS = "{count} chỉ tiêu"
MISSING_NOTHING = "không còn chỉ tiêu bắt buộc nào, chỉ cần bấm Gửi báo cáo"
BTN_OPEN_REPORT = "📝 Mở báo cáo"
DIGEST_HEAD = "❗ {round}: {late}/{total} đơn vị chưa nộp báo cáo, đã quá hạn {days} ngày (hạn nộp {deadline})."
DIGEST_LINE = "{n}. {unit} — còn {missing}; {people}"
DIGEST_PERSON = "{name} (hoạt động lần cuối {last})"
DIGEST_PERSON_NEVER = "{name} (chưa dùng bot)"
DIGEST_UNREACHABLE = "{name} ⚠️ không liên lạc được: đã chặn bot"
DIGEST_NO_CLERK = "chưa có cán bộ xã đăng ký"
SUMMARY_HEAD = "📊 Tổng hợp {round} — {date}"
SUMMARY_COMPLETENESS = "Đã nộp: {done}/{total} đơn vị ({percent}%)."
SUMMARY_LATE = "Chưa nộp ({count}): {units}"
SUMMARY_ALL_IN = "Tất cả các đơn vị đã nộp."
SUMMARY_TOTALS = "Số liệu chính (cộng từ {count} báo cáo đã nộp):"
SUMMARY_TOTAL_LINE = "• {name}: {value}"
SUMMARY_AVERAGE_LINE = "• {name} (bình quân): {value}"
SUMMARY_NO_DATA = "Chưa có báo cáo nào được nộp."
# `python main.py jobs`: one line per message
JOB_KINDS = {"reminder": "nhắc hạn", "overdue": "quá hạn", "digest": "tổng hợp quá hạn", "summary": "báo cáo tổng hợp"}
JOB_STATUS = {"sent": "đã gửi", "failed": "lỗi, sẽ gửi lại lần chạy sau", "unreachable": "không liên lạc được (đã chặn bot)",
              "skipped_unreachable": "bỏ qua: đã chặn bot"}
JOB_LINE = "{kind} · {round} → {name} ({unit}) qua {channel} {chat}: {status}"
JOBS_NONE = "Không có tin nhắn nào đến hạn lúc {at}."
JOBS_DONE = "Đã gửi {sent} tin nhắn lúc {at}."

# --- rounds: /kybaocao and `python main.py round` ------------------------------
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
BTN_ROUNDS = "🗂 Kỳ báo cáo"
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
ROUND_UNKNOWN = "Không có kỳ báo cáo mã «{code}»."
SCHEDULE_NONE = "không còn lần nhắc nào"

# --- terminal --------------------------------------------------------------
CONSOLE_INTRO = (
    "Chào mừng đến bản thử của bot báo cáo thi đua, khen thưởng (dữ liệu mẫu huyện Tuần Giáo 2020).\n"
    "Gõ số để chọn, gõ chữ để trả lời. Gõ :vai để đổi vai, :thoat để thoát."
)
CONSOLE_PICK_ROLE = "Bạn muốn thử với vai trò nào?"
CONSOLE_ROLES = [
    ("clerk", "Cán bộ xã Quài Nưa"),
    ("official", "Cán bộ Phòng Nội vụ huyện Tuần Giáo"),
    ("admin", "Quản trị viên"),
]
FILE_ATTACHED = "[tệp: {name}, {size} byte]"
TYPE_A_BUTTON = "(hoặc gõ: {labels})"
CONSOLE_BYE = "Tạm biệt! Mọi thứ bạn nhập đã được lưu."
CONSOLE_BAD_CHOICE = "Bạn gõ một số từ 1 đến {n} nhé."
