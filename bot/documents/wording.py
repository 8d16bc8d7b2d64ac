"""The words a summary's figures and awards are written in, shared by the chat, the Word draft and the workbook.

"09 xã đạt từ 15 tiêu chí trở lên (Quài Nưa, …)", "Khen thưởng cấp huyện: Danh hiệu LĐTT: 87 tập thể,
1.940 cá nhân; …": the figures come from `storage/figures.py` (SQL); here they only become sentences, so a
cell of the workbook and a line of the Word draft say what the chat says.
"""

from __future__ import annotations

from typing import Callable, Optional

from bot import figures
from bot import texts
from bot.documents.compare import compare_words
from storage.catalog import LEVELS
from storage.district_lists import FormCount, by_level
from storage.figures import MEAN, OWN, WEIGHTED, AwardTotals, Figure
from storage.progress import Progress


def unit_noun(indicator) -> str:
    """What the units are called when counted: 'xã' for an indicator asked of communes only."""
    kinds = indicator.unit_kinds or []
    return kinds[0] if len(kinds) == 1 else texts.UNIT_NOUN


def names_text(names: list[str], count: int, noun: str, limit: Optional[int] = None) -> str:
    shown = names[:limit] if limit else names
    text = ", ".join(shown)
    if count > len(shown):
        text += ("; " if shown else "") + texts.MORE_NAMES.format(n=figures.count(count - len(shown)), noun=noun)
    return text


def groups_text(fig: Figure, limit: Optional[int] = None) -> str:
    """'≥15 tiêu chí: 9 xã (Quài Nưa, …); 10–14: 7 xã (…); <10: 2 xã (…); bình quân 13,6 tiêu chí/xã'."""
    ind = fig.indicator
    noun = unit_noun(ind)
    parts = []
    for n, group in enumerate(fig.groups):
        label = group.label
        if n and ind.unit and label.endswith(" " + ind.unit):  # the seed names the unit once
            label = label[: -len(ind.unit) - 1]
        text = texts.FIG_GROUP.format(label=label, count=figures.count(group.count), noun=noun)
        if group.count:
            text += f" ({names_text(group.names, group.count, noun, limit)})"
        parts.append(text)
    if ind.aggregate == "buckets" and fig.average is not None:
        parts.append(texts.FIG_BUCKET_AVERAGE.format(value=figures.average(ind, fig.average), unit=ind.unit, noun=noun))
    return "; ".join(parts)


def figure_sentence(fig: Figure, limit: Optional[int] = None) -> str:
    """One indicator across units, as the seed writes it."""
    ind = fig.indicator
    if not fig.reported:
        return texts.FIG_NONE.format(name=ind.name)
    if fig.groups:
        return f"{ind.name}: {groups_text(fig, limit)}"
    if ind.aggregate == "average":
        text = f"{ind.name}: {rate_text(fig)}"
        if fig.plan_average is not None and fig.rate is not None and fig.rate.how == MEAN:  # the plans' mean beside
            # the rates' mean only: not beside the authority's own or a weighted figure
            text += f" (KH {figures.with_unit(ind, figures.average(ind, fig.plan_average))})"
        return with_comparison(text, fig)
    text = texts.FIG_VALUE.format(name=ind.name, value=figures.value(ind, fig.total or 0))
    if fig.percent_of_plan is not None:
        text += texts.FIG_PLAN.format(percent=figures.percent(fig.planned_value, fig.plan_total))
    return with_comparison(text, fig)


def rate_text(fig: Figure) -> str:
    """A rate's one figure for the whole authority (storage/figures.py's `rate`), saying how it was had: "33,37% (số
    cấp huyện tự báo cáo)", "13% (bình quân theo tổng số hộ dân cư)", "bình quân 31,78% (trung bình cộng các xã)"."""
    ind, rate = fig.indicator, fig.rate
    if rate is None:
        return texts.FIG_NO_RATE
    value = figures.with_unit(ind, figures.average(ind, rate.value))
    if rate.how == OWN:
        return texts.RATE_OWN.format(value=value, level=texts.LEVEL_NAMES.get(rate.level, rate.level))
    if rate.how == WEIGHTED:
        return texts.RATE_WEIGHTED.format(value=value, base=rate.base.name[:1].lower() + rate.base.name[1:])
    return texts.RATE_MEAN.format(value=value, noun=unit_noun(ind))


def rate_label(fig: Figure) -> str:
    """What a rate's figure is, in a table's cell ("Số cấp huyện", "Bình quân theo …", "Bình quân")."""
    rate = fig.rate
    if rate is not None and rate.how == OWN:
        return texts.RATE_OWN_LABEL.format(level=texts.LEVEL_NAMES.get(rate.level, rate.level))
    if rate is not None and rate.how == WEIGHTED:
        return texts.RATE_WEIGHTED_LABEL.format(base=rate.base.name[:1].lower() + rate.base.name[1:])
    return texts.RATE_MEAN_LABEL


def illustrative_mark(rows) -> str:
    """The mark after a count of proposals (district_lists.Nominee rows) a demo made up (`Nomination.illustrative`),
    in the chat as in the Word draft; else nothing."""
    return texts.SENT_ILLUSTRATIVE if any(x.nomination.illustrative for x in rows) else ""


