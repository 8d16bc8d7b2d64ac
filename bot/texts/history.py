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
