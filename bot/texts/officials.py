"""Officials' views: progress, one unit, one indicator, award totals, the units' lists (/xa, /dexuat),
who has not reported (/chuanop)."""

from __future__ import annotations

NO_ROUND = "Chưa có kỳ báo cáo nào."
ROUND_NOT_FOUND = "Không tìm thấy kỳ báo cáo «{query}». Các kỳ hiện có:"
PICK_ROUND_FOR = "Đang có nhiều kỳ báo cáo. Bạn muốn xem kỳ nào?"
NO_UNITS_IN_SCOPE = "Không có đơn vị báo cáo nào thuộc đơn vị của bạn."
STATUS_NONE = "chưa bắt đầu"
ON_TIME = "đúng hạn"
LATE = "gửi muộn"
PROGRESS_TEXT = "📈 {round}\nHạn nộp: {deadline} — {left}"
PROGRESS_MISSING = "Chưa gửi: {names}"
PROGRESS_ALL_IN = "Tất cả đơn vị đã gửi báo cáo. 🎉"
PROGRESS_DETAIL = "Trong số chưa gửi: {draft} đang soạn, {none} chưa bắt đầu, {returned} bị trả lại."
CHART_CAPTION = "Biểu đồ tiến độ: {round}"
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
                 "unlock": "mở khóa {n} lần (lần cuối {at})",
                 "nomination_import": "nhập danh sách đề nghị từ tệp {n} lần (lần cuối {at})",
                 "rolemodel_import": "nhập danh sách điển hình từ tệp {n} lần (lần cuối {at})",
                 "council_passed": "bình xét Đạt {n} hồ sơ (lần cuối {at})",
                 "council_refused": "bình xét Không đạt {n} hồ sơ (lần cuối {at})",
                 "council_sent_up": "chuyển đề nghị lên {n} hồ sơ (lần cuối {at})",
                 "council_undo": "hủy {n} quyết định bình xét (lần cuối {at})",
                 "council_reopen": "{n} hồ sơ sửa sau bình xét (lần cuối {at})"}
AUDIT_OTHER = "{action}: {n} lần (lần cuối {at})"
ASK_INDICATOR = "Bạn muốn xem chỉ tiêu nào? Gõ vài chữ trong tên chỉ tiêu, ví dụ: tieu chi nong thon moi"
INDICATOR_NOT_FOUND = "Không tìm thấy chỉ tiêu «{query}». Bạn gõ vài chữ khác trong tên chỉ tiêu nhé, hoặc gõ /huy để dừng."
INDICATOR_AMBIGUOUS = "«{query}» khớp nhiều chỉ tiêu. Bạn chọn một:"
INDICATOR_HEAD = "🔢 {name}{unit}\n{round}\nĐã có số liệu: {reported}/{total} {noun}"
INDICATOR_TOTAL = "Tổng: {value}"
INDICATOR_RATE = "Số chung: {rate}; các {noun} thấp nhất {low}, cao nhất {high}"
INDICATOR_PLAN = "Kế hoạch: {plan}, đạt {percent}% KH"
INDICATOR_PLAN_AVERAGE = "Kế hoạch bình quân: {plan}"
INDICATOR_NO_FIGURES = "Chưa có đơn vị nào gửi số liệu chỉ tiêu này."
RANKING_TITLE = "Xếp hạng:"
RANKING_TOP = "Cao nhất:"
RANKING_BOTTOM = "Thấp nhất:"
RANKING_LINE = "{n}. {unit}: {value}"
AWARDS_TITLE = "🏅 Tổng hợp khen thưởng — {round}"
AWARDS_NONE = "Chưa có số liệu khen thưởng nào được gửi."
AWARD_FORM = "{name}: {counts}"
AWARDS_BY_UNIT = "Theo đơn vị:"
AWARDS_UNIT_LINE = "• {unit}: {items}"
MORE_IN_FILE = "… và {n} đơn vị khác (xem tệp Excel của /tonghop)."
SUMMARY_APPROVED_OFFER = "Có {n} báo cáo đã duyệt. Muốn xem tổng hợp chỉ gồm các báo cáo đã duyệt?"
BTN_SUMMARY_APPROVED = "✅ Tổng hợp chỉ báo cáo đã duyệt"
UNIT_NOUN = "đơn vị"
DIGEST_LINE = "{n}. {unit} — {missing}; {people}"
DIGEST_PERSON = "{name} (hoạt động lần cuối {last})"
DIGEST_PERSON_NEVER = "{name} (chưa dùng bot)"
DIGEST_UNREACHABLE = "{name} ⚠️ không liên lạc được: đã chặn bot"
DIGEST_NO_CLERK = "chưa có cán bộ xã đăng ký"

# --- the units' lists for officials: one screen per message, details behind a button ---
PROBLEM_SHORT = {"authority_gone": "hình thức không còn", "authority_subject": "sai đối tượng",
                 "authority_level": "vượt thẩm quyền", "prerequisite": "thiếu danh hiệu điều kiện",
                 "initiative": "thiếu sáng kiến", "ratio": "vượt tỷ lệ", "at_most": "vượt số lượng",
                 "unique": "trùng hồ sơ"}
PROBLEMS_FLAG = " ⚠️ {kinds}"
FLAGGED_COUNT = " (⚠️ {n})"
NOMINEE_UP = " ⬆️"  # a proposal sent up: decided above this level

# The same, short, on one line of the digest's details
MISSING_SHORT = "còn {count} chỉ tiêu"
MISSING_SHORT_LISTS = "danh sách cần hoàn thiện"
MISSING_SHORT_NONE = "đã nhập đủ, chưa gửi"
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
ROLE_MODEL_FIELD = " · {field}"  # the field its clerk gave (texts.RM_FIELD_LABELS)
BTN_DX_BY_UNIT = "🏘 Theo đơn vị"
BTN_DX_FORM = "{form} ({n})"
BTN_DX_ROLE_MODELS = "🌟 Điển hình ({n})"
BTN_DX_ALL = "📜 Tất cả hình thức"
DX_TITLE = "📜 Đề nghị khen thưởng — {round}"
DX_TOTAL = "{count} hồ sơ của {units} đơn vị{flagged}."
DX_FLAGGED = ", ⚠️ {n} có vấn đề theo quy định"
DX_NONE = "Chưa có hồ sơ đề nghị nào trong các báo cáo đã gửi."
DX_HOW = "Chọn một hình thức để xem danh sách, hoặc xem theo đơn vị; gõ /dexuat <tên xã> để xem một xã."
DX_FORM_TITLE = "📜 {form} — {round}\n{counts}{flagged}{up}"
DX_FORM_UP = "\nĐề nghị lên {level}."
DX_UNIT_TITLE = "📜 Đề nghị khen thưởng — {unit}\n{round}"
DX_UNITS_TITLE = "📜 Đề nghị khen thưởng theo đơn vị — {round}"
DX_UNIT_LINE = "{n}. {unit}: {count} hồ sơ{flagged}"
DX_UNIT_BUTTON = "{unit} ({n})"
DX_ROLE_MODELS_TITLE = "🌟 Điển hình tiên tiến — {round}\n{count} điển hình của {units} đơn vị"
DX_NOT_FOUND = "Không tìm thấy hình thức hay đơn vị «{query}». Các đề nghị hiện có:"
