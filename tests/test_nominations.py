"""Nominations and role models: a clerk keeps the unit's lists, the commendation rules check them."""

from __future__ import annotations

import logging

from sqlmodel import select

from storage import reports as R
from storage.db import transaction
from storage.models import AuditLog, Nomination, Report, RoleModel
from storage.people import find_units, fold


async def add_nominee(phone, name, form, subject="Cá nhân", position="Trưởng bản Co Sản",
                      achievements="Hoàn thành xuất sắc nhiệm vụ năm 2020.", then=(), confirm=True):
    """Add one nominee through the chat; `then` answers the form's extra questions (a str is typed,
    ("press", label) presses). Returns the last replies."""
    await phone.press("➕ Thêm")
    await phone.press(subject)
    await phone.send(name)
    await phone.send(position)
    await phone.press(form)
    replies = await phone.send(achievements)
    for step in then:
        replies = await (phone.press(step[1]) if isinstance(step, tuple) else phone.send(step))
    if confirm:
        replies = await phone.press("Xác nhận")
    return replies


def seed(bot, form, names, unit="Quài Nưa", subject="individual", **extra):
    """Nominees already on the list (typed in earlier), to test rules over long lists quickly."""
    with transaction(bot.engine) as session:
        round_ = R.round_by_code(session, "tongket-2020")
        report = R.get_or_create_report(session, round_.id, find_units(session, unit)[0].id)
        for name in names:
            session.add(Nomination(report_id=report.id, subject=subject, name=name, name_key=fold(name),
                                   position="Giáo viên", form_code=form, achievements="Tốt.", complete=True,
                                   **extra))


async def test_clerk_adds_views_edits_and_removes_nominees(bot, fake):
    clerk = await bot.register(601, "Lò Thị Mai")
    [listing] = await clerk.send("/khenthuong")
    assert "Danh sách đề nghị khen thưởng — xã Quài Nưa" in listing.text and "(chưa có ai)" in listing.text

    await clerk.press("➕ Thêm")
    [question] = await clerk.press("Cá nhân")
    assert "Họ và tên" in question.text
    await clerk.send("Lò Văn Minh")
    [forms] = await clerk.send("Trưởng bản Co Sản")
    # Only forms for an individual, the province's marked as proposals sent up.
    assert "LĐTT" in forms.button_texts and "CSTĐCS" in forms.button_texts
    assert "GK huyện" in forms.button_texts and "BK UBND tỉnh ↑" in forms.button_texts
    assert "TTLĐTT" not in forms.button_texts and "BK Thủ tướng" not in " ".join(forms.button_texts)
    assert "đề nghị lên cấp tỉnh" in forms.text
    [ask] = await clerk.press("LĐTT")
    assert "tối đa 500 ký tự" in ask.text
    too_long, again = await clerk.send("x" * 501, expect=2)
    assert "quá giới hạn 500" in too_long.text and "Tóm tắt thành tích" in again.text
    [card] = await clerk.send("Dẫn đầu phong trào trồng cây chanh leo.")
    print(card.text)
    assert "Lò Văn Minh" in card.text and "Lao động tiên tiến" in card.text and "✅ Xác nhận" in card.button_texts
    [listing] = await clerk.press("Xác nhận")
    print(listing.text)
    assert "1. Lò Văn Minh (cá nhân) — LĐTT" in listing.text
