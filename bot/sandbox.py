"""Work on what a person sent, in a process of its own: bounded in seconds and memory, a few at once.

A list file is parsed in a child process (`python -m bot.read_list_file`: a small entry module that
imports the reader and nothing of the bot, no database), never in the bot's own process: whatever the
file costs, the child pays it. The child lowers its own priority to the lowest there is (nice 19: the
bot's answers to every chat always come first, while a machine with nothing else to do reads the file
at full speed), may use at most `seconds` of CPU (then the kernel stops it) and `memory_mb` more than it
started with (then it gets MemoryError, and says so), and is killed after WALL_FACTOR times `seconds` on
the clock. At most `WORKERS` run at once over the whole bot, and one at a time for the same `key` (a
person: one person's files are read one after the other, whichever chat they come from); the callers
wait in threads of their own (bot/channels/base.py: an upload's event never takes a thread the chats need).

The request and the answer cross as pickles on the child's stdin and stdout, of plain data: the file's
bytes and what the reader must know in, a `Sheet` or a `Problem` out.
"""

from __future__ import annotations

import math
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Hashable, Optional

WORKERS = 2  # files read at once, over all chats (the machine this runs on has two cores)
NICENESS = 19  # the lowest priority: the bot's event loop and its chats always win the CPU
WALL_FACTOR = 3  # seconds on the clock per second of CPU allowed
ROOT = Path(__file__).resolve().parent.parent  # where `-m bot.…` is found
# What the child keeps of the environment: none of the bot's secrets.
KEPT_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ")

_slots = threading.BoundedSemaphore(WORKERS)
_busy: set[Hashable] = set()  # the keys being worked for
_turns = threading.Condition()


class Overrun(Exception):
    """The work took longer than allowed, or more memory, or its process died."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why  # "seconds" | "memory" | "crashed"


def run(entry: str, request: Any, *, seconds: float, memory_mb: int, key: Optional[Hashable] = None) -> Any:
    """`python -m <entry>` given `request`; what it answers, or `Overrun` (over `seconds` of CPU, or
    WALL_FACTOR times that on the clock; over `memory_mb`; died). `entry` serves with `serve`."""
    with _turn(key), _slots:
        child = subprocess.Popen(
            [sys.executable, "-E", "-s", "-m", entry, repr(float(seconds)), str(int(memory_mb))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT,
            env={name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ})
        try:
            answer, _ = child.communicate(pickle.dumps(request, pickle.HIGHEST_PROTOCOL),
                                          timeout=seconds * WALL_FACTOR)
        except subprocess.TimeoutExpired:
            raise Overrun("seconds") from None
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise Overrun("seconds")  # its CPU limit (SIGXCPU, then SIGKILL a second later)
    try:
        status, result = pickle.loads(answer)
    except Exception:  # noqa: BLE001 - it died before answering in full
        raise Overrun("crashed") from None
    if status != "ok":
        raise Overrun(status)
    return result


class _turn:
    """One piece of work at a time per key (None: no key)."""

    def __init__(self, key: Optional[Hashable]):
        self.key = key

    def __enter__(self) -> None:
        if self.key is None:
            return
        with _turns:
            _turns.wait_for(lambda: self.key not in _busy)
            _busy.add(self.key)

    def __exit__(self, *_: Any) -> None:
        if self.key is None:
            return
        with _turns:
            _busy.discard(self.key)
            _turns.notify_all()


# --- in the child --------------------------------------------------------------------------------

def confine() -> None:
    """In the child, first thing: the lowest priority, and its limits from the command line."""
    seconds, memory_mb = float(sys.argv[1]), int(sys.argv[2])
    os.nice(NICENESS)
    cpu = max(1, math.ceil(seconds))  # whole seconds of CPU; over them the kernel ends the process (SIGXCPU)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    # The address space it may grow by: a parse that would need more gets MemoryError, not the machine.
    resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory_mb * 2**20, resource.RLIM_INFINITY))


def serve(func: Callable[..., Any]) -> None:
    """In the child: `func(*request)` for the request on stdin, its result on stdout."""
    try:
        result = ("ok", func(*pickle.load(sys.stdin.buffer)))
    except MemoryError:
        result = ("memory", None)
    pickle.dump(result, sys.stdout.buffer, pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


def _address_space() -> int:
    """This process's virtual memory now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
