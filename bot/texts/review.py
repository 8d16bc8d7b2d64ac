"""Review: officials approve, return or unlock a unit's report; its history."""

from __future__ import annotations

BTN_APPROVE = "✅ Duyệt"
BTN_RETURN = "↩️ Trả lại"
BTN_SKIP_REPORT = "⏭ Bỏ qua"
BTN_FULL_VIEW = "🔎 Xem đầy đủ"
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
ASK_RETURN_REASON = "Vì sao trả lại báo cáo của {unit}? Gõ lý do để {who} biết cần sửa gì (tối đa {limit} ký tự)."
# A decision with a reason (handlers/reasons.py): returning, unlocking, refusing a nominee, undoing a decision.
REASON_EMPTY = "Bạn cần gõ lý do."
REASON_TOO_LONG = "Lý do dài {length} ký tự, quá giới hạn {limit}. Bạn rút gọn giúp nhé."
ASK_UNLOCK_REASON = "Vì sao mở khóa báo cáo của {unit}? Gõ lý do (tối đa {limit} ký tự); lý do sẽ được ghi lại."
APPROVED_DONE = "✅ Đã duyệt báo cáo của {unit}. Báo cáo đã khóa; {who} đã được báo."
RETURNED_DONE = "↩️ Đã trả lại báo cáo của {unit}; {who} đã được báo kèm lý do."
# Who hears of a decision: a commune's clerks, or the officials who keep the authority's own report.
TOLD_CLERKS = "cán bộ xã"
TOLD_OFFICIALS = "cán bộ đã nhập báo cáo"
OWN_REPORT_NOT_YOURS = (
    "Báo cáo của {unit} do chính bạn gửi nên bạn không tự duyệt hay trả lại được. "
    "Một cán bộ khác của {unit} hoặc quản trị viên sẽ duyệt."
)
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
                "remove": "xóa một dòng khỏi {what}",
                "import": "nhập {what} từ tệp Excel (thay các dòng của tệp gửi trước)"}
HISTORY_LISTS = {"nomination": "danh sách đề nghị khen", "rolemodel": "danh sách điển hình"}
HISTORY_OTHER = "{action}"
HISTORY_NOTHING = "(trống)"
