"""Facts from the inner layer (storage/facts.py), worded here: `say(fact)` fills FACT_TEXTS[family][kind];
a refused answer, a broken commendation rule, a value type's hint, a database the bot will not upgrade."""

from __future__ import annotations

from decimal import Decimal

from storage.numbers import NumberKind, format_number

from bot.texts.common import LEVEL_NAMES, SUBJECT_NAMES, by_channel

HOW_INTEGER = "Nhập một số nguyên{range}, ví dụ: {example}."
HOW_DECIMAL = "Nhập một số{range}, ví dụ: {example}."
HOW_PERCENT = "Nhập tỷ lệ phần trăm{range}, ví dụ: {example}."
HOW_TEXT = "Nhập nội dung (tối đa {limit} ký tự)."
HOW_CHOICE = by_channel("Bấm một lựa chọn dưới đây.", "Gõ số của một lựa chọn dưới đây.")
RANGE_BETWEEN = " từ {min} đến {max}"
RANGE_FROM = " từ {min} trở lên"
RANGE_TO = " không quá {max}"
ERR_EMPTY = "Bạn chưa nhập gì."
ERR_NOT_NUMBER = "«{text}» không phải là một số."
ERR_NOT_INTEGER = "Chỉ tiêu này cần một số nguyên (không có phần lẻ)."
ERR_NEGATIVE = "Số này không được âm."
ERR_TOO_SMALL = "Số này phải từ {min} trở lên."
ERR_TOO_LARGE = "Số này không được lớn hơn {max}."
ERR_PLAN_ZERO = "Kế hoạch phải lớn hơn 0."
ERR_TOO_LONG = "Nội dung dài {length} ký tự, quá giới hạn {limit} ký tự. Bạn rút gọn giúp nhé."
ERR_CHOICE = by_channel("Bạn bấm một trong các nút nhé.", "Bạn gõ số của một lựa chọn nhé.")
ERR_EXAMPLE = "Ví dụ đúng: {example}."
ERR_NAME_SHORT = "Tên quá ngắn. Bạn nhập đầy đủ họ và tên nhé."

# Rule checks: each names the rule's source (căn cứ) from the catalogue.
RULE_SOURCE = "   Căn cứ: {source}"
RULE_AUTHORITY_SUBJECT = "Hồ sơ số {n} «{name}»: {form} không dành cho {subject}."
RULE_AUTHORITY_LEVEL = ("Hồ sơ số {n} «{name}»: {form} do {level} quyết định, vượt mức đơn vị được đề nghị "
                        "(đến {up_to}). Bạn chọn hình thức khác.")
RULE_AUTHORITY_GONE = "Hồ sơ số {n} «{name}»: hình thức «{form}» không còn trong danh mục. Bạn chọn hình thức khác."
RULE_PREREQUISITE = ("Hồ sơ số {n} «{name}» đề nghị {form}, nhưng chưa có hồ sơ đề nghị {prereq} của người này "
                     "trong kỳ, cũng chưa ghi quyết định công nhận {prereq}. Thêm «{name}» vào danh sách {prereq}, "
                     "hoặc sửa hồ sơ để ghi số quyết định.")
RULE_INITIATIVE = "Hồ sơ số {n} «{name}» đề nghị {form} phải có sáng kiến được công nhận: còn thiếu {missing}."
RULE_INITIATIVE_NAME = "tên sáng kiến"
RULE_INITIATIVE_REF = "số quyết định công nhận sáng kiến"
RULE_RATIO = ("Số {form} ({count}) vượt quá {percent}% số {base} ({base_count}): tối đa {allowed}. "
              "Cần bớt {fewer} {form}, hoặc có thêm {more} {base}.")
RULE_AT_MOST = ("Số {form} ({count}) nhiều hơn số {base} ({base_count}). "
                "Cần bớt {diff} {form}, hoặc thêm {diff} {base}.")
RULE_UNIQUE = ("«{name}» có {count} hồ sơ đề nghị {form} trong kỳ này (số {numbers}). "
               "Mỗi người, tập thể chỉ đề nghị một lần cho một hình thức: xoá bớt hồ sơ trùng.")
DB_UNVERSIONED = ("Cơ sở dữ liệu được tạo bởi phiên bản cũ (chưa có mã phiên bản lược đồ) và khác lược đồ "
                  "của phiên bản này, nên bot không tự sửa. Hãy sao lưu cơ sở dữ liệu, rồi chạy: "
                  "python main.py db upgrade")
DB_STILL_DIFFERENT = ("Sau khi nâng cấp, cơ sở dữ liệu vẫn khác lược đồ của phiên bản này, nên không thay đổi gì "
                      "(đã hoàn tác). Khác biệt: {differences}")
DB_NEWER = ("Cơ sở dữ liệu ở phiên bản lược đồ {revision}, mới hơn phiên bản bot này. "
            "Hãy chạy phiên bản bot mới nhất.")
DB_MANUAL_REVISION = ("Có thay đổi lược đồ cần quản trị viên áp dụng ({revisions}). Hãy sao lưu cơ sở dữ liệu, "
                      "rồi chạy: python main.py db upgrade")

