"""Shortlist pages. Changes are POSTs that redirect back, so they work without JavaScript.

Django's CSRF check guards every change: each form that posts here carries `{% csrf_token %}`, and
a refused change comes back to the shortlist with a message (`refused`) rather than a bare 403."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.csrf import csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .shortlist import MAX_ITEMS, Shortlist, services_for


def refused(request, reason: str = ""):
    """`CSRF_FAILURE_VIEW`: a shortlist change whose token was missing or stale (a page kept open
    for days, a form on another website) goes back to the shortlist with a message; anything else
    gets Django's own 403 page."""
    if request.path.startswith("/shortlist/"):
        messages.error(
            request,
            "We couldn't change your shortlist: the page was out of date or the request came from "
            "another website. Try again from this page.",
        )
        return HttpResponseRedirect("/shortlist/")
    return csrf_failure(request, reason)


def _back(request, fallback: str = "/shortlist/") -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


@never_cache
def shortlist(request):
    """Your shortlist, or (with ?s=slug&s=slug) a list someone shared with you. Never kept by the
    browser's or any proxy's cache (Cache-Control: no-store): it is one family's list."""
    own = Shortlist.from_request(request)
    shared = [slug for slug in request.GET.getlist("s")[:MAX_ITEMS] if slug]
    slugs = shared or own.slugs
    services = services_for(slugs)
    share_url = request.build_absolute_uri(
        "/shortlist/?" + urlencode([("s", page.slug) for page in services])
    )
    return TemplateResponse(
        request,
        "pages/shortlist.html",
        {
            "services": services,
            "is_shared": bool(shared),
            "share_url": share_url if services else "",
            "shortlist": own,
            "missing": len(shared) - len(services) if shared else 0,
        },
    )


def _saved(response, own: Shortlist):
    own.write(response)
    return response


@require_POST
def add(request):
    own = Shortlist.from_request(request)
    if own.add(request.POST.get("slug", "")):
        messages.success(request, "Added to your shortlist.")
    else:
        messages.error(
            request, f"We couldn't add that service. A shortlist holds up to {MAX_ITEMS} live services."
        )
    return _saved(_back(request), own)


@require_POST
def remove(request):
    own = Shortlist.from_request(request)
    own.remove(request.POST.get("slug", ""))
    messages.success(request, "Removed from your shortlist.")
    return _saved(_back(request), own)


@require_POST
def keep_shared(request):
    own = Shortlist.from_request(request)
    own.replace(request.POST.getlist("s"))
    messages.success(request, "This list is now your shortlist.")
    return _saved(HttpResponseRedirect("/shortlist/"), own)


@require_POST
def clear(request):
    own = Shortlist.from_request(request)
    own.clear()
    messages.success(request, "Your shortlist is empty.")
    return _saved(_back(request), own)
