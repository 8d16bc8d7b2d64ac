"""The administrator's command line: `python main.py COMMAND ...` (the list: main.py's docstring).

Each command is a method of `CommandLine`, given what it needs from the composition root when it is
made (`prepare`: the database ready and a Dispatcher; `serve`: the bot running until a signal;
`run_jobs`: the due jobs sent once). What the chat also does, the command line does with the chat's
own functions: `round` with /kybaocao's (handlers/rounds.py), `summary` with /tonghop's files.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable, Optional
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot import demo, texts
from bot.settings import Settings
from storage.catalog import CatalogError, load_catalog
from storage.db import SchemaError, make_engine, migrate, transaction
from storage.people import ROLES, create_invitation, find_units
from storage.reports import round_by_code


def parse_now(settings: Settings, text: Optional[str]) -> dt.datetime:
    tz = ZoneInfo(settings.tz)
    if not text:
        return dt.datetime.now(tz)
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


def channel_classes() -> list:
    """Every registered channel (bot/channels/__init__.py), imported when needed."""
    from bot.channels import CHANNELS

    return list(CHANNELS)


def write_files(out: str, files: list[tuple[str, bytes]]) -> None:
    """Files into a folder (made if needed), each path printed on its own line."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (folder / name).write_bytes(data)
        print(folder / name)


