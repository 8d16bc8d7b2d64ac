"""One pager: every page fits a phone's screen as Zalo shows it, pages count from 1, ◀️ comes before ▶️."""

from bot import texts
from bot.events import Choice, Reply
from bot.rendering import SCREEN_LIMIT, numbering, render
from handlers.buttons import TURN
from handlers.pager import Entry, page_of, paginate

ROWS = [Entry(f"{n}. Lò Văn Nhân Viên Số {n} — bản Phiêng Pẻn, xã Quài Nưa") for n in range(1, 41)]
BACK = Choice("📋 Các phần", "overview")


def every_page(head, entries, turn, **kw):
    first = page_of(head, entries, 1, turn, **kw)
    return [first] + [page_of(head, entries, n, turn, **kw) for n in range(2, first.count + 1)]


def test_a_long_list_comes_in_screens_numbered_from_one_with_back_before_next():
    pages = every_page("👥 Danh sách", ROWS, "/xa quai-nua", fixed=[BACK])
    assert len(pages) > 2
    for n, page in enumerate(pages, 1):
        assert len(render(Reply(page.text, page.choices))) <= SCREEN_LIMIT  # as Zalo and the terminal show it
        assert page.number == n and page.text.endswith(texts.LIST_PAGE.format(page=n, pages=len(pages)))
        labels = [c.label for c in page.choices]
        assert labels[-1] == BACK.label  # the screen's own buttons last
        if n > 1:
            assert Choice(texts.BTN_PREV_PAGE, f"/xa quai-nua {n - 1}") in page.choices
        if n < len(pages):
            assert Choice(texts.BTN_NEXT_PAGE, f"/xa quai-nua {n + 1}") in page.choices
        if 1 < n < len(pages):
            assert labels.index(texts.BTN_PREV_PAGE) < labels.index(texts.BTN_NEXT_PAGE)
    assert "\n".join(p.text for p in pages).count("Lò Văn Nhân Viên") == len(ROWS)  # none lost, none twice


def test_a_flows_pages_are_its_turn_buttons_and_a_head_may_say_the_page_itself():
    pages = every_page(lambda page, count: f"📋 Xem lại ({page}/{count})", ROWS, TURN)
    assert pages[0].text.startswith(f"📋 Xem lại (1/{len(pages)})") and texts.LIST_PAGE[:5] not in pages[0].text
    assert pages[1].choices == [Choice(texts.BTN_PREV_PAGE, "turn:1"), Choice(texts.BTN_NEXT_PAGE, "turn:3")]
    assert page_of("x", ROWS, 999, TURN).number == len(paginate("x", ROWS))  # past the end: the last page
    assert page_of("x", ROWS, 0, TURN).number == 1


def test_rows_to_pick_are_at_most_a_short_menu_and_keep_their_own_numbers():
    rows = [Entry("", Choice(f"{n}. Giáo viên số {n}", f"open:{n}")) for n in range(1, 26)]
    pages = every_page("🏅 Khen thưởng", rows, TURN, fixed=[Choice("➕ Thêm", "add")], most=7)
    assert [len([c for c in p.choices if c.value.startswith("open:")]) for p in pages] == [7, 7, 7, 4]
    last = pages[-1]
    labels = [c.label for c in last.choices]
    assert numbering(labels)[:4] == [22, 23, 24, 25]  # typed "25" picks row 25 on its page, on every channel


def test_an_entry_longer_than_a_screen_is_cut_at_spaces_and_nothing_is_lost():
    words = " ".join(["thành tích"] * 200)
    pages = every_page("📄 Hồ sơ số 3 — đầy đủ", [Entry(f"Thành tích: {words}")], TURN)
    assert len(pages) > 2 and all(len(render(Reply(p.text, p.choices))) <= SCREEN_LIMIT for p in pages)
    assert "\n".join(p.text for p in pages).count("tích") == 201  # cut between words, never inside one
