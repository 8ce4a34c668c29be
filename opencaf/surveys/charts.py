"""Chart images for the survey's PDF summary (PNG), drawn with matplotlib without a display. Free of
Django. Each chart has a table of the same numbers beside it in the summary (ADR 8: images in
documents, Chart.js on pages)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

BAR = "#0a3d62"


def distribution(labels: Sequence[str], counts: Sequence[int]) -> bytes:
    """One horizontal bar per answer (option, scale value, "don't know"), longest label readable."""
    height = 0.35 * len(labels) + 0.6
    figure, axes = plt.subplots(figsize=(6.5, height))
    positions = list(range(len(labels)))
    axes.barh(positions, list(counts), color=BAR, height=0.6)
    axes.set_yticks(positions)
    axes.set_yticklabels([_shorten(label) for label in labels], fontsize=8)
    axes.invert_yaxis()  # the first answer on top, as in the table
    axes.tick_params(axis="x", labelsize=8)
    axes.grid(axis="x", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    for position, count in zip(positions, counts, strict=True):
        axes.text(count, position, f" {count}", va="center", fontsize=7)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _shorten(label: str, limit: int = 45) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
