"""Reading a page as its reader sees it, for the pages that keep their body drawn in the
cache (templates/includes/kept_body.html)."""


def own_part(response) -> str:
    """The page's own part, between ``<main`` and ``</main>``: the header's and footer's
    forms carry a new CSRF mask every time, the body does not."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def body_drawn(response, body_template: str) -> tuple[bool, str]:
    """Whether ``body_template`` was drawn for this response (not served from the cache),
    and the page's own part."""
    drawn = body_template in [template.name for template in response.templates]
    return drawn, own_part(response)
