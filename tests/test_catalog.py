"""The catalogue file: loaded, checked, and synced into the tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from bot.settings import DEMO_CATALOG
from main import prepare
from storage.catalog import CatalogError, load_catalog
from storage.db import transaction
from storage.models import AwardRule, CatalogMeta, Indicator, Unit
from tests.harness import ROOT, make_settings

PROVINCE_CATALOG = ROOT / "storage" / "catalogs" / "dien_bien_2025.toml"


def test_demo_catalogue_is_tuan_giao_2020():
    catalog = load_catalog(DEMO_CATALOG)
    names = {u.name for u in catalog.units if u.code in catalog.reporting_units}
    assert len(catalog.reporting_units) == 19
    assert {"Tuần Giáo", "Quài Nưa", "Pú Xi", "Ta Ma", "Mường Khong"} <= names
    assert [r.code for r in catalog.rounds if r.status == "open"] == ["tongket-2020"]
    campaigns = [s.name for s in catalog.sections if s.kind == "campaign"]
    assert "Cả nước chung sức xây dựng nông thôn mới" in campaigns
    ntm = next(i for i in catalog.indicators if i.code == "ntm_tieu_chi")
    assert (ntm.min, ntm.max, ntm.aggregate) == (0, 19, "buckets")


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEMO_CATALOG.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "sai.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,entry,problem", [
    ('parent = "tuan-giao"', 'parent = "khong-co"', "[[units]] 'tt-tuan-giao'", "không tồn tại"),
    ('code = "quai-cang"', 'code = "quai-nua"', "[[units]] 'quai-nua'", "bị trùng"),
    ("min = 0\nmax = 19", "min = 20\nmax = 19", "[[indicators]] 'ntm_tieu_chi'", "min (20) lớn hơn max (19)"),
    ('type = "integer"', 'type = "so_nguyen"', "[[indicators]]", "kiểu giá trị 'so_nguyen' không hợp lệ"),
    # Nomination parameters and award rules.
    ('nominate_up_to = "tỉnh"', 'nominate_up_to = "xã"', "[catalog]", "không được thấp hơn authority_level"),
    ('nominate_up_to = "tỉnh"', 'nominate_up_to = "thôn"', "[catalog]", "nominate_up_to 'thôn' không hợp lệ"),
    ("achievement_max_length = 500", "achievement_max_length = 10", "[catalog]", "phải từ 50 đến 4000"),
    ('kind = "ratio"\nform = "CSTDCS"', 'kind = "ratio"\nform = "CSTDCS_X"', "[[award_rules]] số 4 'ratio'",
     "form 'CSTDCS_X' không có trong [[award_forms]]"),
    ('kind = "at_most"\nform = "TTLDXS"\nbase = "TTLDTT"\n', 'kind = "at_most"\nform = "TTLDXS"\n',
     "[[award_rules]] số 5 'at_most'", "cần 'form' và 'base'"),
    ('kind = "unique"', 'kind = "unique"\nform = "LDTT"', "[[award_rules]] số 6 'unique'", "không nhận 'form'/'base'"),
    # The ratio's percentage is its rule's own: needed there, in (0, 100], nowhere else; the old key says where it went.
    ('percent = 15 ', '# percent = 15 ', "[[award_rules]] số 4 'ratio'", "quy tắc tỷ lệ cần 'percent'"),
    ('percent = 15 ', 'percent = 0.15 ', "[[award_rules]] số 4 'ratio'", "15 là 15%, không viết 0.15"),
    ('percent = 15 ', 'percent = 150 ', "[[award_rules]] số 4 'ratio'", "từ 1 đến 100"),
    ('kind = "unique"', 'kind = "unique"\npercent = 15', "[[award_rules]] số 6 'unique'", "chỉ quy tắc tỷ lệ"),
    ('year = 2020\n', 'year = 2020\ncstdcs_ratio = 0.15\n', "[catalog]", "cstdcs_ratio đã chuyển sang quy tắc tỷ lệ"),
    ('kind = "unique"', 'kind = "moi_nguoi_mot_lan"', "[[award_rules]] số 6 'moi_nguoi_mot_lan'",
     "loại quy tắc không hợp lệ"),
    ('kind = "authority"\nsource = "', 'kind = "authority"\nnguon = "', "[[award_rules]] số 1 'authority'",
     "thiếu khoá 'source'"),
    ("# reminder_days = [7, 3, 1]", "reminder_days = [7, -3]", "[[rounds]] 'tongket-2020'", "reminder_days"),
    ("# summary_on = 2020-12-21", "summary_on = 2020-12-01", "[[rounds]] 'tongket-2020'", "summary_on"),
    ('time_zone = "Asia/Ho_Chi_Minh"', 'time_zone = "Asia/Ha_Noi"', "[catalog]", "time_zone 'Asia/Ha_Noi'"),
    # The report's outline: numbering that steps down one level at a time, words it knows in braces,
    # a figure in one place only.
    ('title = "Thuận lợi"', 'title = "Thuận lợi {nam}"', "[[outline]] 'Thuận lợi {nam}'",
     "{nam} không được biết đến"),
    ('depth = 2\ntitle = "Thuận lợi"', 'depth = 4\ntitle = "Thuận lợi"', "[[outline]] 'Thuận lợi'",
     "sâu hơn mục trước quá một cấp"),
    ('indicators = ["ktxh_ghi_chu_qpan"]', 'indicators = ["ktxh_ghi_chu_qpan", "ktxh_luong_thuc"]',
     "[[outline]] 'Phong trào thi đua trên lĩnh vực quốc phòng - an ninh'", "'ktxh_luong_thuc' đã có chỗ ở"),
    ('indicators = ["tc_kiem_tra", "tc_khieu_nai"]', 'indicators = ["tc_kiem_tra", "tc_khieu_nai", "kt_ldtt_cn"]',
     "[[outline]] 'Công tác kiểm tra'", "là số khen thưởng"),
    ('content = ["role_models"]', 'content = ["dien_hinh"]', "[[outline]]", "content 'dien_hinh' không hợp lệ"),
    ('campaigns = "province"', 'campaigns = "tinh"', "[[outline]]", "không phải cấp phát động"),
    ('subject = "{round} và', 'subject = "{ky} và', "[document]", "{ky} không được biết đến"),
    # Each key of its own type, down to the items of a list; a table the loader does not know is named.
    ('choices = [', 'choices = [1, ', "[[indicators]] 'ntm_cong_nhan'", "'choices' phải là danh sách chữ"),
    ('{ label = "≥15 tiêu chí", min = 15', '{ label = "≥15 tiêu chí", min = "15"', "[[indicators]] 'ntm_tieu_chi'",
     "mỗi bucket cần 'label'"),
    ('[catalog]', '[catalogue]', "catalogue", "bảng không được biết đến"),
])
def test_a_broken_catalogue_is_refused_naming_file_entry_and_problem(tmp_path, old, new, entry, problem):
    path = broken(tmp_path, old, new)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    message = str(info.value)
    assert str(path) in message and entry in message and problem in message


def test_a_catalogue_without_an_outline_lays_the_report_out_by_its_parts(tmp_path):
    text = DEMO_CATALOG.read_text(encoding="utf-8")
    path = tmp_path / "khong_bo_cuc.toml"
    path.write_text(text[:text.index("[document]")], encoding="utf-8")  # no [document], no [[outline]]
    catalog = load_catalog(path)
    assert [(item.depth, item.title) for item in catalog.outline][:5] == [
        (0, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}"), (1, "KẾT QUẢ THỰC HIỆN"),
        (2, "Kết quả tổ chức phong trào thi đua"), (2, "Công tác khen thưởng"),
        (2, "Công tác tuyên truyền, nhân rộng điển hình tiên tiến")]
    assert catalog.outline[2].sections[:2] == ["ntm", "giam_ngheo"]
    # The letterhead from the unit that decides: the district.
    assert catalog.document.issuer == "Ủy ban nhân dân huyện Tuần Giáo"
    assert catalog.document.issuer_lines == ["ỦY BAN NHÂN DÂN", "HUYỆN TUẦN GIÁO"]


def test_an_indicator_the_outline_leaves_out_gets_a_heading_of_its_own_after_the_last_figures(tmp_path):
    path = broken(tmp_path, 'indicators = ["tc_kiem_tra", "tc_khieu_nai"]', 'indicators = ["tc_kiem_tra"]')
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\n[[sections]]\ncode = "moi"\nname = "Phần mới"\n\n[[indicators]]\ncode = "moi_1"\n'
                    'section = "moi"\nname = "Chỉ tiêu mới"\ntype = "integer"\n', encoding="utf-8")
    outline = load_catalog(path).outline
    titles = [item.title for item in outline]
    # After "IV. ĐỀ XUẤT, KIẾN NGHỊ", the last heading with figures, at its depth: V. and VI.
    at = titles.index("ĐỀ XUẤT, KIẾN NGHỊ")
    assert [(i.depth, i.title, i.sections, i.indicators) for i in outline[at + 1:at + 3]] == [
        (1, "Tổ chức bộ máy, tập huấn, kiểm tra", [], ["tc_khieu_nai"]), (1, "Phần mới", ["moi"], [])]
    assert outline[at + 3].depth == 0  # then Phần II as before


def test_syncing_twice_changes_nothing_and_edits_update(tmp_path, database_url):
    settings = make_settings(database_url)
    dispatcher = prepare(settings)
    with transaction(dispatcher.engine) as session:
        before = {u.code: (u.id, u.name, u.parent_id) for u in session.exec(select(Unit)).all()}
        indicators = len(session.exec(select(Indicator)).all())
    prepare(settings)
    with transaction(dispatcher.engine) as session:
        assert {u.code: (u.id, u.name, u.parent_id) for u in session.exec(select(Unit)).all()} == before
        assert len(session.exec(select(Indicator)).all()) == indicators

    edited = broken(tmp_path, 'name = "Quài Nưa"', 'name = "Quài Nưa Mới"')
    prepare(make_settings(database_url, CATALOG=str(edited)))
    with transaction(dispatcher.engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == "quai-nua")).one()
        assert unit.name == "Quài Nưa Mới" and unit.id == before["quai-nua"][0]


def test_award_rules_and_nomination_settings_are_synced(tmp_path, database_url):
    dispatcher = prepare(make_settings(database_url))
    with transaction(dispatcher.engine) as session:
        meta = session.exec(select(CatalogMeta)).one()
        assert (meta.nominate_up_to, meta.achievement_max_length) == ("tỉnh", 500)
        rules = session.exec(select(AwardRule).order_by(AwardRule.position)).all()
        assert [r.kind for r in rules] == ["authority", "prerequisite", "initiative", "ratio", "at_most", "unique"]
        assert (rules[3].form, rules[3].base, rules[3].percent, rules[3].source) == (
            "CSTDCS", "LDTT", 15, "NĐ 91/2017/NĐ-CP Điều 9 khoản 3")
        assert [r.percent for r in rules if r.kind != "ratio"] == [None] * 5
    # A province that drops a rule: the row goes too.
    text = DEMO_CATALOG.read_text(encoding="utf-8")
    start = text.index('[[award_rules]]\nkind = "at_most"')
    path = tmp_path / "no_at_most.toml"
    path.write_text(text[:start] + text[text.index("[[award_rules]]", start + 1):], encoding="utf-8")
    dispatcher = prepare(make_settings(database_url, CATALOG=str(path)))
    with transaction(dispatcher.engine) as session:
        kinds = [r.kind for r in session.exec(select(AwardRule).order_by(AwardRule.position)).all()]
        assert kinds == ["authority", "prerequisite", "initiative", "ratio", "unique"]


def test_the_province_catalogue_has_the_same_rules():
    catalog = load_catalog(PROVINCE_CATALOG)
    assert catalog.meta.nominate_up_to == "tỉnh"
    assert {r.kind for r in catalog.award_rules} == {"authority", "prerequisite", "initiative", "ratio",
                                                        "at_most", "unique"}


# --- the province of 2026 (issue 28) ---------------------------------------------------------------------

PROVINCE_2026 = ROOT / "storage" / "catalogs" / "dien_bien_2026.toml"


def test_the_2026_catalogue_is_the_province_after_the_2025_arrangement():
    catalog = load_catalog(PROVINCE_2026)
    reporting = [u for u in catalog.units if u.code in catalog.reporting_units]
    assert len(reporting) == 45 and sorted({u.kind for u in reporting}) == ["phường", "xã"]
    assert sum(u.kind == "phường" for u in reporting) == 3
    assert {u.parent for u in reporting} == {"dien-bien"} and catalog.meta.authority_level == "tỉnh"
    # Every commune, ward and town of Tuần Giáo in 2020 went into one unit of 2026: its figures follow.
    district_2020 = load_catalog(DEMO_CATALOG)
    taken = {code: u.code for u in reporting for code in u.formed_from}
    assert set(district_2020.reporting_units) <= set(taken)
    assert {taken[c] for c in ("tt-tuan-giao", "quai-cang", "quai-nua")} == {"xa-tuan-giao"}
    # The same code means the same figure in both years, so history compares.
    before = {i.code: i for i in district_2020.indicators}
    shared = [i for i in catalog.indicators if i.code in before]
    assert len(shared) >= 20
    assert all((i.type, i.unit, i.section) == (before[i.code].type, before[i.code].unit, before[i.code].section)
               for i in shared)
    [round_] = catalog.rounds
    assert (round_.code, round_.status, round_.deadline.isoformat()) == ("tongket-2026", "open", "2026-12-15")
    assert "quản trị viên" in round_.deadline_source and round_.reminder_days == [7, 3, 1]
    # The province's report and its decisions: the Chairman of the provincial People's Committee.
    assert catalog.document.issuer == "Ủy ban nhân dân tỉnh Điện Biên"
    assert [h.title for h in catalog.outline if h.depth == 0] == [
        "KẾT QUẢ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {year}", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {next_year}"]


def test_the_2026_catalogue_dates_every_version_of_a_rule():
    rules = load_catalog(PROVINCE_2026).award_rules
    ratio = [r for r in rules if r.kind == "ratio"]
    assert [(r.valid_from and r.valid_from.isoformat(), r.valid_to and r.valid_to.isoformat(), r.confidence)
            for r in ratio] == [("2017-09-15", "2023-12-31", "V"), ("2024-01-01", None, "M")]
    assert all(r.source.strip() for r in rules)


def broken_2026(tmp_path: Path, old: str, new: str) -> Path:
    text = PROVINCE_2026.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "tinh_sai.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,entry,problem,line_holds", [
    # An old commune taken in by two new ones.
    ('formed_from = ["tt-tuan-giao", "quai-cang", "quai-nua"]',
     'formed_from = ["tt-tuan-giao", "quai-cang", "quai-nua", "quai-to"]',
     "[[units]] 'xa-quai-to'", "'quai-to' đã thuộc đơn vị 'xa-tuan-giao'", 'code = "xa-quai-to"'),
    # A unit formed from one still listed.
    ('formed_from = ["tt-tuan-giao", "quai-cang", "quai-nua"]', 'formed_from = ["tt-tuan-giao", "xa-quai-to"]',
     "[[units]] 'xa-tuan-giao'", "'xa-quai-to' là một đơn vị vẫn còn", 'code = "xa-tuan-giao"'),
    ('formed_from = ["tt-tuan-giao", "quai-cang", "quai-nua"]', 'formed_from = ["quai-nua", "quai-nua"]',
     "[[units]] 'xa-tuan-giao'", "mỗi mã một lần", 'code = "xa-tuan-giao"'),
    # Two versions of a rule in force on the same days.
    ('valid_to = 2023-12-31\nconfidence = "V"\n\n[[award_rules]]\nkind = "ratio"',
     'valid_to = 2024-06-30\nconfidence = "V"\n\n[[award_rules]]\nkind = "ratio"',
     "[[award_rules]] số 8 'ratio'", "trùng thời gian hiệu lực", "[[award_rules]]"),
    ('valid_from = 2024-01-01\nconfidence = "M"', 'valid_from = 2024-01-01\nvalid_to = 2023-01-01\nconfidence = "M"',
     "[[award_rules]] số 8 'ratio'", "valid_from sau valid_to", "[[award_rules]]"),
    ('confidence = "M"', 'confidence = "chac chan"', "[[award_rules]] số 8 'ratio'", "confidence chỉ nhận",
     "[[award_rules]]"),
    # A version of the ratio rule without its percentage.
    ('percent = 15                # văn bản từ 2024', '# percent = 15', "[[award_rules]] số 8 'ratio'",
     "quy tắc tỷ lệ cần 'percent'", "[[award_rules]]"),
])
def test_a_2026_catalogue_that_contradicts_itself_is_refused_at_the_line_at_fault(tmp_path, old, new, entry,
                                                                                   problem, line_holds):
    path = broken_2026(tmp_path, old, new)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert entry in str(info.value) and problem in str(info.value), str(info.value)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = info.value.line
    assert f"{path}:{line}:" in str(info.value)
    # The line of the key at fault (the one the test changed), else the entry's header, then (for a unit) its
    # code just under it; either way inside the entry the message names.
    table = entry.split("]]")[0][2:]
    header = max(n for n in range(line) if lines[n].strip() == f"[[{table}]]")
    if info.value.key:
        assert lines[line - 1].lstrip().startswith(info.value.key) and lines[line - 1].strip() in new
    else:
        assert header == line - 1
    assert line_holds in "\n".join(lines[header:header + 3])
    if entry.startswith("[[award_rules]] số "):
        number = int(entry.split("số ")[1].split()[0])
        assert sum(text.strip() == "[[award_rules]]" for text in lines[:header + 1]) == number


@pytest.mark.parametrize("old,new,entry,problem", [
    ('follows = "tongket-2019"', 'follows = "sokiet-2020"', "[[rounds]] 'tongket-2020'", "thuộc chuỗi 'mid_year'"),
    ('follows = "tongket-2019"', 'follows = "tongket-2018"', "[[rounds]] 'tongket-2020'", "không có trong [[rounds]]"),
    ('compare_words = "so với cuối năm {year}"', 'compare_words = "so với cuối năm"',
     "[[indicators]] 'gn_ty_le_ho_ngheo'", "đúng một {year}"),
    ('compare_words = "so với cuối năm {year}"', 'weighted_by = "gn_so_ho"', "[[indicators]] 'gn_ty_le_ho_ngheo'",
     "weighted_by 'gn_so_ho' không có"),
    ('compare_words = "so với cuối năm {year}"', 'stands_out = -1', "[[indicators]] 'gn_ty_le_ho_ngheo'",
     "stands_out phải lớn hơn 0"),
    ('compare_words = "so với cùng kỳ năm {year}"', 'weighted_by = "ktxh_gia_cam"',
     "[[indicators]] 'ktxh_gia_suc'", "weighted_by chỉ dùng cho tỷ lệ"),
])
def test_how_a_figure_compares_with_last_year_is_refused_at_the_line_of_the_key_at_fault(tmp_path, old, new,
                                                                                         entry, problem):
    path = broken(tmp_path, old, new)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert entry in str(info.value) and problem in str(info.value), str(info.value)
    line = path.read_text(encoding="utf-8").splitlines()[info.value.line - 1]
    assert line.strip().split(" =")[0] in new and line.strip().startswith(info.value.key)


def test_streak_conditions_are_dated_and_the_unverified_ones_named_by_catalog_check(tmp_path):
    catalog = load_catalog(PROVINCE_2026)
    assert [(r.form, r.needs, r.years, r.valid_from and r.valid_from.isoformat(), r.confidence)
            for r in catalog.streak_rules] == [("BK_TTCP", ["HTXS"], 5, "2017-09-15", "V"),
                                               ("BK_TTCP", ["HTXS"], 5, "2024-01-01", "M"),
                                               ("BK_TINH", ["HTXS"], 2, "2017-09-15", "S")]
    named = [w for w in catalog.warnings if w.startswith("[[streak_rules]]")]
    assert len(named) == 2 and "số 2 'BK_TTCP'" in named[0] and "số 3 'BK_TINH'" in named[1]
    assert all("chưa được xác minh" in w for w in named)


@pytest.mark.parametrize("old,new,problem", [
    ('needs = ["HTXS"]\nyears = 2', 'needs = ["XUAT_SAC"]\nyears = 2', "needs 'XUAT_SAC' không có trong [[award_forms]]"),
    ('needs = ["HTXS"]\nyears = 2', 'needs = ["HTXS"]\nyears = 0', "years là số năm liên tục"),
    ('valid_from = 2024-01-01\nconfidence = "M"\n\n[[streak_rules]]',
     'valid_from = 2023-01-01\nconfidence = "M"\n\n[[streak_rules]]', "trùng thời gian hiệu lực"),
])
def test_a_streak_condition_that_cannot_hold_is_refused_at_its_line(tmp_path, old, new, problem):
    path = broken_2026(tmp_path, old, new)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert "[[streak_rules]] số" in str(info.value) and problem in str(info.value), str(info.value)
    above = path.read_text(encoding="utf-8").splitlines()[:info.value.line]
    assert next(line for line in reversed(above) if line.startswith("[")).strip() == "[[streak_rules]]"