def with_comparison(text: str, fig: Figure) -> str:
    """A figure's sentence and its change since last year: "…, tăng 1.127 con so với cùng kỳ năm 2019"."""
    words = compare_words(fig.comparison)
    return f"{text}, {words}" if words else text


def award_counts(form, collective: float, individual: float) -> str:
    counts = []
    if "collective" in form.subjects:
        counts.append(texts.AWARD_COLLECTIVE.format(n=figures.count(collective)))
    if "individual" in form.subjects:
        counts.append(texts.AWARD_INDIVIDUAL.format(n=figures.count(individual)))
    return ", ".join(counts)


def award_groups(counts) -> list[tuple[str, list[tuple[str, float, float]]]]:
    """Award counts grouped as the seed writes them, by level from the top: [(level, [(name, collective,
    individual)])]. `counts` are (form, collective, individual); forms a report names alike (`report_as`:
    TTLĐTT and LĐTT are both "Danh hiệu LĐTT") are one item, tập thể and cá nhân together. The chat, the
    Word draft and the workbook all group this way, so a cell shows what the chat shows."""
    levels: dict[str, dict[str, list[float]]] = {}
    for form, collective, individual in counts:
        item = levels.setdefault(form.decided_by, {}).setdefault(form.report_as or form.name, [0, 0])
        item[0] += collective or 0
        item[1] += individual or 0
    order = sorted(levels, key=lambda lv: -LEVELS.index(lv) if lv in LEVELS else 1)
    return [(level, [(name, c, i) for name, (c, i) in levels[level].items()]) for level in order]


def level_items(counts, count: Callable[[float], str] = figures.count) -> list[tuple[str, str]]:
    """[(level, 'Danh hiệu LĐTT: 87 tập thể, 1.940 cá nhân; Danh hiệu CSTĐCS: 210 cá nhân')]: `award_groups`
    in words, a zero count left out."""
    out = []
    for level, forms in award_groups(counts):
        items = []
        for name, collective, individual in forms:
            subjects = ([texts.AWARD_COLLECTIVE.format(n=count(collective))] if collective else []) + \
                ([texts.AWARD_INDIVIDUAL.format(n=count(individual))] if individual else [])
            if subjects:
                items.append(texts.AWARD_FORM.format(name=name, counts=", ".join(subjects)))
        if items:
            out.append((level, "; ".join(items)))
    return out


def award_level_lines(totals: AwardTotals, count: Callable[[float], str] = figures.count) -> list[str]:
    """'Khen thưởng cấp huyện: Danh hiệu LĐTT: 87 tập thể, 1.940 cá nhân; Danh hiệu CSTĐCS: 210 cá nhân; …'
    one line per level, from the top (the chat and the Word draft; the draft counts '09', '01')."""
    return [f"{texts.AWARD_LEVELS.get(level, level)}: {items}."
            for level, items in level_items([(t.form, t.collective, t.individual) for t in totals.forms], count)]


def award_total_line(totals: AwardTotals) -> str:
    """'Cộng: … tập thể, … cá nhân.': the chat's total (the report has none)."""
    return texts.AWARDS_SUBJECTS.format(collective=figures.count(totals.collective),
                                        individual=figures.count(totals.individual))


def nominee_counts(c: FormCount) -> str:
    """'LĐTT 3 cá nhân (⚠️ 1)': one form's nominees, in the seed's way of counting."""
    counts = (award_counts(c.form, c.collective, c.individual) if c.form is not None else
              ", ".join(t.format(n=figures.count(n)) for t, n in ((texts.AWARD_COLLECTIVE, c.collective),
                                                                   (texts.AWARD_INDIVIDUAL, c.individual)) if n))
    flagged = texts.FLAGGED_COUNT.format(n=figures.count(c.flagged)) if c.flagged else ""
    return texts.DX_FORM_ITEM.format(form=form_short(c.form, c.code), counts=counts, flagged=flagged)


def form_short(form, code: str = "") -> str:
    return (form.short or form.name) if form is not None else code


def nominee_level_lines(counts: list[FormCount]) -> list[str]:
    """One line per deciding level, highest first: the proposals sent up, then what this level decides."""
    lines = []
    for level, goes_up, forms in by_level(counts):
        items = "; ".join(nominee_counts(c) for c in forms)
        name = texts.LEVEL_NAMES.get(level, level)
        if not level:
            lines.append(texts.DX_LEVEL_UNKNOWN.format(items=items))
        elif goes_up:
            lines.append(texts.DX_LEVEL_UP.format(level=name, items=items))
        else:
            lines.append(texts.DX_LEVEL_HERE.format(level=name[:1].upper() + name[1:], items=items))
    return lines


def progress_line(progress: Progress) -> str:
    late = texts.PROGRESS_LATE.format(late=progress.late) if progress.late else ""
    line = texts.PROGRESS_COUNT.format(submitted=progress.submitted, total=progress.total, on_time=progress.on_time,
                                   late=late)
    return line + texts.PROGRESS_APPROVED.format(approved=progress.approved) if progress.submitted else line
