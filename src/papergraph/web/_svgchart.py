"""A horizontal bar chart written as inline SVG on the server: no script, no CDN, no inline
style (the Content-Security-Policy forbids both; SVG presentation attributes are not styles).
Every text is escaped; the chart names itself with `<title>` and `<desc>` for screen readers,
and each bar carries its own `<title>` (label and count) and, when it has one, a link."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Bar", "bar_chart"]

_ROW = 22  # pixels per bar
_LABEL_WIDTH = 220
_BAR_WIDTH = 260
_COUNT_WIDTH = 50
_LABEL_CHARS = 34  # longer labels are cut (the bar's <title> keeps the whole label)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    href: str | None = None


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def _bar(index: int, bar: Bar, largest: int) -> str:
    """One row: the label, the bar scaled to the largest count, the count."""
    y = index * _ROW
    width = max(1, round(_BAR_WIDTH * bar.count / largest)) if bar.count else 0
    row = (
        f'<g class="bar" transform="translate(0,{y})">'
        f"<title>{escape(bar.label)}: {bar.count}</title>"
        f'<text x="{_LABEL_WIDTH - 6}" y="15" text-anchor="end">{escape(_short(bar.label))}</text>'
        f'<rect x="{_LABEL_WIDTH}" y="3" width="{width}" height="{_ROW - 6}"'
        f' data-count="{bar.count}"/>'
        f'<text x="{_LABEL_WIDTH + width + 4}" y="15" class="count">{bar.count}</text></g>'
    )
    if bar.href:
        row = f'<a href="{escape(bar.href)}">{row}</a>'
    return row


def bar_chart(bars: list[Bar], *, title: str, description: str) -> Markup:
    """`bars` as an SVG bar chart, one row per bar in the order given, titled `title`."""
    largest = max((bar.count for bar in bars), default=0) or 1
    width, height = _LABEL_WIDTH + _BAR_WIDTH + _COUNT_WIDTH, max(1, len(bars)) * _ROW
    rows = "".join(_bar(index, bar, largest) for index, bar in enumerate(bars))
    ident = _ident(title)
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>{rows}</svg>'
    )


def _ident(title: str) -> str:
    """An id for the chart's title and description, from its title (one chart per title on
    a page)."""
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())
