"""Shortlist pages. Changes are POSTs that redirect back, so they work without JavaScript."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .shortlist import MAX_ITEMS, Shortlist, services_for


def _back(request, fallback: str = "/shortlist/") -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


def shortlist(request):
    """Your shortlist, or (with ?s=slug&s=slug) a list someone shared with you."""
    own = Shortlist(request.session)
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


@require_POST
def add(request):
    if Shortlist(request.session).add(request.POST.get("slug", "")):
        messages.success(request, "Added to your shortlist.")
    else:
        messages.error(
            request, f"We couldn't add that service. A shortlist holds up to {MAX_ITEMS} live services."
        )
    return _back(request)


@require_POST
def remove(request):
    Shortlist(request.session).remove(request.POST.get("slug", ""))
    messages.success(request, "Removed from your shortlist.")
    return _back(request)


@require_POST
def keep_shared(request):
    Shortlist(request.session).replace(request.POST.getlist("s"))
    messages.success(request, "This list is now your shortlist.")
    return HttpResponseRedirect("/shortlist/")


@require_POST
def clear(request):
    Shortlist(request.session).clear()
    messages.success(request, "Your shortlist is empty.")
    return _back(request)
