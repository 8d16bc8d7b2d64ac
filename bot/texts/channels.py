"""Words of a channel itself: the terminal demo, a file sent as a link on Zalo."""

from __future__ import annotations

CONSOLE_INTRO = (
    "Chào mừng đến bản thử của bot báo cáo thi đua, khen thưởng (dữ liệu mẫu {place} {year}).\n"
    "Gõ số để chọn, gõ chữ để trả lời. Gõ :vai để đổi vai, :thoat để thoát."
)
CONSOLE_PICK_ROLE = "Bạn muốn thử với vai trò nào?"
CONSOLE_ROLES = [
    ("clerk", "Cán bộ {visitor}"),
    ("official", "Cán bộ {official}"),
    ("admin", "Quản trị viên"),
]
# Who the visitor may be when the demo has no data (another catalogue).
CONSOLE_CAST = {"place": "", "year": "", "visitor": "xã", "official": "cấp nhận báo cáo"}
CONSOLE_USER = "Người dùng thử"  # the terminal's person, as a channel names a sender
CONSOLE_BYE = "Tạm biệt! Mọi thứ bạn nhập đã được lưu."
CONSOLE_NOTICE = "📨 Tin nhắn bot gửi tới {name}:"
CONSOLE_BAD_CHOICE = "Bạn gõ một số từ 1 đến {n} nhé."
FILE_LINK = "📎 Tải tệp {name}: {url}\n(liên kết hết hạn sau {hours} giờ)"
FILE_NOT_ON_ZALO = "📎 Zalo chưa gửi được tệp {name}. Bạn mở bot trên Telegram, hoặc nhờ Phòng Nội vụ lấy tệp bằng dòng lệnh."
CONSOLE_FILE_SAVED = "📎 Đã ghi tệp: {path}"
# A file's download link (bot/web.py), opened in a browser.
WEB_LINK_INVALID = "Liên kết không hợp lệ hoặc đã hết hạn."
WEB_FILE_GONE = "Tệp không còn nữa."
