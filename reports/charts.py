"""Bar charts drawn on the server as SVG: no script, no style attribute (the Content
Security Policy forbids both), colours from the portal's CSS.

A chart is written in Python (``Chart.svg``, the ``bar_chart`` tag), not by a template
loop: a dashboard's two charts are some fifty elements, and drawn by a template they cost
as much as the rest of a Kasubag's dashboard body, which is drawn anew for each SKPD
whenever the figures change (docs/benchmarks.md)."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 52, 8, 12, 30


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_bottom: float
    tick_x: float  # where the axis labels end, left of the plot
    label_y: float  # the baseline of the column labels, below the plot
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[Label]
    target_y: float | None
    target_label: str

    @property
    def target_label_y(self) -> float | None:
        return None if self.target_y is None else self.target_y - 4

    def svg(self, title: str, chart_id: str) -> SafeString:
        """The chart as an ``<svg>`` element titled ``title`` (its accessible name), with
        ids from ``chart_id``. Coordinates are written as Python writes numbers (a decimal
        comma is not SVG); texts are escaped."""
        left, right = self.plot_left, self.plot_right
        parts = [
            f'<svg class="bar-chart" viewBox="0 0 {self.width} {self.height}" role="img" '
            f'aria-labelledby="{escape(chart_id)}-title">',
            f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        ]
        for tick in self.ticks:
            parts.append(
                f'<line class="chart-grid" x1="{left}" x2="{right}" y1="{tick.y}" y2="{tick.y}"/>'
                f'<text class="chart-tick" x="{self.tick_x}" y="{tick.y}" text-anchor="end" '
                f'dominant-baseline="middle">{escape(tick.label)}</text>'
            )
        for bar in self.bars:
            parts.append(
                f'<rect class="{escape(bar.css)}" x="{bar.x}" y="{bar.y}" width="{bar.width}" '
                f'height="{bar.height}"><title>{escape(bar.title)}</title></rect>'
            )
        if self.target_y is not None:
            parts.append(
                f'<line class="chart-target" x1="{left}" x2="{right}" y1="{self.target_y}" '
                f'y2="{self.target_y}"/><text class="chart-target-label" x="{right}" '
                f'y="{self.target_label_y}" text-anchor="end">{escape(self.target_label)}</text>'
            )
        for label in self.labels:
            parts.append(
                f'<text class="chart-tick" x="{label.x}" y="{self.label_y}" '
                f'text-anchor="middle">{escape(label.text)}</text>'
            )
        parts.append("</svg>")
        return mark_safe("\n".join(parts))


def nice_step(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, … at or above ``value``."""
    power = 1
    while True:
        for multiple in (1, 2, 2.5, 5):
            step = multiple * power
            if step == int(step) and step >= value:
                return int(step)
        power *= 10


def stacked_bars(
    columns: list[tuple[str, list[tuple[float, str, str]]]],
    *,
    maximum: float | None = None,
    target: float | None = None,
    target_label: str = "",
    unit: str = "",
) -> Chart:
    """One column per label, each a stack of (value, css class, title) from the bottom up;
    the axis runs to ``maximum`` (or a round number above the tallest stack), with an
    optional target line."""
    tallest = max((sum(v for v, _css, _t in stack) for _label, stack in columns), default=0)
    # Counts get four whole-number steps of a round size.
    top = maximum if maximum is not None else 4 * nice_step(tallest / 4)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    bottom = TOP + plot_height
    band = plot_width / max(len(columns), 1)
    bar_width = band * 0.6

    def y_of(value: float) -> float:
        return bottom - plot_height * min(value, top) / top

    bars, labels = [], []
    for index, (label, stack) in enumerate(columns):
        x = LEFT + band * index + (band - bar_width) / 2
        base = 0.0
        for value, css, title in stack:
            if value > 0:
                bars.append(
                    Bar(
                        x=round(x, 1),
                        y=round(y_of(base + value), 1),
                        width=round(bar_width, 1),
                        height=round(y_of(base) - y_of(base + value), 1),
                        css=css,
                        title=title,
                    )
                )
            base += value
        labels.append(Label(x=round(LEFT + band * index + band / 2, 1), text=label))
    ticks = [
        Tick(y=round(y_of(top * step / 4), 1), label=f"{_number(top * step / 4)}{unit}")
        for step in range(5)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_bottom=bottom,
        tick_x=LEFT - 6,
        label_y=bottom + 16,
        bars=bars,
        ticks=ticks,
        labels=labels,
        target_y=round(y_of(target), 1) if target is not None else None,
        target_label=target_label,
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
