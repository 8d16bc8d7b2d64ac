"""Every text a user sees, in one place. Short, kind, clear Vietnamese."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Optional

from storage.numbers import NumberKind, format_number


# --- words by channel ------------------------------------------------------------------------------
# One text says both: "bấm" where choices are buttons (Telegram), "gõ số" where they are numbered lines
# (Zalo, the terminal). The channel picks at the edge (`worded`: bot/rendering.render, the Telegram
# adapter). The marks are invisible format characters, which nobody can type: every incoming text
# loses them (storage/text.clean), so what a person wrote is never reworded.
_WORDS_OPEN, _WORDS_OR = "\u2063", "\u2064"
_BY_CHANNEL = re.compile(f"{_WORDS_OPEN}([^{_WORDS_OPEN}{_WORDS_OR}]*){_WORDS_OR}([^{_WORDS_OPEN}]*){_WORDS_OPEN}")


def by_channel(tap: str, typed: str) -> str:
    """Words that differ by channel, inside one text: `tap` with buttons, `typed` with numbered lines."""
    return f"{_WORDS_OPEN}{tap}{_WORDS_OR}{typed}{_WORDS_OPEN}"


def worded(text: str, buttons: bool) -> str:
    """The text as a channel with (or without) buttons says it."""
    if _WORDS_OPEN not in text:
        return text
    return _BY_CHANNEL.sub(lambda m: m.group(1) if buttons else m.group(2), text)


def role_name(role: str, unit) -> str:
    """'cán bộ xã', 'cán bộ huyện', 'cán bộ tỉnh'… after the unit the person belongs to."""
    return "quản trị viên" if role == "admin" else f"cán bộ {unit.kind}"

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
# An edited message never answers a question: it may belong to any earlier one.
EDIT_NOT_TAKEN = ("✏️ Tin đã sửa không được tính. Muốn đổi một câu trả lời, hãy mở lại câu đó trong "
                  "/baocao. Câu hỏi hiện tại:")
UNKNOWN_COMMAND = "Mình chưa biết lệnh này."
NOT_FOR_YOUR_ROLE = "Xin lỗi, chức năng này không dành cho vai trò của bạn."
NOT_UNDERSTOOD = "Mình chưa hiểu ý bạn. Bạn chọn một việc dưới đây nhé."
ATTACHMENT_NOT_UNDERSTOOD = "Mình chỉ đọc được tin nhắn chữ" + by_channel(" và các nút bấm.", ".")
CANCELLED = "Đã dừng. Những gì bạn đã nhập vẫn được lưu."

# --- registration ----------------------------------------------------------
WELCOME_STRANGER = (
    "Xin chào! Đây là bot báo cáo thi đua, khen thưởng.\n"
    "Để bắt đầu, bạn hãy gửi mã mời (10 ký tự, ví dụ: AB2CD-EF3GH) "
    "do Phòng Nội vụ cấp.\n"
    "Đã đăng ký ở Telegram hoặc Zalo? Gõ /lienket ở đó rồi nhắn ở đây: LIENKET <mã>"
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
HOW_INTEGER = "Nhập một số nguyên{range}, ví dụ: {example}."
HOW_DECIMAL = "Nhập một số{range}, ví dụ: {example}."
HOW_PERCENT = "Nhập tỷ lệ phần trăm{range}, ví dụ: {example}."
HOW_TEXT = "Nhập nội dung (tối đa {limit} ký tự)."
HOW_CHOICE = by_channel("Bấm một lựa chọn dưới đây.", "Gõ số của một lựa chọn dưới đây.")
RANGE_BETWEEN = " từ {min} đến {max}"
RANGE_FROM = " từ {min} trở lên"
RANGE_TO = " không quá {max}"

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

ERR_EMPTY = "Bạn chưa nhập gì."
ERR_NOT_NUMBER = "«{text}» không phải là một số."
ERR_NOT_INTEGER = "Chỉ tiêu này cần một số nguyên (không có phần lẻ)."
ERR_NEGATIVE = "Số này không được âm."
ERR_TOO_SMALL = "Số này phải từ {min} trở lên."
ERR_TOO_LARGE = "Số này không được lớn hơn {max}."
ERR_PLAN_ZERO = "Kế hoạch phải lớn hơn 0."
ERR_TOO_LONG = "Nội dung dài {length} ký tự, quá giới hạn {limit} ký tự. Bạn rút gọn giúp nhé."
ERR_CHOICE = by_channel("Bạn bấm một trong các nút nhé.", "Bạn gõ số của một lựa chọn nhé.")
ERR_EXAMPLE = "Ví dụ đúng: {example}."
CONFIRM_AMBIGUOUS = "Bạn nhập {text} — nghĩa là {words}?"

LOCKED = "🔒 Báo cáo đã được duyệt nên không sửa được nữa. Nếu cần sửa, bạn liên hệ Phòng Nội vụ."
ROUND_CLOSED = "🔒 Kỳ báo cáo này đã đóng, không sửa được nữa."
NO_EDIT_AFTER_DEADLINE = "🔒 Đã quá hạn nộp nên không sửa được báo cáo đã gửi. Bạn liên hệ Phòng Nội vụ nếu cần."

REVIEW_EMPTY = "(chưa nhập)"
REVIEW_SKIPPED = "(bỏ qua)"

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
STATUS_RETURNED = "↩️ Bị trả lại lúc {at} ({by}). Lý do: {reason}"
STATUS_APPROVED = "✅ Đã duyệt lúc {at} ({by})."


# --- lists inside the report: nominations, role models -----------------------
SUBJECT_NAMES = {"individual": "cá nhân", "collective": "tập thể"}
LEVEL_NAMES = {"xã": "cấp xã", "huyện": "cấp huyện", "tỉnh": "cấp tỉnh", "trung ương": "cấp trung ương"}
BTN_NOMINATIONS = "🏅 Đề nghị khen"
BTN_ROLE_MODELS = "🌟 Điển hình"
BTN_ADD = "➕ Thêm"
BTN_LIST = "📋 Danh sách"
BTN_TO_REPORT = "⬅️ Về báo cáo"
BTN_CONFIRM = "✅ Xác nhận"
BTN_EDIT = "✏️ Sửa"
BTN_REMOVE = "🗑 Xoá"
BTN_LATER = "⏭ Bổ sung sau"
BTN_REMOVE_YES = "🗑 Xoá hẳn"
BTN_REMOVE_NO = "↩️ Không xoá"
LIST_EMPTY = "(chưa có ai)"
LIST_INCOMPLETE = "⏳"
LIST_FLAGGED = "⚠️"
LIST_HOW = by_channel("Bấm một hồ sơ để xem, sửa, xoá.", "Gõ số của một hồ sơ để xem, sửa, xoá.")
LIST_PAGE = "Trang {page}/{pages}."
BTN_PREV_PAGE = "◀️ Trang trước"
BTN_NEXT_PAGE = "▶️ Trang sau"
CARD_EMPTY = "(chưa nhập)"
CARD_MISSING = "Còn thiếu: {items}."
EDIT_WHICH = "Bạn muốn sửa mục nào?"
REMOVE_SURE = "Xoá hồ sơ «{name}» khỏi danh sách?"
REMOVED = "🗑 Đã xoá «{name}»."
CONFIRMED = "✅ Đã lưu «{name}» vào danh sách."
CONFIRMED_WARN = "Lưu ý — hồ sơ vẫn được lưu, nhưng có {count} vấn đề cần sửa trước khi gửi báo cáo."
ENTRY_SAVED = "✅ Đã lưu."
ENTRY_LATER = "⏭ Để bổ sung sau."
ENTRY_NOT_FOUND = "Không tìm thấy hồ sơ này (có thể đã bị xoá). Đây là danh sách hiện tại."
ENTRY_NOT_YOURS = "⛔ Hồ sơ này không thuộc đơn vị của bạn nên bạn không xem hay sửa được."
ERR_NAME_SHORT = "Tên quá ngắn. Bạn nhập đầy đủ họ và tên nhé."
REVIEW_PROBLEMS = "⚠️ Cần sửa trước khi gửi:"
SUBMIT_LISTS = "Chưa gửi được: danh sách kèm báo cáo còn vấn đề cần sửa:\n{items}"
PART_SUMMARY = "{count} hồ sơ"
PART_SUMMARY_PROBLEMS = "{count} hồ sơ, ⚠️ {problems} vấn đề"
INCOMPLETE_ENTRY = "Hồ sơ số {n} «{name}» chưa nhập xong (chưa xác nhận)."
BTN_NO_INCOME = "❓ Không rõ"

# Nominations (đề nghị khen thưởng)
NOM_TITLE = "🏅 Danh sách đề nghị khen thưởng — {unit}"
NOM_LINE = "{n}. {name} ({subject}) — {form}"
NOM_SIDE_TITLE = "Đối chiếu với số đã khen trong phần «Kết quả khen thưởng»:"
NOM_SIDE_LINE = "• {name}: báo cáo {reported} · danh sách {listed}"
NOM_CARD_TITLE = "📄 Hồ sơ đề nghị số {n}"
NOM_UP = "đề nghị lên {level}"
BTN_INDIVIDUAL = "👤 Cá nhân"
BTN_COLLECTIVE = "👥 Tập thể"
BTN_PREREQ_LIST = "📋 Có trong danh sách đề nghị {form} kỳ này"
BTN_PREREQ_HELD = "📄 Đã được công nhận {form} (có quyết định)"
PREREQ_LIST = "đề nghị cùng kỳ trong danh sách này"
PREREQ_HELD = "đã được công nhận"
NOM_FIELDS = {
    "subject": "Đối tượng",
    "name": "Họ và tên",
    "position": "Chức vụ, nơi công tác",
    "form_code": "Danh hiệu, hình thức đề nghị",
    "achievements": "Tóm tắt thành tích",
    "prereq_mode": "Danh hiệu {form}",
    "prereq_ref": "Quyết định công nhận {form}",
    "initiative": "Sáng kiến (đề tài, đề án)",
    "initiative_ref": "Quyết định công nhận sáng kiến",
}
NOM_FIELDS_COLLECTIVE = {"name": "Tên tập thể", "position": "Trực thuộc"}
ASK_SUBJECT = "Đề nghị khen thưởng cho cá nhân hay tập thể?"
ASK_NAME_INDIVIDUAL = "Họ và tên người được đề nghị? (ví dụ: Lò Văn Minh)"
ASK_NAME_COLLECTIVE = "Tên tập thể được đề nghị? (ví dụ: Trường Tiểu học Quài Nưa)"
ASK_POSITION_INDIVIDUAL = "Chức vụ và nơi công tác (thôn/bản, trường, cơ quan)? Ví dụ: Trưởng bản Co Sản."
ASK_POSITION_COLLECTIVE = "Tập thể này thuộc đơn vị nào? Ví dụ: UBND xã Quài Nưa."
ASK_FORM = "Đề nghị danh hiệu hoặc hình thức khen thưởng nào cho {subject} «{name}»?\n{forms}"
ASK_FORM_LINE = "• {short}: {name}{up}"
ASK_ACHIEVEMENTS = "Tóm tắt thành tích của «{name}» (tối đa {limit} ký tự)."
ASK_PREREQ = ("Danh hiệu {form} phải có {prereq} cùng năm. «{name}» thuộc trường hợp nào?")
ASK_PREREQ_REF = "Số, ngày quyết định công nhận {prereq} của «{name}»? Ví dụ: 125/QĐ-UBND ngày 05/6/2020."
ASK_INITIATIVE = "Tên sáng kiến (hoặc đề tài, đề án) mà danh hiệu {form} của «{name}» dựa vào?"
ASK_INITIATIVE_REF = ("Số, ngày quyết định hoặc văn bản công nhận sáng kiến đó? "
                      "Ví dụ: 45/QĐ-UBND ngày 20/10/2020.")
CURRENT_VALUE = "Đang lưu: {value}"

# Rule checks: each names the rule's source (căn cứ) from the catalogue.
RULE_SOURCE = "   Căn cứ: {source}"
RULE_AUTHORITY_SUBJECT = "Hồ sơ số {n} «{name}»: {form} không dành cho {subject}."
RULE_AUTHORITY_LEVEL = ("Hồ sơ số {n} «{name}»: {form} do {level} quyết định, vượt mức đơn vị được đề nghị "
                        "(đến {up_to}). Bạn chọn hình thức khác.")
RULE_AUTHORITY_GONE = "Hồ sơ số {n} «{name}»: hình thức «{form}» không còn trong danh mục. Bạn chọn hình thức khác."
RULE_PREREQUISITE = ("Hồ sơ số {n} «{name}» đề nghị {form}, nhưng chưa có hồ sơ đề nghị {prereq} của người này "
                     "trong kỳ, cũng chưa ghi quyết định công nhận {prereq}. Thêm «{name}» vào danh sách {prereq}, "
                     "hoặc sửa hồ sơ để ghi số quyết định.")
RULE_INITIATIVE = "Hồ sơ số {n} «{name}» đề nghị {form} phải có sáng kiến được công nhận: còn thiếu {missing}."
RULE_INITIATIVE_NAME = "tên sáng kiến"
RULE_INITIATIVE_REF = "số quyết định công nhận sáng kiến"
RULE_RATIO = ("Số {form} ({count}) vượt quá {percent}% số {base} ({base_count}): tối đa {allowed}. "
              "Cần bớt {fewer} {form}, hoặc có thêm {more} {base}.")
RULE_AT_MOST = ("Số {form} ({count}) nhiều hơn số {base} ({base_count}). "
                "Cần bớt {diff} {form}, hoặc thêm {diff} {base}.")
RULE_UNIQUE = ("«{name}» có {count} hồ sơ đề nghị {form} trong kỳ này (số {numbers}). "
               "Mỗi người, tập thể chỉ đề nghị một lần cho một hình thức: xoá bớt hồ sơ trùng.")

# Role models (điển hình tiên tiến)
RM_TITLE = "🌟 Điển hình tiên tiến — {unit}"
RM_LINE = "{n}. {name} — {village}: {deed}"
RM_CARD_TITLE = "🌟 Điển hình số {n}"
RM_FIELDS = {
    "name": "Tên người, hộ hoặc tập thể",
    "village": "Thôn, bản",
    "commune": "Xã",
    "deed": "Việc đã làm",
    "income_million": "Thu nhập một năm",
}
ASK_RM_NAME = "Tên người, hộ gia đình hoặc tập thể điển hình? (ví dụ: Hộ ông Lò Văn Xôm)"
ASK_RM_VILLAGE = "Ở thôn, bản nào? (ví dụ: Bản Co Sản)"
ASK_RM_COMMUNE = "Thuộc xã nào? " + by_channel("Bấm nút nếu là {unit}, hoặc gõ tên xã khác.", "Gõ tên xã, ví dụ: {unit}.")
ASK_RM_DEED = "Điển hình về việc gì? (ví dụ: mô hình trồng cây chanh leo; tối đa {limit} ký tự)"
ASK_RM_INCOME = ("Thu nhập một năm khoảng bao nhiêu triệu đồng? (ví dụ: 120 hoặc 85,5) Nếu không rõ, "
                 + by_channel("bấm", "gõ") + " «Không rõ».")
INCOME_VALUE = "{value} triệu đồng/năm"
INCOME_UNKNOWN = "không rõ"


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
PROGRESS_APPROVED = " — trong đó {approved} đã duyệt"
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
                 "resubmit": "gửi lại sau khi bị trả {n} lần (lần cuối {at})",
                 "edit_after_submit": "sửa sau khi gửi {n} lần (lần cuối {at})",
                 "return": "trả lại {n} lần (lần cuối {at})",
                 "approve": "duyệt {n} lần (lần cuối {at})",
                 "unlock": "mở khóa {n} lần (lần cuối {at})"}
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
SUMMARY_APPROVED_ONLY = "Chỉ tính số liệu của {n} báo cáo đã duyệt."
SUMMARY_APPROVED_OFFER = "Có {n} báo cáo đã duyệt. Muốn xem tổng hợp chỉ gồm các báo cáo đã duyệt?"
BTN_SUMMARY_APPROVED = "✅ Tổng hợp chỉ báo cáo đã duyệt"
SUMMARY_TRUNCATED = "… (còn nữa, xem tệp Word)"
DOC_CAPTION = "Dự thảo báo cáo tổng hợp: {round}"
XLSX_CAPTION = "Bảng số liệu tổng hợp: {round}"

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
XLSX_META = "Kỳ: {round} ({code}) · tổng hợp lúc {at} · đã duyệt {approved} · chưa gửi ({n}): {names}"
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

# --- review: officials approve or return a commune's report -------------------
BTN_REVIEW_QUEUE = "✅ Duyệt báo cáo"
BTN_APPROVE = "✅ Duyệt"
BTN_RETURN = "↩️ Trả lại"
BTN_SKIP_REPORT = "⏭ Bỏ qua"
BTN_FULL_VIEW = "🔎 Xem đầy đủ"
BTN_HISTORY = "🕘 Lịch sử"
BTN_UNLOCK = "🔓 Mở khóa"
BTN_OPEN_REPORT = "📝 Mở báo cáo"
BTN_REVIEW_NEXT = "✅ Báo cáo chờ duyệt"
QUEUE_EMPTY = "👍 Không còn báo cáo nào chờ duyệt."
QUEUE_CARD = (
    "📋 Chờ duyệt ({n}/{total}): {unit}\n"
    "{round}\n"
    "Gửi lúc {at} ({timing}), số biên nhận {receipt}{again}\n"
    "Đã nhập {answered}/{questions} chỉ tiêu{edits}"
)
QUEUE_AGAIN = " — gửi lại lần {n}"
QUEUE_EDITS = "; sửa sau khi gửi {n} lần"
ASK_RETURN_REASON = "Vì sao trả lại báo cáo của {unit}? Gõ lý do để cán bộ xã biết cần sửa gì (tối đa {limit} ký tự)."
RETURN_REASON_EMPTY = "Bạn cần gõ lý do trả lại."
RETURN_REASON_TOO_LONG = "Lý do dài {length} ký tự, quá giới hạn {limit}. Bạn rút gọn giúp nhé."
ASK_UNLOCK_REASON = "Vì sao mở khóa báo cáo của {unit}? Gõ lý do (tối đa {limit} ký tự); lý do sẽ được ghi lại."
APPROVED_DONE = "✅ Đã duyệt báo cáo của {unit}. Báo cáo đã khóa; cán bộ xã đã được báo."
RETURNED_DONE = "↩️ Đã trả lại báo cáo của {unit}. Cán bộ xã đã được báo kèm lý do."
UNLOCKED_DONE = "🔓 Đã mở khóa báo cáo của {unit}: báo cáo trở lại trạng thái «đã gửi», chờ duyệt lại."
ALREADY_HANDLED = "⚠️ Báo cáo của {unit} đã được xử lý: hiện {status}{by}."
ALREADY_BY = " ({who} — {action} lúc {at})"
NOT_APPROVED = "Báo cáo của {unit} hiện {status}, chưa duyệt nên không cần mở khóa."
NOT_YOUR_UNIT = "Xin lỗi, báo cáo này không thuộc các đơn vị bạn phụ trách."
REPORT_GONE = "Không tìm thấy báo cáo này."
NOTICE_RETURNED = (
    "↩️ Báo cáo {round} của {unit} bị trả lại để sửa.\n"
    "Người trả: {by}\n"
    "Lý do: {reason}\n"
    "Bạn sửa rồi gửi lại nhé."
)
NOTICE_APPROVED = "✅ Báo cáo {round} của {unit} đã được duyệt ({by}). Báo cáo đã khóa, không cần làm gì thêm."
NOTICE_UNLOCKED = "🔓 Báo cáo {round} của {unit} được mở khóa để sửa ({by}). Lý do: {reason}"
NOTICE_RESUBMITTED = "📤 {unit} đã sửa và gửi lại báo cáo {round} (số biên nhận {receipt}, lúc {at})."
ASK_UNIT_FOR = "Bạn muốn {what} của xã nào? Gõ tên xã (có dấu hay không dấu đều được), ví dụ: Quai Nua"
WHAT_HISTORY = "xem lịch sử báo cáo"
WHAT_UNLOCK = "mở khóa báo cáo"
HISTORY_HEAD = "🕘 Lịch sử báo cáo — {unit}\n{round}\nTrạng thái: {status}"
HISTORY_EMPTY = "Chưa có thao tác nào được ghi."
HISTORY_OLDER = "… và {n} thao tác cũ hơn không hiện ở đây."
HISTORY_LINE = "• {at} — {who}: {what}"
HISTORY_SOMEONE = "(hệ thống)"
HISTORY_ACTIONS = {
    "submit": "gửi báo cáo, số biên nhận {receipt}",
    "resubmit": "gửi lại sau khi sửa, số biên nhận {receipt}",
    "return": "trả lại — lý do: {reason}",
    "approve": "duyệt (khóa báo cáo)",
    "unlock": "mở khóa — lý do: {reason}",
}
HISTORY_EDIT = "sửa «{field}»: {old} → {new}"
HISTORY_PLAN = "kế hoạch của {name}"
HISTORY_LIST = {"add": "thêm một dòng vào {what}", "edit": "sửa một dòng trong {what}",
                "remove": "xóa một dòng khỏi {what}"}
HISTORY_LISTS = {"nomination": "danh sách đề nghị khen", "rolemodel": "danh sách điển hình"}
HISTORY_OTHER = "{action}"
HISTORY_NOTHING = "(trống)"

# --- command line ------------------------------------------------------------
CLI_INVITE = "Mã mời cho {role} của {unit}, dùng một lần, hết hạn sau {days} ngày:"
CLI_UNIT_NOT_FOUND = "Không tìm thấy đơn vị '{query}'."
CLI_CLERK_NEEDS_REPORTING_UNIT = "Cán bộ xã phải thuộc một đơn vị báo cáo (xã, phường, thị trấn); {unit} thì không."
CLI_OFFICIAL_NEEDS_PARENT_UNIT = "Cán bộ theo dõi và quản trị viên thuộc đơn vị cấp trên (huyện, tỉnh); {unit} là đơn vị báo cáo."
CLI_UNIT_AMBIGUOUS = "'{query}' khớp nhiều đơn vị: {names}. Hãy dùng mã đơn vị."
CLI_CATALOG_OK = ("{path}: hợp lệ — {units} đơn vị ({reporting} báo cáo), {sections} phần, "
                  "{indicators} chỉ tiêu, {rounds} kỳ báo cáo.")
JOBS_NEED_A_CHANNEL = "Cần TELEGRAM_BOT_TOKEN hoặc ZALO_BOT_TOKEN để gửi tin nhắn."
CLI_CATALOG_BAD = "Danh mục không hợp lệ — {error}"

# --- database schema and several instances (storage/db.py, main.py db) ------
DB_UNVERSIONED = ("Cơ sở dữ liệu được tạo bởi phiên bản cũ (chưa có mã phiên bản lược đồ) và khác lược đồ "
                  "của phiên bản này, nên bot không tự sửa. Hãy sao lưu cơ sở dữ liệu, rồi chạy: "
                  "python main.py db upgrade")
DB_STILL_DIFFERENT = ("Sau khi nâng cấp, cơ sở dữ liệu vẫn khác lược đồ của phiên bản này, nên không thay đổi gì "
                      "(đã hoàn tác). Khác biệt: {differences}")
DB_NEWER = ("Cơ sở dữ liệu ở phiên bản lược đồ {revision}, mới hơn phiên bản bot này. "
            "Hãy chạy phiên bản bot mới nhất.")
DB_MANUAL_REVISION = ("Có thay đổi lược đồ cần quản trị viên áp dụng ({revisions}). Hãy sao lưu cơ sở dữ liệu, "
                      "rồi chạy: python main.py db upgrade")
DB_UPGRADED = "Cơ sở dữ liệu: {outcome}."
DB_CURRENT = "Phiên bản lược đồ hiện tại: {current} (mới nhất: {head})."
DB_NOT_VERSIONED = "chưa có"
DB_REVISION_WRITTEN = "Đã tạo bản sửa đổi lược đồ: {path}"
DB_REVISION_EMPTY = "Các bảng đã khớp với lược đồ mới nhất: không có gì để tạo."

# --- reminders, overdue digest, summary (scheduler/) -------------------------
REMINDER = (
    "⏰ Nhắc hạn: {round}\n"
    "Đơn vị: {unit}\n"
    "Hạn nộp: {deadline} — {left}.\n"
    "{missing}"
)
REMINDER_NOT_STARTED = "Bạn chưa bắt đầu báo cáo kỳ này."
OVERDUE = (
    "❗ Báo cáo {round} của {unit} đã quá hạn {days} ngày (hạn nộp {deadline}).\n"
    "{missing}\n"
    "Bạn hoàn thành và gửi ngay hôm nay nhé; cần giúp, bạn liên hệ Phòng Nội vụ."
)
DIGEST_HEAD = "❗ {round}: {late}/{total} đơn vị chưa nộp báo cáo, đã quá hạn {days} ngày (hạn nộp {deadline})."
DIGEST_LINE = "{n}. {unit} — {missing}; {people}"
DIGEST_PERSON = "{name} (hoạt động lần cuối {last})"
DIGEST_PERSON_NEVER = "{name} (chưa dùng bot)"
DIGEST_UNREACHABLE = "{name} ⚠️ không liên lạc được: đã chặn bot"
DIGEST_NO_CLERK = "chưa có cán bộ xã đăng ký"
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
CONSOLE_NOTICE = "📨 Tin nhắn bot gửi tới {name}:"
CONSOLE_BAD_CHOICE = "Bạn gõ một số từ 1 đến {n} nhé."

# --- one person on several channels (Telegram, Zalo) -------------------------
BTN_LINK = "🔗 Liên kết Zalo/Telegram"
LINK_CODE = (
    "🔗 Mã liên kết của bạn: {code}\n"
    "Mã dùng một lần, hết hạn sau {minutes} phút.\n"
    "Trên kênh kia (Zalo hoặc Telegram), bạn nhắn cho bot: LIENKET {code}"
)
LINKED = "✅ Đã liên kết! Chào {name}: đây vẫn là tài khoản {role} của {unit}. Nhắc hạn sẽ đến kênh bạn dùng gần nhất."
LINK_UNKNOWN = "Mã liên kết này không đúng. Bạn kiểm tra lại, hoặc gõ /lienket ở kênh kia để lấy mã mới."
LINK_USED = "Mã liên kết này đã được dùng rồi. Bạn gõ /lienket ở kênh kia để lấy mã mới nhé."
LINK_EXPIRED = "Mã liên kết này đã hết hạn. Bạn gõ /lienket ở kênh kia để lấy mã mới nhé."
LINK_HOW = "Để liên kết, bạn gõ /lienket ở kênh đã đăng ký, rồi nhắn ở đây: LIENKET <mã>"

# --- Zalo --------------------------------------------------------------------
FILE_LINK = "📎 Tải tệp {name}: {url}\n(liên kết hết hạn sau {hours} giờ)"
FILE_NOT_ON_ZALO = "📎 Zalo chưa gửi được tệp {name}. Bạn mở bot trên Telegram, hoặc nhờ Phòng Nội vụ lấy tệp bằng dòng lệnh."

# --- facts from the inner layer (storage/facts.py), worded here --------------------
# Each fact names its kind; FACT_TEXTS[family][kind] is its sentence, filled with its
# parameters (a few are turned into words first: _FACT_WORDS). A value type's problem
# with an `example` ends with ERR_EXAMPLE.
FACT_TEXTS = {
    "problem": {
        # an answer refused (storage/values)
        "empty": ERR_EMPTY,
        "not_a_number": ERR_NOT_NUMBER,
        "not_integer": ERR_NOT_INTEGER,
        "negative": ERR_NEGATIVE,
        "too_small": ERR_TOO_SMALL,
        "too_large": ERR_TOO_LARGE,
        "plan_zero": ERR_PLAN_ZERO,
        "too_long": ERR_TOO_LONG,
        "not_a_choice": ERR_CHOICE,
        # a commendation rule broken (storage/award_rules.py)
        "authority_gone": RULE_AUTHORITY_GONE,
        "authority_subject": RULE_AUTHORITY_SUBJECT,
        "authority_level": RULE_AUTHORITY_LEVEL,
        "prerequisite": RULE_PREREQUISITE,
        "initiative": RULE_INITIATIVE,
        "ratio": RULE_RATIO,
        "at_most": RULE_AT_MOST,
        "unique": RULE_UNIQUE,
        # a database the bot does not upgrade by itself (storage/db.py)
        "db_unversioned": DB_UNVERSIONED,
        "db_still_different": DB_STILL_DIFFERENT,
        "db_newer": DB_NEWER,
        "db_manual_revision": DB_MANUAL_REVISION,
    },
    # How to answer a question, by value type (storage/values: ValueType.ask).
    "hint": {
        "integer": HOW_INTEGER,
        "decimal": HOW_DECIMAL,
        "percent": HOW_PERCENT,
        "text": HOW_TEXT,
        "choice": HOW_CHOICE,
    },
}
INITIATIVE_MISSING = {"name": RULE_INITIATIVE_NAME, "ref": RULE_INITIATIVE_REF}


def _range_words(bounds) -> str:
    """(low, high), each shown or None: ' từ 0 đến 19', ' không quá 19', ' từ 5 trở lên', ''."""
    low, high = bounds
    if low is not None and high is not None:
        return RANGE_BETWEEN.format(min=low, max=high)
    if high is not None:
        return RANGE_TO.format(max=high)
    if low is not None:
        return RANGE_FROM.format(min=low)
    return ""


_FACT_WORDS = {
    "subject": lambda code: SUBJECT_NAMES[code],
    "level": lambda code: LEVEL_NAMES[code],
    "up_to": lambda code: LEVEL_NAMES[code],
    "missing": lambda codes: " và ".join(INITIATIVE_MISSING[c] for c in codes),
    "range": _range_words,
}


def _fact_word(key: str, value):
    if key in _FACT_WORDS:
        return _FACT_WORDS[key](value)
    if isinstance(value, Decimal):
        return format_number(value, NumberKind.DECIMAL)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


def say(fact) -> str:
    """The sentence for a fact the inner layer stated (a Problem, a Hint)."""
    params = {key: _fact_word(key, value) for key, value in fact.params.items()}
    text = FACT_TEXTS[fact.family][fact.kind].format(**params)
    if fact.family == "problem" and "example" in params:
        text += " " + ERR_EXAMPLE.format(example=params["example"])
    return text


def violation_text(violation) -> str:
    """A broken commendation rule (storage/award_rules.Violation): what is wrong, then its legal source."""
    return f"{say(violation.problem)}\n{RULE_SOURCE.format(source=violation.source)}"


# --- issue 17: the demo district, scheduling windows, the time zone ---------------------------------
JOBS_ALREADY_SENT = "Đã gửi từ trước: {n} tin nhắn đến hạn lúc {at} (không gửi lại)."
CLI_TIME_ZONE = "Múi giờ của hạn nộp và giờ nhắc: {zone}"
DEMO_LOADED = ("Dữ liệu mẫu huyện Tuần Giáo: {submitted}/{total} đơn vị đã nộp báo cáo kỳ «{round}» "
               "({approved} đã duyệt, {returned} bị trả lại).")
DEMO_RELOADED = "Hạn nộp của bản demo đã qua nên dữ liệu mẫu được nạp lại từ đầu."
DEMO_DATES_MOVED = ("📅 Bản demo dời ngày của kỳ này: mở {opens}, hạn nộp {deadline} "
                    "(thật: {real_opens} – {real_deadline}), để hạn nộp còn ở phía trước.")
DEMO_NOT_FITTING = "Dữ liệu mẫu chỉ dành cho danh mục huyện Tuần Giáo 2020: bản demo mở không có dữ liệu mẫu."
DEMO_REAL_DATABASE = ("Cơ sở dữ liệu {url} đã có người dùng thật (Telegram/Zalo): không nạp dữ liệu mẫu vào đây. "
                      "Bản demo dùng DEMO_DATABASE_URL, khác DATABASE_URL.")
DEMO_SAME_DATABASE = ("DEMO_DATABASE_URL trùng DATABASE_URL: dữ liệu mẫu không bao giờ được nạp vào cơ sở dữ liệu "
                      "của bot thật. Hãy đặt DEMO_DATABASE_URL khác.")
DEMO_DATA_BAD = "Dữ liệu mẫu không hợp lệ — {unit}, {field}: {problem}"
DEMO_RESET_DONE = "Đã nạp lại dữ liệu mẫu vào {url}."
CONSOLE_FILES_FOLDER = "Tệp Word, Excel, biểu đồ được ghi vào thư mục {folder}."
CONSOLE_FILE_SAVED = "📎 Đã ghi tệp: {path}"


# --- issue 16 (4–7: workbook, empty notes, questions for the units they fit) and issue 15.2 (workbook lists) ---
CLI_CATALOG_WARNING = "Cảnh báo — {path}: {warning}"
NOTE_NOTHING = "✅ «{name}»: không có gì cần ghi."
# The workbook (bot/report_xlsx.py): the district's figures first, as the chat gives them
XLSX_FIGURES_SHEET = "Tổng hợp"
XLSX_FIGURES_TITLE = "Số liệu tổng hợp: {round}"
XLSX_PART = "Phần"
XLSX_WHAT = "Nội dung"
XLSX_FIGURE = "Số liệu"
XLSX_MEASURE = "Đơn vị tính"
XLSX_PLAN_COLUMN = "Kế hoạch"
XLSX_PERCENT_OF_PLAN = "Đạt % KH"
XLSX_UNITS = "Các đơn vị"
XLSX_AGGREGATED = "Cách tổng hợp:"
XLSX_NO_FIGURES = "chưa có số liệu"
XLSX_UNITS_TOTAL = "Đơn vị phải báo cáo"
XLSX_SUBMITTED = "Đã gửi"
XLSX_ON_TIME = "Gửi đúng hạn"
XLSX_LATE = "Gửi muộn"
XLSX_APPROVED = "Đã duyệt"
XLSX_MISSING = "Chưa gửi"
XLSX_AWARDS_SUM = "Cộng"
XLSX_QUOTED = "số đơn vị có ý kiến"
# Nominees and role models (issue 15.2)
XLSX_NOMINEES_SHEET = "Đề nghị khen thưởng"
XLSX_ROLE_MODELS_SHEET = "Điển hình tiên tiến"
XLSX_SUBJECT = "Cá nhân/Tập thể"
XLSX_NOMINEE = "Họ và tên, tên tập thể"
XLSX_POSITION = "Chức vụ, đơn vị công tác"
XLSX_DECIDED = "{level} quyết định"
XLSX_ACHIEVEMENTS = "Tóm tắt thành tích"
XLSX_INITIATIVE_COLUMN = "Sáng kiến"
XLSX_INITIATIVE = "{name} ({ref})"
XLSX_PROBLEMS = "Chưa đúng quy định"
XLSX_ROLE_MODEL = "Tên người, hộ, tập thể"
XLSX_VILLAGE = "Thôn, bản"
XLSX_COMMUNE = "Xã"
XLSX_DEED = "Việc đã làm"
XLSX_INCOME = "Thu nhập (triệu đồng/năm)"


# --- issue 15 (officials' side) and 18.7: the units' lists for officials, what is missing by name, pages ---
# One screen per message: a long answer comes in pages (LIST_PAGE, BTN_PREV_PAGE, BTN_NEXT_PAGE), details
# behind a button.
PROBLEM_SHORT = {"authority_gone": "hình thức không còn", "authority_subject": "sai đối tượng",
                 "authority_level": "vượt thẩm quyền", "prerequisite": "thiếu danh hiệu điều kiện",
                 "initiative": "thiếu sáng kiến", "ratio": "vượt tỷ lệ", "at_most": "vượt số lượng",
                 "unique": "trùng hồ sơ"}
PROBLEMS_FLAG = " ⚠️ {kinds}"
FLAGGED_COUNT = " (⚠️ {n})"
NOMINEE_UP = " ⬆️"  # a proposal sent up: decided above this level

# What is missing, by name (reminders, overdue chasers)
MISSING_HEAD = "Còn thiếu {count} chỉ tiêu bắt buộc:"
MISSING_SECTION = "• {section}: {count}"
MISSING_MORE_SECTIONS = "• … và {n} phần khác: {count}"
MISSING_LISTS_HEAD = "Cần hoàn thiện trước khi gửi:"
MISSING_LIST = "• {name}: {what}"
MISSING_UNFINISHED = "{n} hồ sơ chưa xác nhận"
MISSING_BROKEN = "{n} vấn đề theo quy định"
MISSING_NOTHING = "Đã nhập đủ, chỉ còn " + by_channel("bấm", "chọn") + " «📤 Gửi báo cáo»."
# The same, short, on one line of the digest's details
MISSING_SHORT = "còn {count} chỉ tiêu"
MISSING_SHORT_LISTS = "danh sách cần hoàn thiện"
MISSING_SHORT_NONE = "đã nhập đủ, chưa gửi"

# The overdue digest: one screen, the details by unit behind a button (/chuanop)
DIGEST_NAMES = "Chưa nộp: {names}."
DIGEST_NO_CLERKS = "⚠️ {n} đơn vị chưa có cán bộ xã đăng ký."
DIGEST_BLOCKED = "⚠️ {n} cán bộ đã chặn bot, không nhắc được."
DIGEST_SEE_DETAILS = "Từng đơn vị còn thiếu gì, ai phụ trách: «📋 Chi tiết» (lệnh /chuanop)."
BTN_DIGEST_DETAILS = "📋 Chi tiết"
LATE_TITLE = "📋 Chưa nộp: {round}\nHạn nộp {deadline} — {left} · {late}/{total} đơn vị"

# /xa: the report in pages of one screen, the lists behind buttons
BTN_XA_NOMINEES = "🏅 Đề nghị ({n})"
BTN_XA_ROLE_MODELS = "🌟 Điển hình ({n})"
BTN_XA_BACK = "⬅️ {unit}"
XA_NOMINEES = "🏅 Đề nghị khen thưởng: {count} hồ sơ{flagged} — {forms}"
XA_NOMINEES_NONE = "🏅 Đề nghị khen thưởng: chưa có hồ sơ nào xác nhận."
XA_ROLE_MODELS = "🌟 Điển hình tiên tiến: {count}"
XA_ROLE_MODELS_NONE = "🌟 Điển hình tiên tiến: chưa có."
XA_NOMINEES_TITLE = "🏅 Đề nghị khen thưởng — {unit}"
XA_ROLE_MODELS_TITLE = "🌟 Điển hình tiên tiến — {unit}"
XA_DRAFT = "(bản nháp, chưa gửi)"
NOMINEE_LINE = "{n}. {name} ({subject}) — {form}{up}"
NOMINEE_POSITION = "   {position}"
NOMINEE_PROBLEM = "   ⚠️ {problem}"
NOMINEE_ACROSS = "{n}. {name} ({subject}), {position} — {unit}{flag}"
# Role models in the seed's wording: "Gia đình ông Quàng Văn Lến (xã Chiềng Sinh) - mô hình trồng cây chanh leo"
ROLE_MODEL_LINE = "{n}. {name} ({place}) - {deed}"
ROLE_MODEL_INCOME = " (thu nhập {income})"

# /dexuat: nominations across the official's units
BTN_DISTRICT_NOMINEES = "📜 Danh sách đề nghị"
BTN_DX_BY_UNIT = "🏘 Theo đơn vị"
BTN_DX_FORM = "{form} ({n})"
BTN_DX_ROLE_MODELS = "🌟 Điển hình ({n})"
BTN_DX_ALL = "📜 Tất cả hình thức"
DX_TITLE = "📜 Đề nghị khen thưởng — {round}"
DX_TOTAL = "{count} hồ sơ của {units} đơn vị{flagged}."
DX_FLAGGED = ", ⚠️ {n} có vấn đề theo quy định"
DX_NONE = "Chưa có hồ sơ đề nghị nào trong các báo cáo đã gửi."
DX_LEVEL_UP = "⬆️ Đề nghị lên {level}: {items}."
DX_LEVEL_HERE = "✔️ {level} quyết định: {items}."
DX_LEVEL_UNKNOWN = "❔ Hình thức không còn trong danh mục: {items}."
DX_FORM_ITEM = "{form} {counts}{flagged}"
DX_HOW = "Chọn một hình thức để xem danh sách, hoặc xem theo đơn vị; gõ /dexuat <tên xã> để xem một xã."
DX_FORM_TITLE = "📜 {form} — {round}\n{counts}{flagged}{up}"
DX_FORM_UP = "\nĐề nghị lên {level}."
DX_UNIT_TITLE = "📜 Đề nghị khen thưởng — {unit}\n{round}"
DX_UNITS_TITLE = "📜 Đề nghị khen thưởng theo đơn vị — {round}"
DX_UNIT_LINE = "{n}. {unit}: {count} hồ sơ{flagged}"
DX_UNIT_BUTTON = "{unit} ({n})"
DX_ROLE_MODELS_TITLE = "🌟 Điển hình tiên tiến — {round}\n{count} điển hình của {units} đơn vị"
DX_NOT_FOUND = "Không tìm thấy hình thức hay đơn vị «{query}». Các đề nghị hiện có:"

# The compiled summary's chat text (/tonghop, the scheduled summary)
SUMMARY_NOMINEES = "▪️ Đề nghị khen thưởng: {count} hồ sơ của {units} đơn vị{flagged} (/dexuat)"
SUMMARY_NOMINEES_NONE = "▪️ Đề nghị khen thưởng: chưa có hồ sơ nào."
SUMMARY_ROLE_MODELS = "▪️ Điển hình tiên tiến: {count} điển hình của {units} đơn vị (/dexuat dienhinh)"
SUMMARY_ROLE_MODELS_NONE = "▪️ Điển hình tiên tiến: chưa có."


# --- issue 16: the Word report (bot/report_docx.py) and the proposal list ---------------------------

DOC_KIND_REPORT = "BÁO CÁO"
DOC_PART = "Phần {n}"
DOC_META = "Dự thảo tổng hợp tự động lúc {at} từ báo cáo của các đơn vị, kỳ «{round}» (mã {code})."
DOC_SCOPE = "Phạm vi: các đơn vị thuộc {unit}."
DOC_PROGRESS = "Đã gửi {submitted}/{total} đơn vị ({on_time} đúng hạn, {late} gửi muộn), trong đó {approved} đã duyệt."
DOC_MISSING = "Chưa gửi ({n} đơn vị): {names}. Số liệu dưới đây chưa gồm các đơn vị này."
DOC_NONE_MISSING = "Tất cả đơn vị đã gửi báo cáo."
DOC_PROMPTS_NOTE = ("Các đoạn in nghiêng trong ngoặc vuông là gợi ý: viết nội dung thay vào đó và xóa ghi chú này "
                    "trước khi trình ký.")
DOC_OPENING_PROMPT = "Nêu văn bản chỉ đạo, hướng dẫn của cấp trên mà báo cáo này thực hiện."
DOC_OPENING = "{issuer} báo cáo {round}, cụ thể như sau:"
DOC_CLOSING = "Trên đây là Báo cáo {subject} của {issuer}./."
DOC_CAMPAIGN = "- Phong trào thi đua “{name}”: "
DOC_NO_FIGURES = "chưa có số liệu."
DOC_NOTES = "Ý kiến, ghi chú của các đơn vị:"
DOC_QUOTE = "- {unit}: “{text}”"
# Units counted in a bucket or a choice, the seed's way.
DOC_NAMES = "gồm các {noun}: {names}"
DOC_GROUP_PHRASE = "{count} {noun} {phrase} ({names})"
DOC_GROUP = "{label}: {count} {noun} ({names})"
DOC_BUCKET_AVERAGE = " và bình quân đạt {value} {unit}/{noun}"
DOC_AWARDS_LEAD = "Về kết quả khen thưởng năm {year}:"
DOC_AWARDS_NONE = "Chưa có số liệu khen thưởng."
DOC_PROPOSALS_LEAD = "Về đề nghị khen thưởng: {n} hồ sơ của {units} đơn vị, trong đó:"
DOC_PROPOSALS_UP = "Đề nghị khen thưởng {level} (trình cấp trên xét)"
DOC_PROPOSALS_HERE = "Đề nghị khen thưởng {level}"
DOC_PROPOSALS_FLAGGED = ("Có {n} hồ sơ chưa đúng quy định về thi đua, khen thưởng, cần xem lại trước khi xét "
                         "(cột Ghi chú của danh sách).")
DOC_PROPOSALS_ANNEX = "(Có danh sách đề nghị khen thưởng kèm theo.)"
DOC_PROPOSALS_NONE = "Chưa có đơn vị nào đề nghị khen thưởng."
DOC_PROPOSALS_CAPTION = "Danh sách đề nghị khen thưởng: {round}"
# Role models: "Gia đình ông Quàng Văn Lến (xã Chiềng Sinh) - mô hình trồng cây chanh leo; gia đình ông …"
DOC_RM_LEAD = "Điển hình tiên tiến tiêu biểu do các đơn vị báo cáo ({n}):"
DOC_RM_ITEM = "{name} ({place})"
DOC_RM_DEED = " - {deed}"
DOC_RM_INCOME_RANGE = "; hằng năm cho thu nhập từ {low} đến {high} triệu đồng"
DOC_RM_INCOME_ONE = "; hằng năm cho thu nhập khoảng {value} triệu đồng"
DOC_RM_NONE = "Chưa có đơn vị nào báo cáo điển hình tiên tiến."
# Words that start a role model's name as a common noun: lower case inside the sentence ("; gia đình ông …").
DOC_COMMON_LEADS = ("Gia đình", "Hộ", "Ông", "Bà", "Anh", "Chị", "Cô", "Thầy", "Tổ", "Nhóm")
# The proposal list (danh sách đề nghị khen thưởng)
DOC_LIST_KIND = "DANH SÁCH"
DOC_LIST_SUBJECT = "Đề nghị khen thưởng {round}"
DOC_LIST_ATTACHED = "(Kèm theo Báo cáo số      /{symbol} ngày      tháng      năm {year} của {issuer})"
DOC_LIST_UP = "{letter}. ĐỀ NGHỊ CẤP TRÊN KHEN THƯỞNG"
DOC_LIST_HERE = "{letter}. THUỘC THẨM QUYỀN KHEN THƯỞNG {level}"
DOC_LIST_COLUMNS = ("Họ và tên / Tên tập thể", "Chức vụ - Đơn vị", "Tóm tắt thành tích", "Ghi chú")
DOC_LIST_GROUP = "{n}. {form}: {counts}"
DOC_LIST_NO_FORM = "(hình thức không còn trong danh mục)"
DOC_LIST_INITIATIVE = "Sáng kiến: {name}"
DOC_LIST_INITIATIVE_REF = " ({ref})"
DOC_LIST_TOTAL = "Tổng cộng: {n} hồ sơ."
# --- issue 15, item 4: lists filled on a computer (.xlsx templates and the files clerks send back) ---
# The templates' words (headers, drop-down labels, the example row, the notes) are here too: the reader
# (storage/list_import.py) recognises a template by its headers, so changing one here changes both.
LIST_NAMES = {"nominations": "danh sách đề nghị khen thưởng", "role_models": "danh sách điển hình tiên tiến"}
LIST_COMMANDS = {"nominations": "/khenthuong", "role_models": "/dienhinh"}
LIST_FILENAMES = {"nominations": "de-nghi-khen-thuong", "role_models": "dien-hinh-tien-tien"}
LIST_SHEET_TITLES = {"nominations": "Đề nghị khen thưởng", "role_models": "Điển hình tiên tiến"}
LIST_HEADERS = {
    "nominations": {
        "no": "STT",
        "subject": "Cá nhân / Tập thể",
        "name": "Họ và tên (hoặc tên tập thể)",
        "position": "Chức vụ, nơi công tác (tập thể: trực thuộc)",
        "form": "Danh hiệu, hình thức đề nghị",
        "achievements": "Tóm tắt thành tích",
        "prereq_mode": "Danh hiệu tiền đề",
        "prereq_ref": "Số quyết định công nhận danh hiệu tiền đề",
        "initiative": "Sáng kiến (đề tài, đề án)",
        "initiative_ref": "Số quyết định công nhận sáng kiến",
    },
    "role_models": {
        "no": "STT",
        "name": "Tên người, hộ hoặc tập thể",
        "village": "Thôn, bản",
        "commune": "Xã",
        "deed": "Việc đã làm (mô hình, điển hình)",
        "income": "Thu nhập một năm (triệu đồng)",
    },
}
# Short column names, for "Dòng 7, cột C (Họ và tên): …".
LIST_COLUMN_NAMES = {
    "no": "STT", "subject": "Cá nhân/Tập thể", "name": "Họ và tên", "position": "Chức vụ", "form": "Hình thức",
    "achievements": "Thành tích", "prereq_mode": "Danh hiệu tiền đề", "prereq_ref": "QĐ tiền đề",
    "initiative": "Sáng kiến", "initiative_ref": "QĐ sáng kiến", "village": "Thôn, bản", "commune": "Xã",
    "deed": "Việc đã làm", "income": "Thu nhập",
}
LIST_SUBJECT_LABELS = {"Cá nhân": "individual", "Tập thể": "collective"}
LIST_PREREQ_LABELS = {"Cùng đề nghị trong danh sách này": "list", "Đã được công nhận": "held"}
LIST_EXAMPLE = "Ví dụ"
LIST_EXAMPLES = {
    "nominations": {"subject": "Cá nhân", "name": "Lò Văn Minh", "position": "Trưởng bản Co Sản",
                    "achievements": "Vận động 100% hộ trong bản tham gia xây dựng nông thôn mới năm 2020.",
                    "prereq_mode": "Cùng đề nghị trong danh sách này", "prereq_ref": "",
                    "initiative": "Sổ tay dạy tiếng Việt cho trẻ", "initiative_ref": "45/QĐ-UBND ngày 20/10/2020"},
    "role_models": {"name": "Gia đình ông Quàng Văn Lến", "village": "Bản Co Sản",
                    "deed": "Mô hình trồng cây chanh leo", "income": 120},
}
LIST_SOURCE_HEADER = "Nguồn"
LIST_SOURCE_CHAT = "nhập trên chat"
LIST_SOURCE_FILE = "tệp «{filename}», dòng {row}"
LIST_PROBLEMS_HEADER = "Cần sửa"
LIST_TITLE = "{list} — {unit} — {round}"
LIST_NOTES_TITLE = "Hướng dẫn"
LIST_NOTES = {
    "common": [
        "Mỗi người hoặc tập thể một dòng, bắt đầu ngay dưới dòng «Ví dụ» (dòng «Ví dụ» không được nhập).",
        "Ô có danh sách chọn: bấm vào ô rồi chọn ở mũi tên bên phải.",
        "Không đổi dòng tiêu đề; không dùng công thức; lưu tệp dạng .xlsx (Excel Workbook).",
        "Tối đa {rows} dòng, tệp không quá {mb} MB.",
        "Điền xong, gửi tệp cho bot (📎 → Tệp). Mỗi dòng được kiểm như khi nhập trên chat.",
        "Gửi lại tệp đã sửa: các dòng của lần gửi trước được thay bằng tệp mới, không bị trùng. "
        "Hồ sơ nhập trên chat vẫn giữ nguyên.",
    ],
    "nominations": [
        "Tóm tắt thành tích tối đa {limit} ký tự.",
        "Hình thức chỉ chọn trong danh sách (đến mức đơn vị được đề nghị).",
        "{form} cần {prereq}: chọn «Cùng đề nghị trong danh sách này» nếu người đó có dòng {prereq} trong "
        "danh sách, hoặc «Đã được công nhận» và ghi số quyết định.",
        "{form} cần sáng kiến được công nhận: ghi tên sáng kiến và số quyết định công nhận.",
    ],
    "role_models": [
        "Việc đã làm tối đa {limit} ký tự. Xã để trống là xã của bạn.",
        "Thu nhập ghi số triệu đồng một năm (ví dụ 120 hoặc 85,5); không rõ thì để trống.",
    ],
}
LIST_PROMPTS = {
    "subject": "Chọn Cá nhân hoặc Tập thể.",
    "form": "Chọn hình thức trong danh sách.",
    "prereq_mode": "Chỉ điền khi hình thức cần danh hiệu tiền đề (như CSTĐCS cần LĐTT).",
    "achievements": "Tối đa {limit} ký tự.",
    "deed": "Tối đa {limit} ký tự.",
}
LIST_PROMPT_TITLE = "Gợi ý"

BTN_LIST_FILES = "📊 Nhập bằng Excel"
BTN_LIST_TEMPLATE = "📄 Mẫu Excel"
BTN_LIST_TEMPLATE_OF = {"nominations": "📄 Mẫu đề nghị khen thưởng", "role_models": "📄 Mẫu điển hình"}
BTN_LIST_EXPORT = "⬇️ Tải danh sách Excel"
BTN_LIST_EXPORT_OF = {"nominations": "⬇️ Danh sách đề nghị (.xlsx)", "role_models": "⬇️ Danh sách điển hình (.xlsx)"}
BTN_LIST_PROBLEMS = "📄 Bảng lỗi (.xlsx)"
BTN_LIST_OPEN = "📋 Xem danh sách"
LIST_FILES_MENU = (
    "📊 Nhập danh sách bằng Excel\n"
    "1. Tải mẫu, điền trên máy tính: mỗi người hoặc tập thể một dòng.\n"
    "2. {send}\n"
    "Mình kiểm từng dòng như khi nhập trên chat. Gửi lại tệp đã sửa thì các dòng của lần trước được thay, "
    "không bị trùng."
)
LIST_TEMPLATE_SENT = "📄 Mẫu {list}. Điền trên máy tính; dòng «Ví dụ» để nguyên hoặc xoá đều được."
LIST_SEND_HERE = "Điền xong, gửi lại tệp vào đây (📎 → Tệp)."
LIST_SEND_ELSEWHERE = ("Ở đây chưa gửi tệp lên được: điền xong, bạn gửi tệp cho bot trên Telegram "
                       "(gõ /lienket để dùng cùng tài khoản).")
LIST_EXPORT_SENT = "⬇️ {list}: {count} dòng ({typed} nhập trên chat, {filed} từ tệp)."
LIST_FILE_NOT_FOR_ROLE = "Chỉ cán bộ xã gửi danh sách bằng tệp. Mình không đọc tệp này."
LIST_FILE_UNCHANGED = "Danh sách không thay đổi."
LIST_FILE_GONE = "Tệp này đã được thay bằng tệp gửi sau, hoặc không còn nữa."
LIST_FILE_ROUND = ("Đang có nhiều kỳ báo cáo mở. Bạn tải mẫu của kỳ cần nhập (/excel) rồi điền vào mẫu đó, "
                   "để mình biết tệp thuộc kỳ nào.")
LIST_IMPORT_HEAD = "📥 Tệp «{filename}» — {list}: {read} dòng."
LIST_IMPORT_SAVED = "✅ Đã lưu {saved} dòng."
LIST_IMPORT_REPLACED = " Thay {replaced} dòng của tệp gửi trước."
LIST_IMPORT_NONE_SAVED = "Chưa lưu được dòng nào; danh sách giữ như trước."
LIST_IMPORT_REFUSED = "❌ {count} dòng chưa lưu:"
LIST_IMPORT_FLAGGED = "⚠️ Đã lưu, nhưng cần sửa trước khi gửi báo cáo:"
LIST_IMPORT_LINE = "• Dòng {row}, cột {letter} ({column}): {problem}"
LIST_IMPORT_ROWS_LINE = "• Dòng {rows}: {problem}"
LIST_IMPORT_MORE = "… và {count} lỗi nữa."
LIST_IMPORT_FIX = "Sửa trong tệp rồi gửi lại cả tệp: dòng của lần gửi trước được thay, không bị trùng."
LIST_PROBLEMS_CAPTION = "📄 Các lỗi của tệp «{filename}»: {count} lỗi."
LIST_PROBLEMS_SHEET = "Lỗi"
LIST_PROBLEMS_HEADERS = ("Dòng", "Cột", "Tên cột", "Vấn đề", "Đã lưu", "Căn cứ")
LIST_PROBLEMS_SAVED = {True: "đã lưu, cần sửa", False: "chưa lưu"}
LIST_PROBLEMS_NONE = "Tệp «{filename}» không còn lỗi nào."
# A cell's problem, in a file (the chat's own wording asks the person; this names the cell).
LIST_CELL_TEXTS = {
    "empty": "chưa điền",
    "too_long": "dài {length} ký tự, tối đa {limit}",
    "too_short": "tên quá ngắn",
    "not_a_choice": "«{value}» không có trong danh sách chọn ({choices})",
    "not_a_number": "«{text}» không phải là số",
    "negative": "số không được âm",
    "cell_unknown_form": "«{value}» không có trong danh mục hình thức khen thưởng",
    "cell_form_subject": "{form} không dành cho {subject}",
    "cell_form_level": "{form} do {level} quyết định, vượt mức được đề nghị (đến {up_to})",
    "cell_listed": "đã có trong danh sách (hồ sơ số {n}, nhập trên chat)",
    "cell_double": "trùng với dòng {row}",
}
# A commendation rule broken on saved rows, short (the workbook of problems gives the full sentence).
LIST_FLAG_TEXTS = {
    "prerequisite": "{form} cần {prereq}: chưa có dòng {prereq} của người này, cũng chưa ghi quyết định",
    "initiative": "{form} còn thiếu {missing}",
    "unique": "trùng hồ sơ khác (số {numbers})",
    "ratio": "số {form} ({count}) vượt quá {percent}% số {base} ({base_count}): tối đa {allowed}",
    "at_most": "số {form} ({count}) nhiều hơn số {base} ({base_count})",
}
FACT_TEXTS["problem"].update({
    "too_short": ERR_NAME_SHORT,
    "file_not_received": "Mình chưa tải được tệp của bạn. Bạn gửi lại giúp nhé.",
    "file_too_big": "Tệp lớn quá (tối đa {limit_mb} MB). Bạn bớt dòng hoặc xoá ảnh trong tệp rồi gửi lại.",
    "file_empty": "Tệp không có dòng nào để nhập (dòng «Ví dụ» không tính).",
    "file_old_excel": ("Đây là tệp Excel kiểu cũ (.xls). Bạn mở tệp, chọn Lưu thành (Save As) → "
                       "Excel Workbook (.xlsx), rồi gửi lại."),
    "file_not_workbook": "Tệp này không phải bảng tính Excel (.xlsx). Bạn gửi tệp mẫu đã điền nhé.",
    "file_macros": ("Tệp có macro (.xlsm) nên mình không mở. Bạn lưu lại thành Excel Workbook (.xlsx) "
                    "rồi gửi lại."),
    "file_formula": ("Ô {cell} có công thức. Bạn thay công thức bằng giá trị (Sao chép → Dán giá trị) "
                     "rồi gửi lại."),
    "file_other_template": ("Tệp này không theo mẫu của bot (không thấy dòng tiêu đề của mẫu). Bạn tải mẫu, "
                            "chép dữ liệu vào mẫu rồi gửi lại."),
    "file_too_many_rows": "Tệp có hơn {limit} dòng, nhiều quá cho một danh sách. Bạn kiểm tra lại tệp nhé.",
    "file_unreadable": ("Mình không đọc được tệp này (có thể tệp bị hỏng). Bạn mở bằng Excel, lưu thành "
                        ".xlsx rồi gửi lại."),
})


def list_cell_text(problem) -> str:
    """A cell's problem in a list file (storage/list_import.CellProblem.problem), short."""
    template = LIST_CELL_TEXTS.get(problem.kind)
    if template is None:
        return say(problem)
    return template.format(**{key: _fact_word(key, value) for key, value in problem.params.items()})


