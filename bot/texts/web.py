"""Texts of the officials' web pages (bot/web_pages/) and of the chat's /web that hands out their link."""

from __future__ import annotations

# --- /web in the chat, `main.py web-link` -------------------------------------------------------
BTN_WEB = "🖥️ Xem trên máy tính"
WEB_LINK = ("🖥️ Trang số liệu của {unit} (chỉ xem, trên điện thoại hay máy tính), mở được đến {until}:\n{url}\n"
            "Liên kết này là của riêng bạn: xin đừng chuyển cho người khác.")
WEB_LINK_FOR_CLERK = ("Trang số liệu trên máy tính dành cho cán bộ huyện, tỉnh theo dõi các đơn vị. "
                      "Báo cáo của đơn vị bạn vẫn ở ngay đây, trong trò chuyện này.")
WEB_LINK_OFF = ("Trang số liệu trên máy tính chưa được bật ở máy chủ này. "
                "Bạn vẫn xem được mọi số liệu ngay trong trò chuyện.")
CLI_WEB_LINK = "Trang số liệu của {unit}, mở được đến {until}:"
CLI_WEB_NEEDS = ("Cần PUBLIC_BASE_URL (địa chỉ của máy chủ) và một khóa: WEB_SECRET "
                 "(hoặc DOWNLOAD_SECRET, hoặc token của bot).")
CLI_WEB_SERVING = "Trang số liệu đang chạy trên {listen}:{port} (Ctrl+C để dừng); liên kết: python main.py web-link --unit …"
CONSOLE_WEB = "Trang số liệu cho cán bộ (/web) chạy ở {url}"

# --- refusals ------------------------------------------------------------------------------------
WEB_TITLE = "Thi đua — số liệu"
WEB_FORBIDDEN_TITLE = "Liên kết không hợp lệ"
WEB_FORBIDDEN = ("Liên kết này không đúng hoặc đã bị sửa. Bạn mở lại trang bằng liên kết mới: "
                 "gõ /web trong trò chuyện với bot.")
WEB_EXPIRED_TITLE = "Liên kết đã hết hạn"
WEB_EXPIRED = "Liên kết này đã hết hạn. Bạn lấy liên kết mới: gõ /web trong trò chuyện với bot."
WEB_NOT_FOUND_TITLE = "Không có trang này"
WEB_NOT_FOUND = "Không có trang này trong phạm vi của bạn."
WEB_TOO_MANY_TITLE = "Mở quá nhiều trang"
WEB_TOO_MANY = "Liên kết này vừa mở quá nhiều trang trong một phút. Bạn chờ một chút rồi mở lại nhé."
WEB_READ_ONLY_TITLE = "Chỉ xem"
WEB_READ_ONLY = "Trang số liệu chỉ để xem: không sửa được gì ở đây."
WEB_NO_PREVIEW = "Trang số liệu chỉ mở trong trình duyệt của bạn."
WEB_BUSY = "Máy chủ đang bận. Bạn thử tải lại trang sau ít phút nhé."
WEB_NO_ROUND = "Chưa có kỳ báo cáo nào."

# --- every page ------------------------------------------------------------------------------------
WEB_NAV = {"": "Tổng hợp", "tiendo": "Tiến độ", "chitieu": "Chỉ tiêu", "danhsach": "Khen thưởng", "tep": "Tệp"}
WEB_SCOPE = "{unit} · {round} · hạn nộp {deadline}"
WEB_UNTIL = "Liên kết mở được đến {until}. Chỉ xem."
WEB_MADE_AT = "Số liệu lúc {at}."

# --- the summary -----------------------------------------------------------------------------------
WEB_SUMMARY_TITLE = "Tổng hợp"
WEB_SUMMARY_NOTE = "Cùng số liệu với /tonghop trong trò chuyện và các tệp Word, Excel."
WEB_MISSING = "Chưa gửi: {names}"
WEB_MORE = "Xem từng đơn vị"

# --- progress --------------------------------------------------------------------------------------
WEB_PROGRESS_TITLE = "Tiến độ nộp báo cáo"
WEB_FILTER = "Lọc theo tình trạng:"
WEB_FILTER_ALL = "Tất cả ({n})"
WEB_FILTER_ONE = "{status} ({n})"
WEB_PROGRESS_HEAD = ("STT", "Đơn vị", "Tình trạng", "Gửi lúc", "Đúng hạn", "Số tiếp nhận", "Cán bộ xã",
                     "Hoạt động gần nhất")
WEB_NO_CLERK = "chưa có"
WEB_NEVER = "chưa dùng bot"

# --- one unit ----------------------------------------------------------------------------------------
WEB_UNIT_STATUS = "Tình trạng: {status}"
WEB_UNIT_SUBMITTED = "Gửi lúc {at} ({timing}), số tiếp nhận {receipt}."
WEB_UNIT_DRAFT = "Báo cáo chưa được tính vào tổng hợp (chưa gửi hoặc bị trả lại)."
WEB_UNIT_NO_REPORT = "Đơn vị chưa bắt đầu báo cáo kỳ này."
WEB_UNIT_HEAD = ("Chỉ tiêu", "Kết quả", "Kế hoạch", "% KH")
WEB_UNIT_LAST_YEAR = ("Năm trước", "Thay đổi")
WEB_AWARDS_TITLE = "Khen thưởng đã báo cáo"
WEB_AUDIT_TITLE = "Lịch sử báo cáo"
WEB_AUDIT_HEAD = ("Lúc", "Ai", "Việc")
WEB_NOMINEES_TITLE = "Đề nghị khen thưởng"
WEB_ROLE_MODELS_TITLE = "Điển hình tiên tiến"

# --- one indicator ------------------------------------------------------------------------------------
WEB_INDICATORS_TITLE = "Chỉ tiêu"
WEB_INDICATOR_REPORTED = "{reported}/{total} {noun} đã báo cáo."
WEB_INDICATOR_HEAD = ("Hạng", "Đơn vị", "Kết quả", "Kế hoạch", "% KH")
WEB_GROUPS_HEAD = ("Nhóm", "Số đơn vị", "Đơn vị")
WEB_TOTAL = "Tổng cộng"
WEB_AVERAGE = "Bình quân"

# --- the lists ------------------------------------------------------------------------------------------
WEB_LISTS_TITLE = "Đề nghị khen thưởng và điển hình"
WEB_NOMINEES_HEAD = ("STT", "Họ tên / tập thể", "Chức vụ", "Đơn vị", "Vấn đề theo quy định", "Hội đồng")
WEB_ROLE_MODELS_HEAD = ("STT", "Điển hình", "Nơi", "Mô hình, việc làm", "Thu nhập")
WEB_LEVEL_UP = "Đề nghị {level}"
WEB_NONE = "Chưa có."

# --- files ----------------------------------------------------------------------------------------------
WEB_FILES_TITLE = "Tệp tải về"
WEB_FILES_NOTE = "Mỗi tệp được tạo lúc bấm, với số liệu mới nhất; liên kết tải mở được trong {hours} giờ."
WEB_FILES = {"word": "Dự thảo báo cáo tổng kết (Word)", "proposals": "Danh sách đề nghị khen thưởng (Word)",
             "workbook": "Bảng tổng hợp số liệu (Excel)", "decision": "Dự thảo quyết định khen thưởng (Word)",
             "submission": "Dự thảo tờ trình lên cấp trên (Word)", "council": "Kết quả bình xét (Excel)"}
WEB_FILE_NONE = "Chưa có tệp này (chưa có số liệu cho nó)."
