"""Site-wide views."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader


def server_error(request):
    """The 500 page with the configured exit link. It touches no database (that may be what failed)
    and runs no context processors."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"EXIT_PAGE_URL": settings.EXIT_PAGE_URL}))