def list_flag_text(problem) -> str:
    """A commendation rule broken on a file's saved rows, short."""
    template = LIST_FLAG_TEXTS.get(problem.kind)
    if template is None:
        return say(problem)
    return template.format(**{key: _fact_word(key, value) for key, value in problem.params.items()})
HISTORY_LIST["import"] = "nhập {what} từ tệp Excel (thay các dòng của tệp gửi trước)"
AUDIT_ACTIONS.update({"nomination_import": "nhập danh sách đề nghị từ tệp {n} lần (lần cuối {at})",
                      "rolemodel_import": "nhập danh sách điển hình từ tệp {n} lần (lần cuối {at})"})
# --- issue 18: fewer, shorter messages for a clerk on a weak signal ------------------------------
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
PART_NOMINATIONS = "Đề nghị khen"
PART_ROLE_MODELS = "Điển hình"
MORE_ITEMS = "… và {count} mục khác"
# Above the question /baocao opens on; a section done goes on to the next under one heading.
REPORT_LINE = "📝 {round} · hạn {deadline}, {left}"
SECTION_NEXT = "{mark} {done} {answered}/{total} · Tiếp: {section}, câu {n}/{count}"  # ✅ all answered, ⏭ not
ALL_SEEN = "👍 Bạn đã qua hết các phần; còn vài câu đã bỏ qua."
# A typed pick from a menu that is no longer the current one.
EARLIER_CHOICE = "Lựa chọn đó thuộc một tin nhắn cũ nên mình bỏ qua. Câu hỏi hiện tại:"
# The review, a page at a time.
REVIEW_HEAD = "📋 Xem lại — {unit} ({page}/{pages})\n{status}"
# After registering: one step to the report.
REGISTERED_REPORT = ("📝 Kỳ «{round}» đang mở, hạn nộp {deadline}. "
                     + by_channel("Bấm «{button}»", "Gõ 1") + " để bắt đầu: mỗi câu một tin nhắn.")
