"""Charts rendered as SVG on the server with matplotlib; the dashboard and the PDF use the same ones.

Text stays text in the SVG (svg.fonttype "none"), so screen readers, `pdftotext` and a search in the
PDF find the labels. Every chart is shown next to a table of its numbers.
"""

import base64
import functools
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


# A chart's layout (its tight bounding box) depends on its labels, not on its values: the axes leave room
# for the value labels. It is measured once per set of labels and kept here, so that a chart whose figures
# changed is drawn once instead of twice (measuring is a full draw). Not an lru_cache: the benchmark's
# "charts redrawn" empties those, as when the figures change; the labels (months, outcome kinds, names) do not.
_LAYOUTS: dict[tuple, object] = {}
_MAX_LAYOUTS = 512


def _svg(figure: Figure, layout: tuple) -> str:
    """A data: URI for an <img>: the same markup serves the page and the PDF, and ids never clash."""
    bbox = _LAYOUTS.get(layout)
    if bbox is None:
        figure.draw_without_rendering()
        bbox = figure.get_tightbbox().padded(0.1)  # what savefig(bbox_inches="tight") computes
        if len(_LAYOUTS) < _MAX_LAYOUTS:
            _LAYOUTS[layout] = bbox
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches=bbox, metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def svg_bytes(uri: str) -> bytes:
    """The SVG document of a chart's data: URI, to answer a request for the chart alone."""
    return base64.b64decode(uri.split(",", 1)[1])


def _value_format(thousands: str):
    """The bars' value labels written the reader's way (FR "1 861", NL "1.861"); no grouping without a
    separator."""
    return lambda value: f"{value:,.0f}".replace(",", thousands)


def history_chart(
    rows: list[dict],
    *,
    accompanied_label: str,
    exits_label: str,
    thousands: str = "",
    colors: tuple[str, str] = (BRAND, ACCENT),
) -> str:
    """Grouped bars per year: people accompanied and positive exits, with the values on top; ``colors``: the
    organisation's main and accent colours."""
    data = tuple((row["year"], row["accompanied"], row["positive_exits"]) for row in rows)
    return _history_chart(data, str(accompanied_label), str(exits_label), thousands, tuple(colors))


# Rendering a chart costs tens of milliseconds; the same figures give the same chart, so keep the last ones.
@functools.lru_cache(maxsize=64)
def _history_chart(
    data: tuple, accompanied_label: str, exits_label: str, thousands: str = "", colors: tuple = (BRAND, ACCENT)
) -> str:
    rows = [{"year": year, "accompanied": people, "positive_exits": exits} for year, people, exits in data]
    figure, axes = plt.subplots(figsize=(6.4, 2.8))
    years = [str(row["year"]) for row in rows]
    positions = range(len(rows))
    width = 0.38
    people = axes.bar([p - width / 2 for p in positions], [r["accompanied"] for r in rows], width, color=colors[0])
    exits = axes.bar([p + width / 2 for p in positions], [r["positive_exits"] for r in rows], width, color=colors[1])
    axes.bar_label(people, padding=2, fontsize=8, fmt=_value_format(thousands))
    axes.bar_label(exits, padding=2, fontsize=8, fmt=_value_format(thousands))
    axes.set_xticks(list(positions), years)
    axes.legend([people, exits], [accompanied_label, exits_label], frameon=False, loc="upper left", ncols=2)
    axes.set_ylim(0, max([r["accompanied"] for r in rows] + [1]) * 1.25)
    axes.yaxis.set_visible(False)
    axes.spines["left"].set_visible(False)
    return _svg(figure, ("history", tuple(years), accompanied_label, exits_label))


def horizontal_bars(
    items: list[tuple[str, int]], *, color: str = BRAND, thousands: str = "", colors: list[str] | None = None
) -> str:
    """One bar per labelled value, largest first, with the value at the end of the bar. ``colors``, one per
    item, tells groups apart (employment and training); the labels must say it too, colour never alone."""
    colors = colors or [color] * len(items)
    return _horizontal_bars(
        tuple((str(label), value, bar) for (label, value), bar in zip(items, colors, strict=True)), thousands
    )


@functools.lru_cache(maxsize=64)
def _horizontal_bars(items: tuple, thousands: str = "") -> str:
    items = [item for item in items if item[1]] or items[:1]
    items = sorted(items, key=lambda item: item[1])
    figure, axes = plt.subplots(figsize=(6.4, 0.35 * len(items) + 0.5))
    bars = axes.barh(
        [label for label, _v, _c in items], [value for _l, value, _c in items], color=[c for _l, _v, c in items]
    )
    axes.bar_label(bars, padding=3, fontsize=8, fmt=_value_format(thousands))
    axes.xaxis.set_visible(False)
    axes.spines["bottom"].set_visible(False)
    axes.set_xlim(0, max([value for _l, value, _c in items] + [1]) * 1.15)
    return _svg(figure, ("horizontal", tuple(sorted(label for label, _v, _c in items))))


def vertical_bars(items: list[tuple[str, int]], *, color: str = BRAND) -> str:
    """One bar per period (months…), in the given order, with the value on top."""
    return _vertical_bars(tuple((str(label), value) for label, value in items), color)


@functools.lru_cache(maxsize=64)
def _vertical_bars(items: tuple, color: str) -> str:
    figure, axes = plt.subplots(figsize=(6.4, 2.4))
    bars = axes.bar([label for label, _ in items], [value for _, value in items], color=color)
    axes.bar_label(bars, padding=2, fontsize=8)
    axes.yaxis.set_visible(False)
    axes.spines["left"].set_visible(False)
    axes.set_ylim(0, max([value for _, value in items] + [1]) * 1.2)
    return _svg(figure, ("vertical", tuple(label for label, _ in items)))


def caseload_bars(rows: list[tuple[str, int, int, int]], *, actiris_label: str, other_label: str) -> str:
    """Per counsellor: Actiris-referred and other open accompaniments stacked, the capacity as a tick."""
    return _caseload_bars(tuple(tuple(row) for row in rows), str(actiris_label), str(other_label))


@functools.lru_cache(maxsize=64)
def _caseload_bars(rows: tuple, actiris_label: str, other_label: str) -> str:
    rows = list(reversed(rows))
    figure, axes = plt.subplots(figsize=(6.4, 0.3 * len(rows) + 0.8))
    names = [name for name, _a, _o, _c in rows]
    actiris = axes.barh(names, [a for _n, a, _o, _c in rows], color=BRAND)
    other = axes.barh(names, [o for _n, _a, o, _c in rows], left=[a for _n, a, _o, _c in rows], color=ACCENT)
    for index, (_name, a, o, capacity) in enumerate(rows):
        axes.plot([capacity, capacity], [index - 0.4, index + 0.4], color="#c0392b", linewidth=2)
        axes.text(a + o + 2, index, str(a + o), va="center", fontsize=8)
    axes.legend(
        [actiris, other],
        [actiris_label, other_label],
        frameon=False,
        fontsize=8,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=2,
    )
    # Room on the right for the totals written after the bars, whatever the values.
    axes.set_xlim(0, max([max(a + o, c) for _n, a, o, c in rows] + [1]) * 1.15)
    axes.xaxis.set_visible(False)
    axes.spines["bottom"].set_visible(False)
    return _svg(figure, ("caseload", tuple(names), actiris_label, other_label))
