"""HTML, escaped: every text a page shows goes through `esc` unless it is `Safe` (built here from escaped parts).

A page is a few headings, paragraphs and tables; one stylesheet (`STYLE`, served as a file: the pages'
Content-Security-Policy allows no inline style or script) makes them readable on a phone and a desk and
printable (@media print: no navigation, black on white, tables whole).
"""

from __future__ import annotations

import html
from typing import Iterable, Optional, Sequence

from bot import texts


class Safe(str):
    """HTML already escaped (or written here): not escaped again."""


def esc(value: object) -> Safe:
    if isinstance(value, Safe):
        return value
    return Safe(_escaped(value))


def _escaped(value: object) -> str:
    """A value as HTML text, as `esc` makes it, without wrapping it (a table of 3,321 rows has 30,000 cells)."""
    if isinstance(value, Safe):
        return value
    return html.escape("" if value is None else str(value), quote=True)


def join(parts: Iterable[object], sep: str = "") -> Safe:
    return Safe(sep.join(_escaped(p) for p in parts))


def tag(name: str, content: object = "", cls: Optional[str] = None) -> Safe:
    attr = f' class="{esc(cls)}"' if cls else ""
    return Safe(f"<{name}{attr}>{esc(content)}</{name}>")


def link(href: str, text: object, cls: Optional[str] = None) -> Safe:
    attr = f' class="{esc(cls)}"' if cls else ""
    return Safe(f'<a href="{esc(href)}"{attr}>{esc(text)}</a>')


def lines(text: str) -> Safe:
    """A multi-line text (a chat answer's block) with its line breaks kept."""
    return Safe("<br>".join(esc(line) for line in text.split("\n")))


def table(head: Sequence[object], rows: Iterable[Sequence[object]], numeric: Sequence[int] = (),
          cls: str = "") -> Safe:
    """A table; columns listed in `numeric` are right-aligned. Each row's cells are escaped unless Safe."""
    def cell(n: int, value: object, name: str = "td") -> str:
        text = _escaped(value)
        return f'<{name} class="num">{text}</{name}>' if n in numeric else f"<{name}>{text}</{name}>"

    head_row = "".join(cell(n, h, "th") for n, h in enumerate(head))
    body = "".join("<tr>" + "".join(cell(n, v) for n, v in enumerate(row)) + "</tr>" for row in rows)
    return Safe(f'<div class="wide"><table class="{esc(cls)}"><thead><tr>{head_row}</tr></thead>'
                f"<tbody>{body}</tbody></table></div>")


def page(title: str, body: Safe, *, root: str = "./", active: Optional[str] = None, scope_line: str = "",
         until: str = "", query: str = "") -> str:
    """A whole page. `root`: the relative path back to the link's first page ("./" or "../");
    `active`: the page's own path (its item of the navigation is marked); None: no navigation (a refusal)."""
    nav = ""
    if active is not None:
        items = [link(f"{root}{path}{query}", name, "on" if path == active else None)
                 for path, name in texts.WEB_NAV.items()]
        nav = f'<nav>{"".join(items)}</nav>'
    head = f'<p class="scope">{esc(scope_line)}</p>' if scope_line else ""
    foot = f"<footer>{esc(until)}</footer>" if until else ""
    return ("<!DOCTYPE html>\n"
            '<html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="robots" content="noindex, nofollow"><title>{esc(title)} — {esc(texts.WEB_TITLE)}</title>'
            f'<link rel="stylesheet" href="{esc(root)}../static/trang.css"></head>'
            f"<body><header>{nav}{head}</header><main><h1>{esc(title)}</h1>{body}</main>{foot}</body></html>")


STYLE = """
:root { --ink: #1d2733; --soft: #5b6673; --line: #d5dbe1; --band: #f3f6f9; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); }
header { background: var(--band); border-bottom: 1px solid var(--line); padding: .5rem 1rem; }
nav { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
nav a { color: var(--accent); text-decoration: none; padding: .2rem 0; }
nav a.on { font-weight: 700; border-bottom: 2px solid var(--accent); }
.scope { margin: .3rem 0 0; color: var(--soft); font-size: .9rem; }
main { padding: 0 1rem 1.5rem; max-width: 75rem; }
h1 { font-size: 1.4rem; margin: 1rem 0 .5rem; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
p, li { margin: .3rem 0; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--band); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
a { color: var(--accent); }
.filters a { margin-right: .8rem; white-space: nowrap; }
.filters a.on { font-weight: 700; }
.flag { color: #a4262c; }
.note { color: var(--soft); }
footer { color: var(--soft); font-size: .85rem; padding: 0 1rem 1rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; } th, td { padding: .25rem .3rem; }
  table.progress { min-width: 62rem; } table.ranking { min-width: 36rem; }  /* a phone scrolls them sideways */
}
table.progress td:nth-child(2), table.progress td:nth-child(4), table.ranking td:nth-child(2) { white-space: nowrap; }
@media print {
  header nav, .filters, footer { display: none; }
  body { color: #000; font-size: 11pt; }
  a { color: #000; text-decoration: none; }
  .wide { overflow: visible; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
}
"""