@dataclass(frozen=True)
class CommandLine:
    prepare: Callable  # (settings) -> Dispatcher: the schema brought up to date, the catalogue synced
    serve: Callable[[Settings], Awaitable[int]]  # every service of a running bot, until a signal
    run_jobs: Callable[[Settings, object, dt.datetime], Awaitable]  # -> Outcomes: the jobs due, sent once

    def main(self, argv: Optional[list[str]], settings_factory: Callable[[], Settings] = Settings) -> int:
        from bot.logs import setup_logging

        args = build_parser().parse_args(argv)
        settings = settings_factory()
        setup_logging(settings)
        command = getattr(self, args.command.replace("-", "_"))
        try:
            return command(settings, args)
        except CatalogError as exc:
            print(texts.CLI_CATALOG_BAD.format(error=exc), file=sys.stderr)
            return 2
        except SchemaError as exc:
            print(texts.say(exc.problem), file=sys.stderr)
            return 2

    # --- running -------------------------------------------------------------------------------
    def run(self, settings: Settings, args) -> int:
        classes = channel_classes()
        if getattr(args, "webhook", False):  # every channel by webhook, on the one HTTP server
            for cls in classes:
                settings = settings.with_section(settings.section(cls.Settings).in_webhook_mode())
        for cls in classes:
            problem = settings.section(cls.Settings).problem()
            if problem:
                print(problem, file=sys.stderr)
                return 2
        if not any(cls.enabled(settings) for cls in classes):  # no channel: the terminal chat on the demo
            return demo.run_terminal_demo(settings, self.prepare)
        return asyncio.run(self.serve(settings))

    def jobs(self, settings: Settings, args) -> int:
        now = parse_now(settings, args.now)
        if not any(cls.enabled(settings) for cls in channel_classes()):
            print(texts.JOBS_NEED_A_CHANNEL, file=sys.stderr)
            return 2
        outcomes = asyncio.run(self.run_jobs(settings, self.prepare(settings), now))
        for outcome in outcomes:
            print(outcome.line())
        at = now.strftime("%H:%M %d/%m/%Y")
        sent = sum(1 for o in outcomes if o.status == "sent")
        if outcomes:
            print(texts.JOBS_DONE.format(sent=sent, at=at))
        if outcomes.already_sent:  # due, but sent by an earlier run: not the same as nothing due
            print(texts.JOBS_ALREADY_SENT.format(n=outcomes.already_sent, at=at))
        elif not outcomes:
            print(texts.JOBS_NONE.format(at=at))
        return 0

    def demo(self, settings: Settings, args) -> int:
        return demo.reset_demo(settings, self.prepare, args.database)

    # --- people --------------------------------------------------------------------------------
    def invite(self, settings: Settings, args) -> int:
        dispatcher = self.prepare(settings)
        with transaction(dispatcher.engine) as session:
            units = find_units(session, args.unit)
            if len(units) != 1:
                names = ", ".join(f"{texts.unit_name(u)} ({u.code})" for u in units[:10])
                print(texts.CLI_UNIT_NOT_FOUND.format(query=args.unit) if not units
                      else texts.CLI_UNIT_AMBIGUOUS.format(query=args.unit, names=names), file=sys.stderr)
                return 2
            unit = units[0]
            if (args.role == "clerk") != unit.is_reporting:  # clerks report; officials look after many units
                problem = (texts.CLI_CLERK_NEEDS_REPORTING_UNIT if args.role == "clerk"
                           else texts.CLI_OFFICIAL_NEEDS_PARENT_UNIT)
                print(problem.format(unit=texts.unit_name(unit)), file=sys.stderr)
                return 2
            days = args.days or settings.invite_days
            code = create_invitation(session, unit, args.role, days)
        print(texts.CLI_INVITE.format(role=texts.role_name(args.role, unit), unit=texts.unit_name(unit), days=days))
        print(code)  # alone on the last line: scripts read it
        return 0

    def link_code(self, settings: Settings, args) -> int:
        """For a person who cannot reach /lienket themselves: a link code made by the administrator."""
        from storage.models import User
        from storage.people import LINK_CODE_MINUTES, create_link_code, fold

        dispatcher = self.prepare(settings)
        with transaction(dispatcher.engine) as session:
            users = [u for u in session.exec(select(User)).all()
                     if str(u.id) == args.user.strip() or fold(u.full_name) == fold(args.user)]
            if len(users) != 1:
                print(texts.CLI_USER_NOT_FOUND.format(query=args.user) if not users else
                      texts.CLI_USER_AMBIGUOUS.format(query=args.user, n=len(users),
                                                      ids=", ".join(str(u.id) for u in users)), file=sys.stderr)
                return 2
            code = create_link_code(session, users[0], args.minutes or LINK_CODE_MINUTES)
        print(texts.CLI_LINK_CODE.format(name=users[0].full_name, code=code))
        print(code)
        return 0

    # --- the officials' web pages ----------------------------------------------------------------
    def web(self, settings: Settings, args) -> int:
        """The pages alone (no channel): for a desk in the office, and for tests."""
        from bot.web_pages.server import serve_alone
        from bot.web_pages.signing import WebLinks

        if not WebLinks(settings).enabled:
            print(texts.CLI_WEB_NEEDS, file=sys.stderr)
            return 2
        dispatcher = self.prepare(settings)
        print(texts.CLI_WEB_SERVING.format(listen=settings.http_listen, port=settings.http_port), flush=True)
        return asyncio.run(serve_alone(settings, dispatcher.engine))

    def web_link(self, settings: Settings, args) -> int:
        """What /web gives an official, for a person at the terminal: the link alone on the last line."""
        from bot.web_pages.signing import WebLinks

        links = WebLinks(settings)
        if not links.enabled:
            print(texts.CLI_WEB_NEEDS, file=sys.stderr)
            return 2
        dispatcher = self.prepare(settings)
        with transaction(dispatcher.engine) as session:
            units = find_units(session, args.unit)
            if len(units) != 1:
                print(texts.CLI_UNIT_UNCLEAR.format(query=args.unit), file=sys.stderr)
                return 2
            unit = units[0]
        link = links.make(unit.id, args.hours)
        until = dt.datetime.fromtimestamp(link.expires, ZoneInfo(settings.tz))
        print(texts.CLI_WEB_LINK.format(unit=texts.unit_name(unit), until=texts.datetime_vn(until)))
        print(link.url)
        return 0

    # --- the catalogue and the rounds ----------------------------------------------------------
    def catalog(self, settings: Settings, args) -> int:
        path = args.file or settings.catalog
        catalog = load_catalog(path)
        print(texts.CLI_CATALOG_OK.format(path=path, units=len(catalog.units),
                                          reporting=len(catalog.reporting_units), sections=len(catalog.sections),
                                          indicators=len(catalog.indicators), rounds=len(catalog.rounds)))
        for warning in catalog.warnings:
            print(texts.CLI_CATALOG_WARNING.format(path=path, warning=warning))
        return 0

    def round(self, settings: Settings, args) -> int:
        """What /kybaocao does, by the same functions (handlers/rounds.py), on the server's terminal."""
        from handlers import rounds
        from storage import rounds as round_store
        from storage.numbers import parse_date

        dispatcher = self.prepare(settings)
        now = parse_now(settings, args.now)
        with transaction(dispatcher.engine) as session:
            if args.action == "list":
                print(texts.CLI_TIME_ZONE.format(zone=settings.tz))
                print("\n".join(rounds.round_lines(session)))
                return 0
            round_ = round_by_code(session, args.code or "")
            if round_ is None:
                print(texts.ROUND_UNKNOWN.format(code=args.code or ""), file=sys.stderr)
                return 2
            try:
                if args.action == "deadline":
                    day = parse_date(args.date, now.date())
                    if day is None:
                        print(texts.ERR_DATE.format(text=args.date or "", example="27/12/2020"), file=sys.stderr)
                        return 2
                    print(rounds.move_deadline(session, round_, day, settings, now, None))
                else:
                    print(rounds.set_status(session, round_, "open" if args.action == "open" else "closed",
                                            settings, now, None))
            except round_store.RoundError as exc:
                print(rounds.error_text(exc.code, round_, now.date()), file=sys.stderr)
                return 2
        return 0

    # --- documents -----------------------------------------------------------------------------
    def summary(self, settings: Settings, args) -> int:
        """Write the compiled summary (.docx, .xlsx), the proposal list (.docx) and the progress chart (.png)."""
        from bot.documents.summary import summary_files
        from storage.summary import compile_summary

        dispatcher = self.prepare(settings)
        with transaction(dispatcher.engine) as session:
            round_ = round_by_code(session, args.round)
            if round_ is None:
                print(texts.ROUND_UNKNOWN.format(code=args.round), file=sys.stderr)
                return 2
            top = None
            if args.unit:
                units = find_units(session, args.unit)
                if len(units) != 1:
                    print(texts.CLI_UNIT_UNCLEAR.format(query=args.unit), file=sys.stderr)
                    return 2
                top = units[0].id
            summary = compile_summary(session, round_, parse_now(settings, None), top)
            files = [(f.filename, f.data) for f in summary_files(summary, chart=True)]  # as /tonghop's, and the chart
        write_files(args.out, files)
        return 0

    def council(self, settings: Settings, args) -> int:
        """Write the council's documents (draft decision, draft submission, workbook of the lists) without the chat."""
        from bot.documents import council as council_documents
        from storage import deliberation
        from storage.figures import Scope

        dispatcher = self.prepare(settings)
        now = parse_now(settings, None)
        with transaction(dispatcher.engine) as session:
            round_ = round_by_code(session, args.round)
            if round_ is None:
                print(texts.ROUND_UNKNOWN.format(code=args.round), file=sys.stderr)
                return 2
            units = find_units(session, args.unit) if args.unit else [deliberation.issuer_unit(session)]
            if len(units) != 1 or units[0] is None:
                print(texts.CLI_COUNCIL_NO_ISSUER, file=sys.stderr)
                return 2
            papers = deliberation.papers(Scope(session, round_, now.tzinfo, units[0].id), units[0])
            files = council_documents.files(papers, now)
        write_files(args.out, list(files.values()))
        return 0

    # --- the database ----------------------------------------------------------------------------
    def db(self, settings: Settings, args) -> int:
        from storage.db import current_revision, head_revision, make_revision

        if args.action == "revision":
            if not args.message:
                print("db revision: -m MESSAGE", file=sys.stderr)
                return 2
            path = make_revision(args.message)
            print(texts.DB_REVISION_WRITTEN.format(path=path) if path else texts.DB_REVISION_EMPTY)
            return 0
        engine = make_engine(settings.database_url)
        try:
            if args.action == "upgrade":
                print(texts.DB_UPGRADED.format(outcome=migrate(engine, automatic=False)))
            else:
                with engine.connect() as connection:
                    current = current_revision(connection)
                print(texts.DB_CURRENT.format(current=current or texts.DB_NOT_VERSIONED, head=head_revision()))
        finally:
            engine.dispose()
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description=texts.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help=texts.CLI_HELP["run"])
    run.add_argument("--webhook", action="store_true", help=texts.CLI_HELP["run --webhook"])
    invite = sub.add_parser("invite", help=texts.CLI_HELP["invite"])
    invite.add_argument("--unit", required=True, help=texts.CLI_HELP["invite --unit"])
    invite.add_argument("--role", required=True, choices=ROLES)
    invite.add_argument("--days", type=int, help=texts.CLI_HELP["invite --days"])
    link = sub.add_parser("link-code", help=texts.CLI_HELP["link-code"])
    link.add_argument("--user", required=True, help=texts.CLI_HELP["link-code --user"])
    link.add_argument("--minutes", type=int, help=texts.CLI_HELP["link-code --minutes"])
    catalog = sub.add_parser("catalog", help=texts.CLI_HELP["catalog"])
    catalog.add_argument("action", choices=["check"])
    catalog.add_argument("file", nargs="?")
    summary = sub.add_parser("summary", help=texts.CLI_HELP["summary"])
    summary.add_argument("--round", required=True, help=texts.CLI_HELP["summary --round"])
    summary.add_argument("--out", required=True, help=texts.CLI_HELP["summary --out"])
    summary.add_argument("--unit", help=texts.CLI_HELP["summary --unit"])
    council = sub.add_parser("council", help=texts.CLI_HELP["council"])
    council.add_argument("--round", required=True, help=texts.CLI_HELP["council --round"])
    council.add_argument("--out", required=True, help=texts.CLI_HELP["council --out"])
    council.add_argument("--unit", help=texts.CLI_HELP["council --unit"])
    jobs = sub.add_parser("jobs", help=texts.CLI_HELP["jobs"])
    jobs.add_argument("--now", help=texts.CLI_HELP["jobs --now"])
    round_ = sub.add_parser("round", help=texts.CLI_HELP["round"])
    round_.add_argument("action", choices=["list", "open", "close", "deadline"])
    round_.add_argument("code", nargs="?", help=texts.CLI_HELP["round code"])
    round_.add_argument("date", nargs="?", help=texts.CLI_HELP["round date"])
    round_.add_argument("--now", help=texts.CLI_HELP["round --now"])
    demo_ = sub.add_parser("demo", help=texts.CLI_HELP["demo"])
    demo_.add_argument("action", choices=["reset"])
    demo_.add_argument("--database", help=texts.CLI_HELP["demo --database"])
    web = sub.add_parser("web", help=texts.CLI_HELP["web"])
    web_link = sub.add_parser("web-link", help=texts.CLI_HELP["web-link"])
    web_link.add_argument("--unit", required=True, help=texts.CLI_HELP["web-link --unit"])
    web_link.add_argument("--hours", type=float, help=texts.CLI_HELP["web-link --hours"])
    db = sub.add_parser("db", help=texts.CLI_HELP["db"])
    db.add_argument("action", choices=["upgrade", "current", "revision"])
    db.add_argument("-m", "--message", help=texts.CLI_HELP["db --message"])
    return parser
