"""The lists kept inside a report (nominations, role models): in the chat, a screen each, and sent as
.xlsx files (the chat's messages about a file; the template's own words are in documents.py)."""

from __future__ import annotations

from bot.texts.common import by_channel
from bot.texts.facts import _fact_word, say

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
PART_SUMMARY = "{count} hồ sơ"
PART_SUMMARY_PROBLEMS = "{count} hồ sơ, ⚠️ {problems} vấn đề"
INCOMPLETE_ENTRY = "Hồ sơ số {n} «{name}» chưa nhập xong (chưa xác nhận)."
BTN_NO_INCOME = "❓ Không rõ"

# Nominations (đề nghị khen thưởng)
NOM_LIST_TITLE = "Danh sách đề nghị khen thưởng"
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
    "birth_year": "Năm sinh",
    "cccd": "Số CCCD",
    "position": "Chức vụ, nơi công tác",
    "form_code": "Danh hiệu, hình thức đề nghị",
    "streak_ok": "Điều kiện liên tục",
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
ASK_BIRTH_YEAR = "Năm sinh của {name}? (4 chữ số, ví dụ: 1985)"
ASK_CCCD = ("Số căn cước công dân (CCCD, 12 chữ số) của {name}? Không bắt buộc; có số thì hồ sơ thành tích "
            "nhận đúng người qua các năm. Số chỉ hiện 4 chữ số cuối.")
BTN_NO_CCCD = "⏭ Không ghi CCCD"
ASK_STREAK = "{lines}\nVẫn đề nghị {form} cho {name}, hay đổi hình thức?"
BTN_STREAK_KEEP = "Vẫn đề nghị {form}"
BTN_STREAK_CHANGE = "🔁 Đổi hình thức"
STREAK_KEPT = "giữ đề nghị, dù chưa có năm {years}"
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

# Role models (điển hình tiên tiến)
RM_LIST_TITLE = "Điển hình tiên tiến"
RM_TITLE = "🌟 Điển hình tiên tiến — {unit}"
RM_LINE = "{n}. {name} — {village}: {deed}"
RM_CARD_TITLE = "🌟 Điển hình số {n}"
RM_FIELDS = {
    "name": "Tên người, hộ hoặc tập thể",
    "field": "Lĩnh vực",
    "village": "Thôn, bản",
    "commune": "Xã",
    "deed": "Việc đã làm",
    "income_million": "Thu nhập một năm",
}
ASK_RM_NAME = "Tên người, hộ gia đình hoặc tập thể điển hình? (ví dụ: Hộ ông Lò Văn Xôm)"
ASK_RM_FIELD = "«{name}» là điển hình thuộc lĩnh vực nào? " + by_channel("Bấm một nút.", "Gõ số thứ tự.")
ASK_RM_VILLAGE = "Ở thôn, bản nào? (ví dụ: Bản Co Sản)"
ASK_RM_COMMUNE = "Thuộc xã nào? " + by_channel("Bấm nút nếu là {unit}, hoặc gõ tên xã khác.", "Gõ tên xã, ví dụ: {unit}.")
ASK_RM_DEED = "Điển hình về việc gì? (ví dụ: mô hình trồng cây chanh leo; tối đa {limit} ký tự)"
ASK_RM_INCOME = ("Thu nhập một năm khoảng bao nhiêu triệu đồng? (ví dụ: 120 hoặc 85,5) Nếu không rõ, "
                 + by_channel("bấm", "gõ") + " «Không rõ».")
INCOME_VALUE = "{value} triệu đồng/năm"
INCOME_UNKNOWN = "không rõ"

# --- lists filled on a computer: the chat's messages about a file (the template's words: documents.py) ---
LIST_NAMES = {"nominations": "danh sách đề nghị khen thưởng", "role_models": "danh sách điển hình tiên tiến"}
LIST_FILENAMES = {"nominations": "de-nghi-khen-thuong", "role_models": "dien-hinh-tien-tien"}

# Short column names, for "Dòng 7, cột C (Họ và tên): …".
LIST_COLUMN_NAMES = {
    "no": "STT", "subject": "Cá nhân/Tập thể", "name": "Họ và tên", "birth_year": "Năm sinh", "cccd": "Số CCCD",
    "position": "Chức vụ", "form": "Hình thức",
    "achievements": "Thành tích", "prereq_mode": "Danh hiệu tiền đề", "prereq_ref": "QĐ tiền đề",
    "initiative": "Sáng kiến", "initiative_ref": "QĐ sáng kiến", "village": "Thôn, bản", "commune": "Xã",
    "deed": "Việc đã làm", "income": "Thu nhập", "field": "Lĩnh vực",
}
LIST_SOURCE_CHAT = "nhập trên chat"
LIST_SOURCE_FILE = "tệp «{filename}», dòng {row}"
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
    "birth_year_not_year": "«{value}» không phải là năm sinh (4 chữ số)",
    "birth_year_range": "năm sinh {value} ngoài khoảng {earliest}–{latest}",
    "cccd_digits": "số CCCD phải có đủ {digits} chữ số",
}

# A commendation rule broken on saved rows, short (the workbook of problems gives the full sentence).
LIST_FLAG_TEXTS = {
    "prerequisite": "{form} cần {prereq}: chưa có dòng {prereq} của người này, cũng chưa ghi quyết định",
    "initiative": "{form} còn thiếu {missing}",
    "unique": "trùng hồ sơ khác (số {numbers})",
    "ratio": "số {form} ({count}) vượt quá {percent}% số {base} ({base_count}): tối đa {allowed}",
    "at_most": "số {form} ({count}) nhiều hơn số {base} ({base_count})",
}


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


PART_NOMINATIONS = "Đề nghị khen"
PART_ROLE_MODELS = "Điển hình"

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
