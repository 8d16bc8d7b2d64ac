"""Words inside files: the summary's chat text and chart, the Word report and proposal list, the workbook,
the list templates (headers, drop-downs, notes: bot/documents/list_workbooks.py hands them to the reader), the
council's draft decision, submission and workbook."""

from __future__ import annotations

PROGRESS_COUNT = "Đã gửi {submitted}/{total} ({on_time} đúng hạn{late})"
PROGRESS_LATE = ", {late} gửi muộn"
PROGRESS_APPROVED = " — trong đó {approved} đã duyệt"
CHART_TITLE = "Tiến độ báo cáo: {round}"
CHART_Y = "Số đơn vị"
CHART_STATUSES = {"on_time": "Gửi đúng hạn", "late": "Gửi muộn", "draft": "Đang soạn",
                  "returned": "Bị trả lại", "none": "Chưa bắt đầu"}
# The awards part of the summary (chat, workbook); the other parts are named by the catalogue's sections.
AWARDS_PART = "Công tác khen thưởng"
AWARD_LEVELS = {"trung ương": "Khen thưởng cấp Nhà nước", "tỉnh": "Khen thưởng cấp tỉnh",
                "huyện": "Khen thưởng cấp huyện", "xã": "Khen thưởng cấp xã"}
AWARD_COLLECTIVE = "{n} tập thể"
AWARD_INDIVIDUAL = "{n} cá nhân"
AWARDS_SUBJECTS = "Cộng: {collective} tập thể, {individual} cá nhân."
SUMMARY_HEAD = "📑 Tổng hợp: {round}\nLúc {at}"
SUMMARY_APPROVED_ONLY = "Chỉ tính số liệu của {n} báo cáo đã duyệt."
SUMMARY_TRUNCATED = "… (còn nữa, xem tệp Word)"
DOC_CAPTION = "Dự thảo báo cáo tổng hợp: {round}"
XLSX_CAPTION = "Bảng số liệu tổng hợp: {round}"

# Figures written as sentences, the seed's way
FIG_VALUE = "{name}: {value}"
FIG_PLAN = ", đạt {percent}% KH"
# A rate's one figure for the whole authority (storage/figures.py `Rate`): its own, weighted, or the plain mean.
RATE_OWN = "{value} (số {level} tự báo cáo)"
RATE_WEIGHTED = "{value} (bình quân theo {base})"
RATE_MEAN = "bình quân {value} (trung bình cộng các {noun})"
RATE_OWN_LABEL = "số {level}"
RATE_WEIGHTED_LABEL = "bình quân theo {base}"
RATE_MEAN_LABEL = "bình quân"
FIG_NO_RATE = "chưa có số liệu"
FIG_NONE = "{name}: chưa có số liệu"
FIG_GROUP = "{label}: {count} {noun}"
FIG_BUCKET_AVERAGE = "bình quân {value} {unit}/{noun}"

# The spreadsheet
XLSX_PROGRESS_SHEET = "Tiến độ"
XLSX_AWARDS_SHEET = "Tổng khen thưởng"
XLSX_META = "Kỳ: {round} ({code}) · tổng hợp lúc {at} · đã duyệt {approved} · chưa gửi ({n}): {names}"
XLSX_NO = "STT"
XLSX_UNIT = "Đơn vị"
XLSX_UNIT_CODE = "Mã đơn vị"
XLSX_STATUS = "Trạng thái"
XLSX_SUBMITTED_AT = "Gửi lúc"
XLSX_TIMING = "Đúng hạn"
XLSX_RECEIPT = "Số biên nhận"
XLSX_TOTAL_ROW = "Tổng hợp"
XLSX_AGGREGATES = {"sum": "tổng", "average": "bình quân", "buckets": "bình quân", "none": ""}
XLSX_PLAN = "KH: {name}"
XLSX_FORM = "Hình thức, danh hiệu"
XLSX_LEVEL = "Cấp quyết định"
XLSX_COLLECTIVE = "Tập thể"
XLSX_INDIVIDUAL = "Cá nhân"
XLSX_TEXT = "Nội dung"
XLSX_INDICATOR = "Chỉ tiêu"
YES = "có"
NO = "không"

