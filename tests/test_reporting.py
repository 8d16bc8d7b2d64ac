"""A clerk's report where HTTP is the point: a sticker (a Telegram update the adapter maps to an
attachment) in the middle of a question. The report itself is a user story:
tests/stories/test_reporting.py; the bot killed (SIGKILL) mid-report, on both databases: tests/test_faults.py."""

from __future__ import annotations

from bot import texts
from tests.clerk import say
from tests.stories.test_reporting import stored


async def test_a_sticker_in_the_middle_of_a_question_is_explained_and_the_question_asked_again(bot):
    clerk = await bot.register(804, "Lò Thị Mai")
    await say(clerk, "/baocao")
    await say(clerk, "15")
    # A sticker in the middle of a question: explained, same question again, nothing touched.
    before = clerk.fake.count(804)
    clerk.fake.push_update({"message": {"message_id": 999, "date": 0, "chat": {"id": 804, "type": "private"},
                                        "from": {"id": 804, "is_bot": False, "first_name": "Mai"},
                                        "sticker": {"file_id": "x", "file_unique_id": "x", "type": "regular",
                                                    "width": 1, "height": 1, "is_animated": False,
                                                    "is_video": False}}})
    msgs = await clerk.fake.wait_for_messages(804, before + 1)
    assert texts.worded(texts.ATTACHMENT_NOT_UNDERSTOOD, buttons=True) in msgs[before].text and "câu 2/6" in msgs[before].text
    assert stored(bot, "quai-nua")["ntm_tieu_chi"].number == 15
