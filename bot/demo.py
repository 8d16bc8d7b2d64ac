"""The terminal demo: its own database (DEMO_DATABASE_URL), the demo district loaded into it, what
the visitor is told before the chat; `main.py run` with no token and `main.py demo reset` use it.

A bot with a token never loads the demo: storage/demo.py refuses a database with real people.
"""

from __future__ import annotations

import logging
import sys
from typing import Callable, Optional

from bot import texts
from bot.settings import Settings


def demo_settings(settings: Settings, url: Optional[str] = None) -> Optional[Settings]:
    """The settings on the demo's database; None when it is the real bot's (DATABASE_URL)."""
    url = url or settings.demo_database_url
    if url == settings.database_url:
        print(texts.DEMO_SAME_DATABASE, file=sys.stderr)
        return None
    return settings.model_copy(update={"database_url": url})


def show_demo(opened) -> None:
    """What the visitor should know before the chat: the district's state, and that its dates are moved."""
    if opened.how == "not_fitting":
        print(texts.DEMO_NOT_FITTING)
        return
    if opened.how == "reloaded":
        print(texts.DEMO_RELOADED)
    r = opened.round
    print(texts.DEMO_LOADED.format(place=r.place, submitted=r.submitted, total=r.total, round=r.name,
                                   approved=r.approved, returned=r.returned))
    print(texts.DEMO_DATES_MOVED.format(opens=texts.date_vn(r.opens), deadline=texts.date_vn(r.deadline),
                                        real_opens=texts.date_vn(r.real_opens),
                                        real_deadline=texts.date_vn(r.real_deadline)))


def open_demo_database(settings: Settings, prepare: Callable, reset: bool = False, **delivery):
    """The demo's database, prepared (`prepare`: the composition root's, given `delivery`: where notices
    go), with the district loaded (afresh with `reset`); its Dispatcher, or None if refused."""
    from storage import demo
    from storage.catalog import load_catalog
    from storage.facts import Fact

    dispatcher = prepare(settings, **delivery)
    catalog = load_catalog(settings.catalog)
    try:
        opened = (demo.reset if reset else demo.open_demo)(dispatcher.engine, catalog, dispatcher.now())
    except demo.RealDatabase:
        print(texts.DEMO_REAL_DATABASE.format(url=redacted_url(settings.database_url)), file=sys.stderr)
        return None
    except demo.DemoDataError as exc:
        problem = exc.problem
        words = (texts.say(problem) if isinstance(problem, Fact) else
                 texts.violation_text(problem) if hasattr(problem, "source") else str(problem))
        print(texts.DEMO_DATA_BAD.format(unit=exc.unit, field=exc.field, problem=words), file=sys.stderr)
        return None
    show_demo(opened)
    return dispatcher


def redacted_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def run_terminal_demo(settings: Settings, prepare: Callable) -> int:
    """The terminal chat on the demo district (`main.py run` with no token)."""
    from bot.channels.console import DELIVERY, ConsoleChat
    from bot.web_pages.server import serve_beside

    settings = demo_settings(settings)
    settings = with_web_pages(settings) if settings is not None else None
    dispatcher = open_demo_database(settings, prepare, **DELIVERY) if settings is not None else None
    if dispatcher is None:
        return 2
    print(texts.CONSOLE_FILES_FOLDER.format(folder=settings.demo_files_dir))
    logging.getLogger().setLevel(logging.WARNING)  # keep the terminal chat clean
    if serve_beside(settings, dispatcher.engine):  # /web as an official opens them
        print(texts.CONSOLE_WEB.format(url=settings.public_base_url))
    ConsoleChat(dispatcher, settings.invite_days, files_dir=settings.demo_files_dir).run()
    return 0


def with_web_pages(settings: Settings) -> Settings:
    """The settings of the officials' pages beside the terminal chat: on HTTP_LISTEN:HTTP_PORT (a free
    port when that one is taken, or 0), links on PUBLIC_BASE_URL (default that address), signed with
    WEB_SECRET (default a key of this run). Decided before the core is made, which takes them as they are."""
    import secrets
    import socket

    port = settings.http_port
    with socket.socket() as probe:
        try:
            probe.bind((settings.http_listen, port))
        except OSError:  # another program has it: a free one instead, named before the links are made
            probe.bind((settings.http_listen, 0))
        port = probe.getsockname()[1]
    base = settings.public_base_url or f"http://{settings.http_listen}:{port}"
    return settings.model_copy(update={"public_base_url": base, "http_port": port,
                                       "web_secret": settings.web_secret or secrets.token_urlsafe(32)})


def reset_demo(settings: Settings, prepare: Callable, url: Optional[str] = None) -> int:
    """`demo reset`: empty the demo's database and load the district afresh."""
    settings = demo_settings(settings, url)
    if settings is None or open_demo_database(settings, prepare, reset=True) is None:
        return 2
    print(texts.DEMO_RESET_DONE.format(url=redacted_url(settings.database_url)))
    return 0