# The workbook (bot/documents/report_xlsx.py): the district's figures first, as the chat gives them
XLSX_FIGURES_SHEET = "Tổng hợp"
XLSX_FIGURES_TITLE = "Số liệu tổng hợp: {round}"
XLSX_PART = "Phần"
XLSX_WHAT = "Nội dung"
XLSX_FIGURE = "Số liệu"
XLSX_MEASURE = "Đơn vị tính"
XLSX_PLAN_COLUMN = "Kế hoạch"
XLSX_PERCENT_OF_PLAN = "Đạt % KH"
XLSX_UNITS = "Các đơn vị"
XLSX_AGGREGATED = "Cách tổng hợp:"
XLSX_NO_FIGURES = "chưa có số liệu"
XLSX_UNITS_TOTAL = "Đơn vị phải báo cáo"
XLSX_SUBMITTED = "Đã gửi"
XLSX_ON_TIME = "Gửi đúng hạn"
XLSX_LATE = "Gửi muộn"
XLSX_APPROVED = "Đã duyệt"
XLSX_MISSING = "Chưa gửi"
XLSX_AWARDS_SUM = "Cộng"
XLSX_QUOTED = "số đơn vị có ý kiến"

# Nominees and role models (issue 15.2)
XLSX_NOMINEES_SHEET = "Đề nghị khen thưởng"
XLSX_ROLE_MODELS_SHEET = "Điển hình tiên tiến"
XLSX_SUBJECT = "Cá nhân/Tập thể"
XLSX_NOMINEE = "Họ và tên, tên tập thể"
XLSX_POSITION = "Chức vụ, đơn vị công tác"
XLSX_DECIDED = "{level} quyết định"
XLSX_ACHIEVEMENTS = "Tóm tắt thành tích"
XLSX_INITIATIVE_COLUMN = "Sáng kiến"
XLSX_INITIATIVE = "{name} ({ref})"
XLSX_PROBLEMS = "Chưa đúng quy định"
XLSX_ROLE_MODEL = "Tên người, hộ, tập thể"
XLSX_VILLAGE = "Thôn, bản"
XLSX_COMMUNE = "Xã"
XLSX_DEED = "Việc đã làm"
XLSX_INCOME = "Thu nhập (triệu đồng/năm)"
DX_LEVEL_UP = "⬆️ Đề nghị lên {level}: {items}."
DX_LEVEL_HERE = "✔️ {level} quyết định: {items}."
DX_LEVEL_UNKNOWN = "❔ Hình thức không còn trong danh mục: {items}."
DX_FORM_ITEM = "{form} {counts}{flagged}"

# The compiled summary's chat text (/tonghop, the scheduled summary)
SUMMARY_NOMINEES = "▪️ Đề nghị khen thưởng: {count} hồ sơ của {units} đơn vị{flagged}{mark} (/dexuat)"
SUMMARY_NOMINEES_NONE = "▪️ Đề nghị khen thưởng: chưa có hồ sơ nào."
SUMMARY_ROLE_MODELS = "▪️ Điển hình tiên tiến: {count} điển hình của {units} đơn vị (/dexuat dienhinh)"
SUMMARY_ROLE_MODELS_NONE = "▪️ Điển hình tiên tiến: chưa có."
DOC_KIND_REPORT = "BÁO CÁO"
DOC_PART = "Phần {n}"
DOC_META = "Dự thảo tổng hợp tự động lúc {at} từ báo cáo của các đơn vị, kỳ «{round}» (mã {code})."
DOC_SCOPE = "Phạm vi: các đơn vị thuộc {unit}."
DOC_PROGRESS = "Đã gửi {submitted}/{total} đơn vị ({on_time} đúng hạn, {late} gửi muộn), trong đó {approved} đã duyệt."
DOC_MISSING = "Chưa gửi ({n} đơn vị): {names}. Số liệu dưới đây chưa gồm các đơn vị này."
DOC_NONE_MISSING = "Tất cả đơn vị đã gửi báo cáo."
DOC_PROMPTS_NOTE = ("Các đoạn in nghiêng trong ngoặc vuông là gợi ý: viết nội dung thay vào đó và xóa ghi chú này "
                    "trước khi trình ký.")
