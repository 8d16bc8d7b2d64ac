"""Sending what the outbox holds (storage/outbox.py), through the running channels.

Every message the bot sends goes out here: the replies to an update at once after its commit
(`send_replies`), notices to other people and scheduled messages (`send_rows`), and, on a timer,
whatever was left unacknowledged by a failed send or by a process that died (`sweep`). A message
counts as sent only when the channel's send returned; until then its row stays pending and is
tried again with growing pauses, in order per chat. Each row is marked attempted as it is taken,
before the send (storage/outbox.py); a `Refused` send clears the mark (known not delivered), any
other failure or a crash leaves it (unknown: it may have arrived).

A row taken is held for `Pace.lease` seconds, and its sender renews the hold every third of that
until the row is settled: a national reminder run that takes minutes, or a send slowed by a busy
machine, never lets a sweep (of another instance) take a row still being sent. In this process a
sweep does not even look at the rows being sent (`SENDING`), whatever their lease says.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Callable, Generic, Optional, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from bot.background import cancel
from bot.events import Refused, Reply, Sender, Taken, Unreachable, taken
from storage import outbox as store
from storage.db import transaction
from storage.models import utcnow
from storage.people import mark_unreachable

log = logging.getLogger(__name__)
T = TypeVar("T")
ACK_RETRY_PAUSES = (0.2, 0.5, 1.0, 2.0, 4.0)  # seconds, while the database is locked or away
# The rows this process is sending, per database: {row id: until when it is held (None: not held)}.
# Every outbox of the process on that database shares one (the scheduler's runner has its own outbox).
SENDING: dict[str, dict[int, Optional[dt.datetime]]] = {}


@dataclass(frozen=True)
class Pace:
    """How the outbox tries again: first pause, longest pause, and when it gives up."""

    retry_base: float = 2.0
    retry_cap: float = 60.0
    orphaned_after: float = 60.0  # a row written by a process that did not send it (it died)
    lease: float = 120.0  # how long a sweep holds a row it is sending
    give_up_after: float = 3 * 24 * 3600.0
    poll: float = 5.0  # seconds between sweeps when nothing wakes the sweeper


class Together(Generic[T]):
    """Concurrent calls of one bookkeeping write, made as one transaction: while one is being written,
    the calls that come meanwhile wait and are written together next. Under load the takes and the
    acknowledgements of many chats share one commit, one fsync, instead of one each (SQLite writes one
    transaction at a time). Each caller still returns only once its own items are written: nothing is
    sent before its take, and no chat's next message is handled before its acknowledgement."""

    def __init__(self, write: Callable[[list[T]], Any]):
        self.write = write  # items of every waiting call -> one result for all; runs in a thread
        self._queue: list[tuple[T, asyncio.Future]] = []
        self._task: Optional[asyncio.Task] = None

    async def __call__(self, item: T) -> Any:
        future = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                result = await asyncio.to_thread(self.write, [item for item, _ in batch])
            except Exception as exc:  # noqa: BLE001 - each caller meets it as if it had written alone
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
            else:
                for _, future in batch:
                    if not future.done():
                        future.set_result(result)


@dataclass(frozen=True)
class Books:
    """One caller's bookkeeping: rows to take before sending, or rows sent (and when the provider took them)."""

    take: tuple[int, ...] = ()
    sent: tuple[int, ...] = ()
    taken_at: Optional[dict[int, dt.datetime]] = None
    seq: Optional[dict[int, int]] = None  # the provider's number for a row's last message, where it gives one


