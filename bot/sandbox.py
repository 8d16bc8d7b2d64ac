"""Work on what a person sent, in a process of its own: bounded in seconds and memory, a few at once.

A list file is parsed here (bot/list_reader.py), not in the threads that answer chats: whatever the
file costs, it is paid by a child process that runs at a lower priority (nice), may use at most
`memory_mb` more than it started with and `seconds` of CPU (then the kernel stops it), and is killed
after WALL_FACTOR times that on the clock (a busy machine slows a niced child; a file is not refused
for that alone). At most `WORKERS` run at once over the whole bot; the callers wait in threads of their
own (bot/channels/base.py: an upload's event never takes a thread the chats need). One chat's files come one after the other (its events are in
order), so one person cannot hold more than one slot.

Children come from a fork server started once (clean: no threads or locks of the bot copied), with the
reader's modules already imported, so a child costs milliseconds to start.
"""

from __future__ import annotations

import math
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import sys
import threading
from typing import Any, Callable

WORKERS = 2  # files read at once, over all chats (the machine this runs on has two cores)
NICENESS = 5  # the chats' answers come first (a gentle step: a busy machine must not starve a file)
WALL_FACTOR = 3  # seconds on the clock per second of CPU allowed
PRELOAD = ["bot.list_reader"]

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)
_slots = threading.BoundedSemaphore(WORKERS)
_starting = threading.Lock()


class Overrun(Exception):
    """The work took longer than allowed, or more memory, or its process died."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why  # "seconds" | "memory" | "crashed"


def warm() -> None:
    """Start the fork server now, in the background (its imports take a moment): a file being
    downloaded meanwhile is read at once."""
    threading.Thread(target=multiprocessing.forkserver.ensure_running, name="forkserver", daemon=True).start()


def run(func: Callable[..., Any], *args: Any, seconds: float, memory_mb: int) -> Any:
    """`func(*args)` in a child process; its result, or `Overrun` (over `seconds` of CPU, or three times
    that on the clock; over `memory_mb`). `func`, its arguments and its result must pickle (a
    module-level function and plain data)."""
    with _slots:
        receiver, sender = _context.Pipe(duplex=False)
        child = _context.Process(target=_child, args=(sender, func, args, seconds, memory_mb), daemon=True)
        _start(child)
        sender.close()
        try:
            if not receiver.poll(seconds * WALL_FACTOR):
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


def _start(child) -> None:
    """Start a child without its re-running the bot's main script: multiprocessing has each new process
    run `__main__` again when it was started as a file (`python main.py run`: every module of the bot,
    seconds on a busy machine). The child needs only `func`'s module, which the fork server preloaded;
    so for the moment of the start `__main__` shows no file."""
    main = sys.modules["__main__"]
    with _starting:
        path = main.__dict__.pop("__file__", None)
        try:
            child.start()
        finally:
            if path is not None:
                main.__file__ = path


def _child(sender, func: Callable[..., Any], args: tuple, seconds: float, memory_mb: int) -> None:
    os.nice(NICENESS)
    cpu = max(1, math.ceil(seconds))  # whole seconds of CPU; over them the kernel ends the process (SIGXCPU)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
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