DOC_OPENING_PROMPT = "Nêu văn bản chỉ đạo, hướng dẫn của cấp trên mà báo cáo này thực hiện."
DOC_OPENING = "{issuer} báo cáo {round}, cụ thể như sau:"
DOC_CLOSING = "Trên đây là Báo cáo {subject} của {issuer}./."
DOC_CAMPAIGN = "- Phong trào thi đua “{name}”: "
# The report's sentence forms (bot/documents/sentences.py): a count by what it counts, zero as "không có …", an
# amount, a weighted rate, a yes/no's units, a range after buckets.
SENT_COUNT_LEADS = ("Số ",)  # an indicator named "Số …" counts what follows
SENT_COUNT = "{n} {what}"
SENT_NONE = "không có {what}"
SENT_AMOUNT = "{name} đạt {value}"
SENT_WITHIN = "trong đó có "
SENT_THERE_ARE = "có "
SENT_YES_NONE = "không có {noun} nào {phrase}"
SENT_RANGE = " với từ {low} đến {high} {unit}"
SENT_RANGE_ONE = " với {value} {unit}"
SENT_OWN_MISSING = "Còn thiếu số liệu {authority} tự nhập: {names}."
SENT_NAMES = ("Hội đồng", "Khối", "Cụm", "Quỹ", "Ủy ban", "UBND", "Bằng khen", "Giấy khen", "Cờ", "Huân chương")
SENT_ILLUSTRATIVE = " [số liệu minh họa của bản demo]"
DOC_DEMO_LIST_NOTE = ("Danh sách và các số đếm trong dự thảo này là số liệu minh họa của bản demo: báo cáo năm 2020 "
                      "nêu tên người, không nêu ai được đề nghị hình thức nào")
DOC_NO_FIGURES = "chưa có số liệu."
DOC_NOTES = "Ý kiến, ghi chú của các đơn vị:"
DOC_QUOTE = "- {unit}: “{text}”"

# Units counted in a bucket or a choice, the seed's way.
DOC_NAMES = "gồm các {noun}: {names}"
DOC_GROUP_PHRASE = "{count} {noun} {phrase} ({names})"
DOC_GROUP = "{label}: {count} {noun} ({names})"
DOC_BUCKET_AVERAGE = " và bình quân đạt {value} {unit}/{noun}"
DOC_AWARDS_LEAD = "Về kết quả khen thưởng năm {year}:"
DOC_AWARDS_NONE = "Chưa có số liệu khen thưởng."
DOC_PROPOSALS_LEAD = "Về đề nghị khen thưởng: {n} hồ sơ của {units} đơn vị{mark}, trong đó:"
DOC_PROPOSALS_UP = "Đề nghị khen thưởng {level} (trình cấp trên xét)"
DOC_PROPOSALS_HERE = "Đề nghị khen thưởng {level}"
DOC_PROPOSALS_FLAGGED = ("Có {n} hồ sơ chưa đúng quy định về thi đua, khen thưởng, cần xem lại trước khi xét "
                         "(cột Ghi chú của danh sách).")
DOC_PROPOSALS_ANNEX = "(Có danh sách đề nghị khen thưởng kèm theo.)"
DOC_PROPOSALS_NONE = "Chưa có đơn vị nào đề nghị khen thưởng."
DOC_PROPOSALS_CAPTION = "Danh sách đề nghị khen thưởng: {round}"

