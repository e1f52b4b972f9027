from django.template import Context, Template
from django.utils import translation

from reports import charts


def two_months():
    return charts.stacked_bars(
        [
            (
                "Jan",
                [(3, "chart-bar-primary", "Jan: 3 <di SKPD>"), (1, "chart-bar-secondary", "x")],
            ),
            ("Feb & Mar", [(0, "chart-bar-primary", "Feb: 0")]),
        ],
        target=5,
        target_label="Target <5>",
    )


class TestSvg:
    def test_a_chart_is_drawn_with_its_bars_ticks_labels_and_target(self):
        svg = two_months().svg("Sesi per bulan", "chart-sessions")
        assert svg.startswith('<svg class="bar-chart" viewBox="0 0 640 240" role="img"')
        assert 'aria-labelledby="chart-sessions-title"' in svg
        assert '<title id="chart-sessions-title">Sesi per bulan</title>' in svg
        # A zero is no bar; the stack of January is two.
        assert svg.count("<rect ") == 2
        assert svg.count('<line class="chart-grid"') == 5
        assert svg.count('class="chart-target"') == 1
        assert svg.count('text-anchor="middle"') == 2
        assert svg.endswith("</svg>")

    def test_its_coordinates_are_numbers_as_svg_reads_them_in_any_language(self):
        chart = two_months()
        bar = chart.bars[0]
        with translation.override("id"):  # whose decimal mark is a comma
            svg = chart.svg("t", "c")
        assert bar.y == 61.5
        assert f'x="{bar.x}" y="61.5" width="{bar.width}" height="{bar.height}"' in svg
        assert "61,5" not in svg

    def test_its_texts_are_escaped(self):
        svg = two_months().svg('Judul "<b>"', 'id"x')
        assert "<b>" not in svg
        assert "&lt;b&gt;" in svg
        assert "Jan: 3 &lt;di SKPD&gt;" in svg
        assert "Feb &amp; Mar" in svg
        assert "Target &lt;5&gt;" in svg
        assert 'aria-labelledby="id&quot;x-title"' in svg

    def test_a_chart_without_target_draws_no_target_line(self):
        chart = charts.stacked_bars([("Jan", [(2, "chart-bar-primary", "Jan")])])
        assert "chart-target" not in chart.svg("t", "c")

    def test_the_tag_draws_the_chart_unescaped_once(self):
        chart = two_months()
        drawn = Template('{% load charts %}{% bar_chart chart title "c" %}').render(
            Context({"chart": chart, "title": "Sesi <b>"})
        )
        assert drawn == chart.svg("Sesi <b>", "c")
        assert "Sesi &lt;b&gt;" in drawn