# Each fact names its kind; FACT_TEXTS[family][kind] is its sentence, filled with its
# parameters (a few are turned into words first: _FACT_WORDS). A value type's problem
# with an `example` ends with ERR_EXAMPLE.
FACT_TEXTS = {
    "problem": {
        # an answer refused (storage/values)
        "empty": ERR_EMPTY,
        "not_a_number": ERR_NOT_NUMBER,
        "not_integer": ERR_NOT_INTEGER,
        "negative": ERR_NEGATIVE,
        "too_small": ERR_TOO_SMALL,
        "too_large": ERR_TOO_LARGE,
        "plan_zero": ERR_PLAN_ZERO,
        "too_long": ERR_TOO_LONG,
        "not_a_choice": ERR_CHOICE,
        # a commendation rule broken (storage/award_rules.py)
        "authority_gone": RULE_AUTHORITY_GONE,
        "authority_subject": RULE_AUTHORITY_SUBJECT,
        "authority_level": RULE_AUTHORITY_LEVEL,
        "prerequisite": RULE_PREREQUISITE,
        "initiative": RULE_INITIATIVE,
        "ratio": RULE_RATIO,
        "at_most": RULE_AT_MOST,
        "unique": RULE_UNIQUE,
        # a database the bot does not upgrade by itself (storage/db.py)
        "db_unversioned": DB_UNVERSIONED,
        "db_still_different": DB_STILL_DIFFERENT,
        "db_newer": DB_NEWER,
        "db_manual_revision": DB_MANUAL_REVISION,
        # a name too short, a list file that cannot be read (storage/list_import.py)
        "too_short": ERR_NAME_SHORT,
        # a nominee's year of birth and citizen's number (storage/list_schema.py)
        "birth_year_not_year": "«{value}» không phải là năm sinh. Bạn gõ 4 chữ số, ví dụ: 1985.",
        "birth_year_range": "Năm sinh {value} chưa hợp lý: từ {earliest} đến {latest}. Bạn xem lại giúp nhé.",
        "cccd_digits": "Số CCCD phải có đủ {digits} chữ số. Bạn xem lại thẻ giúp nhé.",
        "file_not_received": "Mình chưa tải được tệp của bạn. Bạn gửi lại giúp nhé.",
        "file_too_big": "Tệp lớn quá (tối đa {limit_mb} MB). Bạn bớt dòng hoặc xoá ảnh trong tệp rồi gửi lại.",
        "file_empty": "Tệp không có dòng nào để nhập (dòng «Ví dụ» không tính).",
        "file_old_excel": ("Đây là tệp Excel kiểu cũ (.xls). Bạn mở tệp, chọn Lưu thành (Save As) → "
                           "Excel Workbook (.xlsx), rồi gửi lại."),
        "file_not_workbook": "Tệp này không phải bảng tính Excel (.xlsx). Bạn gửi tệp mẫu đã điền nhé.",
        "file_macros": ("Tệp có macro (.xlsm) nên mình không mở. Bạn lưu lại thành Excel Workbook (.xlsx) "
                        "rồi gửi lại."),
        "file_formula": ("Ô {cell} có công thức. Bạn thay công thức bằng giá trị (Sao chép → Dán giá trị) "
                         "rồi gửi lại."),
        "file_other_template": ("Tệp này không theo mẫu của bot (không thấy dòng tiêu đề của mẫu). Bạn tải mẫu, "
                                "chép dữ liệu vào mẫu rồi gửi lại."),
        "file_too_many_rows": "Tệp có hơn {limit} dòng, nhiều quá cho một danh sách. Bạn kiểm tra lại tệp nhé.",
        "file_unreadable": ("Mình không đọc được tệp này (có thể tệp bị hỏng). Bạn mở bằng Excel, lưu thành "
                            ".xlsx rồi gửi lại."),
        "file_too_complex": ("Tệp quá phức tạp để đọc (quá nhiều dòng, cột hoặc chữ trong một ô). Bạn tải mẫu "
                             "(/excel), chép dữ liệu vào mẫu rồi gửi lại."),
    },
    # How to answer a question, by value type (storage/values: ValueType.ask).
    "hint": {
        "integer": HOW_INTEGER,
        "decimal": HOW_DECIMAL,
        "percent": HOW_PERCENT,
        "text": HOW_TEXT,
        "choice": HOW_CHOICE,
    },
}
INITIATIVE_MISSING = {"name": RULE_INITIATIVE_NAME, "ref": RULE_INITIATIVE_REF}


def _range_words(bounds) -> str:
    """(low, high), each shown or None: ' từ 0 đến 19', ' không quá 19', ' từ 5 trở lên', ''."""
    low, high = bounds
    if low is not None and high is not None:
        return RANGE_BETWEEN.format(min=low, max=high)
    if high is not None:
        return RANGE_TO.format(max=high)
    if low is not None:
        return RANGE_FROM.format(min=low)
    return ""


_FACT_WORDS = {
    "subject": lambda code: SUBJECT_NAMES[code],
    "level": lambda code: LEVEL_NAMES[code],
    "up_to": lambda code: LEVEL_NAMES[code],
    "missing": lambda codes: " và ".join(INITIATIVE_MISSING[c] for c in codes),
    "range": _range_words,
}


def _fact_word(key: str, value):
    if key in _FACT_WORDS:
        return _FACT_WORDS[key](value)
    if isinstance(value, Decimal):
        return format_number(value, NumberKind.DECIMAL)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


def say(fact) -> str:
    """The sentence for a fact the inner layer stated (a Problem, a Hint)."""
    params = {key: _fact_word(key, value) for key, value in fact.params.items()}
    text = FACT_TEXTS[fact.family][fact.kind].format(**params)
    if fact.family == "problem" and "example" in params:
        text += " " + ERR_EXAMPLE.format(example=params["example"])
    return text


def violation_text(violation) -> str:
    """A broken commendation rule (storage/award_rules.Violation): what is wrong, then its legal source."""
    return f"{say(violation.problem)}\n{RULE_SOURCE.format(source=violation.source)}"
