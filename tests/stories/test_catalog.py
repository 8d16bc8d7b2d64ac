"""The catalogue as people meet it: a province's catalogue in the chat, the `catalog check` command.
Syncing the catalogue into the tables (on both databases): tests/test_catalog.py."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from main import prepare
from storage.db import transaction
from storage.models import Round, Unit
from tests.harness import ROOT, MemoryBot, Phone, cli, make_settings
from tests.test_catalog import PROVINCE_CATALOG, broken


@pytest.mark.both_databases  # a province runs on PostgreSQL
async def test_province_catalogue_without_districts_works_end_to_end(database_url, fake, clock):
    import datetime as dt

    settings = make_settings(database_url, fake, CATALOG=str(PROVINCE_CATALOG))
    clock.now = dt.datetime(2025, 12, 1, 9, 0, tzinfo=clock.now.tzinfo)
    bot = await MemoryBot(fake, settings, clock).start()
    try:
        with transaction(bot.engine) as session:
            province = session.exec(select(Unit).where(Unit.kind == "tỉnh")).one()
            communes = session.exec(select(Unit).where(Unit.is_reporting == True)).all()  # noqa: E712
            assert all(u.parent_id == province.id for u in communes)
            assert session.exec(select(Round).where(Round.status == "open")).one().code == "tongket-2025"
        clerk = await bot.register(601, "Quàng Văn Lến", unit="Chiềng Sinh")
        [question] = await clerk.send("/baocao")
        assert "còn 14 ngày" in question.text and "Nông thôn mới · câu 1/" in question.text
        [overview] = await clerk.press("Các phần")
        assert "xã Chiềng Sinh" in overview.text and overview.button_texts[0].startswith("1. Nông thôn mới")
        official = Phone(fake, 602, "Cán Bộ Tỉnh")
        [menu] = await official.send(bot.invite("Điện Biên", "official"))  # the greeting above the menu
        registered, _, _ = menu.text.partition("\n\n")
        assert "tỉnh Điện Biên" in registered and menu.buttons
    finally:
        await bot.stop()


def test_catalog_check_command(subprocess_env, tmp_path):
    ok = cli(subprocess_env, "catalog", "check")
    assert ok.returncode == 0 and "hợp lệ" in ok.stdout
    bad = broken(tmp_path, 'type = "integer"', 'type = "so_nguyen"')
    result = cli(subprocess_env, "catalog", "check", str(bad))
    assert result.returncode == 2 and str(bad) in result.stderr and "so_nguyen" in result.stderr


def test_catalog_check_warns_about_a_commune_question_asked_of_every_unit(subprocess_env, tmp_path):
    """A choice naming "xã" with no unit_kinds would ask the town too, and count it under an answer."""
    ok = cli(subprocess_env, "catalog", "check")
    assert ok.returncode == 0 and "unit_kinds" not in ok.stdout  # the demo's commune questions carry unit_kinds
    loose = broken(tmp_path, 'required = true\nunit_kinds = ["xã"]  # chỉ xã được công nhận',
                   'required = true\n# chỉ xã được công nhận')
    result = cli(subprocess_env, "catalog", "check", str(loose))
    assert result.returncode == 0 and "hợp lệ" in result.stdout  # a warning, not a refusal
    [warning] = [line for line in result.stdout.splitlines() if line.startswith("Cảnh báo") and "unit_kinds" in line]
    assert "[[indicators]] 'ntm_cong_nhan'" in warning and 'unit_kinds = ["xã"]' in warning
    # "xã hội" is not the commune: the economic campaign's questions are not flagged.
    assert not any("ktxh" in line for line in result.stdout.splitlines())


def test_catalog_check_passes_the_2026_catalogue_and_names_each_rule_not_verified(subprocess_env):
    """The administrator of 2026 sees the catalogue is valid, and which rules the law was not read for."""
    path = ROOT / "storage" / "catalogs" / "dien_bien_2026.toml"
    result = cli(subprocess_env, "catalog", "check", str(path))
    assert result.returncode == 0 and "hợp lệ — 46 đơn vị (45 báo cáo)" in result.stdout, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("Cảnh báo")]
    # Each rule marked S or M, by its place, kind and source; a rule read in the law (V) is not named.
    assert any("[[award_rules]] số 8 'ratio' (Tỷ lệ 15% của NĐ 91/2017" in w and "chưa kiểm chứng" in w
               for w in warnings)
    assert any("[[award_rules]] số 2 'authority'" in w and "nguồn thứ cấp" in w for w in warnings)
    assert not any("số 7 'ratio'" in w or "số 11 'unique'" in w for w in warnings)
    # The decision's legal bases read only in secondary sources: named, so they are checked before a decision.
    assert sum("[[document.legal_bases]]" in w and "nguồn thứ cấp" in w for w in warnings) == 2
    # The streak conditions not read in the law too (BK Thủ tướng of 2024 on, BK tỉnh); 2020's BK Thủ tướng is.
    streaks = [w for w in warnings if "[[streak_rules]]" in w]
    assert len(streaks) == 2 and "số 2 'BK_TTCP'" in streaks[0] and "số 3 'BK_TINH'" in streaks[1]
    assert len(warnings) == 10


def test_opening_the_2026_catalogue_leaves_its_warnings_to_catalog_check(database_url, caplog):
    """The terminal demo of 2026 starts on a clean screen: the rules not verified are `catalog check`'s to name."""
    caplog.set_level(logging.INFO)
    prepare(make_settings(database_url, CATALOG=str(ROOT / "storage" / "catalogs" / "dien_bien_2026.toml")))
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("10 warning(s); python main.py catalog check lists them" in r.getMessage() for r in caplog.records)
