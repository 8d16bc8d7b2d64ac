"""The texts package: every text is used, every placeholder a direct `.format` needs is filled, no module
over 500 lines, no Vietnamese sentence spelled outside it. Read from the source, so a text added and never
used, or a sentence typed into a handler, fails here."""

from __future__ import annotations

import ast
import re
import string
from collections import Counter
from pathlib import Path

from bot import texts

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bot" / "texts"
PRODUCT = [p for folder in ("bot", "handlers", "storage", "scheduler") for p in (ROOT / folder).rglob("*.py")
           if PACKAGE not in p.parents] + [ROOT / "main.py"]


def _defined(module: Path) -> dict[str, ast.stmt]:
    """Names a texts module defines at its top level, with the statement defining each."""
    names = {}
    for node in ast.parse(module.read_text()).body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        names[name.id] = node
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = node
    return names


def _package_sources() -> dict[str, str]:
    return {p.stem: p.read_text() for p in PACKAGE.glob("*.py") if p.stem != "__init__"}


def test_every_module_of_the_package_is_re_exported_and_short():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == set(texts.MODULES)
    for stem in modules:
        assert len((PACKAGE / f"{stem}.py").read_text().splitlines()) <= 500, stem


def test_every_text_is_used():
    """A text nobody says is dead: used as `texts.NAME` by the product, or inside the package by another text."""
    said = set(re.findall(r"\btexts\.(\w+)", "\n".join(p.read_text() for p in PRODUCT)))
    sources = _package_sources()
    words = Counter(w for src in sources.values() for w in re.findall(r"\w+", src))
    dead = []
    for stem, source in sources.items():
        for name, node in _defined(PACKAGE / f"{stem}.py").items():
            own = Counter(re.findall(r"\w+", ast.get_source_segment(source, node) or ""))[name]
            if name not in said and words[name] <= own:
                dead.append(f"{stem}.{name}")
    assert not dead, f"texts nobody uses: {dead}"


def _placeholders(template: str) -> set[str]:
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}


def test_every_placeholder_of_a_text_formatted_directly_is_filled():
    """`texts.X.format(a=…)` gives every {placeholder} of X (a missing one is a KeyError in front of a user);
    `texts.TABLE[key].format(…)` gives those of every template of the table."""
    unfilled = []
    for path in PRODUCT:
        for call in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "format"):
                continue
            target = call.func.value
            table = isinstance(target, ast.Subscript)
            if table:
                target = target.value
            if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                    and target.value.id == "texts"):
                continue
            if call.args or any(k.arg is None for k in call.keywords):  # positional or **params: not read here
                continue
            given = {k.arg for k in call.keywords}
            value = getattr(texts, target.attr)
            templates = list(value.values()) if table and isinstance(value, dict) else [value]
            for template in templates:
                if isinstance(template, str) and not _placeholders(template) <= given:
                    unfilled.append(f"{path.relative_to(ROOT)}:{call.lineno} texts.{target.attr}: "
                                    f"{sorted(_placeholders(template) - given)}")
    assert not unfilled, unfilled


# Vietnamese letters with a diacritic: a string literal holding one is a text for people.
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
# Vietnamese that is not a text for a chat, a file or the command line: the catalogue loader's errors for the
# administrator (storage/catalog.py, catalog_models.py, catalog_streaks.py, a value type's catalogue check), words of the language itself
# (units' kinds, numbers spelled out, letters folded), an English message naming a currency.
NOT_TEXTS = {
    "storage/catalog.py": None,
    "storage/catalog_models.py": None,
    "storage/catalog_series.py": None,
    "storage/catalog_document.py": None,
    "storage/catalog_streaks.py": None,
    "storage/values/choice.py": {"kiểu 'choice' cần danh sách choices"},
    "storage/numbers.py": {"phẩy", "âm", "tỷ", "lẻ"},
    "storage/text.py": {"Đ", "đ"},  # fold: đ is no d with a mark
    "storage/lookup.py": {"xã"},
    "storage/demo.py": {"a number of million đồng, not negative"},
}


def test_no_text_for_people_is_spelled_outside_the_package():
    strays = []
    for path in PRODUCT:
        name = str(path.relative_to(ROOT))
        allowed = NOT_TEXTS.get(name, set())
        if allowed is None or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and ast.get_docstring(node) is not None}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and VIETNAMESE.search(node.value) and node.value not in allowed):
                strays.append(f"{name}:{node.lineno}: {node.value[:60]!r}")
    assert not strays, f"texts to move into bot/texts/: {strays}"