# Role models: "Gia đình ông Quàng Văn Lến (xã Chiềng Sinh) - mô hình trồng cây chanh leo; gia đình ông …"
DOC_RM_LEAD = "Điển hình tiên tiến tiêu biểu do các đơn vị báo cáo ({n}):"
DOC_RM_ITEM = "{name} ({place})"
DOC_RM_DEED = " - {deed}"
DOC_RM_LINE = "- {text}{end}"
DOC_RM_INCOME_RANGE = "Hằng năm mỗi hộ cho thu nhập từ {low} đến {high} triệu đồng."
DOC_RM_INCOME_ONE = "Hằng năm cho thu nhập khoảng {value} triệu đồng."
# A role model's field (the clerk's answer, storage/list_schema.RM_FIELDS), a line above its own, in that order (the
# seed's: collectives, schools, teachers, police and military, households; then the others).
DOC_RM_FIELDS = {
    "collective": "Tập thể tiêu biểu:",
    "school": "Trường học tiêu biểu:",
    "teacher": "Cán bộ, giáo viên tiêu biểu:",
    "security": "Công an, quân sự tiêu biểu:",
    "household": "Hộ gia đình tiêu biểu trong sản xuất, kinh doanh:",
    "other": "Cá nhân, tập thể tiêu biểu khác:",
}
DOC_RM_UNSAID = ("chua ghi", "chua ro", "khong ro", "khong biet")  # a place the clerk did not know (folded)
DOC_RM_NONE = "Chưa có đơn vị nào báo cáo điển hình tiên tiến."


# The proposal list (danh sách đề nghị khen thưởng)
DOC_LIST_KIND = "DANH SÁCH"
DOC_LIST_SUBJECT = "Đề nghị khen thưởng {round}"
DOC_LIST_ATTACHED = "(Kèm theo Báo cáo số      /{symbol} ngày      tháng      năm {year} của {issuer})"
DOC_LIST_UP = "{letter}. ĐỀ NGHỊ CẤP TRÊN KHEN THƯỞNG"
DOC_LIST_HERE = "{letter}. THUỘC THẨM QUYỀN KHEN THƯỞNG {level}"
DOC_LIST_COLUMNS = ("Họ và tên / Tên tập thể", "Chức vụ - Đơn vị", "Tóm tắt thành tích", "Ghi chú")
DOC_LIST_GROUP = "{n}. {form}: {counts}"
DOC_LIST_NO_FORM = "(hình thức không còn trong danh mục)"
DOC_LIST_INITIATIVE = "Sáng kiến: {name}"
DOC_LIST_INITIATIVE_REF = " ({ref})"
DOC_LIST_TOTAL = "Tổng cộng: {n} hồ sơ{mark}."
LIST_SHEET_TITLES = {"nominations": "Đề nghị khen thưởng", "role_models": "Điển hình tiên tiến"}
LIST_HEADERS = {
    "nominations": {
        "no": "STT",
        "subject": "Cá nhân / Tập thể",
        "name": "Họ và tên (hoặc tên tập thể)",
        "birth_year": "Năm sinh (cá nhân)",
        "cccd": "Số CCCD (cá nhân, nếu có)",
        "position": "Chức vụ, nơi công tác (tập thể: trực thuộc)",
        "form": "Danh hiệu, hình thức đề nghị",
        "achievements": "Tóm tắt thành tích",
        "prereq_mode": "Danh hiệu tiền đề",
        "prereq_ref": "Số quyết định công nhận danh hiệu tiền đề",
        "initiative": "Sáng kiến (đề tài, đề án)",
        "initiative_ref": "Số quyết định công nhận sáng kiến",
    },
    "role_models": {
        "no": "STT",
        "name": "Tên người, hộ hoặc tập thể",
        "field": "Lĩnh vực",
        "village": "Thôn, bản",
        "commune": "Xã",
        "deed": "Việc đã làm (mô hình, điển hình)",
        "income": "Thu nhập một năm (triệu đồng)",
    },
}
LIST_SUBJECT_LABELS = {"Cá nhân": "individual", "Tập thể": "collective"}
LIST_PREREQ_LABELS = {"Cùng đề nghị trong danh sách này": "list", "Đã được công nhận": "held"}
# A role model's field (storage/list_schema.RM_FIELDS): the chat's buttons and the template's drop-down.
RM_FIELD_LABELS = {"Tập thể": "collective", "Trường học": "school", "Cán bộ, giáo viên": "teacher",
                   "Công an, quân sự": "security", "Hộ gia đình": "household", "Khác": "other"}
