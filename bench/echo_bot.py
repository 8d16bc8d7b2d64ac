"""The bare python-telegram-bot echo bot the conversation benchmark compares with (run by bench/conversation.py).

    .venv/bin/python bench/echo_bot.py TOKEN API_ROOT [--rate MSG_PER_S]

Long polling, updates handled concurrently, each text answered with itself: the
least work a PTB bot can do per message. With --rate it sends through the same
rate limiter as the Thi đua bot.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(update.message.text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("token")
    parser.add_argument("root")
    parser.add_argument("--rate", type=float, default=0)
    args = parser.parse_args()
    builder = (ApplicationBuilder().token(args.token).base_url(f"{args.root}/bot")
               .base_file_url(f"{args.root}/file/bot").concurrent_updates(True))
    if args.rate > 0:
        from bot.channels.telegram import TelegramSettings, rate_limiter
        builder = builder.rate_limiter(rate_limiter(TelegramSettings(_env_file=None, TELEGRAM_SEND_RATE=args.rate)))
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0.0, timeout=20, allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
