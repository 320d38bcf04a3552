"""Shortlist pages. Changes are POSTs that redirect back, so they work without JavaScript."""

from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .shortlist import MAX_ITEMS, Shortlist, services_for


def from_this_site(view):
    """A POST that changes the shortlist, accepted only from this site's own pages.

    The shortlist's forms carry no CSRF token so that search results pages hold nothing personal
    and can be shared from the cache (`search/page_cache.py`). Browsers send `Origin` (and
    `Sec-Fetch-Site`) with every cross-site POST, so a form on another site is refused here; the
    worst it could have done is add a service to someone's shortlist.
    """

    @csrf_exempt
    @require_POST
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not _sent_from_this_site(request):
            messages.error(
                request, "We couldn't change your shortlist: the request came from another website."
            )
            return HttpResponseRedirect("/shortlist/")
        return view(request, *args, **kwargs)

    return checked


def _sent_from_this_site(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        return True  # not a browser: no one else's session can be riding on it
    return urlsplit(origin).netloc == request.get_host()


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


@from_this_site
def add(request):
    own = Shortlist.from_request(request)
    if own.add(request.POST.get("slug", "")):
        messages.success(request, "Added to your shortlist.")
    else:
        messages.error(
            request, f"We couldn't add that service. A shortlist holds up to {MAX_ITEMS} live services."
        )
    return _saved(_back(request), own)


@from_this_site
def remove(request):
    own = Shortlist.from_request(request)
    own.remove(request.POST.get("slug", ""))
    messages.success(request, "Removed from your shortlist.")
    return _saved(_back(request), own)


@from_this_site
def keep_shared(request):
    own = Shortlist.from_request(request)
    own.replace(request.POST.getlist("s"))
    messages.success(request, "This list is now your shortlist.")
    return _saved(HttpResponseRedirect("/shortlist/"), own)


@from_this_site
def clear(request):
    own = Shortlist.from_request(request)
    own.clear()
    messages.success(request, "Your shortlist is empty.")
    return _saved(_back(request), own)
