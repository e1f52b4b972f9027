"""Pages whose body is kept drawn in the shared cache (templates/includes/kept_body.html):
which queries may have one kept, and the key it is kept under. Each page adds what its body
is drawn from (a version of its data, its filter) and what else narrows it."""

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import get_language


def accepted_query(query: QueryDict, parameters: set[str], form) -> bool:
    """Whether a query's body may be kept: the filter's ``parameters`` only, each once, and
    accepted by its ``form``. Any other (a parameter of its own, one repeated, a value
    refused) is drawn as asked, not kept: each would be one more entry for as long as the
    cache keeps it."""
    if not set(query) <= parameters or any(len(query.getlist(name)) > 1 for name in query):
        return False
    return not form.is_bound or form.is_valid()


def body_key(*parts) -> str:
    """The key a body is kept under: what it is drawn from and shows (``parts``), the
    release being served (nothing drawn by the code before an update is served after it)
    and the active language."""
    return ":".join([*(str(part) for part in parts), settings.RELEASE, get_language()])
