"""Words of the years before: last year's figures beside this year's (issue 26), in the chat and the files."""

from bot.texts.records import record_cell_text as _record_cell_text

# A change in the seed's words: "tăng 1.127 con so với cùng kỳ năm 2019", "giảm 5% so với cuối năm 2019";
# `words` is the indicator's compare_words from the catalogue, its year filled.
CMP_WORDS = "so với năm {year}"  # an indicator synced before the catalogue said its words
CMP_UP = "tăng {change} {words}"
CMP_DOWN = "giảm {change} {words}"
CMP_SAME = "không đổi {words}"
CMP_REDEFINED = "năm {year}: {value} (cách tính đã thay đổi, không so sánh)"
# After a saved answer: "✅ Đã lưu «…»: 4.057,9 tấn · năm 2019: 3.930".
SAVED_LAST_YEAR = " · năm {year}: {value}"
# A figure far from last year's (/xa, /duyet, the workbook).
STANDS_OUT_MARK = "⚠️"
# /xa, /duyet, /chitieu: "• Tổng đàn gia súc: 5.120 con · năm 2019: 5.060 (+60)".
LAST_YEAR_CELL = " · năm {year}: {value} ({change})"
# /chitieu under the total: "Năm 2019: 96.873 con — tăng 1.127 con so với cùng kỳ năm 2019".
INDICATOR_LAST_YEAR = "Năm {year}: {value} — {words}"
# A figure far from last year's, at entry: confirmed once before it is saved.
CONFIRM_STANDS_OUT = ("⚠️ «{name}»: {value} khác nhiều so với năm {year} ({previous}): {change}.\n"
                      "Số này đúng chứ?")
BTN_STANDS_OUT_KEEP = "✅ Đúng, lưu"
BTN_STANDS_OUT_RETYPE = "✏️ Nhập lại"
# The workbook's columns of last year, after each compared figure; the figures far from it, per unit.
XLSX_LAST_YEAR = "Năm {year}"
XLSX_CHANGE = "Tăng (+), giảm (−)"
XLSX_STANDS_OUT = "Khác nhiều so với năm {year}"
# /duyet's card: the figures far from last year's, the first few.
QUEUE_STANDS_OUT = "\n⚠️ Khác nhiều so với năm {year}: {items}"
STANDS_OUT_ITEM = "{name} {value} (năm {year}: {previous})"
STANDS_OUT_MORE = "… và {n} số khác"
# /namtruoc: last year's figures of a unit, and one typed by an official.
LY_USAGE = "Gõ /namtruoc và tên xã để xem, nhập số liệu năm trước của xã, ví dụ: /namtruoc quai nua"
LY_FILE = ("📥 Có bảng số liệu năm trước (tệp Excel bot xuất, hoặc tự lập với cột «Mã đơn vị» hay «Đơn vị» và "
           "mỗi chỉ tiêu một cột)? Gửi tệp vào đây, mình kiểm tra rồi hỏi trước khi lưu.")
LY_HEAD = "📅 Số liệu năm {year} của {unit}, để so sánh trong «{round}»:"
LY_LINE = "• {name}: {value}{source}"
LY_NONE = "chưa có"
LY_SOURCES = {"round": " (báo cáo năm đó)", "typed": " (cán bộ nhập)", "import": " (tệp Excel)",
              "lineage": " (cộng từ các xã cũ)"}
BTN_LY_TYPE = "✏️ {name}"
LY_ASK = "Số năm {year} của «{name}»{measure} ở {unit} là bao nhiêu? Gõ số."
LY_AMBIGUOUS = "«{text}» đọc được hai cách. Gõ rõ hơn, ví dụ 1500 hoặc 1,5."
LY_IN_REPORT = "Số năm {year} này đã có trong báo cáo của {unit} năm đó. Muốn sửa, hãy sửa trong báo cáo ấy."
LY_SAVED = "✅ Đã lưu số năm {year} «{name}» của {unit}: {value}"
BTN_LAST_YEAR = "📅 Số năm trước"
# A workbook of an earlier year sent by an official (storage/past_import.py): one screen, kept on a yes.
PF_YEAR_HEADER = "Năm"  # a column of a hand-made file: each row's year
PF_HEAD = "📥 Tệp «{filename}» — số liệu năm trước: {rows} dòng đơn vị{sheets}."
PF_SHEETS = " ở {count} trang"
PF_READY = "Sẽ lưu số liệu {years}: {units} đơn vị × {indicators} chỉ tiêu, {figures} số."
PF_REPLACES = "Trong đó {count} số thay số đã nhập trước đây."
PF_QUESTION = "Lưu để so sánh với kỳ này chứ?"
PF_YEAR = "năm {year}"
PF_YEARS = "các năm {years}"
BTN_PF_KEEP = "💾 Lưu số liệu {years}"
BTN_PF_DROP = "✖️ Không lưu"
PF_KEPT = ("✅ Đã lưu số liệu {years} của {units} đơn vị ({figures} số) từ tệp «{filename}». "
           "Xem từng xã bằng /namtruoc và tên xã.")
PF_DROPPED = "Đã bỏ tệp «{filename}», không lưu số nào."
PF_GONE = "Tệp này đã lưu hoặc đã bỏ rồi. Muốn lưu lại, anh/chị gửi lại tệp."
PF_REFUSED = "❌ {count} lỗi, nên chưa lưu số nào. Sửa trong tệp rồi gửi lại cả tệp:"
PF_LINE = "• {where}: {problem}"
PF_SHEET = "trang «{sheet}»"
PF_ROW = "dòng {row}"
PF_COLUMN = "cột {letter}"
PF_FILE = "Cả tệp"
PF_MORE = "… và {count} lỗi nữa."
PF_CELL_TEXTS = {
    "past_column": "«{value}» không phải mã hay tên chỉ tiêu nào trong danh mục",
    "past_column_twice": "«{value}» là tên của nhiều chỉ tiêu ({codes}): ghi mã chỉ tiêu thay cho tên",
    "past_twice": "đã có ở trang «{sheet}» dòng {row}, với số khác",
    "past_ambiguous": "«{text}» đọc được hai cách: ghi rõ hơn, ví dụ 1500 hoặc 1,5",
    "too_large": "vượt mức tối đa {max}",
    "too_small": "dưới mức tối thiểu {min}",
    "not_integer": "«{text}» phải là số nguyên",
    "past_no_figures": "không có ô số liệu nào để lưu (cần cột «Mã đơn vị» hoặc «Đơn vị» và các cột chỉ tiêu)",
}
# The clerk's review before sending, on one screen; every answer behind its button.
CHECK_HEAD = "📋 Xem lại — {unit}\n{status}"
CHECK_MISSING = "⏳ Còn {count} câu bắt buộc chưa trả lời: {names}"
CHECK_ALL_GOOD = "✅ Không có số nào khác thường, không thiếu câu nào, danh sách không có lỗi."
BTN_ALL_ANSWERS = "📄 Xem đủ các câu trả lời"


def past_cell_text(problem) -> str:
    """A header's or cell's problem in a file of an earlier year's figures, short."""
    template = PF_CELL_TEXTS.get(problem.kind)
    return template.format(**problem.params) if template is not None else _record_cell_text(problem)