LIST_EXAMPLE = "Ví dụ"
LIST_EXAMPLES = {
    "nominations": {"subject": "Cá nhân", "name": "Lò Văn Minh", "birth_year": 1985, "position": "Trưởng bản Co Sản",
                    "achievements": "Vận động 100% hộ trong bản tham gia xây dựng nông thôn mới năm 2020.",
                    "prereq_mode": "Cùng đề nghị trong danh sách này", "prereq_ref": "",
                    "initiative": "Sổ tay dạy tiếng Việt cho trẻ", "initiative_ref": "45/QĐ-UBND ngày 20/10/2020"},
    "role_models": {"name": "Gia đình ông Quàng Văn Lến", "field": "Hộ gia đình", "village": "Bản Co Sản",
                    "deed": "Mô hình trồng cây chanh leo", "income": 120},
}
LIST_SOURCE_HEADER = "Nguồn"
LIST_PROBLEMS_HEADER = "Cần sửa"
LIST_TITLE = "{list} — {unit} — {round}"
LIST_NOTES_TITLE = "Hướng dẫn"
LIST_NOTES = {
    "common": [
        "Mỗi người hoặc tập thể một dòng, bắt đầu ngay dưới dòng «Ví dụ» (dòng «Ví dụ» không được nhập).",
        "Ô có danh sách chọn: bấm vào ô rồi chọn ở mũi tên bên phải.",
        "Không đổi dòng tiêu đề; không dùng công thức; lưu tệp dạng .xlsx (Excel Workbook).",
        "Tối đa {rows} dòng, tệp không quá {mb} MB.",
        "Điền xong, gửi tệp cho bot (📎 → Tệp). Mỗi dòng được kiểm như khi nhập trên chat.",
        "Gửi lại tệp đã sửa: các dòng của lần gửi trước được thay bằng tệp mới, không bị trùng. "
        "Hồ sơ nhập trên chat vẫn giữ nguyên.",
    ],
    "nominations": [
        "Tóm tắt thành tích tối đa {limit} ký tự.",
        "Hình thức chỉ chọn trong danh sách (đến mức đơn vị được đề nghị).",
        "Cá nhân: ghi Năm sinh (4 chữ số); Số CCCD (12 chữ số) không bắt buộc, giúp nhận đúng người trong hồ sơ "
        "thành tích các năm. Danh sách tải về chỉ hiện 4 chữ số cuối; để nguyên thì giữ số đã có.",
        "{form} cần {prereq}: chọn «Cùng đề nghị trong danh sách này» nếu người đó có dòng {prereq} trong "
        "danh sách, hoặc «Đã được công nhận» và ghi số quyết định.",
        "{form} cần sáng kiến được công nhận: ghi tên sáng kiến và số quyết định công nhận.",
    ],
    "role_models": [
        "Việc đã làm tối đa {limit} ký tự. Xã để trống là xã của bạn.",
        "Thu nhập ghi số triệu đồng một năm (ví dụ 120 hoặc 85,5); không rõ thì để trống.",
    ],
}
LIST_TOO_LONG = "Tối đa {limit} ký tự."  # a text column's limit (storage/list_schema.py), as Excel checks it
LIST_PROMPTS = {
    "subject": "Chọn Cá nhân hoặc Tập thể.",
    "field": "Chọn lĩnh vực: tập thể, trường học, cán bộ giáo viên, công an quân sự, hộ gia đình hoặc khác.",
    "form": "Chọn hình thức trong danh sách.",
    "prereq_mode": "Chỉ điền khi hình thức cần danh hiệu tiền đề (như CSTĐCS cần LĐTT).",
    "birth_year": "Cá nhân: năm sinh, 4 chữ số. Tập thể: để trống.",
    "cccd": "Không bắt buộc: 12 chữ số, ghi dạng chữ để giữ số 0 đầu.",
    "achievements": LIST_TOO_LONG,
    "deed": LIST_TOO_LONG,
}
LIST_PROMPT_TITLE = "Gợi ý"
LIST_CHOICES_SHEET = "Danh mục"  # the hidden sheet of the drop-down lists
LIST_PROBLEMS_SHEET = "Lỗi"
LIST_PROBLEMS_HEADERS = ("Dòng", "Cột", "Tên cột", "Vấn đề", "Đã lưu", "Căn cứ")
LIST_PROBLEMS_SAVED = {True: "đã lưu, cần sửa", False: "chưa lưu"}

