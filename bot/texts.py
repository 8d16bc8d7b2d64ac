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


# --- officials: progress, figures on demand, compiled summary ------------------
BTN_PROGRESS = "📈 Tiến độ"
BTN_UNIT_VIEW = "🏘 Xem một xã"
BTN_INDICATOR = "🔢 Một chỉ tiêu"
BTN_AWARD_TOTALS = "🏅 Tổng khen thưởng"
BTN_SUMMARY = "📑 Tổng hợp"
NO_ROUND = "Chưa có kỳ báo cáo nào."
ROUND_NOT_FOUND = "Không tìm thấy kỳ báo cáo «{query}». Các kỳ hiện có:"
PICK_ROUND_FOR = "Đang có nhiều kỳ báo cáo. Bạn muốn xem kỳ nào?"
NO_UNITS_IN_SCOPE = "Không có đơn vị báo cáo nào thuộc đơn vị của bạn."
STATUS_NONE = "chưa bắt đầu"
ON_TIME = "đúng hạn"
LATE = "gửi muộn"

PROGRESS_TEXT = "📈 {round}\nHạn nộp: {deadline} — {left}"
PROGRESS_COUNT = "Đã gửi {submitted}/{total} ({on_time} đúng hạn{late})"
PROGRESS_LATE = ", {late} gửi muộn"
PROGRESS_MISSING = "Chưa gửi: {names}"
PROGRESS_ALL_IN = "Tất cả đơn vị đã gửi báo cáo. 🎉"
PROGRESS_DETAIL = "Trong số chưa gửi: {draft} đang soạn, {none} chưa bắt đầu, {returned} bị trả lại."
CHART_TITLE = "Tiến độ báo cáo: {round}"
CHART_Y = "Số đơn vị"
CHART_CAPTION = "Biểu đồ tiến độ: {round}"
CHART_STATUSES = {"on_time": "Gửi đúng hạn", "late": "Gửi muộn", "draft": "Đang soạn",
                  "returned": "Bị trả lại", "none": "Chưa bắt đầu"}

ASK_UNIT = "Bạn muốn xem báo cáo của xã nào? Gõ tên xã (có dấu hay không dấu đều được), ví dụ: Quai Nua"
UNIT_NOT_FOUND = "Không tìm thấy xã «{query}». Bạn gõ lại tên xã nhé (ví dụ: Quai Nua), hoặc gõ /huy để dừng."
UNIT_AMBIGUOUS = "«{query}» khớp nhiều đơn vị. Bạn chọn một:"
UNIT_VIEW_HEAD = "🏘 {unit} — {round}\nTrạng thái: {status}"
UNIT_VIEW_SUBMITTED = "Gửi lúc {at} ({timing}), số biên nhận {receipt}"
UNIT_VIEW_NO_REPORT = "Đơn vị chưa bắt đầu báo cáo kỳ này."
UNIT_VIEW_DRAFT_NOTE = "(Báo cáo chưa gửi: số liệu dưới đây là bản nháp, chưa tính vào tổng hợp.)"
UNIT_VIEW_PLAN = " (KH {plan}, đạt {percent}% KH)"
UNIT_VIEW_AWARDS = "🏅 Khen thưởng: {items}"
UNIT_VIEW_NO_AWARDS = "🏅 Khen thưởng: chưa có."
AUDIT_LINE = "🕘 Lịch sử: {items}"
AUDIT_NONE = "🕘 Lịch sử: chưa có thao tác nào được ghi."
AUDIT_ACTIONS = {"submit": "gửi {n} lần (lần cuối {at})",
                 "edit_after_submit": "sửa sau khi gửi {n} lần (lần cuối {at})"}
AUDIT_OTHER = "{action}: {n} lần (lần cuối {at})"

ASK_INDICATOR = "Bạn muốn xem chỉ tiêu nào? Gõ vài chữ trong tên chỉ tiêu, ví dụ: tieu chi nong thon moi"
INDICATOR_NOT_FOUND = "Không tìm thấy chỉ tiêu «{query}». Bạn gõ vài chữ khác trong tên chỉ tiêu nhé, hoặc gõ /huy để dừng."
INDICATOR_AMBIGUOUS = "«{query}» khớp nhiều chỉ tiêu. Bạn chọn một:"
INDICATOR_HEAD = "🔢 {name}{unit}\n{round}\nĐã có số liệu: {reported}/{total} {noun}"
INDICATOR_TOTAL = "Tổng: {value}"
INDICATOR_AVERAGE = "Bình quân: {value}/{noun} (thấp nhất {low}, cao nhất {high})"
INDICATOR_PLAN = "Kế hoạch: {plan}, đạt {percent}% KH"
INDICATOR_PLAN_AVERAGE = "Kế hoạch bình quân: {plan}"
INDICATOR_NO_FIGURES = "Chưa có đơn vị nào gửi số liệu chỉ tiêu này."
RANKING_TITLE = "Xếp hạng:"
RANKING_TOP = "Cao nhất:"
RANKING_BOTTOM = "Thấp nhất:"
RANKING_LINE = "{n}. {unit}: {value}"