# The lists kept inside the report: a screen each, details behind a button.
LIST_FLAGS = "(⏳ chưa xong, ⚠️ cần sửa)"
BTN_PROBLEMS = "⚠️ Cần sửa ({count})"
BTN_NOTES = "📊 Đối chiếu"
BTN_FULL = "📄 Xem đủ"
BTN_BACK_TO_CARD = "⬅️ Về hồ sơ"
DETAILS_PROBLEMS = "⚠️ Cần sửa trước khi gửi — {title} ({page}/{pages})"
DETAILS_NOTES = "📊 {title}: đối chiếu ({page}/{pages})"
DETAILS_NONE = "Không có gì cần xem thêm."
FULL_HEAD = "{title} — đầy đủ ({page}/{pages})"
CARD_PROBLEMS = "⚠️ {count} vấn đề cần sửa: xem «📄 Xem đủ»."
# --- issue 19: the council's deliberation (bình xét), its outcome to the clerks, its documents ----------
BTN_DELIBERATE = "⚖️ Bình xét"
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
REFUSE_REASONS = ("Chưa đủ tiêu chuẩn", "Thiếu hồ sơ, minh chứng", "Vượt tỷ lệ cho phép")
REASON_EMPTY = "Bạn cần gõ lý do."
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
AUDIT_ACTIONS.update({
    "council_passed": "bình xét Đạt {n} hồ sơ (lần cuối {at})",
    "council_refused": "bình xét Không đạt {n} hồ sơ (lần cuối {at})",
    "council_sent_up": "chuyển đề nghị lên {n} hồ sơ (lần cuối {at})",
    "council_undo": "hủy {n} quyết định bình xét (lần cuối {at})",
    "council_reopen": "{n} hồ sơ sửa sau bình xét (lần cuối {at})",
})
OUTCOME_CUT = "… (xem đủ: /ketqua)"


