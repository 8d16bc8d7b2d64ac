"""Scheduled messages (scheduler/): reminders, overdue chasers, the overdue digest, what is missing by name,
and the job lines of `python main.py jobs`."""

from __future__ import annotations

from bot.texts.common import by_channel

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

# `python main.py jobs`: one line per message
JOB_KINDS = {"reminder": "nhắc hạn", "overdue": "quá hạn", "digest": "tổng hợp quá hạn", "summary": "báo cáo tổng hợp"}
JOB_STATUS = {"sent": "đã gửi", "failed": "lỗi, sẽ gửi lại lần chạy sau", "unreachable": "không liên lạc được (đã chặn bot)",
              "skipped_unreachable": "bỏ qua: đã chặn bot"}
JOB_LINE = "{kind} · {round} → {name} ({unit}) qua {channel} {chat}: {status}"

# What is missing, by name (reminders, overdue chasers)
MISSING_HEAD = "Còn thiếu {count} chỉ tiêu bắt buộc:"
MISSING_SECTION = "• {section}: {count}"
MISSING_MORE_SECTIONS = "• … và {n} phần khác: {count}"
MISSING_LISTS_HEAD = "Cần hoàn thiện trước khi gửi:"
MISSING_LIST = "• {name}: {what}"
MISSING_UNFINISHED = "{n} hồ sơ chưa xác nhận"
MISSING_BROKEN = "{n} vấn đề theo quy định"
MISSING_NOTHING = "Đã nhập đủ, chỉ còn " + by_channel("bấm", "chọn") + " «📤 Gửi báo cáo»."

# The overdue digest: one screen, the details by unit behind a button (/chuanop)
DIGEST_NAMES = "Chưa nộp: {names}."
DIGEST_NO_CLERKS = "⚠️ {n} đơn vị chưa có cán bộ xã đăng ký."
DIGEST_BLOCKED = "⚠️ {n} cán bộ đã chặn bot, không nhắc được."
DIGEST_SEE_DETAILS = "Từng đơn vị còn thiếu gì, ai phụ trách: «📋 Chi tiết» (lệnh /chuanop)."
