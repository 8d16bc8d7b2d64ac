"""A clerk who works through the report in the chat, as a person would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.rendering import SCREEN_LIMIT, render
from bot.settings import DEMO_CATALOG
from storage.catalog import load_catalog
from tests.harness import Phone
from tests.fake_telegram import SentMessage

_CATALOG = load_catalog(DEMO_CATALOG)
# The province's catalogue of 2026 too (tests/stories/test_province.py); the same code, the same question.
_PROVINCE = load_catalog(DEMO_CATALOG.parent / "dien_bien_2026.toml")
# By (section, name): several sections have a "Ghi chú (nếu có)". A question's heading names its section by
# its short name ("Giảm nghèo"). Longest names first, so a name that begins another's does not take its place.
INDICATORS = dict(sorted((((({p.code: p.short or p.name for p in c.sections}[i.section], i.name), i)
                           for c in (_PROVINCE, _CATALOG) for i in c.indicators)), key=lambda item: -len(item[0][1])))
# A question's heading: "Giảm nghèo · câu 2/4", or after a section done
# "✅ Nông thôn mới 6/6 · Tiếp: Giảm nghèo, câu 1/4".
HEADING = re.compile(r"^(?:.* · Tiếp: (?P<next>.+), |(?P<section>.+) · )câu (?P<n>\d+)/(?P<total>\d+)$")


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
    """The question of a message, from its heading ("<section> · câu N/M"): without the lines joined
    above it ("✅ Đã lưu: 12", an error, the report's line)."""
    lines = text.split("\n")
    starts = [n for n, line in enumerate(lines) if HEADING.match(line)]
    if not starts:
        raise AssertionError(f"no question in message: {text!r}")
    return "\n".join(lines[starts[-1]:])


def heading_of(text: str) -> re.Match:
    """The heading of the question in a message: its section (`section_of`), `n` and `total`."""
    return HEADING.match(question_in(text).split("\n")[0])


def section_of(text: str) -> str:
    heading = heading_of(text)
    return heading.group("next") or heading.group("section")


def asks_for_plan(message: str) -> bool:
    return question_in(message).split("\n")[1].startswith("Kế hoạch")


def indicator_in(question: str) -> dict:
    """The catalogue entry a question is about (the line after its heading is the indicator's name)."""
    line = question_in(question).split("\n")[1]
    section = section_of(question)
    line = line.removeprefix("Kế hoạch (KH) năm của chỉ tiêu: ")
    for (section_name, name), indicator in INDICATORS.items():
        if section == section_name and line.startswith(name):
            return indicator
    raise AssertionError(f"no indicator in question: {question!r}")


NOTE = "Đã triển khai đầy đủ kế hoạch."  # a note that says something ("Không có" would be no note)


def good_answer(indicator: dict, plan: bool, note: str = NOTE) -> str:
    if plan:
        return {"percent": "40", "decimal": "37 500"}.get(indicator.type, "1.000")
    return {"integer": "12", "percent": "33,37", "decimal": "37.554,5", "text": note}[indicator.type]


async def answer_current(phone: Phone, note: str = NOTE) -> list[SentMessage]:
    question = question_in(phone.last.text)
    indicator = indicator_in(question)
    if indicator.type == "choice":
        return await press(phone, indicator.choices[0])
    return await say(phone, good_answer(indicator, asks_for_plan(question), note))


async def overview(phone: Phone) -> SentMessage:
    """/baocao, and the overview of the report (it opens on the question to answer, if any)."""
    await say(phone, "/baocao")
    if any("Các phần" in label for label in phone.last.button_texts):
        await press(phone, "Các phần")
    return phone.last


async def open_section(phone: Phone, name: str) -> list[SentMessage]:
    """From /baocao's overview, the section whose button names `name` ("Kinh tế - xã hội")."""
    await overview(phone)
    return await press(phone, name)


async def fill_whole_report(phone: Phone, note: str = NOTE) -> None:
    """From /baocao, answer every question, section after section (each next one starts by itself),
    until the overview says all is answered (notes with `note`)."""
    await say(phone, "/baocao")
    for _ in range(200):
        if is_question(phone.last.text):
            await answer_current(phone, note)
            continue
        if "trả lời hết" in phone.last.text:
            return
        await press(phone, "Nhập tiếp")
    raise AssertionError("the report never ended:\n" + phone.fake.transcript(phone.chat_id))


# --- what one report costs in messages (issue 18), counted as tests count queries ----------------

SCREEN = SCREEN_LIMIT  # characters: what a phone shows without scrolling


def screen_lengths(message) -> tuple[int, int]:
    """How long a bot message reads (characters): on Telegram (its text; the buttons are apart) and on
    Zalo or the terminal (the text with its choices as numbered lines)."""
    reply = getattr(message, "reply", None)  # the in-memory channel keeps it; the fake Bot API has the text
    if reply is None:
        return len(message.text), len(message.text)
    return len(message.text), len(render(reply))


@dataclass
class Tally:
    """What one clerk's report cost: the clerk's messages (typed or tapped), the bot's (and edits)."""

    questions: int = 0  # answers saved
    clerk_messages: int = 0
    taps: int = 0  # of which buttons tapped (each could cost the bot an edit to take the buttons off)
    bot_messages: int = 0
    bot_edits: int = 0
    edited_characters: int = 0  # text the edits sent again (an edit of a message sends its whole text)
    long_messages: int = 0  # bot messages longer than a screen, on Telegram or on Zalo
    longest: int = 0
    to_first_answer: int = 0  # the clerk's messages from the invitation code to the first saved answer, both counted
    two_menus: int = 0  # answers of the bot with more than one live menu (buttons of the conversation)
    submitted: bool = False
    long_texts: list[str] = field(default_factory=list)

    def count_bot(self, messages) -> None:
        for message in messages:
            length = max(screen_lengths(message))
            self.longest = max(self.longest, length)
            if length > SCREEN:
                self.long_messages += 1
                self.long_texts.append(message.text[:80])


def is_question(text: str) -> bool:
    try:
        question_in(text)
        return True
    except AssertionError:
        return False


def _answer(text: str) -> tuple[str, bool]:
    """What the clerk answers the question in `text`, and whether it is one of its choices."""
    question = question_in(text)
    indicator = indicator_in(question)
    if indicator.type == "choice":
        return indicator.choices[0], True
    return good_answer(indicator, asks_for_plan(question)), False


async def report_by_typing(phone: Phone, code: str, tap_choices: bool = False) -> Tally:
    """A new clerk registers with `code` and fills the whole report, typing the answers (a choice typed
    as its label, as on Zalo; `tap_choices`: tapped, as on Telegram); where the bot shows no question,
    the clerk takes the one step it offers to go on (open the report, continue, submit). Returns what
    it cost. Edits of the bot's messages are counted where the chat keeps them."""
    tally = Tally()
    fake, chat = phone.fake, phone.chat_id

    async def act(step) -> list:
        tally.clerk_messages += 1
        replies = await step()
        menus = [m for m in replies if any(not value.startswith("/") for row in m.buttons for _, value in row)]
        tally.two_menus += len(menus) > 1
        saved = any("✅ Đã lưu" in m.text for m in replies)
        if saved:
            tally.questions += 1
            if not tally.to_first_answer:
                tally.to_first_answer = tally.clerk_messages
        return replies

    await act(lambda: say(phone, code))
    for _ in range(400):
        last = phone.last
        if is_question(last.text):
            answer, choice = _answer(last.text)
            tally.taps += choice and tap_choices
            await act(lambda: press(phone, answer) if choice and tap_choices else say(phone, answer))
            continue
        if "Đã gửi báo cáo" in last.text:
            tally.submitted = True
            break
        labels = " ".join(last.button_texts)
        done = "trả lời hết" in last.text
        step = next((label for label in (("Gửi báo cáo",) if done else ("Nhập tiếp", "Báo cáo", "Gửi báo cáo"))
                     if label in labels), None)
        if step is None:
            raise AssertionError("the clerk does not know how to go on:\n" + fake.transcript(chat))
        tally.taps += 1
        await act(lambda: press(phone, step))
    else:
        raise AssertionError("the report never ended:\n" + fake.transcript(chat))
    messages = fake.bot_messages(chat)
    tally.bot_messages = len(messages)
    tally.bot_edits = sum(m.edit_count for m in messages)
    tally.edited_characters = sum(len(m.text) for m in messages if m.edit_count)
    tally.count_bot(messages)
    return tally
