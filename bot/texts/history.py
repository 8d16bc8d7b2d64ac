"""Words of the years before: last year's figures beside this year's (issue 26), in the chat and the files."""

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
# The clerk's review before sending, on one screen; every answer behind its button.
CHECK_HEAD = "📋 Xem lại — {unit}\n{status}"
CHECK_MISSING = "⏳ Còn {count} câu bắt buộc chưa trả lời: {names}"
CHECK_ALL_GOOD = "✅ Không có số nào khác thường, không thiếu câu nào, danh sách không có lỗi."
BTN_ALL_ANSWERS = "📄 Xem đủ các câu trả lời"
