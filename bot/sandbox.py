"""Work on what a person sent, in a process of its own: bounded in seconds and memory, a few at once.

A list file is parsed here (bot/list_reader.py), not in the threads that answer chats: whatever the
file costs, it is paid by a child process that runs at a lower priority (nice), may use at most
`memory_mb` more than it started with, and is killed after `seconds`. At most `WORKERS` run at once
over the whole bot; the callers wait in threads of their own (bot/channels/base.py: an upload's event
never takes a thread the chats need). One chat's files come one after the other (its events are in
order), so one person cannot hold more than one slot.

Children come from a fork server started once (clean: no threads or locks of the bot copied), with the
reader's modules already imported, so a child costs milliseconds to start.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import threading
from typing import Any, Callable

log = logging.getLogger(__name__)

WORKERS = 2  # files read at once, over all chats (the machine this runs on has two cores)
NICENESS = 10  # the chats' answers come first
PRELOAD = ["bot.list_reader"]

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)
_slots = threading.BoundedSemaphore(WORKERS)


class Overrun(Exception):
    """The work took longer than allowed, or more memory, or its process died."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why  # "seconds" | "memory" | "crashed"


def run(func: Callable[..., Any], *args: Any, seconds: float, memory_mb: int) -> Any:
    """`func(*args)` in a child process; its result, or `Overrun`. `func`, its arguments and its result
    must pickle (a module-level function and plain data)."""
    with _slots:
        receiver, sender = _context.Pipe(duplex=False)
        child = _context.Process(target=_child, args=(sender, func, args, memory_mb), daemon=True)
        child.start()
        sender.close()
        try:
            if not receiver.poll(seconds):
                raise Overrun("seconds")
            try:
                status, result = receiver.recv()
            except (EOFError, OSError):
                raise Overrun("crashed") from None
            if status != "ok":
                raise Overrun(status)
            return result
        finally:
            receiver.close()
            if child.is_alive():
                child.kill()
            child.join(5)
            child.close()


def _child(sender, func: Callable[..., Any], args: tuple, memory_mb: int) -> None:
    os.nice(NICENESS)
    # The address space it may grow by: a parse that would need more gets MemoryError, not the machine.
    resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory_mb * 2**20, resource.RLIM_INFINITY))
    try:
        result = ("ok", func(*args))
    except MemoryError:
        result = ("memory", None)
    sender.send(result)
    sender.close()


def _address_space() -> int:
    """This process's virtual memory now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
