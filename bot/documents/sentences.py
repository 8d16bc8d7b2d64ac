"""How the compiled report says one indicator across the units: the sentence forms, all in this one place.

Each kind of figure has its form, as the district writes it in the seed (2020 report of Tuần Giáo):

* a count ("Số hộ kinh doanh được cấp đăng ký kinh doanh mới") as the number with what it counts: "120 hộ kinh
  doanh được cấp đăng ký kinh doanh mới"; zero as "không có đơn thư khiếu nại, tố cáo về thi đua, khen thưởng";
* an amount ("Tổng đàn gia súc") as "Tổng đàn gia súc đạt 98.000 con, đạt 99,6% KH";
* a rate (`aggregate = "average"`) as the whole authority's one figure, the one the chat and the pages say
  (storage/figures.py `authority_rates`): the authority's own when it gave one, in its indicator's words ("Tỷ lệ hộ
  nghèo cuối năm giảm xuống ước còn 33,37%"), else weighted by its base indicator when the catalogue names one
  (`weight`: "… 33,37% (bình quân theo tổng số hộ dân cư)"), else the units' plain mean, said so;
* buckets ("09 xã đạt từ 15 tiêu chí trở lên (gồm các xã: …) … và bình quân đạt 13,6 tiêu chí/xã"), the range
  instead of the average where the catalogue asks (`bucket_summary = "range"`: "từ 07 đến 09 người");
* a yes/no question with its `yes_phrase` as "trong đó có 04 xã đã được … công nhận … (gồm các xã: …)" ("trong
  đó" right after the buckets of the same units), or "không có xã nào …";
* any other choice as "18 xã tổng kết bằng văn bản (gồm các xã: …)".

`figure_sentence(fig, before)` is the one entry point (bot/documents/report_docx.py); a comparison with an earlier
round or any other phrase is added there, in one place.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from bot import figures, texts
from bot.documents.admin_docx import two_digits
from bot.documents.wording import names_text, rate_text, unit_noun, with_comparison
from storage.people import fold
from storage.figures import MEAN, OWN, Figure, Rate
from storage.list_schema import RM_FIELDS
from storage.models import ReportValue
from storage.numbers import NumberKind, format_number
from storage.values import value_type
from storage.values.text import says_nothing


def counted(name: str) -> Optional[str]:
    """What a count counts: 'Số hộ thoát nghèo trong năm' -> 'hộ thoát nghèo trong năm'; None for other names."""
    for lead in texts.SENT_COUNT_LEADS:
        if name.startswith(lead) and len(name) > len(lead):
            return name[len(lead):]
    return None


def amount(indicator, value: float) -> str:
    """A figure with its unit; whole counts under ten with two digits ('05 hợp tác xã')."""
    if value_type(indicator).name == "integer":
        return figures.with_unit(indicator, two_digits(int(round(value))))
    return figures.value(indicator, value)


def _number(indicator, value: float) -> str:
    if value_type(indicator).name == "integer":
        return two_digits(int(round(value)))
    return figures.value(indicator, value).removesuffix(" " + (indicator.unit or "")).strip()


def _plan(fig: Figure) -> str:
    if fig.percent_of_plan is None:
        return ""
    text = texts.FIG_PLAN.format(percent=figures.percent(fig.planned_value, fig.plan_total))
    return text + (texts.SENT_ILLUSTRATIVE if fig.plan_illustrative and not fig.illustrative else "")


def _names(noun: str, group) -> str:
    return texts.DOC_NAMES.format(noun=noun, names=names_text(group.names, group.count, noun))


def buckets(fig: Figure) -> str:
    ind = fig.indicator
    noun = unit_noun(ind)
    phrases = [b.get("phrase") for b in ind.buckets]
    parts = []
    for n, group in enumerate(fig.groups):
        if not group.count:
            continue
        phrase = phrases[n] if n < len(phrases) else None
        if phrase:
            parts.append(texts.DOC_GROUP_PHRASE.format(count=two_digits(group.count), noun=noun, phrase=phrase,
                                                       names=_names(noun, group)))
        else:
            parts.append(texts.DOC_GROUP.format(label=group.label, count=two_digits(group.count), noun=noun,
                                                names=_names(noun, group)))
    text = (", " if any(phrases) else "; ").join(parts)
    summary = getattr(ind, "bucket_summary", "average") or "average"
    if summary == "average" and fig.average is not None:
        text += texts.DOC_BUCKET_AVERAGE.format(value=figures.average(ind, fig.average), unit=ind.unit, noun=noun)
    elif summary == "range" and fig.minimum is not None:
        low, high = _number(ind, fig.minimum), _number(ind, fig.maximum)
        text += (texts.SENT_RANGE.format(low=low, high=high, unit=ind.unit) if low != high
                 else texts.SENT_RANGE_ONE.format(value=low, unit=ind.unit))
    return text


def yes_no(fig: Figure, after_buckets: bool) -> Optional[str]:
    """A yes/no question the catalogue words (`yes_phrase`): the units that said yes, in one clause."""
    ind = fig.indicator
    phrase = getattr(ind, "yes_phrase", "") or ""
    if not phrase or len(ind.choices or []) != 2:
        return None
    noun = unit_noun(ind)
    yes = next((g for g in fig.groups if g.label == ind.choices[0]), None)
    if yes is None or not yes.count:
        return texts.SENT_YES_NONE.format(noun=noun, phrase=phrase)
    lead = texts.SENT_WITHIN if after_buckets else texts.SENT_THERE_ARE
    return lead + texts.DOC_GROUP_PHRASE.format(count=two_digits(yes.count), noun=noun, phrase=phrase,
                                                names=_names(noun, yes))


def choices(fig: Figure) -> str:
    """'18 xã tổng kết bằng văn bản (gồm các xã: …); 01 thị trấn tổ chức hội nghị (…)'."""
    noun = unit_noun(fig.indicator)
    parts = [texts.DOC_GROUP_PHRASE.format(count=two_digits(g.count), noun=noun, phrase=g.label[:1].lower()
                                           + g.label[1:], names=_names(noun, g)) for g in fig.groups if g.count]
    return "; ".join(parts)


def rate(fig: Figure) -> str:
    """A rate as the whole authority's one figure (storage/figures.py's `rate`, as the chat and the pages say it):
    weighted by its base indicator, or the units' plain mean, said so; the authority's own is `own_sentence`'s."""
    return f"{fig.indicator.name.rstrip(' ?')}: {rate_text(fig)}" + _plan(fig)