# An administrative document's frame (bot/documents/admin_docx.py): the national title, the number, place and date,
# the addressees, Nơi nhận.
DOC_NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DOC_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOC_NUMBER = "Số:        /{symbol}"
DOC_PLACE_DATE = "{place}, ngày      tháng      năm {year}"
DOC_PLACE_DATE_FILLED = "{place}, ngày {day:02d} tháng {month:02d} năm {year}"
DOC_ADDRESSEE = "Kính gửi:"
DOC_COPIES_TO = "Nơi nhận:"

# The council's documents (bot/documents/council.py): a draft decision with its annex, a submission with its list,
# the same lists in a workbook. Number and date are left blank for the registry (văn thư).
DOC_ISSUER = "ỦY BAN NHÂN DÂN"
DOC_ISSUER_CODE = "UBND"  # when the catalogue's [document] names no issuer code
DOC_DECISION_KIND = "QĐ"
DOC_SUBMISSION_KIND = "TTr"
DOC_DECISION = "QUYẾT ĐỊNH"
DOC_DECISION_SUBJECT = "Về việc công nhận danh hiệu thi đua và khen thưởng năm {year}"
DOC_DECISION_BY = "CHỦ TỊCH ỦY BAN NHÂN DÂN {unit}"
# A legal basis as decisions cite it (the catalogue's [[document.legal_bases]]): a law by name and date, any other
# text by number, date and issuer, then its subject. Dates as Nghị định 30/2020 writes them ("ngày 05 tháng 3").
DOC_GROUND = "Căn cứ {citation};"
DOC_GROUND_NONE = "[Căn cứ: danh mục chưa ghi căn cứ pháp lý ([[document.legal_bases]]).]"
DOC_CITE_LAW = "{kind} {title}"
DOC_CITE_BY_NAME = ("Hiến pháp", "Luật", "Pháp lệnh")  # cited by name and date; other kinds by number
DOC_CITE_NUMBER = " số {number}"
DOC_CITE_DATE = " ngày {day} tháng {month} năm {year}"
DOC_CITE_ISSUER = " của {issuer}"
DOC_CITE_AMENDED = "; {amended}"
DOC_PROPOSED_BY = "Xét đề nghị của {proposer}."
DOC_DECIDES = "QUYẾT ĐỊNH:"
DOC_ARTICLE_LABEL = "Điều {n}. "
DOC_ARTICLE_1 = "{what} cho {counts} {reason} (có danh sách kèm theo), gồm:"
DOC_ARTICLE_1_TITLES = "Công nhận danh hiệu thi đua"
DOC_ARTICLE_1_FORMS = "tặng {forms}"
DOC_ARTICLE_1_JOIN = " và "
DOC_FORM_LINE = "- {form}: {counts};"
DOC_ARTICLE_2 = ("Tiền thưởng kèm theo các danh hiệu, hình thức khen thưởng tại Điều 1 thực hiện theo {sources}, "
                 "tính trên mức lương cơ sở {salary} đồng/tháng ({salary_source}):")
DOC_ARTICLE_2_PLAIN = ("Tiền thưởng kèm theo các danh hiệu, hình thức khen thưởng tại Điều 1 thực hiện theo quy định "
                       "hiện hành.")
