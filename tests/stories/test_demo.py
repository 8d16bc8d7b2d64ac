"""The demo district: opened, it holds the seed's 2020 district, all 19 reports in, and a live round.

The demo data (storage/demo_data/tuan_giao_2020.toml) is loaded into a fresh database as the terminal
demo loads it (storage/demo.open_demo), on a clock years after 2020; then an official and a clerk of
Quài Nưa use the bot on it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from sqlmodel import select

from bot import texts
from bot.channels.console import DELIVERY, ConsoleChat
from bot.demo import demo_settings
from bot.settings import DEMO_CATALOG
from storage import demo, reports
from storage.catalog import load_catalog
from storage.db import transaction
from storage.facts import Problem
from storage.figures import Scope, authority_values
from storage.models import ChatState, Delivery, Identity, Nomination, Report, RoleModel, Round, User
from storage.people import find_units
from storage.summary import compile_summary
from main import prepare
from tests.harness import TZ, Clock, MemoryBot, copy_database, sqlite_demo_loaded

TODAY = dt.datetime(2027, 3, 10, 9, 30, tzinfo=TZ)  # any day: the demo moves its round to it


def open_demo(bot, now: dt.datetime = TODAY, data=None) -> demo.Opened:
    """The demo district opened on the bot's database by `storage.demo.open_demo`. On a fresh SQLite database of
    the demo catalogue, at TODAY, the district it loaded there once per worker is copied in instead
    (tests/harness.py: `sqlite_demo_loaded`, `copy_database`), with what it answered then."""
    if data is None and now == TODAY and untouched(bot):
        path, opened = sqlite_demo_loaded(now)
        copy_database(path, bot.engine)
        return opened
    return demo.open_demo(bot.engine, load_catalog(bot.settings.catalog), now, data)


def untouched(bot) -> bool:
    """A SQLite database of the demo catalogue where nobody has done anything yet."""
    if bot.engine.dialect.name != "sqlite" or Path(bot.settings.catalog) != DEMO_CATALOG:
        return False
    with transaction(bot.engine) as session:
        return all(session.exec(select(table.id)).first() is None for table in (User, Report, ChatState, Delivery))


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


def summary_of(bot):
    with transaction(bot.engine) as session:
        round_ = reports.round_by_code(session, "tongket-2020")
        district = find_units(session, "tuan-giao")[0]
        return compile_summary(session, round_, TODAY, district.id)


@pytest.mark.both_databases
async def test_the_demo_district_compiles_to_the_seed_figures(bot):
    opened = open_demo(bot)
    assert opened.how == "loaded"
    summary = summary_of(bot)
    progress = summary.progress
    assert (progress.submitted, progress.total, progress.on_time, progress.approved) == (19, 19, 19, 11)
    assert progress.missing == [] and "returned" not in progress.counts  # the town's, returned, was sent again

    figures = summary.scope.figures
    criteria = figures["ntm_tieu_chi"]
    assert [g.count for g in criteria.groups] == [9, 7, 2]  # ≥15, 10–14, <10, as the seed buckets them
    assert criteria.groups[0].names == ["Quài Nưa", "Quài Cang", "Quài Tở", "Mường Thín", "Nà Sáy", "Pú Nhung",
                                        "Rạng Đông", "Mùn Chung", "Mường Mùn"]
    assert criteria.groups[2].names == ["Pú Xi", "Ta Ma"]
    assert round(criteria.average, 1) == 13.6
    recognised = next(g for g in figures["ntm_cong_nhan"].groups if g.label == "Có")
    assert recognised.names == ["Quài Nưa", "Quài Cang", "Quài Tở", "Mường Thín"]

    def total(code: str) -> float:
        return round(figures[code].total, 2)

    def of_plan(code: str) -> float:
        return round(figures[code].percent_of_plan, 1)

    assert (total("ktxh_luong_thuc"), of_plan("ktxh_luong_thuc")) == (37554.5, 100.1)
    assert (total("ktxh_gia_suc"), of_plan("ktxh_gia_suc")) == (98000, 99.6)
    assert (total("ktxh_gia_cam"), of_plan("ktxh_gia_cam")) == (952600, 100.1)
    assert (total("ktxh_viec_lam"), of_plan("ktxh_viec_lam")) == (1000, 100.0)
    assert (total("ktxh_hoc_sinh"), of_plan("ktxh_hoc_sinh")) == (27646, 101.1)
    assert total("ntm_ho_gdvh") == 12595 and total("ntm_ban_van_hoa") == 125 and total("vhcs_co_quan_dat") == 125
    assert (total("dn_htx_moi"), total("dn_ho_kinh_doanh")) == (6, 120)
    with transaction(bot.engine) as session:  # the rate is the district's own estimate, not the units' mean
        own = authority_values(Scope(session, reports.round_by_code(session, "tongket-2020"), TZ))
        assert own["h_ty_le_ho_ngheo"].number == 33.37 and own["h_hd_thanh_vien"].number == 15

    [awards] = [part.data for part in summary.parts if part.kind == "awards"]
    by_form = {t.form.code: (t.collective, t.individual) for t in awards.forms}
    assert by_form["TTLDTT"] == (87, 0) and by_form["LDTT"] == (0, 1940) and by_form["CSTDCS"] == (0, 210)
    assert by_form["GK_HUYEN"] == (978, 932) and by_form["BK_TINH"] == (18, 37)


async def test_an_official_sees_the_district_at_once_and_a_clerk_of_quai_nua_a_deadline_ahead(bot):
    open_demo(bot)
    official = await bot.register(701, "Người thử", "tuan-giao", "official")
    progress, _chart = await official.send("/tiendo", expect=2)
    assert "Hạn nộp: 15/03/2027 — còn 5 ngày" in progress.text
    assert "Đã gửi 19/19 (19 đúng hạn)" in progress.text
    [queue] = await official.send("/duyet")
    # nine submitted reports wait for an official: Quài Nưa's, the town's … and the district's own (sent by the
    # demo's official, reviewed by another)
    assert "Chờ duyệt (1/9)" in queue.text
    [history] = await official.send("/lichsu thi tran tuan giao")
    assert "chưa có quyết định công nhận" in history.text  # returned, with its reason, then sent again
    assert history.text.index("gửi lại sau khi sửa") > history.text.index("chưa có quyết định công nhận")
    # The council has met on the approved reports: the draft decision and submission are there at once.
    await official.send("/binhxet")
    decision, submission, _book, _forms = await official.press(texts.BTN_COUNCIL_DOCS, expect=4)
    assert decision.filename.startswith("du-thao-quyet-dinh") and submission.filename.startswith("du-thao-to-trinh")

    clerk = await bot.register(702, "Người thử", "Quài Nưa")
    [status] = await clerk.send("/trangthai")
    assert "15/03/2027" in status.text and "quá hạn" not in status.text
    [opened] = await clerk.send("/baocao")  # on the question to answer, under the deadline
    assert "hạn 15/03/2027, còn 5 ngày" in opened.text
    [nominees] = await clerk.send("/khenthuong")
    listed = " ".join(nominees.button_texts)  # one button a row
    assert "Trường Mầm non Quài Nưa" in listed and "UBND xã Quài Nưa" in listed
    [models] = await clerk.send("/dienhinh")
    assert "Gia đình ông Lường Văn Thủy" in " ".join(models.button_texts)


async def test_the_demo_round_is_live_and_named_people_come_from_the_seed(bot):
    opened = open_demo(bot)
    r = opened.round
    assert (r.opens, r.deadline) == (dt.date(2027, 3, 2), dt.date(2027, 3, 15))  # the catalogue's 13 days
    assert (r.real_opens, r.real_deadline) == (dt.date(2020, 12, 7), dt.date(2020, 12, 20))
    with transaction(bot.engine) as session:
        nominees = {n.name for n in session.exec(select(Nomination)).all()}
        models = {m.name for m in session.exec(select(RoleModel)).all()}
        submitted = [rep.submitted_at for rep in session.exec(  # the live round's (2019's came in in 2019)
            select(Report).join(Round).where(Round.code == "tongket-2020")).all()]
        demo_people = session.exec(select(User)).all()
        identities = session.exec(select(Identity)).all()
    assert {"Nguyễn Thị Hằng", "Đoàn Văn Thu", "Trường THCS Quài Cang", "Vũ Thị Ngọt"} <= nominees
    assert {"Gia đình ông Quàng Văn Lến", "Gia đình ông Tô Quốc Sơn", "Gia đình ông Nguyễn Hồng Chuyên"} <= models
    assert all(r.opens < s.astimezone(TZ).date() < TODAY.date() for s in submitted)  # on time, in the past
    assert len(demo_people) == 20 and identities == []  # 19 clerks and a reviewer, none reachable


async def test_demo_data_goes_in_as_a_clerks_answers_do(bot):
    """What the chat would refuse, the demo refuses too: nothing of it is saved."""
    def broken(change) -> demo.DemoDataError:
        data = copy.deepcopy(demo.read_data())
        change(data)
        with pytest.raises(demo.DemoDataError) as caught:
            open_demo(bot, data=data)
        return caught.value

    def quai_nua(data) -> dict:
        return next(r for r in data["reports"] if r["unit"] == "quai-nua")

    error = broken(lambda d: quai_nua(d)["values"].update(ntm_tieu_chi=25))
    assert (error.unit, error.field) == ("quai-nua", "ntm_tieu_chi")
    assert texts.say(error.problem) == "Số này không được lớn hơn 19. Ví dụ đúng: 19."
    error = broken(lambda d: quai_nua(d)["values"].update(vhcs_quy_che="Có lẽ"))
    assert error.problem == Problem("not_a_choice")
    error = broken(lambda d: quai_nua(d)["values"].pop("kt_ldtt_cn"))
    assert error.field == "missing" and "kt_ldtt_cn" in error.problem
    error = broken(lambda d: quai_nua(d)["values"].update(kt_cstdcs_cn=999))
    assert error.field == "checks_failed"
    error = broken(lambda d: quai_nua(d)["nominations"][0].update(form="HC_LD2"))  # decided above the province
    assert error.field == "form"
    error = broken(lambda d: quai_nua(d)["nominations"].append(dict(quai_nua(d)["nominations"][0])))
    assert error.field == "nominations" and error.problem.kind == "unique"
    with transaction(bot.engine) as session:
        assert session.exec(select(Report)).all() == []


async def test_the_terminal_demo_keeps_the_visitors_work_and_starts_afresh_after_its_deadline(bot):
    assert open_demo(bot).how == "loaded"
    lines = iter(["1", "/baocao", ":thoat"])  # a visitor in the terminal, as a clerk of Quài Nưa
    terminal = prepare(bot.settings, bot.clock, **DELIVERY)  # the terminal demo's core on the same database
    ConsoleChat(terminal, read=lambda: next(lines, None), out=io.StringIO()).run()
    tomorrow = TODAY + dt.timedelta(days=1)
    kept = open_demo(bot, tomorrow)
    assert kept.how == "kept" and kept.round.deadline == dt.date(2027, 3, 15)  # not moved again
    with transaction(bot.engine) as session:
        assert session.exec(select(Identity)).all() != []  # the visitor is still registered

    later = TODAY + dt.timedelta(days=30)  # past the demo's deadline: a fresh district, a live round
    reloaded = open_demo(bot, later)
    assert reloaded.how == "reloaded" and reloaded.round.deadline == dt.date(2027, 4, 14)
    assert (reloaded.round.submitted, reloaded.round.total) == (19, 19)
    with transaction(bot.engine) as session:
        assert session.exec(select(Identity)).all() == []


async def test_the_demo_is_never_loaded_where_real_people_registered(bot):
    await bot.register(703, "Lò Văn Thật", "Quài Nưa")  # on a real channel (not the terminal)
    with pytest.raises(demo.RealDatabase):
        open_demo(bot)
    with pytest.raises(demo.RealDatabase):
        demo.reset(bot.engine, load_catalog(bot.settings.catalog), TODAY)
    with transaction(bot.engine) as session:
        assert session.exec(select(Report)).all() == []
    assert demo_settings(bot.settings, bot.settings.database_url) is None  # the bot's own database: refused


async def test_another_catalogue_opens_without_the_demo_data(tmp_path, database_url, fake):
    from tests.harness import make_settings

    other = MemoryBot(fake, make_settings(database_url, fake, CATALOG="storage/catalogs/dien_bien_2025.toml"),
                      Clock(TODAY))
    await other.start()
    try:
        assert open_demo(other).how == "not_fitting"
        with transaction(other.engine) as session:
            assert session.exec(select(Report)).all() == []
        # The terminal's visitor plays a clerk of this catalogue's own first commune, not a commune of 2020.
        lines, out = iter(["1", ":thoat"]), io.StringIO()
        ConsoleChat(prepare(other.settings, other.clock, **DELIVERY), read=lambda: next(lines, None), out=out).run()
        assert "của xã Tuần Giáo" in out.getvalue() and "Quài Nưa" not in out.getvalue(), out.getvalue()
    finally:
        await other.stop()




def draft_of(bot) -> list[str]:
    from bot.documents.report_docx import write_docx
    with transaction(bot.engine) as session:
        district = find_units(session, "tuan-giao")[0]
        data = write_docx(compile_summary(session, reports.round_by_code(session, "tongket-2020"), TODAY, district.id))
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


async def test_the_demos_word_draft_says_the_seeds_figures_and_marks_the_others(bot):
    """Read beside the 2020 report: the district's own figures where the seed has them, the communes' in sentences,
    and a figure the seed does not state never said as fact."""
    open_demo(bot)
    text = draft_of(bot)
    body = "\n".join(text[text.index("Phần I\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2020"):])
    for said in [
        "trong đó có 04 xã đã được Ban Chỉ đạo xây dựng nông thôn mới của tỉnh công nhận cơ bản đạt các tiêu chí về "
        "xây dựng nông thôn mới (gồm các xã: Quài Nưa, Quài Cang, Quài Tở, Mường Thín)",
        "tỷ lệ hộ nghèo cuối năm giảm xuống ước còn 33,37%",
        "06 doanh nghiệp, hợp tác xã mới thành lập; 120 hộ kinh doanh được cấp đăng ký kinh doanh mới",
        "Khối, Cụm thi đua thuộc huyện được kiện toàn theo Quyết định số 1868/QĐ-UBND ngày 14/10/2020 của UBND huyện "
        "Tuần Giáo; huyện có 10 khối thi đua; 01 cụm thi đua thuộc huyện.",
        "37 tập thể, 132 cá nhân được biểu dương, khen thưởng tại Đại hội thi đua yêu nước của huyện.",  # said once
        "kết quả rà soát đến tháng 12, toàn huyện có 09 xã đạt từ 15 tiêu chí trở lên",  # the catalogue's sentence
        "về tổng kết phong trào thi đua giai đoạn 2015 - 2020 và Hội nghị điển hình tiên tiến cấp xã, 01 đơn vị tổ "
        "chức hội nghị (gồm các đơn vị: thị trấn Tuần Giáo); 18 đơn vị tổng kết bằng văn bản",
        "Khen thưởng cấp Nhà nước: Huân chương Lao động hạng Nhì: 01 tập thể; Cờ thi đua của Chính phủ: 01 tập thể; "
        "Bằng khen của Thủ tướng Chính phủ: 03 tập thể.",
        "Khen thưởng cấp tỉnh: Cờ thi đua xuất sắc của UBND tỉnh: 04 tập thể; Bằng khen của UBND tỉnh: 18 tập thể, "
        "37 cá nhân; Tập thể lao động xuất sắc: 61 tập thể.",
        "Hội đồng Thi đua, Khen thưởng huyện được kiện toàn theo Quyết định số 1247/QĐ-UBND ngày 07/8/2020 của UBND "
        "huyện; Hội đồng Thi đua, Khen thưởng huyện có 15 thành viên",
        "19 đơn vị có Hội đồng từ 07 thành viên trở lên",
        "với từ 07 đến 09 người",
        "19 cuộc kiểm tra công tác thi đua, khen thưởng tại xã; không có đơn thư khiếu nại, tố cáo về thi đua, khen "
        "thưởng.",
        "không vượt quá 1,5% ngân sách chi thường xuyên",
        "Hằng năm mỗi hộ cho thu nhập từ 200 đến 400 triệu đồng.",
    ]:
        assert said in body, said
    assert "Còn thiếu số liệu" not in body and "chưa ghi" not in body and "Chưa gửi" not in body
    assert "- xã Nà Sáy: “Hoàn thành công tác giao quân" in body.split("2.4.4.")[1].split("2.4.5.")[0]
    # Every other figure the demo made up is marked where it is said.
    marked = body.count(texts.SENT_ILLUSTRATIVE.strip())
    assert marked == 8 and "812 hộ thoát nghèo trong năm " + texts.SENT_ILLUSTRATIVE.strip() in body
    # The seed names the people, not who was proposed for what: the proposals' counts are the demo's, and say so.
    mark = texts.SENT_ILLUSTRATIVE
    assert f"Về đề nghị khen thưởng: 19 hồ sơ của 11 đơn vị{mark}, trong đó:" in body
    assert f"Đề nghị khen thưởng cấp tỉnh (trình cấp trên xét): Bằng khen của UBND tỉnh: 02 tập thể{mark}." in body
    # The council's draft decision on them says so once, at its top, as a note to delete before signing.
    from bot.documents import council
    from storage import deliberation
    with transaction(bot.engine) as session:
        district = find_units(session, "tuan-giao")[0]
        scope = Scope(session, reports.round_by_code(session, "tongket-2020"), TODAY.tzinfo, district.id)
        decision = council.decision_docx(deliberation.papers(scope, district))
    lines = [p.text for p in docx.Document(io.BytesIO(decision)).paragraphs]
    assert lines.count(f"[{texts.DOC_DEMO_LIST_NOTE}]") == 1
    assert lines.index(f"[{texts.DOC_DEMO_LIST_NOTE}]") < lines.index("QUYẾT ĐỊNH:")