class Outbox:
    def __init__(self, engine: Engine, senders: Sender, pace: Pace = Pace()):
        self.engine, self.senders, self.pace = engine, senders, pace
        self._books: Together[Books] = Together(self._write_books)
        self._wake: Optional[asyncio.Event] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._task: Optional[asyncio.Task] = None
        self.sending = SENDING.setdefault(str(engine.url), {})
        self._mine: set[int] = set()  # the rows of `sending` this outbox holds, and renews
        self._renewer: Optional[asyncio.Task] = None

    # --- holding ----------------------------------------------------------------
    def hold(self, rows: dict[int, Optional[dt.datetime]]) -> None:
        """Rows this outbox is about to send ({id: until when the database holds it}): renewed till settled.
        Callable from a thread (the runner's claim): the loop's renewer is started by `send_rows`."""
        self.sending.update(rows)
        self._mine.update(rows)

    def settle(self, ids) -> None:
        """Rows sent, deferred or closed: no longer this outbox's to hold."""
        for row_id in ids:
            if row_id in self._mine:
                self._mine.discard(row_id)
                self.sending.pop(row_id, None)

    def _renew_soon(self) -> None:
        if self._mine and (self._renewer is None or self._renewer.done()):
            self._renewer = asyncio.create_task(self._renew(), name="outbox-leases")

    async def _renew(self) -> None:
        while self._mine:
            await asyncio.sleep(self.pace.lease / 3)
            held = {row_id: until for row_id in list(self._mine)
                    if (until := self.sending.get(row_id)) is not None}
            if not held:
                continue
            now = utcnow()
            try:
                renewed = await asyncio.to_thread(store.renew, self.engine, held, now, self.pace.lease)
            except OperationalError:  # the database is busy or away: next time
                continue
            until = now + dt.timedelta(seconds=self.pace.lease)
            for row_id in renewed & self._mine:
                self.sending[row_id] = until

    # --- at once --------------------------------------------------------------
    async def send_replies(self, channel: str, chat_id: str, replies: list[Reply]) -> bool:
        """The replies to one update, in order; True when the channel took them all."""
        rows = _rows(replies)
        if rows and not await self._take(rows):
            return True  # left too long before this send: a sweep took the row, and sends it
        try:
            return await self._send_replies(channel, chat_id, replies, rows)
        finally:
            self.settle(rows)

    async def _send_replies(self, channel: str, chat_id: str, replies: list[Reply], rows: list[int]) -> bool:
        sent: list[int] = []
        took: Optional[Taken] = None
        for reply in replies:
            try:
                took = taken(await self.senders.send(channel, chat_id, reply)) or took
            except Unreachable as exc:
                self.settle(rows)
                await asyncio.to_thread(self._unreachable, rows, str(exc))
                return False
            except Exception as exc:  # noqa: BLE001 - any failure: the row stays pending, tried again later
                log.warning("a reply on %s was not taken (%s); it will be sent again", channel, type(exc).__name__)
                self.settle(rows)
                await asyncio.to_thread(self._failed, reply, sent, type(exc).__name__, isinstance(exc, Refused))
                return False
            if reply.outbox is not None:
                sent.append(reply.outbox[0])
        # The caller holds the chat's turn until this is recorded: the chat's next message must know
        # which question the person has seen, or its answer could be taken for an older one.
        await self.acknowledge(sorted(set(sent)), {row_id: took for row_id in sent if took})
        return True

    async def acknowledge(self, ids: list[int], took: Optional[dict[int, Taken]] = None) -> None:
        """Record that the channel took these rows (`took`: when, by the provider's clock, and its number
        for the message, where it said), trying again while the database is busy."""
        if not ids:
            return
        at = {row_id: t.at for row_id, t in (took or {}).items() if t.at is not None}
        seq = {row_id: t.seq for row_id, t in (took or {}).items() if t.seq is not None}
        for pause in (*ACK_RETRY_PAUSES, None):
            try:
                await self._books(Books(sent=tuple(ids), taken_at=at, seq=seq))
                return
            except OperationalError:
                if pause is None:
                    log.error("could not record %d delivered message(s); they may be sent again", len(ids))
                    return
                await asyncio.sleep(pause)

    async def send_rows(self, rows: list[store.Outgoing], concurrency: int = 64) -> dict[int, str]:
        """Rows for many chats, `concurrency` at a time, each chat's in order: {row id: outcome}
        (sent | unreachable | failed: left pending, tried again later)."""
        by_chat: dict[tuple[str, str], list[store.Outgoing]] = {}
        for row in rows:
            by_chat.setdefault((row.channel, row.chat_id), []).append(row)
        # Rows held already (by `due`, or written held by the runner's claim) are renewed from the start.
        self.hold({row.id: row.until for row in rows if row.leased})
        self._renew_soon()
        outcomes: dict[int, str] = {}
        chats = iter(list(by_chat.values()))

        async def worker() -> None:
            for chat_rows in chats:  # one shared iterator: each chat goes to exactly one worker
                # Rows just written are taken first, and each chat's are acknowledged once sent: a sweep
                # never takes a row this run is sending or has sent (a long run outlasts any lease).
                mine = await self._take([row.id for row in chat_rows if not row.leased])
                sent: list[int] = []
                took: dict[int, Taken] = {}
                for index, row in enumerate(chat_rows):
                    if not row.leased and row.id not in mine:
                        outcomes[row.id] = "failed"  # a sweep has it and sends it; the chat's order holds
                        await self._postpone(chat_rows[index + 1:], mine, outcomes)
                        break
                    outcomes[row.id], when = await self._send_row(row)
                    if outcomes[row.id] == "sent":
                        sent.append(row.id)
                        if when is not None:
                            took[row.id] = when
                    elif outcomes[row.id] == "failed":  # keep the chat's order: the rest waits
                        await self._postpone(chat_rows[index + 1:], mine, outcomes)
                        break
                await self.acknowledge(sent, took)
                self.settle(row.id for row in chat_rows)

        try:
            await asyncio.gather(*(worker() for _ in range(min(concurrency, len(by_chat)))))
        finally:
            self.settle(row.id for row in rows)
        return outcomes

    async def _take(self, ids: list[int]) -> set[int]:
        """Hold rows just written before sending them (see `store.take`)."""
        if not ids:
            return set()
        try:
            taken, until = await self._books(Books(take=tuple(ids)))
        except OperationalError:  # the database is busy or away: sending matters more than the lease
            log.warning("could not hold %d message(s) before sending; sending them anyway", len(ids))
            taken, until = set(ids), None
        mine = taken & set(ids)
        self.hold(dict.fromkeys(mine, until))
        self._renew_soon()
        return mine

    async def _postpone(self, rows: list[store.Outgoing], mine: set[int], outcomes: dict[int, str]) -> None:
        """A chat's later rows wait for its earlier one: those this sender holds are tried again later."""
        for row in rows:
            outcomes[row.id] = "failed"
        held = [row.id for row in rows if row.leased or row.id in mine]
        self.settle(held)
        if held:
            await asyncio.to_thread(store.defer, self.engine, held, "an earlier message failed",
                                    self.pace.retry_base, self.pace.retry_cap)

    async def _send_row(self, row: store.Outgoing) -> tuple[str, Optional[Taken]]:
        """(outcome, when the provider took its last message and its number, where it said)."""
        done, when = row.sent_parts, None
        try:
            for message in row.left:
                when = taken(await self.senders.send(row.channel, row.chat_id, Reply.from_message(message))) or when
                done += 1
        except Unreachable as exc:
            self.settle([row.id])
            await asyncio.to_thread(self._close, row.id, row.user_id, str(exc))
            return "unreachable", None
        except Exception as exc:  # noqa: BLE001 - network, a 429 beyond the retries, a channel not running
            log.warning("a %s on %s was not taken (%s); it will be sent again", row.kind, row.channel,
                        type(exc).__name__)
            self.settle([row.id])  # before its next try is written: not renewed past it
            refused = isinstance(exc, Refused) and not row.doubtful
            await asyncio.to_thread(self._retry_row, row.id, done, row.sent_parts, type(exc).__name__, refused)
            return "failed", None
        return "sent", when

    # --- later ----------------------------------------------------------------
    async def sweep(self, now: Optional[dt.datetime] = None) -> dict[int, str]:
        """Send what is due again (failed before, or left by a process that died)."""
        rows = await asyncio.to_thread(store.due, self.engine, now or utcnow(), orphaned_after=self.pace.orphaned_after,
                                       lease=self.pace.lease, give_up_after=self.pace.give_up_after,
                                       channels=getattr(self.senders, "channels", None), sending=self.sending)
        if not rows:
            return {}
        outcomes = await self.send_rows(rows)
        log.info("outbox: %d sent again, %d still waiting", sum(1 for o in outcomes.values() if o == "sent"),
                 sum(1 for o in outcomes.values() if o == "failed"))
        return outcomes

    def wake(self) -> None:
        """Something new is due (callable from any thread)."""
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def start(self) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="outbox")

    async def stop(self) -> None:
        await cancel(self._task)
        await cancel(self._renewer)
        self._task = self._renewer = None

    async def _run(self) -> None:
        while True:
            try:
                await self.sweep()
            except Exception:  # noqa: BLE001 - the database may be away for a moment: next round
                log.exception("outbox sweep failed")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.pace.poll)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()

    # --- bookkeeping (in a thread) ----------------------------------------------
    def _write_books(self, books: list[Books]) -> tuple[set[int], dt.datetime]:
        """The takes and acknowledgements of every waiting caller, in one transaction: the rows taken,
        and until when they are held."""
        taken_at = {row_id: at for b in books for row_id, at in (b.taken_at or {}).items()}
        seq = {row_id: n for b in books for row_id, n in (b.seq or {}).items()}
        now = utcnow()
        with transaction(self.engine) as session:
            taken = store.hold(session, sorted({i for b in books for i in b.take}), now, self.pace.lease)
            store.record_sent(session, sorted({i for b in books for i in b.sent}), taken_at, seq)
        return taken, now + dt.timedelta(seconds=self.pace.lease)

    def _failed(self, reply: Reply, sent: list[int], error: str, refused: bool) -> None:
        store.acknowledge(self.engine, sorted(set(sent) - {reply.outbox[0]} if reply.outbox else set(sent)))
        if reply.outbox is not None:
            row_id, part = reply.outbox
            self._retry_row(row_id, part, -1 if part else 0, error, refused)
            self.wake()

    def _retry_row(self, row_id: int, done: int, before: int, error: str, refused: bool) -> None:
        if done > before:
            store.progress(self.engine, row_id, done)
        store.defer(self.engine, [row_id], error, self.pace.retry_base, self.pace.retry_cap,
                    refused=[row_id] if refused else ())

    def _unreachable(self, rows: list[int], error: str) -> None:
        store.finish(self.engine, {row_id: store.UNREACHABLE for row_id in rows})
        log.info("a person blocked the bot; %d message(s) not delivered (%s)", len(rows), error[:80])

    def _close(self, row_id: int, user_id: Optional[int], error: str) -> None:
        store.finish(self.engine, {row_id: store.UNREACHABLE})
        if user_id is not None:
            with transaction(self.engine) as session:
                mark_unreachable(session, [user_id])


def _rows(replies: list[Reply]) -> list[int]:
    return sorted({r.outbox[0] for r in replies if r.outbox is not None})
