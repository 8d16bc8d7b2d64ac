"""Joining: the invitation code, the welcome, and one person on several channels (linking)."""

from __future__ import annotations

from bot.texts.common import by_channel

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

# After registering: one step to the report.
REGISTERED_REPORT = ("📝 Kỳ «{round}» đang mở, hạn nộp {deadline}. "
                     + by_channel("Bấm «{button}»", "Gõ 1") + " để bắt đầu: mỗi câu một tin nhắn.")
# The name of a person whose channel gave none.
NO_NAME = "Người dùng"
