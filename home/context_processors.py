from django.conf import settings


def site_chrome(request):
    """Values every public page's header and footer need."""
    from directory import area
    from search.shortlist import Shortlist

    shortlist = Shortlist.from_request(request)
    return {
        "EXIT_PAGE_URL": settings.EXIT_PAGE_URL,
        "DEMO_MODE": settings.DEMO_MODE,
        # The area the site serves ("Lancashire"), from the area file (directory/area.py).
        "AREA_NAME": area.current().name,
        "SHORTLIST_COUNT": len(shortlist),
        # Pages that show "Add to shortlist" or "Remove from shortlist"; a view's own value wins.
        "shortlist": shortlist,
    }
