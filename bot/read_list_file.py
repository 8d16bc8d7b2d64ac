"""The reading process of a list file: `python -m bot.read_list_file SECONDS MEMORY_MB`, started by
bot/sandbox.py for each file sent.

It confines itself first (the lowest priority, its CPU and memory limits), then imports the reader
(bot/documents/list_reader.py: the standard library and plain storage modules, no database, no openpyxl: a tenth
of a second), reads the request on stdin and answers on stdout.
"""

from __future__ import annotations

from bot import sandbox


def main() -> None:
    sandbox.confine()
    from bot.documents import list_reader

    sandbox.serve(list_reader.read)


if __name__ == "__main__":
    main()