AWARDS_TITLE = "🏅 Tổng hợp khen thưởng — {round}"
AWARDS_NONE = "Chưa có số liệu khen thưởng nào được gửi."
AWARD_LEVELS = {"trung ương": "Khen thưởng cấp Nhà nước", "tỉnh": "Khen thưởng cấp tỉnh",
                "huyện": "Khen thưởng cấp huyện", "xã": "Khen thưởng cấp xã"}
AWARD_FORM = "{name}: {counts}"
AWARD_COLLECTIVE = "{n} tập thể"
AWARD_INDIVIDUAL = "{n} cá nhân"
AWARDS_SUBJECTS = "Cộng: {collective} tập thể, {individual} cá nhân."
AWARDS_BY_UNIT = "Theo đơn vị:"
AWARDS_UNIT_LINE = "• {unit}: {items}"
MORE_IN_FILE = "… và {n} đơn vị khác (xem tệp Excel của /tonghop)."

SUMMARY_HEAD = "📑 Tổng hợp: {round}\nLúc {at}"
SUMMARY_TRUNCATED = "… (còn nữa, xem tệp Word)"
SUMMARY_FILES = "📎 Dự thảo báo cáo (Word) và bảng số liệu (Excel) ở dưới."
DOC_CAPTION = "Dự thảo báo cáo tổng hợp: {round}"
XLSX_CAPTION = "Bảng số liệu tổng hợp: {round}"

# The compiled document (Phần I of the district's annual report)
DOC_PART = "Phần I"
DOC_HEADING = "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}"
DOC_META = "Kỳ báo cáo: {round} (mã {code}). Tổng hợp tự động lúc {at}; bản nháp để cán bộ chỉnh sửa."
DOC_SCOPE = "Phạm vi: các đơn vị thuộc {unit}."
DOC_CH_PROGRESS = "I. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ"
DOC_CH_RESULTS = "II. KẾT QUẢ THỰC HIỆN"
DOC_CH_PROPOSALS = "III. KHÓ KHĂN, ĐỀ XUẤT, KIẾN NGHỊ"
DOC_PROGRESS = "Đã gửi {submitted}/{total} đơn vị ({on_time} đúng hạn, {late} gửi muộn)."
DOC_MISSING = "Chưa gửi ({n} đơn vị): {names}. Số liệu dưới đây chưa gồm các đơn vị này."
DOC_NONE_MISSING = "Tất cả đơn vị đã gửi báo cáo."
CAMPAIGN_LEVELS = {
    "national": "Kết quả thực hiện các phong trào thi đua do Thủ tướng Chính phủ phát động",
    "province": "Kết quả thực hiện các phong trào thi đua do tỉnh phát động",
    "district": "Kết quả thực hiện các phong trào thi đua do huyện phát động",
}
DOC_CAMPAIGN = "- Phong trào thi đua “{name}”: "
DOC_NOTES = "Ghi chú của các đơn vị:"
DOC_QUOTE = "- {unit}: “{text}”"
DOC_NO_QUOTES = "Chưa có đơn vị nào nêu ý kiến."
DOC_NO_FIGURES = "chưa có số liệu."

# Figures written as sentences, the seed's way
FIG_VALUE = "{name}: {value}"
FIG_PLAN = ", đạt {percent}% KH"
FIG_AVERAGE = "{name}: bình quân {value}"
FIG_NONE = "{name}: chưa có số liệu"
FIG_GROUP = "{label}: {count} {noun}"
FIG_BUCKET_AVERAGE = "bình quân {value} {unit}/{noun}"
MORE_NAMES = "… và {n} {noun} khác"
UNIT_NOUN = "đơn vị"

# The spreadsheet
XLSX_PROGRESS_SHEET = "Tiến độ"
XLSX_AWARDS_SHEET = "Tổng khen thưởng"
XLSX_META = "Kỳ: {round} ({code}) · tổng hợp lúc {at} · chưa gửi ({n}): {names}"
XLSX_NO = "STT"
XLSX_UNIT = "Đơn vị"
XLSX_STATUS = "Trạng thái"
XLSX_SUBMITTED_AT = "Gửi lúc"
XLSX_TIMING = "Đúng hạn"
XLSX_RECEIPT = "Số biên nhận"
XLSX_TOTAL_ROW = "Tổng hợp"
XLSX_AGGREGATES = {"sum": "tổng", "average": "bình quân", "buckets": "bình quân", "none": ""}
XLSX_PLAN = "KH: {name}"
XLSX_FORM = "Hình thức, danh hiệu"
XLSX_LEVEL = "Cấp quyết định"
XLSX_COLLECTIVE = "Tập thể"
XLSX_INDIVIDUAL = "Cá nhân"
XLSX_TEXT = "Nội dung"
XLSX_INDICATOR = "Chỉ tiêu"
YES = "có"
NO = "không"

def percent_of_plan(value: float, plan: float) -> Optional[float]:
    return None if not plan else value / plan * 100

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
