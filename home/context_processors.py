from django.conf import settings


def site_chrome(request):
    """Values every public page's header and footer need."""
    return {
        "EXIT_PAGE_URL": settings.EXIT_PAGE_URL,
        "DEMO_MODE": settings.DEMO_MODE,
    }
