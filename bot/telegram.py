"""Telegram adapter: translates between python-telegram-bot and the core. No business logic."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections import defaultdict
from typing import Optional

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, ExtBot, TypeHandler
from aiohttp import web

from bot.events import Incoming, Reply, Unreachable
from bot.pacing import SendPacer
from bot.settings import Settings
from handlers.dispatcher import Dispatcher

log = logging.getLogger(__name__)
CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Waits before retrying a send that failed on the network or with a 5xx.
# A duplicate question on the phone is harmless; a lost one leaves the clerk waiting.
SEND_RETRY_DELAYS = (0.5, 2.0, 5.0)


def to_incoming(update: Update) -> Optional[Incoming]:
    """The neutral event for a Telegram update, or None if it is not for us."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or chat.type != "private":
        return None  # the bot works in private chats only
    name = user.full_name or user.first_name or ""
    key = str(update.update_id)
    if update.callback_query is not None:
        return Incoming(CHANNEL, str(chat.id), str(user.id), name, choice=update.callback_query.data or "",
                        update_key=key)
    message = update.message or update.edited_message
    if message is None:
        return None
    # When the person sent it (an edit: when they edited it), by Telegram's clock.
    sent_at, edited = message.edit_date or message.date, update.edited_message is not None
    if message.text is not None:
        return Incoming(CHANNEL, str(chat.id), str(user.id), name, text=message.text, update_key=key,
                        sent_at=sent_at, edited=edited)
    return Incoming(CHANNEL, str(chat.id), str(user.id), name, has_attachment=True, update_key=key,
                    sent_at=sent_at, edited=edited)


def keyboard(reply: Reply) -> Optional[InlineKeyboardMarkup]:
    if not reply.choices:
        return None
    buttons = [InlineKeyboardButton(c.label, callback_data=c.value) for c in reply.choices]
    rows = [buttons[i:i + reply.columns] for i in range(0, len(buttons), reply.columns)]
    return InlineKeyboardMarkup(rows)


def rate_limiter(settings: Settings) -> Optional[SendPacer]:
    """One message per 1/TELEGRAM_SEND_RATE s over all chats, no bursts (0: no limit)."""
    if settings.telegram_send_rate <= 0:
        return None
    return SendPacer(settings.telegram_send_rate, max_retries=3)


def make_bot(settings: Settings) -> ExtBot:
    """A Bot for sending without polling (e.g. `main.py jobs`), limited like the running bot's."""
    return ExtBot(settings.telegram_bot_token, base_url=settings.telegram_bot_base_url,
                  base_file_url=settings.telegram_file_base_url, rate_limiter=rate_limiter(settings))


async def render(bot: Bot, chat_id: int, reply: Reply) -> None:
    """Send one neutral Reply as Telegram messages (text split at Telegram's 4096 limit)."""
    if reply.file is not None:
        if reply.file.is_image:
            await _retrying(bot.send_photo, chat_id, reply.file.data, caption=reply.file.caption or None,
                            filename=reply.file.filename)
        else:
            await _retrying(bot.send_document, chat_id, reply.file.data, filename=reply.file.filename,
                            caption=reply.file.caption or None)
        if not reply.text:
            return
    for start in range(0, max(len(reply.text), 1), 4096):
        last = start + 4096 >= len(reply.text)
        await _retrying(bot.send_message, chat_id, reply.text[start:start + 4096],
                        reply_markup=keyboard(reply) if last else None)


class TelegramSender:
    """The outbound `Sender` for Telegram: a 403 means the person blocked the bot."""

    def __init__(self, bot: Bot):
        self.bot = bot

    async def send(self, channel: str, chat_id: str, reply: Reply) -> None:
        if channel != CHANNEL:
            raise ValueError(f"TelegramSender cannot send on {channel}")
        try:
            await render(self.bot, int(chat_id), reply)
        except Forbidden as exc:
            raise Unreachable(exc.message) from exc