def decision_violation_text(violation) -> str:
    """A rule the council's decision would break (storage/deliberation.check), then its legal source."""
    template = DECISION_RULE_TEXTS.get(violation.problem.kind)
    if template is None:
        return violation_text(violation)
    params = {key: _fact_word(key, value) for key, value in violation.problem.params.items()}
    return f"{template.format(**params)}\n{RULE_SOURCE.format(source=violation.source)}"
# The council's documents (bot/council_documents.py): a draft decision with its annex, a submission with its list,
# the same lists in a workbook. Number and date are left blank for the registry (văn thư).
DOC_ISSUER = "ỦY BAN NHÂN DÂN"
DOC_ISSUER_CODE = "UBND"  # when the catalogue's [document] names no issuer code
DOC_DECISION_KIND = "QĐ"
DOC_SUBMISSION_KIND = "TTr"
DOC_DECISION = "QUYẾT ĐỊNH"
DOC_DECISION_SUBJECT = "Về việc công nhận danh hiệu thi đua và khen thưởng năm {year}"
DOC_DECISION_BY = "CHỦ TỊCH ỦY BAN NHÂN DÂN {unit}"
DOC_GROUND_LOCAL = "Căn cứ Luật Tổ chức chính quyền địa phương;"
DOC_GROUND = "Căn cứ {source};"
DOC_PROPOSED_BY = "Xét đề nghị của Hội đồng Thi đua - Khen thưởng {unit}[ và Trưởng phòng Nội vụ],"
DOC_DECIDES = "QUYẾT ĐỊNH:"
DOC_ARTICLE_1 = "Điều 1. Công nhận danh hiệu thi đua, tặng thưởng cho {counts} có tên trong danh sách kèm theo, gồm:"
DOC_FORM_LINE = "- {form}: {counts};"
DOC_ARTICLE_2 = "Điều 2. [Tiền thưởng kèm theo thực hiện theo quy định hiện hành.]"
DOC_ARTICLE_3 = ("Điều 3. Chánh Văn phòng HĐND và UBND {unit}, Trưởng phòng Nội vụ, thủ trưởng các cơ quan, "
                 "đơn vị liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
                 "Quyết định này./.")
