"""Words every feature shares: a text worded by channel (`by_channel`, `worded`), names of roles,
units, statuses and dates, the general replies, and the main menu's buttons."""

from __future__ import annotations

import datetime as dt
import re

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
# A typed pick from a menu that is no longer the current one.
EARLIER_CHOICE = "Lựa chọn đó thuộc một tin nhắn cũ nên mình bỏ qua. Câu hỏi hiện tại:"
# An answer that fits two questions, when the bot cannot know which one was on the person's screen
# (the newer one's delivery is unknown): asked once, stored after the tap (handlers/placement.py).
DOUBT_NUMBER = "Số «{text}» là câu trả lời cho " + by_channel("câu nào? Bạn bấm một nút:", "câu nào? Bạn gõ 1 hoặc 2:")
DOUBT_TEXT = "«{text}» là câu trả lời cho " + by_channel("câu nào? Bạn bấm một nút:", "câu nào? Bạn gõ 1 hoặc 2:")
# An edited message never answers a question: it may belong to any earlier one.
EDIT_NOT_TAKEN = ("✏️ Tin đã sửa không được tính. Muốn đổi một câu trả lời, hãy mở lại câu đó trong "
                  "/baocao. Câu hỏi hiện tại:")
UNKNOWN_COMMAND = "Mình chưa biết lệnh này."
NOT_FOR_YOUR_ROLE = "Xin lỗi, chức năng này không dành cho vai trò của bạn."
NOT_UNDERSTOOD = "Mình chưa hiểu ý bạn. Bạn chọn một việc dưới đây nhé."
ATTACHMENT_NOT_UNDERSTOOD = "Mình chỉ đọc được tin nhắn chữ" + by_channel(" và các nút bấm.", ".")
CANCELLED = "Đã dừng. Những gì bạn đã nhập vẫn được lưu."
# A file or buttons shown as text (the terminal, a message joined for Zalo)
FILE_ATTACHED = "[tệp: {name}, {size} byte]"
TYPE_A_BUTTON = "(hoặc gõ: {labels})"

# --- words several features share ---------------------------------------------
SUBJECT_NAMES = {"individual": "cá nhân", "collective": "tập thể"}
LEVEL_NAMES = {"xã": "cấp xã", "huyện": "cấp huyện", "tỉnh": "cấp tỉnh", "trung ương": "cấp trung ương"}
MORE_NAMES = "… và {n} {noun} khác"

# --- the menu and the buttons that open a feature ------------------------------
HELLO = "Chào {name} ({role}, {unit})."
MENU = "Bạn chọn việc cần làm, hoặc gõ lệnh: {commands}"
BTN_HELP = "❓ Hướng dẫn"
BTN_CANCEL = "Dừng"
BTN_REPORT = "📝 Báo cáo"
BTN_STATUS = "📊 Trạng thái"
BTN_NOMINATIONS = "🏅 Đề nghị khen"
BTN_ROLE_MODELS = "🌟 Điển hình"
BTN_LIST_FILES = "📊 Nhập bằng Excel"
BTN_LINK = "🔗 Liên kết Zalo/Telegram"
BTN_PROGRESS = "📈 Tiến độ"
BTN_UNIT_VIEW = "🏘 Xem một xã"
BTN_INDICATOR = "🔢 Một chỉ tiêu"
BTN_AWARD_TOTALS = "🏅 Tổng khen thưởng"
BTN_SUMMARY = "📑 Tổng hợp"
BTN_DISTRICT_NOMINEES = "📜 Danh sách đề nghị"
BTN_DIGEST_DETAILS = "📋 Chi tiết"
BTN_REVIEW_QUEUE = "✅ Duyệt báo cáo"
BTN_HISTORY = "🕘 Lịch sử"
BTN_UNLOCK = "🔓 Mở khóa"
BTN_ROUNDS = "🗂 Kỳ báo cáo"
BTN_DELIBERATE = "⚖️ Bình xét"
