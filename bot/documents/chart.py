"""The progress of a round as a PNG bar chart (units by status), for /tiendo and `main.py summary`."""

from __future__ import annotations

import io

from bot import figures
from bot import texts
from bot.events import OutFile
from storage.progress import Progress


def progress_counts(progress: Progress) -> dict[str, int]:
    return {"on_time": progress.on_time, "late": progress.late, "draft": progress.counts.get("draft", 0),
            "returned": progress.counts.get("returned", 0), "none": progress.counts.get("none", 0)}


def progress_chart(progress: Progress, round_name: str) -> bytes:
    """A PNG bar chart of units by status."""
    from matplotlib.figure import Figure as Chart  # the OO API: no global pyplot state, thread-safe

    counts = progress_counts(progress)
    labels = [texts.CHART_STATUSES[k] for k in counts]
    colours = ["#2e7d32", "#f9a825", "#1565c0", "#c62828", "#9e9e9e"]
    chart = Chart(figsize=(7, 4), dpi=100)
    ax = chart.subplots()
    bars = ax.bar(labels, list(counts.values()), color=colours)
    ax.bar_label(bars, labels=[figures.count(v) for v in counts.values()])
    ax.set_title(texts.CHART_TITLE.format(round=round_name), fontsize=11)
    ax.set_ylabel(texts.CHART_Y)
    ax.margins(y=0.15)
    ax.yaxis.get_major_locator().set_params(integer=True)
    chart.tight_layout()
    out = io.BytesIO()
    chart.savefig(out, format="png")
    return out.getvalue()


def chart_file(progress: Progress, code: str, round_name: str) -> OutFile:
    """The chart as the file /tiendo sends and `main.py summary` writes."""
    return OutFile(f"tien-do-{code}.png", progress_chart(progress, round_name),
                   texts.CHART_CAPTION.format(round=round_name), is_image=True)
