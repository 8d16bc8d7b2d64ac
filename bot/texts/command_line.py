"""`python main.py …`: invitations, the catalogue check, the database, jobs, the demo district."""

from __future__ import annotations

CLI_INVITE = "Mã mời cho {role} của {unit}, dùng một lần, hết hạn sau {days} ngày:"
CLI_UNIT_NOT_FOUND = "Không tìm thấy đơn vị '{query}'."
CLI_CLERK_NEEDS_REPORTING_UNIT = "Cán bộ xã phải thuộc một đơn vị báo cáo (xã, phường, thị trấn); {unit} thì không."
CLI_OFFICIAL_NEEDS_PARENT_UNIT = "Cán bộ theo dõi và quản trị viên thuộc đơn vị cấp trên (huyện, tỉnh); {unit} là đơn vị báo cáo."
CLI_UNIT_AMBIGUOUS = "'{query}' khớp nhiều đơn vị: {names}. Hãy dùng mã đơn vị."
CLI_CATALOG_OK = ("{path}: hợp lệ — {units} đơn vị ({reporting} báo cáo), {sections} phần, "
                  "{indicators} chỉ tiêu, {rounds} kỳ báo cáo.")
JOBS_NEED_A_CHANNEL = "Cần TELEGRAM_BOT_TOKEN hoặc ZALO_BOT_TOKEN để gửi tin nhắn."
CLI_CATALOG_BAD = "Danh mục không hợp lệ — {error}"
DB_UPGRADED = "Cơ sở dữ liệu: {outcome}."
DB_CURRENT = "Phiên bản lược đồ hiện tại: {current} (mới nhất: {head})."
DB_NOT_VERSIONED = "chưa có"
DB_REVISION_WRITTEN = "Đã tạo bản sửa đổi lược đồ: {path}"
DB_REVISION_EMPTY = "Các bảng đã khớp với lược đồ mới nhất: không có gì để tạo."
JOBS_NONE = "Không có tin nhắn nào đến hạn lúc {at}."
JOBS_DONE = "Đã gửi {sent} tin nhắn lúc {at}."
ROUND_UNKNOWN = "Không có kỳ báo cáo mã «{code}»."
JOBS_ALREADY_SENT = "Đã gửi từ trước: {n} tin nhắn đến hạn lúc {at} (không gửi lại)."
CLI_TIME_ZONE = "Múi giờ của hạn nộp và giờ nhắc: {zone}"
DEMO_LOADED = ("Dữ liệu mẫu {place}: {submitted}/{total} đơn vị đã nộp báo cáo kỳ «{round}» "
               "({approved} đã duyệt, {returned} bị trả lại).")
DEMO_RELOADED = "Hạn nộp của bản demo đã qua nên dữ liệu mẫu được nạp lại từ đầu."
DEMO_DATES_MOVED = ("📅 Bản demo dời ngày của kỳ này: mở {opens}, hạn nộp {deadline} "
                    "(thật: {real_opens} – {real_deadline}), để hạn nộp còn ở phía trước.")
DEMO_NOT_FITTING = ("Danh mục này chưa có dữ liệu mẫu (storage/demo_data/ có cho huyện Tuần Giáo 2020 và tỉnh "
                    "Điện Biên 2026): bản demo mở không có dữ liệu mẫu.")
DEMO_REAL_DATABASE = ("Cơ sở dữ liệu {url} đã có người dùng thật (Telegram/Zalo): không nạp dữ liệu mẫu vào đây. "
                      "Bản demo dùng DEMO_DATABASE_URL, khác DATABASE_URL.")
DEMO_SAME_DATABASE = ("DEMO_DATABASE_URL trùng DATABASE_URL: dữ liệu mẫu không bao giờ được nạp vào cơ sở dữ liệu "
                      "của bot thật. Hãy đặt DEMO_DATABASE_URL khác.")
