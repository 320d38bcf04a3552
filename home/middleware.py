"""Compressing public HTML, where that is safe."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

PRIVATE_PREFIXES = ("/admin/", "/django-admin/")


class PublicHtmlGZipMiddleware(GZipMiddleware):
    """gzip for public HTML pages (WhiteNoise already compresses the static files).

    Never for a response that carries a secret an attacker could recover by watching compressed
    sizes (BREACH): a page that used a CSRF token, anything a signed-in user sees, the admin, or
    anything that is not HTML (JSON answers are small, and the API may echo input)."""

    def process_response(self, request, response):
        if not _safe_to_compress(request, response):
            return response
        return super().process_response(request, response)


def _safe_to_compress(request, response) -> bool:
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.path.startswith(PRIVATE_PREFIXES):
        return False
    # The page used a CSRF token: CsrfViewMiddleware then (re)sets the token's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or settings.CSRF_COOKIE_NAME in response.cookies:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)
