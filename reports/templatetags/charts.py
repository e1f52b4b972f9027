from django import template

from reports.charts import Chart

register = template.Library()


@register.simple_tag
def bar_chart(chart: Chart, title: str, chart_id: str):
    """``{% bar_chart chart title chart_id %}``: a chart of reports.charts as SVG."""
    return chart.svg(title, chart_id)
