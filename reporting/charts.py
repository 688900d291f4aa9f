"""Charts rendered as SVG on the server with matplotlib; the dashboard and the PDF use the same ones.

Text stays text in the SVG (svg.fonttype "none"), so screen readers, `pdftotext` and a search in the
PDF find the labels. Every chart is shown next to a table of its numbers.
"""

import base64
import io

import matplotlib

matplotlib.use("svg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

BRAND = "#0b5394"
ACCENT = "#f1a208"
GREY = "#9aa5b1"

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "missionlocale",  # stable ids: the same data gives the same file
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


def _svg(figure: Figure) -> str:
    """A data: URI for an <img>: the same markup serves the page and the PDF, and ids never clash."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def history_chart(rows: list[dict], *, accompanied_label: str, exits_label: str) -> str:
    """Grouped bars per year: people accompanied and positive exits, with the values on top."""
    figure, axes = plt.subplots(figsize=(6.4, 2.8))
    years = [str(row["year"]) for row in rows]
    positions = range(len(rows))
    width = 0.38
    people = axes.bar([p - width / 2 for p in positions], [r["accompanied"] for r in rows], width, color=BRAND)
    exits = axes.bar([p + width / 2 for p in positions], [r["positive_exits"] for r in rows], width, color=ACCENT)
    axes.bar_label(people, padding=2, fontsize=8)
    axes.bar_label(exits, padding=2, fontsize=8)
    axes.set_xticks(list(positions), years)
    axes.legend([people, exits], [accompanied_label, exits_label], frameon=False, loc="upper left", ncols=2)
    axes.set_ylim(0, max([r["accompanied"] for r in rows] + [1]) * 1.25)
    axes.yaxis.set_visible(False)
    axes.spines["left"].set_visible(False)
    return _svg(figure)


def horizontal_bars(items: list[tuple[str, int]], *, color: str = BRAND) -> str:
    """One bar per labelled value, largest first, with the value at the end of the bar."""
    items = [item for item in items if item[1]] or items[:1]
    items = sorted(items, key=lambda item: item[1])
    figure, axes = plt.subplots(figsize=(6.4, 0.35 * len(items) + 0.5))
    bars = axes.barh([label for label, _ in items], [value for _, value in items], color=color)
    axes.bar_label(bars, padding=3, fontsize=8)
    axes.xaxis.set_visible(False)
    axes.spines["bottom"].set_visible(False)
    axes.set_xlim(0, max([value for _, value in items] + [1]) * 1.15)
    return _svg(figure)
