"""Site-wide views."""

import contextlib

from django.conf import settings
from django.http import HttpResponseRedirect, HttpResponseServerError
from django.template import loader


def server_error(request):
    """The 500 page with the configured exit link. It touches no database (that may be what failed)
    and runs no context processors."""
    from directory import area

    template = loader.get_template("500.html")
    context = {"EXIT_PAGE_URL": settings.EXIT_PAGE_URL}
    # Read from a file once per process; a broken area file must not break the error page.
    with contextlib.suppress(area.AreaFileError):
        context["AREA_NAME"] = area.current().name
    return HttpResponseServerError(template.render(context))


def exit_page(request):
    """ "Exit this page" without JavaScript: forget this browser's shortlist (and the CSRF cookie its
    forms came with) and go straight to the
    neutral site. Never cached, and the neutral site is told nothing about where the visitor was."""
    from search.shortlist import COOKIE_NAME

    response = HttpResponseRedirect(settings.EXIT_PAGE_URL)
    response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
    response.delete_cookie("messages", path="/", samesite="Lax")
    response.delete_cookie(settings.CSRF_COOKIE_NAME, path="/", samesite="Lax")
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
