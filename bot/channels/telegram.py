"""Telegram adapter: translates between python-telegram-bot and the core. No business logic."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import re
from typing import Any, Literal, Optional

from aiohttp import web
from pydantic import Field
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot import texts
from bot.channels.base import BaseChannel, BotApiSettings
from bot.events import InDocument, Incoming, Refused, Reply, Taken, Unreachable
from bot.pacing import SendPacer
from bot.rendering import split_text, utf16_len

log = logging.getLogger(__name__)
CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_TEXT = 4096  # UTF-16 units per message
# Wait before retrying, once, a send that failed on the network or with a 5xx (a blip); past that
# the outbox (bot/outbox.py) sends it again with growing pauses, for as long as it takes.
SEND_RETRY_DELAYS = (0.5,)


class TelegramSettings(BotApiSettings):
    bot_token: Optional[str] = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    api_base_url: str = Field(default="https://api.telegram.org", alias="TELEGRAM_API_BASE_URL")
    # Long polling by default; `run --webhook` (or TELEGRAM_MODE=webhook) takes updates on the bot's
    # HTTP server instead. Telegram sends the secret in X-Telegram-Bot-Api-Secret-Token.
    mode: Literal["polling", "webhook"] = Field(default="polling", alias="TELEGRAM_MODE")
    webhook_path: str = Field(default="/telegram/webhook", alias="TELEGRAM_WEBHOOK_PATH")
    webhook_secret: Optional[str] = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    # Messages per second the bot sends at most, over all chats (Telegram allows about 30); 0: no limit
    # (a local Bot API server, benchmarks).
    send_rate: float = Field(default=29, ge=0, alias="TELEGRAM_SEND_RATE")

    def problem(self) -> Optional[str]:
        # Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
        if self.webhook and not re.fullmatch(r"[A-Za-z0-9_-]{8,256}", self.webhook_secret or ""):
            return "TELEGRAM_WEBHOOK_SECRET: 8 to 256 characters A-Z, a-z, 0-9, _ or - (webhook mode)"
        return None

    @property
    def bot_base_url(self) -> str:
        return self.api_base_url.rstrip("/") + "/bot"

    @property
    def file_base_url(self) -> str:
        return self.api_base_url.rstrip("/") + "/file/bot"


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
    if message.text is not None:  # a private chat numbers both sides' messages in one sequence
        return Incoming(CHANNEL, str(chat.id), str(user.id), name, text=message.text, update_key=key,
                        sent_at=sent_at, edited=edited, message_seq=None if edited else message.message_id)
    if message.document is not None and not edited:
        doc = message.document
        return Incoming(CHANNEL, str(chat.id), str(user.id), name, update_key=key, sent_at=sent_at,
                        document=InDocument(filename=doc.file_name or "", size=doc.file_size or 0,
                                            file_id=doc.file_id, mime_type=doc.mime_type or ""))
    return Incoming(CHANNEL, str(chat.id), str(user.id), name, has_attachment=True, update_key=key,
                    sent_at=sent_at, edited=edited)


def keyboard(reply: Reply) -> Optional[InlineKeyboardMarkup]:
    if not reply.choices:
        return None
    buttons = [InlineKeyboardButton(c.label, callback_data=c.value) for c in reply.choices]
    rows = [buttons[i:i + reply.columns] for i in range(0, len(buttons), reply.columns)]
    return InlineKeyboardMarkup(rows)


def rate_limiter(config: TelegramSettings) -> Optional[SendPacer]:
    """One message per 1/TELEGRAM_SEND_RATE s over all chats, no bursts (0: no limit)."""
    if config.send_rate <= 0:
        return None
    return SendPacer(config.send_rate, max_retries=3)


def text_pieces(text: str) -> list[str]:
    """A text as Telegram messages: cut at line ends, each within MAX_TEXT UTF-16 units."""
    return split_text(text, MAX_TEXT, utf16_len)


async def render(bot: Bot, chat_id: int, reply: Reply) -> Taken:
    """Send one neutral Reply as Telegram messages (worded for buttons; a long text split at line ends
    within Telegram's 4,096 UTF-16 units, the buttons on the last); returns the date and the number
    Telegram gave the last of them."""
    reply = dataclasses.replace(reply, text=texts.worded(reply.text, buttons=True))
    sent = None
    if reply.file is not None:
        if reply.file.is_image:
            sent = await _retrying(bot.send_photo, chat_id, reply.file.data, caption=reply.file.caption or None,
                                   filename=reply.file.filename)
        else:
            sent = await _retrying(bot.send_document, chat_id, reply.file.data, filename=reply.file.filename,
                                   caption=reply.file.caption or None)
        if not reply.text:
            return _taken(sent)
    pieces = text_pieces(reply.text)
    for n, piece in enumerate(pieces, 1):
        sent = await _retrying(bot.send_message, chat_id, piece,
                               reply_markup=keyboard(reply) if n == len(pieces) else None)
    return _taken(sent)


def _taken(sent: Any) -> Taken:
    return Taken(getattr(sent, "date", None), getattr(sent, "message_id", None))


class TelegramChannel(BaseChannel):
    name = CHANNEL
    Settings = TelegramSettings
    secret_header = SECRET_HEADER
    takes_files = True

    def __init__(self, settings, dispatcher, links=None, outbox=None):
        super().__init__(settings, dispatcher, links, outbox)
        config: TelegramSettings = self.config
        self.webhook_mode = config.webhook
        builder = (
            ApplicationBuilder()
            .token(config.bot_token)
            .base_url(config.bot_base_url)
            .base_file_url(config.file_base_url)
            # Chats are handled concurrently; messages of one chat in order (BaseChannel.process).
            .concurrent_updates(True)
        )
        limiter = rate_limiter(config)
        if limiter is not None:
            builder = builder.rate_limiter(limiter)
        if self.webhook_mode:  # updates arrive on our own HTTP server (`take_posted` below)
            builder = builder.updater(None)
        self.app: Application = builder.build()
        self.app.add_handler(TypeHandler(Update, self.on_update))
        self.app.add_error_handler(self.on_error)
        self._listening = self._ready = False

    async def on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        event = to_incoming(update)
        if event is None:
            return
        query = update.callback_query
        await self.process(event, (lambda: self._acknowledge_press(query)) if query is not None else None)

    async def receive(self, event: Incoming) -> Incoming:
        """A document's bytes, fetched before the core sees it (getFile, then GET /file/bot<token>/<path>);
        not over UPLOAD_MAX_MB, by what Telegram says and by what arrives."""
        doc = event.document
        if doc is None or doc.data is not None:
            return event
        limit = self.settings.upload_max_bytes
        if doc.size > limit:
            return event  # too big: not fetched; the core says so
        try:
            file = await self.app.bot.get_file(doc.file_id)
            if (file.file_size or 0) > limit:
                return event
            data = bytes(await file.download_as_bytearray())
        except Exception as exc:  # noqa: BLE001 - any failure: the person is asked to send it again
            log.warning("a document could not be fetched (%s)", type(exc).__name__)
            return dataclasses.replace(event, document=dataclasses.replace(doc, failed=True))
        fetched = dataclasses.replace(doc, data=data if len(data) <= limit else None, size=len(data))
        return dataclasses.replace(event, document=fetched)

    async def _acknowledge_press(self, query) -> None:
        """Stop the button's spinner: cosmetic, so best effort. Whatever the Bot API answers (an error,
        a 502, a time-out, something unreadable), the replies still go out.

        The answered question keeps its buttons: taking them off is an edit, and an edit takes a slot
        of Telegram's 30 messages a second like a message does (bench/messages.py measured both). The
        reply says what was saved; a press on the old buttons is answered "câu hỏi cũ" and the
        current question, in one message."""
        try:
            await query.answer()
        except Exception as exc:  # noqa: BLE001 - cosmetic
            log.info("could not answer a callback query (%s)", type(exc).__name__)

    async def transmit(self, chat_id: str, reply: Reply) -> Taken:
        try:
            return await render(self.app.bot, int(chat_id), reply)
        except Forbidden as exc:  # the person blocked the bot
            raise Unreachable(exc.message) from exc
        except (BadRequest, RetryAfter) as exc:  # Telegram answered no: the message is not on the phone
            raise Refused(exc.message) from exc

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error in the Telegram adapter: %s", context.error, exc_info=context.error)

    # --- webhook mode -----------------------------------------------------
    async def take_posted(self, body: Any) -> web.Response:
        try:
            update = Update.de_json(body, self.app.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return self.refusal(400, "Bad update")
        # The dispatcher claims the update id, so a redelivered update is handled once.
        await self.app.update_queue.put(update)
        return web.Response(text="ok")

    def refusal(self, status: int, reason: str) -> web.Response:
        return web.Response(status=status, text="Bad update" if status == 400 else reason)

    @property
    def webhook_url(self) -> Optional[str]:
        base = self.settings.public_base_url
        return base.rstrip("/") + self.config.webhook_path if base else None

    async def on_listening(self) -> None:
        """Point Telegram at our webhook (only when PUBLIC_BASE_URL says where we are reached)."""
        if not self.webhook_mode:
            return
        if self.webhook_url is None:
            log.info("Telegram webhook mode without PUBLIC_BASE_URL: setWebhook is left to the operator")
            return
        await self.app.bot.set_webhook(self.webhook_url, secret_token=self.config.webhook_secret,
                                       allowed_updates=Update.ALL_TYPES)
        log.info("Telegram webhook set to %s", self.webhook_url)

    # --- lifecycle --------------------------------------------------------
    @property
    def running(self) -> bool:
        if not self._listening:  # send only (`main.py jobs`): ready once initialised
            return self._ready
        return self.app.running and (self.webhook_mode or bool(self.app.updater and self.app.updater.running))

    async def start(self, listen: bool = True) -> None:
        """`listen=False` only sends (e.g. `main.py jobs`): no polling, no update processing."""
        await self.app.initialize()
        self._ready = True
        if not listen:
            return
        self._listening = True
        await self.app.start()
        if not self.webhook_mode:
            await self.app.updater.start_polling(poll_interval=0.0, timeout=20, allowed_updates=Update.ALL_TYPES)

    async def stop(self) -> None:
        if self.app.updater and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        self._ready = False
        await super().stop()


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