class TelegramChannel:
    name = CHANNEL

    def __init__(self, settings: Settings, dispatcher: Dispatcher):
        self.settings = settings
        self.dispatcher = dispatcher
        self.webhook_mode = settings.telegram_mode == "webhook"
        builder = (
            ApplicationBuilder()
            .token(settings.telegram_bot_token)
            .base_url(settings.telegram_bot_base_url)
            .base_file_url(settings.telegram_file_base_url)
            # Chats are handled concurrently; messages of one chat in order (below).
            .concurrent_updates(True)
        )
        limiter = rate_limiter(settings)
        if limiter is not None:
            builder = builder.rate_limiter(limiter)
        if self.webhook_mode:  # updates arrive on our own HTTP server (`webhook` below)
            builder = builder.updater(None)
        self.app: Application = builder.build()
        self.app.add_handler(TypeHandler(Update, self.on_update))
        self.app.add_error_handler(self.on_error)
        self._chat_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.outbox = None  # set by the composition root: every reply goes out through it

    async def on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        event = to_incoming(update)
        if event is None:
            return
        query = update.callback_query
        async with self._chat_locks[event.chat_id]:
            replies = await asyncio.to_thread(self.dispatcher.handle, event)
            if query is not None:
                await self._acknowledge_press(query)
            await self.outbox.send_replies(CHANNEL, event.chat_id, replies)

    async def _acknowledge_press(self, query) -> None:
        try:
            await query.answer()
        except TelegramError:
            log.info("could not answer a callback query (too old?)")
        message = query.message
        if message is None or not getattr(message, "text", None):
            return
        label = next((b.text for row in (message.reply_markup.inline_keyboard if message.reply_markup else [])
                      for b in row if b.callback_data == query.data), None)
        text = message.text + (f"\n\n👉 {label}" if label else "")
        try:  # show what was chosen and remove the buttons of the answered question
            await message.edit_text(text[:4096], reply_markup=None)
        except BadRequest:
            pass

    @property
    def sender(self) -> TelegramSender:
        return TelegramSender(self.app.bot)

    async def send(self, chat_id: int, reply: Reply) -> None:
        try:
            await render(self.app.bot, chat_id, reply)
        except Forbidden:
            log.warning("a Telegram user blocked the bot; message not delivered")

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error in the Telegram adapter: %s", context.error, exc_info=context.error)

    # --- webhook mode -----------------------------------------------------
    async def webhook(self, request: web.Request) -> web.Response:
        """One update per POST from Telegram: check the secret, queue it, answer 200 at once."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), (self.settings.telegram_webhook_secret or "").encode()):
            log.warning("Telegram webhook call refused: wrong or missing secret header")
            return web.Response(status=403, text="Forbidden")
        try:
            update = Update.de_json(json.loads(await request.read()), self.app.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="Bad update")
        # The dispatcher claims the update id, so a redelivered update is handled once.
        await self.app.update_queue.put(update)
        return web.Response(text="ok")

    @property
    def webhook_url(self) -> Optional[str]:
        base = self.settings.public_base_url
        return base.rstrip("/") + self.settings.telegram_webhook_path if base else None

    async def register_webhook(self) -> None:
        """Point Telegram at our webhook (only when PUBLIC_BASE_URL says where we are reached)."""
        if self.webhook_url is None:
            log.info("Telegram webhook mode without PUBLIC_BASE_URL: setWebhook is left to the operator")
            return
        await self.app.bot.set_webhook(self.webhook_url, secret_token=self.settings.telegram_webhook_secret,
                                       allowed_updates=Update.ALL_TYPES)
        log.info("Telegram webhook set to %s", self.webhook_url)

    # --- lifecycle --------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.app.running and (self.webhook_mode or bool(self.app.updater and self.app.updater.running))

    async def start(self) -> None:
        await self.app.initialize()
        await self.app.start()
        if not self.webhook_mode:
            await self.app.updater.start_polling(poll_interval=0.0, timeout=20, allowed_updates=Update.ALL_TYPES)

    async def stop(self) -> None:
        if self.app.updater and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()


async def _retrying(send, *args, **kwargs):
    """Call a Bot API method, retrying network errors and 5xx answers with a growing wait."""
    for delay in (*SEND_RETRY_DELAYS, None):
        try:
            return await send(*args, **kwargs)
        except (RetryAfter, Forbidden, BadRequest):
            raise  # the rate limiter waits out 429s; the others will not get better
        except NetworkError as exc:
            if delay is None:
                raise
            log.warning("Bot API send failed (%s); retrying in %.1f s", type(exc).__name__, delay)
            await asyncio.sleep(delay)