def _own_rate(fig: Figure) -> bool:
    return fig.rate is not None and fig.rate.how == OWN


def figure_sentence(fig: Figure, before: Optional[Figure] = None) -> str:
    """One indicator across the units as a clause of the report (no full stop). `before`: the figure said just before
    it in the same paragraph. A rate the authority gave itself is said as its own indicator words it ("ước còn
    33,37%"). A demo's illustrative figure says so ("(số liệu minh họa)")."""
    text = _sentence(fig, before)
    if not fig.groups and fig.reported:  # the units' change, after the authority's own figure too (as the seed)
        text = with_comparison(text, fig)  # "…, tăng 1.127 con so với cùng kỳ năm 2019" (wording.py)
    return text + texts.SENT_ILLUSTRATIVE if fig.illustrative and not _own_rate(fig) else text


def _sentence(fig: Figure, before: Optional[Figure]) -> str:
    ind = fig.indicator
    name = ind.name.rstrip(" ?")  # asked as a question in the chat, stated in the report
    if _own_rate(fig):
        return own_sentence(fig.rate.own, ReportValue(field=fig.rate.own.code, number=fig.rate.value))
    if ind.sentence and fig.reported and not fig.groups:
        value = fig.average if ind.aggregate == "average" else fig.total
        return ind.sentence.format(value=amount(ind, value or 0), plan=_plan(fig))
    if not fig.reported or (fig.groups and not any(g.count for g in fig.groups)):
        return texts.FIG_NONE.format(name=name)
    if fig.groups and ind.aggregate == "buckets":
        return _worded(ind, buckets(fig))
    if fig.groups:
        after = before is not None and before.indicator.aggregate == "buckets" and \
            (before.indicator.unit_kinds or []) == (ind.unit_kinds or [])
        return yes_no(fig, after) or _worded(ind, choices(fig))
    if ind.aggregate == "average":
        return rate(fig)
    what = counted(name)
    if what is not None:
        if not fig.total:
            return texts.SENT_NONE.format(what=what)
        return texts.SENT_COUNT.format(n=_number(ind, fig.total), what=what) + _plan(fig)
    return texts.SENT_AMOUNT.format(name=name, value=amount(ind, fig.total or 0)) + _plan(fig)


def _worded(ind, groups: str) -> str:
    """The units by bucket or choice in the catalogue's own sentence ("toàn huyện có {value}"), else after the
    indicator's name."""
    return ind.sentence.format(value=groups, plan="") if ind.sentence else f"{ind.name.rstrip(' ?')}: {groups}"


