from django.conf import settings


def site_chrome(request):
    """Values every public page's header and footer need."""
    return {
        "EXIT_PAGE_URL": settings.EXIT_PAGE_URL,
        "DEMO_MODE": settings.DEMO_MODE,
        "SHORTLIST_COUNT": _shortlist_count(request),
        # Pages that show "Add to shortlist" or "Remove from shortlist"; a view's own value wins.
        "shortlist": _shortlist(request),
    }


def _shortlist(request):
    session = getattr(request, "session", None)
    if session is None:
        return None
    from search.shortlist import Shortlist

    return Shortlist(session)


def _shortlist_count(request) -> int:
    """How many services are on this visitor's shortlist, without creating a session."""
    session = getattr(request, "session", None)
    if session is None or not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return 0
    from search.shortlist import Shortlist

    return len(Shortlist(session))
