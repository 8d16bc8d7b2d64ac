"""Records of titles and awards (hồ sơ thành tích, /hoso), near matches to confirm, streak conditions."""

from __future__ import annotations

from bot.texts.common import by_channel
from bot.texts.lists import list_cell_text

BTN_RECORDS = "🗂 Hồ sơ thành tích"
RECORDS_ASK = ("🗂 Hồ sơ thành tích: bạn gõ /hoso và tên người hoặc tập thể, ví dụ «/hoso Lò Văn Sương». "
               "Hồ sơ các năm trước: tải mẫu, điền rồi gửi lại tệp vào đây.")
RECORDS_NONE = "Chưa có hồ sơ thành tích nào khớp «{query}». Bạn thử gõ tên khác (có dấu hay không dấu đều được)."
RECORDS_PICK = "Có {count} hồ sơ khớp «{query}». " + by_channel("Bạn bấm một hồ sơ:", "Bạn gõ số của hồ sơ:")
RECORDS_MORE = "Còn nữa: bạn gõ tên đầy đủ hơn."
RECORDS_GONE = "Hồ sơ này không còn (có thể đã được gộp). Bạn tìm lại bằng /hoso và tên."
RECORDS_CANDIDATE = "{name}{born} · {unit}"
RECORDS_HEAD = "🗂 Hồ sơ thành tích — {name}{born}\nĐơn vị: {unit}"
RECORDS_BORN = " (sinh {year})"
RECORDS_EMPTY = "Chưa có danh hiệu, hình thức khen thưởng nào được ghi."
RECORDS_YEAR = "▪️ {year}: {items}"
RECORDS_ITEM_PROPOSED = "{form} (đã đề nghị cấp trên)"
RECORDS_ITEM_REF = "{form} — QĐ {ref}"
RATING_NAMES = {"HTXS": "HTXS"}

MATCH_LINE = "⚠️ Có thể là cùng một người với: {name}{born} · {unit} ({why})."
MATCH_WHY = {"accents": "tên khác dấu", "birth_year": "năm sinh lệch một năm", "unit": "cùng tên, năm sinh, khác đơn vị",
             "twice": "trùng tên, năm sinh và đơn vị"}
MATCH_ASK = by_channel("Bạn bấm để xác nhận:", "Bạn gõ số để xác nhận:")
BTN_SAME_PERSON = "✅ Cùng một người"
BTN_OTHER_PERSON = "❌ Hai người khác nhau"
MATCH_JOINED = "✅ Đã gộp: hồ sơ của {name} nay là một."
MATCH_APART = "✅ Đã ghi: đây là hai người khác nhau, hồ sơ giữ riêng."
MATCH_SETTLED = "ℹ️ Việc này đã được xác nhận trước đó."
MATCH_NOT_FOUND = "Không tìm thấy việc cần xác nhận này."

STREAK_MET = "✔️ {form}: có {needs} {count} năm liên tục ({first}–{last})."
STREAK_MISSING = "⚠️ {form}: chưa có {needs} năm {years} (cần {count} năm liên tục trước năm {year})."
STREAK_NO_DATA = "❔ {form} cần {needs} {count} năm liên tục: chưa có dữ liệu để kiểm tra."
STREAK_UNSURE = "❔ {form}: hồ sơ có thể trùng với người khác, chờ xác nhận (/hoso {name}); chưa kiểm tra được."
STREAK_OR = " hoặc "
NOMINEE_RECORD = "📜 Hồ sơ: {items}"
NOMINEE_RECORD_MORE = " …"

# --- earlier years from a file (storage/record_import.py) ---
BTN_RECORD_TEMPLATE = "📄 Mẫu nhập hồ sơ các năm trước"
RECORD_SHEET = "Hồ sơ thành tích"
RECORD_NOTES_SHEET = "Hướng dẫn"
RECORD_FILENAME = "mau-ho-so-thanh-tich.xlsx"
RECORD_HEADERS = {"year": "Năm", "name": "Họ và tên", "birth_year": "Năm sinh", "cccd": "Số CCCD",
                  "unit": "Đơn vị", "position": "Chức vụ", "form": "Danh hiệu/Hình thức",
                  "decision_ref": "Số quyết định", "decided_on": "Ngày", "issuer": "Cơ quan ban hành"}
RECORD_NOTES = (
    "Mỗi dòng một danh hiệu hoặc hình thức khen thưởng của một người, một tập thể trong một năm.",
    "Bắt buộc: Năm (trước năm của kỳ hiện tại), Họ và tên, Đơn vị, Danh hiệu/Hình thức.",
    "Đơn vị: tên xã, phường như danh mục; đơn vị cũ trước sắp xếp năm 2025 cũng được (ví dụ xã Quài Nưa).",
    "Danh hiệu/Hình thức: như danh mục (LĐTT, CSTĐCS, Bằng khen…) hoặc «Hoàn thành xuất sắc nhiệm vụ».",
    "Cá nhân: ghi Năm sinh (hoặc Số CCCD) để nhận đúng người qua các năm. Tập thể: để trống.",
    "Ví dụ (không nhập dòng này):",
)
RECORD_EXAMPLE = ("2019", "Lò Văn Sương", "1978", "", "xã Quài Nưa", "Công chức Văn phòng - Thống kê",
                  "Lao động tiên tiến", "1234/QĐ-UBND", "15/12/2019", "UBND huyện Tuần Giáo")
RECORD_TEMPLATE_SENT = ("📄 Mẫu nhập hồ sơ thành tích các năm trước. Điền trên máy tính, mỗi danh hiệu một dòng, "
                        "rồi gửi lại tệp vào đây (📎 → Tệp).")
RECORD_IMPORT_HEAD = "📥 Tệp «{filename}» — hồ sơ thành tích: {read} dòng."
RECORD_IMPORT_SAVED = "✅ Đã lưu {saved} danh hiệu ({people} người, tập thể mới)."
RECORD_IMPORT_ALREADY = "Đã có sẵn trong hồ sơ: {count} dòng (giữ nguyên)."
RECORD_IMPORT_CONFIRM = "⚠️ {count} người có thể trùng với người đã có: xem và xác nhận bằng /hoso và tên."
RECORD_IMPORT_REFUSED = "❌ {count} dòng có lỗi, nên chưa lưu dòng nào. Sửa trong tệp rồi gửi lại cả tệp:"
RECORD_IMPORT_LINE = "• Dòng {row}, cột {letter} ({column}): {problem}"
RECORD_IMPORT_MORE = "… và {count} lỗi nữa."
RECORD_FILE_ROLE = "Chỉ cán bộ huyện, tỉnh gửi tệp hồ sơ thành tích. Mình không đọc tệp này."
RECORD_CELL_TEXTS = {
    "record_year": "«{value}» không phải là năm (4 chữ số)",
    "record_year_late": "năm {year} không trước năm {before} của kỳ hiện tại",
    "record_birth_year": "«{value}» không phải là năm sinh",
    "record_cccd": "số CCCD phải có 12 chữ số",
    "record_unit": "«{value}» không có trong danh mục đơn vị (kể cả đơn vị cũ)",
    "record_unit_outside": "«{value}» không thuộc các đơn vị anh/chị phụ trách",
    "record_date": "«{value}» không phải là ngày (dd/mm/yyyy)",
    "record_twice": "tên này khớp {count} người trong hồ sơ: cần xác nhận trong /hoso trước",
}


def record_cell_text(problem) -> str:
    """A row's problem in a history file, short (the lists' words for what they share)."""
    template = RECORD_CELL_TEXTS.get(problem.kind)
    if template is None:
        return list_cell_text(problem)
    return template.format(**problem.params)
