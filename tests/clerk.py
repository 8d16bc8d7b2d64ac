"""A clerk who works through the report in the chat, as a person would."""

from __future__ import annotations

from bot.settings import DEMO_CATALOG
from storage.catalog import load_catalog
from tests.harness import Phone
from tests.fake_telegram import SentMessage

_CATALOG = load_catalog(DEMO_CATALOG)
_SECTION_NAMES = {s["code"]: s["name"] for s in _CATALOG.sections}
# By (section, name): several sections have a "Ghi chú (nếu có)".
# Longest names first, so a name that begins another's does not take its place.
INDICATORS = {(_SECTION_NAMES[i["section"]], i["name"]): i
              for i in sorted(_CATALOG.indicators, key=lambda i: -len(i["name"]))}


async def until_question(phone: Phone, before: int) -> list[SentMessage]:
    """The messages the bot sent since `before`, once it has asked its next question.

    Each answer of the bot ends with one message carrying buttons (the next
    question, or the report overview).
    """
    fake, chat = phone.fake, phone.chat_id
    await fake.wait_for(lambda: fake.count(chat) > before and fake.last_message(chat).buttons != [],
                        timeout=10, what="the bot's next question")
    return fake.bot_messages(chat)[before:]


async def say(phone: Phone, text: str) -> list[SentMessage]:
    before = phone.fake.count(phone.chat_id)
    phone.fake.push_text(phone.chat_id, text)
    return await until_question(phone, before)


async def press(phone: Phone, label: str) -> list[SentMessage]:
    before = phone.fake.count(phone.chat_id)
    message_id, data = phone.fake.find_button(phone.chat_id, label)
    phone.fake.push_callback(phone.chat_id, message_id, data)
    return await until_question(phone, before)


def question_in(text: str) -> str:
    """The question of a message, from its "<section> · câu N/M" line: without the lines joined above it
    ("✅ Đã lưu: 12", an error, a section done)."""
    lines = text.split("\n")
    starts = [n for n, line in enumerate(lines) if "· câu" in line]
    if not starts:
        raise AssertionError(f"no question in message: {text!r}")
    return "\n".join(lines[starts[-1]:])


def asks_for_plan(message: str) -> bool:
    return question_in(message).split("\n")[1].startswith("Kế hoạch")


def indicator_in(question: str) -> dict:
    """The catalogue entry a question is about (the line after its heading is the indicator's name)."""
    heading, line = question_in(question).split("\n")[:2]
    section = heading.rsplit(" · câu", 1)[0]
    line = line.removeprefix("Kế hoạch (KH) năm của chỉ tiêu: ")
    for (section_name, name), indicator in INDICATORS.items():
        if section == section_name and line.startswith(name):
            return indicator
    raise AssertionError(f"no indicator in question: {question!r}")


NOTE = "Đã triển khai đầy đủ kế hoạch."  # a note that says something ("Không có" would be no note)


def good_answer(indicator: dict, plan: bool, note: str = NOTE) -> str:
    if plan:
        return {"percent": "40", "decimal": "37 500"}.get(indicator["type"], "1.000")
    return {"integer": "12", "percent": "33,37", "decimal": "37.554,5", "text": note}[indicator["type"]]


async def answer_current(phone: Phone, note: str = NOTE) -> list[SentMessage]:
    question = question_in(phone.last.text)
    indicator = indicator_in(question)
    if indicator["type"] == "choice":
        return await press(phone, indicator["choices"][0])
    return await say(phone, good_answer(indicator, asks_for_plan(question), note))


async def fill_whole_report(phone: Phone, note: str = NOTE) -> None:
    """From /baocao, answer every question, section after section, until all is answered (notes with `note`)."""
    await say(phone, "/baocao")
    for _ in range(200):
        if "· câu" in phone.last.text:
            await answer_current(phone, note)
            continue
        replies = await press(phone, "Nhập tiếp")
        if any("trả lời hết" in m.text for m in replies):
            return
    raise AssertionError("the report never ended:\n" + phone.fake.transcript(phone.chat_id))