DOC_DECISION_COPIES = ("Như Điều 3", "Lưu: VT, NV")
DOC_CHAIRMAN = "CHỦ TỊCH"
DOC_ON_BEHALF = "TM. ỦY BAN NHÂN DÂN"
DOC_ANNEX = "DANH SÁCH"
DOC_DECISION_ANNEX = "Tập thể, cá nhân được khen thưởng"
DOC_DECISION_ANNEX_NOTE = ("(Kèm theo Quyết định số      /{symbol} ngày      tháng      năm {year} "
                           "của Chủ tịch UBND {unit})")
DOC_SUBMISSION = "TỜ TRÌNH"
DOC_SUBMISSION_SUBJECT = "Về việc đề nghị khen thưởng năm {year}"
DOC_SUBMISSION_TO = "Chủ tịch Ủy ban nhân dân {unit}"
DOC_SUBMISSION_TO_UNKNOWN = "[cơ quan, người có thẩm quyền khen thưởng]"
DOC_SUBMISSION_BODY = ("Xét đề nghị của Hội đồng Thi đua - Khen thưởng {unit}, Ủy ban nhân dân {unit} kính trình "
                       "{to} xem xét, khen thưởng cho {counts}, gồm:")
DOC_SUBMISSION_ATTACHED = "(Có danh sách và hồ sơ kèm theo.)"
DOC_SUBMISSION_END = "Ủy ban nhân dân {unit} kính trình {to} xem xét, quyết định./."
DOC_SUBMISSION_COPIES = ("Như trên", "Ban Thi đua - Khen thưởng (Sở Nội vụ)", "Lưu: VT, NV")
DOC_SUBMISSION_ANNEX = "Đề nghị khen thưởng"
DOC_SUBMISSION_ANNEX_NOTE = "(Kèm theo Tờ trình số      /{symbol} ngày      tháng      năm {year} của UBND {unit})"
DOC_NOBODY = "(Chưa có tập thể, cá nhân nào.)"
DOC_TITLE_FORM = "Danh hiệu «{name}»"
DOC_COUNT = {"collective": "{n} tập thể", "individual": "{n} cá nhân"}
DOC_COL_NAME = "Họ và tên / Tên tập thể"
DOC_COL_POSITION = "Chức vụ - đơn vị"
DOC_COL_ACHIEVEMENTS = "Tóm tắt thành tích"
DOC_POSITION = "{position}, {unit}"
XLSX_COUNCIL_SHEETS = {"passed": "Quyết định", "sent_up": "Tờ trình", "refused": "Không đạt"}
XLSX_COUNCIL_TITLES = {"passed": "Danh sách khen thưởng (kèm dự thảo Quyết định)",
                       "sent_up": "Danh sách đề nghị cấp trên khen thưởng (kèm Tờ trình)",
                       "refused": "Hồ sơ Hội đồng xét không đạt"}