def own_sentence(indicator, value, plan=None, comparison=None) -> str:
    """The authority's own answer (one ReportValue) in the same forms: a number as its units' total would be said,
    with its own plan (`plan`, its ReportValue) and its change since last year (`comparison`); a text as written."""
    if value.number is None:
        text = (value.text or "").strip().rstrip(".")
        return indicator.sentence.format(value=text, plan="") if indicator.sentence else \
            texts.FIG_VALUE.format(name=indicator.name.rstrip(" ?"), value=text)
    planned = plan is not None and bool(plan.number)
    fig = Figure(indicator, reported=1, total=value.number, average=value.number, minimum=value.number,
                 maximum=value.number, planned_value=value.number if planned else None,
                 plan_total=plan.number if planned else None, comparison=comparison)
    fig.rate = Rate(value.number, MEAN) if indicator.aggregate == "average" else None
    return figure_sentence(fig)


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def inside(text: str) -> str:
    """A clause inside a sentence: its first letter small, unless it begins with a name ("Hội đồng …", "Khối …")."""
    if text.startswith(texts.SENT_NAMES):
        return text
    return text[:1].lower() + text[1:]


def clauses(sentences: list[str]) -> str:
    """Clauses of one paragraph, '; ' between them, the first with a capital; two counts of the same thing said once
    ('37 tập thể, 132 cá nhân được biểu dương, khen thưởng tại Đại hội …', as the seed)."""
    out: list[str] = []
    for text in sentences:
        merged = _same_tail(out[-1], text) if out else None
        if merged is not None:
            out[-1] = merged
        else:
            out.append(text)
    return first_upper("; ".join(inside(t) for t in out))


def _same_tail(first: str, second: str) -> Optional[str]:
    """'37 tập thể được … huyện' and '132 cá nhân được … huyện' as '37 tập thể, 132 cá nhân được … huyện': two
    counts (a number and a noun of one or two words) that end in the same words (three at least); else None."""
    a, b = first.split(), second.split()
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    heads = a[:len(a) - n], b[:len(b) - n]
    if n < 3 or not all(2 <= len(h) <= 3 and h[0][:1].isdigit() for h in heads):
        return None
    return f"{' '.join(heads[0])}, {' '.join(heads[1])} {' '.join(a[len(a) - n:])}"


# --- role models ----------------------------------------------------------------------------------


def role_model_line(model, last: bool) -> str:
    """'- Gia đình ông Quàng Văn Lến (xã Chiềng Sinh) - mô hình trồng cây chanh leo;': the clerk's own words, a
    place the clerk left unsaid ("chưa ghi", "-") left out."""
    rm = model.role_model
    place = ", ".join(p.strip() for p in (rm.village, rm.commune or texts.unit_name(model.unit))
                      if p and p.strip() and not says_nothing(p) and fold(p) not in texts.DOC_RM_UNSAID)
    text = texts.DOC_RM_ITEM.format(name=(rm.name or "").strip(), place=place) if place else (rm.name or "").strip()
    if rm.deed and not says_nothing(rm.deed):
        text += texts.DOC_RM_DEED.format(deed=rm.deed.strip().rstrip(".;"))
    return texts.DOC_RM_LINE.format(text=text, end="." if last else ";")


def role_model_fields(models) -> list[tuple[str, list[str], str]]:
    """The role models by the field their clerk gave (storage/list_schema.RM_FIELDS, in the seed's order: collectives,
    schools, teachers, police and military, households, others): (the field's line, a line for each, the yearly
    income the clerks gave, as a range)."""
    groups: dict[str, list] = {}
    for model in models:
        field = model.role_model.field if model.role_model.field in RM_FIELDS else "other"
        groups.setdefault(field, []).append(model)
    out = []
    for field in [f for f in RM_FIELDS if f in groups]:
        members = groups[field]
        lines = [role_model_line(m, i == len(members) - 1) for i, m in enumerate(members)]
        incomes = sorted(m.role_model.income_million for m in members if m.role_model.income_million is not None)
        income = ""
        if incomes:
            low, high = (format_number(Decimal(str(v)), NumberKind.DECIMAL) for v in (incomes[0], incomes[-1]))
            income = (texts.DOC_RM_INCOME_RANGE.format(low=low, high=high) if low != high
                      else texts.DOC_RM_INCOME_ONE.format(value=low))
        out.append((texts.DOC_RM_FIELDS[field], lines, income))
    return out
