"""Chart images for the report (PNG), drawn with matplotlib without a display. Free of Django.

Every chart in the report also has a table with the same numbers, for readers who cannot see it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

CURRENT = "#0a3d62"
PREVIOUS = "#b85c00"


def _png(figure: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def radar(
    labels: Sequence[str],
    values: Sequence[float | None],
    previous: Sequence[float | None] | None,
    legend: tuple[str, str],
) -> bytes:
    """Criteria scores around a circle; the previous self-assessment dashed, when there is one."""
    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count)] + [0.0]
    figure, axes = plt.subplots(figsize=(5.5, 5.5), subplot_kw={"projection": "polar"})
    for series, colour, style, name in ((values, CURRENT, "-", legend[0]), (previous, PREVIOUS, "--", legend[1])):
        if series is None:
            continue
        points = [value or 0.0 for value in series]
        axes.plot(angles, [*points, points[0]], style, color=colour, linewidth=2, label=name)
        axes.fill(angles, [*points, points[0]], color=colour, alpha=0.08)
    axes.set_xticks(angles[:-1])
    axes.set_xticklabels(labels, fontsize=9)
    axes.set_ylim(0, 100)
    axes.set_yticks([20, 40, 60, 80, 100])
    axes.tick_params(axis="y", labelsize=7)
    if previous is not None:
        axes.legend(loc="lower right", bbox_to_anchor=(1.15, -0.12), fontsize=8)
    return _png(figure)


def bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    previous: Sequence[float | None] | None,
    legend: tuple[str, str],
) -> bytes:
    """One bar per subcriterion (or per group), 0–100."""
    figure, axes = plt.subplots(figsize=(8, 3.2))
    positions = list(range(len(labels)))
    width = 0.4 if previous is not None else 0.7
    axes.bar(
        [p - (width / 2 if previous is not None else 0) for p in positions],
        [v or 0 for v in values],
        width=width,
        color=CURRENT,
        label=legend[0],
    )
    if previous is not None:
        axes.bar(
            [p + width / 2 for p in positions],
            [v or 0 for v in previous],
            width=width,
            color=PREVIOUS,
            label=legend[1],
            hatch="//",
            edgecolor="white",
        )
        axes.legend(fontsize=8)
    axes.set_xticks(positions)
    axes.set_xticklabels(labels, fontsize=8, rotation=0 if len(labels) < 10 else 90)
    axes.set_ylim(0, 100)
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
