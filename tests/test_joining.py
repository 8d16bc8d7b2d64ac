"""Short notices ride above the next question: one message a step, not two."""

from bot.events import Choice, OutFile, Reply
from bot.rendering import JOIN_LIMIT, NOTICE_LIMIT, join_replies

QUESTION = Reply("Câu 2/6: Số hộ nghèo?", [Choice("⏭ Bỏ qua", "skip")], numbered=False)


def test_a_saved_line_and_an_error_join_the_question_in_order():
    [one] = join_replies([Reply("✅ Đã lưu: 15"), Reply("⚠️ Lưu ý"), QUESTION])
    assert one.text == "✅ Đã lưu: 15\n\n⚠️ Lưu ý\n\nCâu 2/6: Số hộ nghèo?"
    assert one.choices == QUESTION.choices and one.numbered is False


def test_long_texts_files_and_a_last_notice_stay_their_own_messages():
    review = Reply("• chỉ tiêu\n" * (NOTICE_LIMIT // 10 + 1))
    chart = Reply("", file=OutFile("tien-do.png", b"\x89PNG"))
    replies = [review, QUESTION, Reply("✅ Đã gửi"), chart, Reply("Xong rồi.")]
    assert join_replies(replies) == replies


def test_nothing_joins_past_the_smallest_channel_limit():
    long_question = Reply("x" * (JOIN_LIMIT - 5), QUESTION.choices)
    assert join_replies([Reply("✅ Đã lưu"), long_question]) == [Reply("✅ Đã lưu"), long_question]