DOC_REWARD_LINE = "- {form} ({subject}): {times} lần mức lương cơ sở, {each} đồng × {n} = {total} đồng;"
DOC_REWARD_TOTAL = "Tổng số tiền thưởng: {total} đồng, chi từ {fund}."
DOC_REWARD_TOTAL_NO_FUND = "Tổng số tiền thưởng: {total} đồng."
DOC_REWARD_SUBJECT = {"collective": "tập thể", "individual": "cá nhân"}
DOC_ARTICLE_3 = ("Chánh Văn phòng HĐND và UBND {unit}, Trưởng phòng Nội vụ, thủ trưởng các cơ quan, "
                 "đơn vị liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
                 "Quyết định này./.")
DOC_DECISION_COPIES = ("Như Điều 3", "Lưu: VT, NV")
DOC_CHAIRMAN = "CHỦ TỊCH"
DOC_ON_BEHALF = "TM. ỦY BAN NHÂN DÂN"
DOC_ANNEX = "DANH SÁCH"
DOC_DECISION_ANNEX = "Tập thể, cá nhân được khen thưởng"
DOC_DECISION_ANNEX_NOTE = ("(Kèm theo Quyết định số      /{symbol} ngày      tháng      năm {year} "
                           "của Chủ tịch UBND {unit})")
DOC_SUBMISSION = "TỜ TRÌNH"
DOC_SUBMISSION_SUBJECT = "Về việc đề nghị khen thưởng năm {year}"
DOC_SUBMISSION_TO = "Chủ tịch Ủy ban nhân dân {unit}"
DOC_SUBMISSION_TO_UNKNOWN = "[cơ quan, người có thẩm quyền khen thưởng]"
DOC_SUBMISSION_BODY = ("Xét đề nghị của Hội đồng Thi đua - Khen thưởng {unit}, Ủy ban nhân dân {unit} kính trình "
                       "{to} xem xét, khen thưởng cho {counts}, gồm:")
DOC_SUBMISSION_ATTACHED = "(Có danh sách và hồ sơ kèm theo.)"
DOC_SUBMISSION_END = "Ủy ban nhân dân {unit} kính trình {to} xem xét, quyết định./."
DOC_SUBMISSION_COPIES = ("Như trên", "Ban Thi đua - Khen thưởng (Sở Nội vụ)", "Lưu: VT, NV")
DOC_SUBMISSION_ANNEX = "Đề nghị khen thưởng"
DOC_SUBMISSION_ANNEX_NOTE = "(Kèm theo Tờ trình số      /{symbol} ngày      tháng      năm {year} của UBND {unit})"
DOC_NOBODY = "(Chưa có tập thể, cá nhân nào.)"
DOC_TITLE_FORM = "Danh hiệu «{name}»"
DOC_COUNT = {"collective": "{n} tập thể", "individual": "{n} cá nhân"}
DOC_COL_NAME = "Họ và tên / Tên tập thể"
DOC_COL_POSITION = "Chức vụ - đơn vị"
DOC_COL_ACHIEVEMENTS = "Tóm tắt thành tích"
DOC_POSITION = "{position}, {unit}"
XLSX_COUNCIL_SHEETS = {"passed": "Quyết định", "sent_up": "Tờ trình", "refused": "Không đạt"}
XLSX_COUNCIL_TITLES = {"passed": "Danh sách khen thưởng (kèm dự thảo Quyết định)",
                       "sent_up": "Danh sách đề nghị cấp trên khen thưởng (kèm Tờ trình)",
                       "refused": "Hồ sơ Hội đồng xét không đạt"}
XLSX_COUNCIL_META = "{round} · lập lúc {at}"
XLSX_COUNCIL_HEAD = ("STT", "Họ và tên / Tên tập thể", "Hình thức", "Cá nhân / tập thể", "Chức vụ - đơn vị",
                     "Đơn vị đề nghị", "Tóm tắt thành tích")
XLSX_COUNCIL_REASON = "Lý do"
XLSX_COUNCIL_PROGRESS = "Tiến độ bình xét"
XLSX_COUNCIL_PROGRESS_HEAD = ("Hình thức", "Số hồ sơ", "Đã xét", "Đạt", "Chuyển cấp trên", "Không đạt", "Chưa xét")
