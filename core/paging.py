from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZE = 25


def page_of(request, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """The page a list asks for with ?page=: not a number or below 1 gives the first page,
    past the end the last."""
    paginator = Paginator(queryset, per_page)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    return paginator.get_page(max(number, 1))
