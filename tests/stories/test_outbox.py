"""The outbox and the fast path: a reply goes out once, whoever sends it."""

from __future__ import annotations

from sqlmodel import select

from bot.events import Reply, Senders
from bot.outbox import Outbox, Pace
from storage import outbox
from storage.db import transaction
from storage.models import ChatState

CHAT = 611


async def test_a_reply_a_sweep_sent_while_its_update_was_slow_is_not_sent_again(bot, fake):
    """The update's own send comes late (a slow tap, a slow network): a sweep took the row as left by a
    dead process and delivered it. The late send must not deliver it a second time."""
    await bot.register(CHAT, "Lò Thị Mai")
    before = fake.count(CHAT)
    with transaction(bot.engine) as session:  # the reply to the chat's newest message, committed
        chat = session.exec(select(ChatState).where(ChatState.chat_id == str(CHAT))).one()
        row_id = outbox.enqueue(session, outbox.REPLY, fake.name, str(CHAT), [{"text": "Câu hỏi 2"}],
                                chat_version=chat.version)
    reply = Reply("Câu hỏi 2")
    reply.outbox = (row_id, 0)
    senders = Senders({fake.name: bot.channel.sender})
    sweeper = Outbox(bot.engine, senders, Pace(orphaned_after=0.0, poll=3600))
    fast = Outbox(bot.engine, senders, Pace(orphaned_after=0.0, poll=3600))
    assert list((await sweeper.sweep()).values()) == ["sent"]
    assert await fast.send_replies(fake.name, str(CHAT), [reply])
    assert [m.text for m in fake.bot_messages(CHAT)[before:]] == ["Câu hỏi 2"]