XLSX_COUNCIL_META = "{round} · lập lúc {at}"
XLSX_COUNCIL_HEAD = ("STT", "Hình thức", "Cá nhân / tập thể", "Họ và tên / Tên tập thể", "Chức vụ - đơn vị",
                     "Đơn vị đề nghị", "Tóm tắt thành tích")
XLSX_COUNCIL_REASON = "Lý do"
XLSX_COUNCIL_PROGRESS = "Tiến độ bình xét"
XLSX_COUNCIL_PROGRESS_HEAD = ("Hình thức", "Số hồ sơ", "Đã xét", "Đạt", "Chuyển cấp trên", "Không đạt", "Chưa xét")
COUNCIL_FILES_CAPTION = {"decision": "Dự thảo Quyết định khen thưởng và danh sách kèm theo — {round}",
                         "submission": "Dự thảo Tờ trình đề nghị cấp trên khen thưởng — {round}",
                         "workbook": "Các danh sách bình xét (Excel) — {round}"}
COUNCIL_FILES_NOTHING = "Hội đồng chưa thông qua hay chuyển lên hồ sơ nào trong {round}: chưa có văn bản để lập."
CLI_COUNCIL_NO_ISSUER = "Không xác định được đơn vị ra văn bản: hãy chỉ rõ --unit."
