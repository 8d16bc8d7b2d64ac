"""The channels the bot can serve: one file each, registered here.

Adding a channel is one file (a `BaseChannel` subclass and its `ChannelSettings` section) and one
line below; `main.py` serves every registered channel its settings enable. Recipe:
docs/recipes/channel.md.
"""

from __future__ import annotations

from bot.channels.base import BaseChannel, Channel, ChannelSender, ChannelSettings
from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel

# Order: start order, and the order of /healthz's list. The terminal chat (bot.channels.console)
# is not here: `main.py run` opens it when none of these is enabled.
CHANNELS: list[type[BaseChannel]] = [
    TelegramChannel,
    ZaloChannel,
]

__all__ = ["CHANNELS", "BaseChannel", "Channel", "ChannelSender", "ChannelSettings"]
