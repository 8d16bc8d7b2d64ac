"""Officials at a desk: read-only web pages of their own scope, opened by a signed link from the chat.

`signing.py` makes and reads the links (the chat's /web, `main.py web-link`, the server); `server.py`
serves the pages on the bot's aiohttp server (bot/web.py): `python main.py run` wherever its HTTP server
runs, and `python main.py web` alone; `pages.py`, `unit_pages.py` and `files.py` make them from the
chat's own queries; `html.py` escapes and lays them out.
"""