DEMO_DATA_BAD = "Dữ liệu mẫu không hợp lệ — {unit}, {field}: {problem}"
DEMO_RESET_DONE = "Đã nạp lại dữ liệu mẫu vào {url}."
CONSOLE_FILES_FOLDER = "Tệp Word, Excel, biểu đồ được ghi vào thư mục {folder}."
CLI_CATALOG_WARNING = "Cảnh báo — {path}: {warning}"
CLI_COUNCIL_NO_ISSUER = "Không xác định được đơn vị ra văn bản: hãy chỉ rõ --unit."

# `python main.py link-code`
CLI_USER_NOT_FOUND = "Không tìm thấy người dùng '{query}'."
CLI_USER_AMBIGUOUS = "'{query}' khớp {n} người dùng (mã: {ids}). Hãy dùng mã người dùng."
CLI_LINK_CODE = "Mã liên kết cho {name}, dùng một lần; nhắn cho bot ở kênh mới: LIENKET {code}"
CLI_UNIT_UNCLEAR = "Không xác định được đơn vị '{query}': hãy dùng mã đơn vị."

# `python main.py --help`: the commands and their options
CLI_DESCRIPTION = "Bot báo cáo thi đua, khen thưởng"
CLI_HELP = {
    "run": "chạy bot (không có token: trò chuyện thử trong terminal)",
    "run --webhook": "nhận tin qua webhook trên máy chủ HTTP của bot (Telegram và Zalo), không long polling",
    "invite": "tạo mã mời dùng một lần",
    "invite --unit": "mã hoặc tên đơn vị, có hoặc không dấu",
    "invite --days": "số ngày trước khi mã hết hạn",
    "link-code": "mã liên kết kênh thứ hai (Zalo/Telegram) cho một người dùng",
    "link-code --user": "tên (có hoặc không dấu) hoặc mã người dùng",
    "link-code --minutes": "số phút trước khi mã hết hạn",
    "catalog": "kiểm tra tệp danh mục",
    "summary": "ghi bản tổng hợp (.docx, .xlsx), danh sách đề nghị khen thưởng (.docx) và biểu đồ tiến độ (.png)",
    "summary --round": "mã kỳ báo cáo, ví dụ tongket-2020",
    "summary --out": "thư mục ghi tệp",
    "summary --unit": "chỉ các đơn vị thuộc đơn vị này (mã hoặc tên); mặc định: tất cả",
    "council": "ghi dự thảo quyết định khen thưởng, tờ trình và danh sách bình xét",
    "council --round": "mã kỳ báo cáo, ví dụ tongket-2020",
    "council --out": "thư mục ghi tệp",
    "council --unit": "đơn vị ra văn bản (mã hoặc tên); mặc định: đơn vị quản lý mọi đơn vị báo cáo",
    "jobs": "gửi một lần mọi tin nhắc hạn, quá hạn, tổng hợp đến hạn lúc --now",
    "jobs --now": 'thời điểm "YYYY-MM-DD HH:MM" theo múi giờ của danh mục (mặc định: bây giờ)',
    "round": "xem, mở, đóng kỳ báo cáo, đổi hạn nộp",
    "round code": "mã kỳ báo cáo, ví dụ tongket-2020",
    "round date": "hạn nộp mới, ví dụ 27/12/2020",
    "round --now": 'thời điểm "YYYY-MM-DD HH:MM" để so hạn nộp (mặc định: bây giờ)',
    "demo": "bản demo: nạp lại dữ liệu mẫu vào cơ sở dữ liệu riêng của bản demo",
    "demo --database": "URL cơ sở dữ liệu của bản demo (mặc định DEMO_DATABASE_URL)",
    "db": "lược đồ cơ sở dữ liệu: nâng cấp, xem phiên bản, tạo bản sửa đổi",
    "db --message": 'revision: mô tả thay đổi, ví dụ "add review tables"',
    "web": "chỉ chạy trang số liệu cho cán bộ (không kênh trò chuyện), trên HTTP_LISTEN:HTTP_PORT",
    "web-link": "in liên kết có ký tới trang số liệu của một đơn vị",
    "web-link --unit": "mã hoặc tên đơn vị, có hoặc không dấu",
    "web-link --hours": "số giờ liên kết mở được (mặc định WEB_LINK_HOURS)",
}
