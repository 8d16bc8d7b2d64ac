"""The district's report: 19 communes report the demo round, an official asks /tonghop and opens the Word files.

The draft must read as the district's own 2020 report (the seed): its outline
and numbering, its wording and figures ("09 xã đạt từ 15 tiêu chí trở lên",
"Danh hiệu LĐTT: 87 tập thể, 1.940 cá nhân"), laid out as an administrative
document; the proposal list holds exactly the confirmed nominees, the forms
sent up first.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.shared import Pt

from bot.documents import report_docx
from main import prepare
from storage.db import transaction
from storage.models import RoleModel
from storage.reports import round_by_code
from storage.summary import compile_summary
from tests.harness import ROOT, TZ, make_settings
from tests.stories.test_nominations import CSTDCS_READY, report_of, seed
from tests.stories.test_officials import COMMUNES, CRITERIA, answers, official, put_report_in

# The seed's headings in order (Phần I and Phần II). One fix: the seed's "thủ tướng" is written "Thủ tướng".
SEED_HEADINGS = [
    "Phần I\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2020",
    "I. ĐẶC ĐIỂM TÌNH HÌNH",
    "1. Thuận lợi",
    "2. Khó khăn",
    "II. KẾT QUẢ THỰC HIỆN",
    "1. Lãnh đạo, chỉ đạo thực hiện công tác thi đua, khen thưởng",
    "2. Kết quả tổ chức phong trào thi đua",
    "2.1. Kết quả thực hiện 04 phong trào thi đua do Thủ tướng Chính phủ phát động",
    "2.2. Kết quả thực hiện các phong trào thi đua do tỉnh phát động",
    "2.3. Kết quả hoạt động các Cụm, Khối thi đua",
    "2.3.1. Hoạt động của Cụm thi đua huyện vùng thấp",
    "2.3.2. Hoạt động của các Khối, Cụm thi đua thuộc huyện",
    "2.4. Kết quả phong trào thi đua đối với thực hiện nhiệm vụ phát triển kinh tế, văn hóa, xã hội, an ninh, "
    "quốc phòng năm 2020",
    "2.4.1. Phong trào thi đua trên lĩnh vực phát triển kinh tế",
    "2.4.2. Phong trào thi đua trên lĩnh vực văn hóa - xã hội",
    "2.4.3. Phong trào thi đua trên lĩnh vực cải cách hành chính, xây dựng chính quyền",
    "2.4.4. Phong trào thi đua trên lĩnh vực quốc phòng - an ninh",
    "2.4.5. Phong trào thi đua của tổ chức Đảng, Mặt trận tổ quốc và các đoàn thể",
    "3. Công tác khen thưởng",
    "4. Công tác tuyên truyền, nhân rộng điển hình tiên tiến",
    "5. Tổ chức bộ máy; tập huấn, bồi dưỡng chuyên môn, nghiệp vụ",
    "6. Công tác kiểm tra",
    "7. Quỹ Thi đua, Khen thưởng",
    "8. Công tác cải cách hành chính; ứng dụng công nghệ thông tin trong công tác Thi đua, Khen thưởng",
    "9. Công tác khác",
    "III. ĐÁNH GIÁ CHUNG",
    "1. Ưu điểm",
    "2. Hạn chế, yếu kém",
    "3. Nguyên nhân tồn tại hạn chế",
    "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    "Phần II\nPHƯƠNG HƯỚNG, NHIỆM VỤ CÔNG TÁC NĂM 2021",
    "I. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM CÔNG TÁC THI ĐUA KHEN THƯỞNG NĂM 2021",
    "II. GIẢI PHÁP, BIỆN PHÁP TỔ CHỨC THỰC HIỆN NHẰM NÂNG CAO HIỆU QUẢ CỦA PHONG TRÀO THI ĐUA, NÂNG CAO CHẤT "
    "LƯỢNG CÔNG TÁC KHEN THƯỞNG",
]
UNITS = ["tt-tuan-giao"] + COMMUNES  # the town by its code: "Tuần Giáo" is the district's name too
# The seed's award totals of the district, spread over the 19 units.
AWARDS = {"kt_ldtt_tt": 87, "kt_ldtt_cn": 1940, "kt_cstdcs_cn": 210, "kt_gk_huyen_tt": 978, "kt_gk_huyen_cn": 932,
          "kt_bk_tinh_tt": 18, "kt_bk_tinh_cn": 37, "kt_gk_xa_tt": 0, "kt_gk_xa_cn": 0}
# The seed's role models, each reported by its commune (listed in the catalogue's unit order).
ROLE_MODELS = [  # the field is the clerk's answer: "Ông Lò Văn Minh" is a teacher, not a household
    ("Quài Nưa", "Gia đình ông Lường Văn Thủy", "mô hình sản xuất kinh doanh", 250, "household"),
    ("Mường Mùn", "Gia đình ông Nguyễn Hồng Chuyên", "mô hình chăn nuôi tổng hợp", 400, "household"),
    ("Chiềng Sinh", "Gia đình ông Quàng Văn Lến", "mô hình trồng cây chanh leo", 200, "household"),
    ("Tênh Phông", "Gia đình ông Tô Quốc Sơn", "mô hình nuôi cá nước lạnh và trồng rau sạch.", None, "household"),
    ("Quài Cang", "Ông Lò Văn Minh", "giáo viên dạy giỏi cấp tỉnh", None, "teacher"),
    ("Quài Tở", "UBND xã Quài Tở", "dẫn đầu phong trào thi đua của huyện", None, "collective"),
]


def spread(total: int, n: int = len(UNITS)) -> list[int]:
    return [total // n + (1 if i < total % n else 0) for i in range(n)]


def unit_answers(i: int, name: str) -> dict[str, object]:
    if name in CRITERIA:
        values = answers(name)
    else:  # the town: no new-rural criteria, no recognition as a new-rural commune
        values = {k: v for k, v in answers("Quài Nưa").items() if not k.startswith("ntm_") and k != "kk_noi_dung"}
    values.update({code: spread(total)[i] for code, total in AWARDS.items()})
    return values


def district_with_lists(bot) -> None:
    """All 19 units report; four communes have nominees (one unconfirmed), four a role model."""
    with transaction(bot.engine) as session:
        for i, name in enumerate(UNITS):
            put_report_in(session, name, unit_answers(i, name))
    seed(bot, "BK_TINH", ["Trường Tiểu học Quài Nưa"], unit="Quài Nưa", subject="collective")
    seed(bot, "LDTT", ["Lò Văn A", "Lò Văn B"], unit="Quài Nưa")
    seed(bot, "CSTDCS", ["Lò Văn A"], unit="Quài Nưa", **CSTDCS_READY)  # 1 > 15% of 2: flagged
    seed(bot, "BK_TINH", ["Quàng Thị Hoa"], unit="Chiềng Sinh")
    seed(bot, "GK_HUYEN", ["Bản Co Sản"], unit="Ta Ma", subject="collective")
    with transaction(bot.engine) as session:
        from storage.models import Nomination
        from storage.people import fold
        session.add(Nomination(report_id=report_of(session, "Pú Xi").id, subject="individual", name="Chưa Xác Nhận",
                               name_key=fold("Chưa Xác Nhận"), form_code="LDTT", complete=False))
        for unit, name, deed, income, field in ROLE_MODELS:
            session.add(RoleModel(report_id=report_of(session, unit).id, name=name, commune=f"xã {unit}", deed=deed,
                                  income_million=income, complete=True, field=field))
        session.add(RoleModel(report_id=report_of(session, "Ta Ma").id, name="Chưa xong"))  # not confirmed


async def files_of_summary(bot, fake) -> dict:
    await official(bot)
    before = fake.count(900)
    fake.push_text(900, "/tonghop")
    await fake.wait_for(lambda: sum(m.kind == "document" for m in fake.bot_messages(900)[before:]) == 3,
                        what="the report, the proposal list and the workbook")
    return {m.filename: m.data for m in fake.bot_messages(900)[before:] if m.kind == "document"}


def under(paragraphs, heading: str) -> list[str]:
    """The texts between a heading and the next heading."""
    start = next(i for i, p in enumerate(paragraphs) if p.text == heading)
    out = []
    for p in paragraphs[start + 1:]:
        if p.style.name.startswith("Heading"):
            break
        out.append(p.text)
    return out


async def test_the_report_is_the_districts_own_outline_wording_and_figures(bot, fake):
    district_with_lists(bot)
    files = await files_of_summary(bot, fake)
    assert set(files) == {"tong-hop-tongket-2020.docx", "de-nghi-khen-thuong-tongket-2020.docx",
                          "so-lieu-tongket-2020.xlsx"}
    document = docx.Document(io.BytesIO(files["tong-hop-tongket-2020.docx"]))
    paragraphs = document.paragraphs

    # The outline: the seed's headings, numbered as the seed numbers them, in order, in Word's heading styles.
    headings = [p for p in paragraphs if p.style.name.startswith("Heading")]
    assert [p.text for p in headings] == SEED_HEADINGS
    depth = {"P": 1, "I": 2, "V": 2}  # Phần / roman / arabic with as many levels as dots
    for p in headings:
        first = p.text.split()[0]
        expected = depth.get(first[0]) or 2 + first.count(".")
        assert p.style.name == f"Heading {expected}", p.text

    # What the district writes itself: a prompt in italics under its heading.
    [prompt] = under(paragraphs, "1. Thuận lợi")
    assert prompt.startswith("[Nêu") and prompt.endswith("]")
    assert all(r.italic for r in next(p for p in paragraphs if p.text == prompt).runs)

    # The national campaigns with the seed's bucket sentence.
    ntm = next(t for t in under(paragraphs, SEED_HEADINGS[7]) if "xây dựng nông thôn mới”" in t)
    assert ("kết quả rà soát đến tháng 12, toàn huyện có 09 xã đạt từ 15 tiêu chí trở lên (gồm các xã: Quài Nưa, Quài Cang, "
            "Quài Tở, Mường Thín, Nà Sáy, Pú Nhung, Rạng Đông, Mùn Chung, Mường Mùn), 07 xã đạt từ 10 - 14 tiêu chí "
            "(gồm các xã: Chiềng Đông, Chiềng Sinh, Tỏa Tình, Nà Tòng, Tênh Phông, Phình Sáng, Mường Khong), 02 xã "
            "đạt dưới 10 tiêu chí (gồm các xã: Pú Xi, Ta Ma) và bình quân đạt 13,6 tiêu chí/xã") in ntm
    economy = under(paragraphs, "2.4.1. Phong trào thi đua trên lĩnh vực phát triển kinh tế")
    assert any(t.startswith("Tổng sản lượng lương thực cây có hạt đạt ") and "tấn, đạt " in t and "% KH" in t
               for t in economy)

    # The awards, levels from the top, each title's tập thể and cá nhân together, no total; then the proposals.
    awards = under(paragraphs, "3. Công tác khen thưởng")
    assert ("Khen thưởng cấp huyện: Danh hiệu LĐTT: 87 tập thể, 1.940 cá nhân; Danh hiệu CSTĐCS: 210 cá nhân; "
            "Giấy khen của Chủ tịch UBND huyện: 978 tập thể, 932 cá nhân.") in awards
    assert "Khen thưởng cấp tỉnh: Bằng khen của UBND tỉnh: 18 tập thể, 37 cá nhân." in awards
    assert awards.index("Khen thưởng cấp tỉnh: Bằng khen của UBND tỉnh: 18 tập thể, 37 cá nhân.") < \
        awards.index(next(t for t in awards if t.startswith("Khen thưởng cấp huyện")))
    assert not any("Cộng" in t or "cấp xã" in t for t in awards)  # no total; a level of zeros is left out
    # What the district received from the province and the State it enters itself: not yet, so a prompt names it.
    assert any(t.startswith("[Còn thiếu số liệu cấp huyện tự nhập: Huân chương Lao động hạng Nhì (tập thể); ")
               for t in awards)
    assert "Về đề nghị khen thưởng: 06 hồ sơ của 03 đơn vị, trong đó:" in awards
    assert ("Đề nghị khen thưởng cấp tỉnh (trình cấp trên xét): Bằng khen của UBND tỉnh: 01 tập thể, 01 cá nhân."
            in awards)
    assert ("Đề nghị khen thưởng cấp huyện: Danh hiệu LĐTT: 02 cá nhân; Danh hiệu CSTĐCS: 01 cá nhân; "
            "Giấy khen của Chủ tịch UBND huyện: 01 tập thể.") in awards
    assert any(t.startswith("Có 01 hồ sơ chưa đúng quy định") for t in awards)

    # The role models, in the seed's wording, in their own part.
    models = under(paragraphs, "4. Công tác tuyên truyền, nhân rộng điển hình tiên tiến")
    assert [t for t in models if t.endswith("tiêu biểu:") or t.endswith("kinh doanh:")] == [  # the seed's order
        "Tập thể tiêu biểu:", "Cán bộ, giáo viên tiêu biểu:", "Hộ gia đình tiêu biểu trong sản xuất, kinh doanh:"]
    assert "- Ông Lò Văn Minh (xã Quài Cang) - giáo viên dạy giỏi cấp tỉnh." in models
    households = models[models.index("Hộ gia đình tiêu biểu trong sản xuất, kinh doanh:") + 1:]
    assert households[:5] == ["- Gia đình ông Lường Văn Thủy (xã Quài Nưa) - mô hình sản xuất kinh doanh;",
                              "- Gia đình ông Nguyễn Hồng Chuyên (xã Mường Mùn) - mô hình chăn nuôi tổng hợp;",
                              "- Gia đình ông Quàng Văn Lến (xã Chiềng Sinh) - mô hình trồng cây chanh leo;",
                              "- Gia đình ông Tô Quốc Sơn (xã Tênh Phông) - mô hình nuôi cá nước lạnh và trồng rau "
                              "sạch.",
                              "Hằng năm mỗi hộ cho thu nhập từ 200 đến 400 triệu đồng."]
    assert not any("Chưa xong" in t for t in models)

    [inspections] = [t for t in under(paragraphs, "6. Công tác kiểm tra") if not t.startswith("[")]
    assert inspections.startswith("19 cuộc kiểm tra công tác thi đua, khen thưởng tại xã; ")
    proposals = under(paragraphs, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    assert "- xã Ta Ma: “Thiếu kinh phí tổ chức hội nghị điển hình ở Ta Ma.”" in proposals

    # An administrative document: A4, the margins, Times New Roman 14 justified, page numbers from page 2.
    section = document.sections[0]
    mm = [round(length.mm) for length in (section.page_width, section.page_height, section.top_margin,
                                          section.bottom_margin, section.left_margin, section.right_margin)]
    assert mm == [210, 297, 20, 20, 30, 15]  # Word keeps twentieths of a point: to the millimetre
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    assert normal.paragraph_format.alignment == 3  # justified
    assert section.different_first_page_header_footer and "PAGE" in section.header._element.xml
    letterhead = "\n".join(c.text for c in document.tables[0].rows[0].cells)
    for part in ("ỦY BAN NHÂN DÂN\nHUYỆN TUẦN GIÁO", "Số:", "/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Tuần Giáo, ngày"):
        assert part in letterhead
    texts = [p.text for p in paragraphs]
    assert texts.index("BÁO CÁO") < texts.index(
        "Tổng kết công tác thi đua, khen thưởng năm 2020 và phương hướng, nhiệm vụ năm 2021")
    assert "Kính gửi:\t- Ban Thi đua, Khen thưởng Sở Nội vụ tỉnh Điện Biên;" in texts
    assert ("Ủy ban nhân dân huyện Tuần Giáo báo cáo tổng kết công tác thi đua, khen thưởng năm 2020, cụ thể như "
            "sau:") in texts
    assert texts[-1] == ("Trên đây là Báo cáo tổng kết công tác thi đua, khen thưởng năm 2020 và phương hướng, "
                         "nhiệm vụ năm 2021 của Ủy ban nhân dân huyện Tuần Giáo./.")
    closing = "\n".join(c.text for c in document.tables[-1].rows[0].cells)
    for part in ("Nơi nhận:", "- UBND tỉnh Điện Biên;", "- Lưu: VT, NV.", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
                 "Vũ Văn Đức"):
        assert part in closing


async def test_the_proposal_list_holds_the_confirmed_nominees_by_form_sent_up_first(bot, fake):
    district_with_lists(bot)
    files = await files_of_summary(bot, fake)
    document = docx.Document(io.BytesIO(files["de-nghi-khen-thuong-tongket-2020.docx"]))
    assert round(document.sections[0].page_width.mm) == 297  # landscape
    texts = [p.text for p in document.paragraphs]
    assert "DANH SÁCH" in texts and "Đề nghị khen thưởng tổng kết công tác thi đua, khen thưởng năm 2020" in texts
    parts = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert parts == ["A. ĐỀ NGHỊ CẤP TRÊN KHEN THƯỞNG", "B. THUỘC THẨM QUYỀN KHEN THƯỞNG CẤP HUYỆN"]

    def rows(table):
        out = []
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            out.append(cells[0] if len(set(cells)) == 1 else tuple(cells[:3]))  # a group row spans the table
        return out

    header = [c.text for c in document.tables[1].rows[0].cells]
    assert header == ["STT", "Họ và tên / Tên tập thể", "Chức vụ - Đơn vị", "Tóm tắt thành tích", "Ghi chú"]
    assert rows(document.tables[1]) == [
        "I. Bằng khen của UBND tỉnh: 01 tập thể, 01 cá nhân",
        ("1", "Trường Tiểu học Quài Nưa", "Giáo viên - xã Quài Nưa"),
        ("2", "Quàng Thị Hoa", "Giáo viên - xã Chiềng Sinh"),
    ]
    assert rows(document.tables[2]) == [
        "I. Lao động tiên tiến: 02 cá nhân",
        ("1", "Lò Văn A", "Giáo viên - xã Quài Nưa"),
        ("2", "Lò Văn B", "Giáo viên - xã Quài Nưa"),
        "II. Chiến sĩ thi đua cơ sở: 01 cá nhân",
        ("1", "Lò Văn A", "Giáo viên - xã Quài Nưa"),
        "III. Giấy khen của Chủ tịch UBND huyện: 01 tập thể",
        ("1", "Bản Co Sản", "Giáo viên - xã Ta Ma"),
    ]
    cstdcs = document.tables[2].rows[5].cells
    assert "Sáng kiến: Sổ tay dạy tiếng Việt cho trẻ (45/QĐ-UBND)" in cstdcs[3].text
    assert "15%" in cstdcs[4].text  # the ratio rule's problem, for the council to see
    assert "Chưa Xác Nhận" not in "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Tổng cộng: 06 hồ sơ." in texts


def test_the_province_catalogue_lays_out_its_own_report_even_before_anyone_reported(database_url):
    catalog = ROOT / "storage" / "catalogs" / "dien_bien_2025.toml"
    dispatcher = prepare(make_settings(database_url, CATALOG=str(catalog)))
    with transaction(dispatcher.engine) as session:
        summary = compile_summary(session, round_by_code(session, "tongket-2025"), dt.datetime(2025, 12, 16, 9, tzinfo=TZ))
        document = docx.Document(io.BytesIO(report_docx.write_docx(summary)))
        assert report_docx.write_proposals_docx(summary) is None  # nobody proposed anyone: no list
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Phần I\nKẾT QUẢ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2025", "I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN",
        "1. Công tác lãnh đạo, chỉ đạo", "2. Kết quả tổ chức phong trào thi đua",
        "2.1. Các phong trào thi đua do Thủ tướng Chính phủ phát động", "2.2. Các phong trào thi đua do tỉnh phát động",
        "3. Công tác khen thưởng", "4. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến",
        "5. Tổ chức bộ máy, tập huấn nghiệp vụ", "III. ĐÁNH GIÁ CHUNG", "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Phần II\nPHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026"]
    assert "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN" in document.tables[0].rows[0].cells[0].text
    texts = [p.text for p in document.paragraphs]
    assert "Chưa có số liệu khen thưởng." in texts and "Chưa có đơn vị nào đề nghị khen thưởng." in texts
    assert any("số tiêu chí nông thôn mới đạt được: chưa có số liệu" in t for t in texts)
    dispatcher.engine.dispose()


def test_a_rate_is_weighted_by_the_base_the_catalogue_names(database_url, tmp_path):
    """Two communes, 900 households at 10% poor and 100 at 40%: the district's rate is 13%, not the mean 25%."""
    text = (ROOT / "storage" / "catalogs" / "tuan_giao_2020.toml").read_text(encoding="utf-8")
    base = '''[[indicators]]
code = "gn_so_ho"
section = "giam_ngheo"
name = "Tổng số hộ dân cư"
unit = "hộ"
type = "integer"
min = 0
aggregate = "sum"
required = false

[[indicators]]
code = "gn_ho_thoat_ngheo"'''
    text = text.replace('[[indicators]]\ncode = "gn_ho_thoat_ngheo"', base, 1)
    text = text.replace('code = "gn_ty_le_ho_ngheo"\n', 'code = "gn_ty_le_ho_ngheo"\nweight = "gn_so_ho"\n', 1)
    catalog = tmp_path / "weighted.toml"
    catalog.write_text(text, encoding="utf-8")
    dispatcher = prepare(make_settings(database_url, CATALOG=str(catalog)))
    with transaction(dispatcher.engine) as session:
        put_report_in(session, "Quài Nưa", {"gn_ty_le_ho_ngheo": 10, "gn_so_ho": 900})
        put_report_in(session, "Ta Ma", {"gn_ty_le_ho_ngheo": 40, "gn_so_ho": 100})
        summary = compile_summary(session, round_by_code(session, "tongket-2020"),
                                  dt.datetime(2020, 12, 21, 9, tzinfo=TZ))
        figure = summary.scope.figures["gn_ty_le_ho_ngheo"]
        assert round(figure.weighted, 2) == 13 and round(figure.average, 2) == 25
        document = docx.Document(io.BytesIO(report_docx.write_docx(summary)))
    poverty = next(p.text for p in document.paragraphs if "vì người nghèo" in p.text)
    assert "tỷ lệ hộ nghèo cuối năm: 13% (bình quân theo tổng số hộ dân cư)" in poverty, poverty
