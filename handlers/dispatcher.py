"""The conversation core: one incoming event in, the replies out.

Each event is handled in one database transaction: the update id is
claimed, the chat's state is read, the handler runs, and its answers and the
new state are committed together. So a doubled update is handled once, a
restart loses nothing, and a failure leaves nothing half-saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any, Callable, Optional, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from bot import texts
from bot.events import Choice, Incoming, Notice, Reply
from bot.logs import log_failure
from storage.numbers import reads_as_number, spell_number
from bot.rendering import join_replies, numbering, unnumbered
from bot.settings import Settings
from handlers import menu, placement, registration
from handlers.context import Ctx
from handlers.registry import Handlers, Reading
from storage import outbox
from storage.db import claim_update, reading, transaction
from storage.models import ChatState, Identity, User, utcnow
from storage.people import fold, note_seen
from storage.text import clean, menu_digits

log = logging.getLogger(__name__)

STATE_PREFIX = "v"  # button values carry the state version they were offered in
# A number typed to pick from a numbered list: "2", "số 2", "hai", "thứ hai", "chọn số 12", "mười hai".
# Words come from the same speller the bot uses to read numbers back, plus common variants.
NUMBER_WORDS = {**{fold(spell_number(n)): n for n in range(1, 41)},
                "tu": 4, "lam": 5, "nhat": 1, "thu nhat": 1, "thu tu": 4}
PICK_PREFIXES = ("chon ", "so ", "thu ", "muc ", "phuong an ", "cau ")


# Every message runs these: built once (building a statement costs more than SQLite running it).
_CHAT = select(ChatState).where(ChatState.channel == bindparam("channel"),
                                ChatState.chat_id == bindparam("chat_id")).with_for_update()
_PERSON = select(Identity, User).join(User, User.id == Identity.user_id).where(
    Identity.channel == bindparam("channel"), Identity.external_id == bindparam("sender"))
_CHAT_STATE = ("flow", "data", "offered", "numbered", "version", "doubt", "updated_at")
_SAVE_CHAT = update(ChatState.__table__).where(ChatState.__table__.c.id == bindparam("chat_row")).values(
    {name: bindparam(name) for name in _CHAT_STATE})


class Dispatcher:
    def __init__(self, engine: Engine, settings: Settings, handlers: Handlers,
                 clock: Optional[Callable[[], dt.datetime]] = None, *, channels: Optional[list[str]] = None,
                 fallback_channel: Optional[str] = None, on_notices: Optional[Callable[[], None]] = None,
                 listeners: Sequence[Callable[[set[str]], None]] = ()):
        self.engine = engine
        self.settings = settings
        self.handlers = handlers  # every command, flow and report part: the table in main.py
        self.tz = ZoneInfo(settings.tz)
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        # Called (from the handling thread) after a commit with what changed (the scheduler's `on_change`).
        self.listeners = tuple(listeners)
        # The channels this process runs (a notice goes where its person wrote last among them);
        # None: any.
        self.channels = channels
        # Where a notice goes for a person with no identity on those channels: None (not sent), or the
        # terminal demo's channel, where everyone shares one screen.
        self.fallback_channel = fallback_channel
        # Called (from the handling thread) after a commit that put notices in the outbox: the
        # composition root gives the outbox's wake-up.
        self.on_notices = on_notices

    def now(self) -> dt.datetime:
        return self.clock().astimezone(self.tz)

    def delivered(self, replies: list[Reply], taken_at: Optional[dt.datetime] = None) -> None:
        """For a channel that shows replies at once (the terminal, tests): they reached the person
        (`taken_at`: when, by the provider's clock, where there is one)."""
        rows = sorted({r.outbox[0] for r in replies if r.outbox is not None})
        outbox.acknowledge(self.engine, rows, {row: taken_at for row in rows} if taken_at else None)

    def handle(self, event: Incoming) -> list[Reply]:
        # Once, here: one Unicode form (NFC), no invisible format characters (see storage/text.py).
        event = dataclasses.replace(event, text=clean(event.text), sender_name=clean(event.sender_name) or "")
        # A document is read before the transaction, and only if its sender may send one: parsing and
        # checking a big file must not hold the database (on SQLite every other chat would wait for it).
        upload = self._read_document(event)
        try:
            try:
                with transaction(self.engine) as session:
                    replies, changed, notices = self._handle(session, event, upload)
            except IntegrityError:
                # Another worker created the same chat row or claimed the same
                # update at the same moment: once more, and the claim decides.
                with transaction(self.engine) as session:
                    replies, changed, notices = self._handle(session, event, upload)
            finally:
                self._done_document(upload)
        except IntegrityError:
            log.info("update %s already handled elsewhere", event.update_key)
            return []
        except OperationalError:
            log_failure(log, "database unavailable while handling a %s update", event.channel, level=logging.WARNING)
            return [Reply(texts.TRY_AGAIN_LATER)]
        except Exception:
            log_failure(log, "error while handling a %s update", event.channel)
            return [Reply(texts.TRY_AGAIN_LATER)]
        if changed:
            for listener in self.listeners:
                try:
                    listener(changed)
                except Exception:
                    log_failure(log, "a listener failed after a %s change", ", ".join(sorted(changed)))
        if notices and self.on_notices is not None:
            try:
                self.on_notices()
            except Exception:
                log_failure(log, "could not wake the outbox for %d notice(s)", len(notices))
        return replies

    def wants_document(self, event: Incoming) -> Optional[int]:
        """Who first, then the file: the sender's user id when a document from them is worth fetching
        and reading (a clerk who can change a report now), else None: a stranger's, an official's, a
        clerk's with nothing open is answered without downloading it. A short read, no transaction;
        a channel asks before it downloads (BaseChannel.process), and the core again before reading."""
        documents = self.handlers.documents
        if event.document is None or documents is None or event.edited:
            return None
        with reading(self.engine) as session:  # no write lock: strangers' files never hold the chats
            identity = session.exec(select(Identity).where(Identity.channel == event.channel,
                                                           Identity.external_id == event.sender_id)).first()
            user = session.get(User, identity.user_id) if identity else None
            return user.id if documents.wanted(session, user, self.now().date()) else None

    def _read_document(self, event: Incoming) -> Any:
        if event.document is None or self.handlers.documents is None or event.edited:
            return None
        try:
            user_id = self.wants_document(event)
            if user_id is None:
                log.info("a %s document not read: its sender cannot send a list now", event.channel)
                return None
            return self.handlers.documents.read(event.document, self.settings, self.engine, user_id)
        except Exception:  # the handler is told nothing was read, and says so
            log_failure(log, "a %s document could not be read", event.channel)
            return None

    def _done_document(self, upload: Any) -> None:
        """After the event's transaction, whatever became of it: what reading the file left behind goes."""
        if upload is None:
            return
        try:
            self.handlers.documents.done(upload, self.engine)
        except Exception:  # left for the next file's clean-up
            log_failure(log, "what a document's reading left could not be cleared")

    # ------------------------------------------------------------------
    def _handle(self, session: Session, event: Incoming,
                upload: Any = None) -> tuple[list[Reply], set[str], list[Notice]]:
        if event.update_key is not None and not claim_update(session, event.channel, event.update_key):
            return [], set(), []

        # The row lock keeps two instances from interleaving one chat's messages.
        chat = session.exec(_CHAT, params={"channel": event.channel, "chat_id": event.chat_id}).first()
        if chat is None:
            chat = ChatState(channel=event.channel, chat_id=event.chat_id)
            session.add(chat)
            session.flush()
        # The handlers change the chat's state many times; it is written once, at the end (_save_chat),
        # not flushed again before each of their queries.
        session.expunge(chat)
        identity, user = session.exec(_PERSON, params={"channel": event.channel, "sender": event.sender_id}).first() \
            or (None, None)
        if user is not None:  # they wrote to us, so they can be reached again
            note_seen(session, identity, user, event.chat_id)
        ctx = Ctx(session=session, settings=self.settings, event=event, chat=chat, user=user, now=self.now(),
                  handlers=self.handlers, upload=upload)

        newest = chat.version
        held, chat.doubt = chat.doubt, None  # an answer held while the person says which question it was for
        self._place(ctx, held)
        replies = _one_live_menu(join_replies(ctx.replies))

        # Version the buttons we send: a press on an older message is stale.
        chat.version = newest + 1
        for reply in replies:
            reply.choices = [Choice(c.label, self._stamp(c.value, chat.version)) for c in reply.choices]
        question = next((r for r in reversed(replies) if r.choices), None)
        chat.offered = [[c.label, c.value] for c in question.choices] if question else []
        chat.numbered = bool(question and question.numbered)
        chat.updated_at = utcnow()
        _save_chat(session, chat)
        shows = _snapshot(chat)
        if replies:
            # Written with the change they report: sent after the commit, and again until taken.
            row_id = outbox.enqueue(session, outbox.REPLY, event.channel, event.chat_id,
                                    [r.to_message() for r in replies], user_id=user.id if user else None,
                                    chat_version=chat.version, shows=shows)
            for part, reply in enumerate(replies):
                reply.outbox = (row_id, part)
        else:  # nothing to deliver: the state is what the person has in front of them
            outbox.mark_shown(session, event.channel, event.chat_id, chat.version, shows, utcnow())
        self._write_notices(session, ctx.notices)
        return replies, ctx.changed, ctx.notices

    def _place(self, ctx: Ctx, held: Optional[dict]) -> None:
        """Route the event to the question it answers (handlers/placement.py): the newest one, one the
        person surely saw, or, when either may be meant, ask which (`held`: the answer asked about)."""
        event, chat = ctx.event, ctx.chat
        prefix = f"{STATE_PREFIX}{chat.version}:"
        typed = self._typed_choice(event.text.strip(), chat) if held and event.text and chat.offered else None
        picked = placement.picked_reading(event.choice or typed, prefix, held)
        if picked is not None:  # the tap: the held answer goes to the question chosen, as if typed there
            _restore(chat, held["readings"][picked])
            ctx.event = dataclasses.replace(event, text=held["text"], choice=None, sent_at=None)
            self._route(ctx)
            return
        where = placement.place(ctx.session, event, chat, lambda state, text: self._reading(ctx, state, text),
                                may_ask=held is None)  # never two such questions in a row
        if isinstance(where, placement.Ask):
            log.info("an answer on %s fits two questions, one of them maybe not seen: asked which", event.channel)
            if where.readings[1]["version"] != chat.version:
                _restore(chat, where.readings[1])
            outbox.supersede_replies(ctx.session, event.channel, event.chat_id)
            text = event.text.strip()
            ask = texts.DOUBT_NUMBER if reads_as_number(text) else texts.DOUBT_TEXT
            ctx.ask(ask.format(text=_brief(text)),
                    [Choice(label, f"{placement.DOUBT_VALUE}{n}") for n, label in enumerate(where.labels)])
            chat.doubt = {"text": text, "readings": list(where.readings)}
            return
        if where is not None:  # the answer is to a question on the person's screen, not to a newer one
            log.info("an answer on %s came before its question was delivered: taken for the question shown",
                     event.channel)
            _restore(chat, where)
            outbox.supersede_replies(ctx.session, event.channel, event.chat_id)
        self._route(ctx)

    def _reading(self, ctx: Ctx, state: dict, text: str) -> Optional[Reading]:
        """How the flow of a remembered state would take `text` (None: it cannot say)."""
        flow = self.handlers.flow(state.get("flow"))
        read = getattr(flow, "reading", None)
        if read is None:
            return None
        chat = ChatState(channel=ctx.chat.channel, chat_id=ctx.chat.chat_id, flow=state.get("flow"),
                         data=dict(state.get("data") or {}))
        return read(dataclasses.replace(ctx, chat=chat, replies=[], changed=set(), notices=[]), text)

    def _write_notices(self, session: Session, notices: list[Notice]) -> None:
        by_user: dict[int, list[Reply]] = {}
        for notice in notices:
            by_user.setdefault(notice.user_id, []).extend(notice.replies)
        for user_id, replies in by_user.items():
            if outbox.enqueue_notice(session, user_id, [r.to_message() for r in replies], self.channels,
                                     self.fallback_channel) is None:
                log.info("user %s has no identity on a running channel; notice not sent", user_id)

    @staticmethod
    def _stamp(value: str, version: int) -> str:
        return value if value.startswith("/") else f"{STATE_PREFIX}{version}:{value}"

    def _route(self, ctx: Ctx) -> None:
        event, chat = ctx.event, ctx.chat
        if event.edited:  # it answered some earlier question, which one we cannot be sure: taken for none
            ctx.say(texts.EDIT_NOT_TAKEN)
            self._resume(ctx)
            return
        text = (event.text or "").strip()
        choice = event.choice
        if choice is None and text and chat.offered:
            choice = self._typed_choice(text, chat)
            if choice is None and chat.numbered and _earlier_choice(text, chat):
                ctx.say(texts.EARLIER_CHOICE)  # a pick from a menu that is gone: say so, show the current one
                self._resume(ctx)
                return

        if choice is not None and not choice.startswith("/"):
            version, _, value = choice.partition(":")
            if version != f"{STATE_PREFIX}{chat.version}" or not value:
                ctx.say(texts.STALE_BUTTON)
                self._resume(ctx)
                return
            choice = value
        if choice is not None and choice.startswith("/"):
            text, choice = choice, None

        if ctx.user is None:
            registration.handle_stranger(ctx, text)
            return

        if text.startswith("/"):
            name, _, args = text.partition(" ")
            name = name.split("@")[0].lower()
            command = self.handlers.command(name)
            if command is None:
                ctx.say(texts.UNKNOWN_COMMAND)
                menu.show_menu(ctx)
            elif ctx.user.role not in command.roles:
                log.info("refused %s for user %s (role %s)", name, ctx.user.id, ctx.user.role)
                ctx.say(command.refusal or texts.NOT_FOR_YOUR_ROLE)
                menu.show_menu(ctx)
            else:
                command.run(ctx, args.strip())
            return

        if event.document is not None and self.handlers.documents is not None:
            self.handlers.documents.take(ctx, ctx.upload)
            return
        attachment = event.has_attachment or event.document is not None
        flow = self.handlers.flow(chat.flow)
        if flow is None:
            ctx.say(texts.ATTACHMENT_NOT_UNDERSTOOD if attachment else texts.NOT_UNDERSTOOD)
            menu.show_menu(ctx)
        elif attachment:
            ctx.say(texts.ATTACHMENT_NOT_UNDERSTOOD)
            flow.resume(ctx)
        else:
            flow.on_input(ctx, text or None, choice)

    def _resume(self, ctx: Ctx) -> None:
        flow = self.handlers.flow(ctx.chat.flow) if ctx.user else None
        if flow is not None:
            flow.resume(ctx)
        elif ctx.user is not None:
            menu.show_menu(ctx)
        else:
            registration.handle_stranger(ctx, "")

    @staticmethod
    def _typed_choice(text: str, chat: ChatState) -> Optional[str]:
        """A typed label, or a typed number on numbered lists, picks a button."""
        wanted = fold(text).strip(" .")
        for label, value in chat.offered:
            if wanted in _label_forms(label):
                return value
        if chat.numbered:
            number = _picked_number(wanted)
            numbers = numbering([label for label, _ in chat.offered])
            if number in numbers:
                return chat.offered[numbers.index(number)][1]
        return None


def _one_live_menu(replies: list[Reply]) -> list[Reply]:
    """Only the last menu of an answer is live: buttons of an earlier one in the same answer lose their
    place (a typed number would pick from the last one only). Commands ("/baocao") stay: always valid."""
    last = next((n for n in range(len(replies) - 1, -1, -1) if replies[n].choices), None)
    for reply in replies[:last]:
        if any(not c.value.startswith("/") for c in reply.choices):
            log.warning("two menus in one answer; the earlier one's buttons dropped")
            reply.choices = [c for c in reply.choices if c.value.startswith("/")]
    return replies


def _earlier_choice(text: str, chat: ChatState) -> bool:
    """Whether `text` names a choice of a menu shown before the current one (and not of the current)."""
    wanted = fold(text).strip(" .")
    return any(wanted in _label_forms(label)
               for shown in chat.shown or [] if shown.get("version", 0) < chat.version
               for label, _ in shown.get("offered") or [])


def _label_forms(label: str) -> set[str]:
    """How a person may type a choice's label: as shown, without its emoji, without its number."""
    return {fold(label), fold(_strip_emoji(label)), fold(_strip_emoji(unnumbered(label)))}


def _save_chat(session: Session, chat: ChatState) -> None:
    """The chat's state as the event left it, in one UPDATE. Not `shown`: the outbox's acknowledgements
    write that (storage/outbox.mark_shown), and only they."""
    session.execute(_SAVE_CHAT, {"chat_row": chat.id, **{name: getattr(chat, name) for name in _CHAT_STATE}})


def _snapshot(chat: ChatState) -> dict:
    """What a question's replies show: the chat's state once they are delivered (ChatState.shown)."""
    return {"flow": chat.flow, "data": chat.data, "offered": chat.offered, "numbered": chat.numbered}


def _restore(chat: ChatState, shown: dict) -> None:
    """The chat's state back to a question it was shown (`_snapshot`, plus its version)."""
    chat.flow, chat.data = shown.get("flow"), dict(shown.get("data") or {})
    chat.offered, chat.numbered, chat.version = shown.get("offered") or [], bool(shown.get("numbered")), shown["version"]


def _brief(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _picked_number(folded: str) -> Optional[int]:
    """The number picked: "2", "số 2", "hai", "①", "²", "１２", "๒"; None if it is not one."""
    word = menu_digits(folded).strip(" .)")
    if word in NUMBER_WORDS:  # "thu nhat" before the prefix "thu " is stripped
        return NUMBER_WORDS[word]
    changed = True
    while changed:  # "chon so 2", "chon thu hai"
        changed = False
        for prefix in PICK_PREFIXES:
            if word.startswith(prefix):
                word, changed = word[len(prefix):].strip(), True
    if word.isascii() and word.isdigit():
        return int(word) if len(word) <= 4 else None  # no menu has a thousand entries
    return NUMBER_WORDS.get(word)


def _strip_emoji(label: str) -> str:
    return "".join(ch for ch in label if ch.isalnum() or ch.isspace() or ch in "-/,.").strip()
