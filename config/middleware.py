"""Site-wide security middleware: response headers, a request-size cap and the admin login limit.

Django 5.2 has no Content Security Policy of its own (that arrives in 6.0), so django-csp sets it:
the strict public policy (`CONTENT_SECURITY_POLICY`) everywhere except under the admin's paths,
where Wagtail's and Django's admin get `ADMIN_CONTENT_SECURITY_POLICY` (they still use a few
inline scripts and styles). Both policies are settings in `config/settings/base.py`; see
docs/production.md.

`LoginRateLimitMiddleware` counts sign-in attempts per client address and username (and per
address alone), and password reset requests per account (the e-mail address typed) and per client
address, in the shared cache, and refuses further attempts for a while with a plain message. Each
attempt is counted atomically *before* it is evaluated, so concurrent guesses cannot slip past the
limit; a successful sign-in clears that username's count. See docs/security.md.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html

from csp.middleware import CSPMiddleware, PolicyParts

from .ratelimit import Counter, client_address

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's relaxed policy under the admin's paths.

    django-csp's documented extension point: `get_policy_parts` chooses the policy a response gets.
    A view that sets its own policy (django-csp's decorators) keeps it.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin = settings.ADMIN_CONTENT_SECURITY_POLICY
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(admin["PATH_PREFIXES"]))
        ):
            parts.config = admin["DIRECTIVES"]
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; 413 for oversized bodies.

    Content-Security-Policy comes from `ContentSecurityPolicyMiddleware` above, which sits before
    this one, so the 413 carries it too.

    X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy and HSTS come from Django's
    own SecurityMiddleware (settings SECURE_*).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.MAX_REQUEST_BODY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            # Refused before Django reads (or spools to disk) a single byte of the body.
            response = HttpResponse(
                f"This upload is too large: the limit is {limit // (1024 * 1024)} MB.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        else:
            response = self.get_response(request)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


# --------------------------------------------------------------------------- admin login rate limit


def _digest(text: str) -> str:
    # Hashed: neither an address nor an account is stored in the cache in the clear.
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class AttemptLimit:
    """One limited form: its attempts counted per account and per client address within a window.

    The setting names are read when used, so tests and deployments can change them. `per_address`
    keys the account count by address too (sign-in: one address guessing one username), or not
    (password reset: one inbox flooded from many addresses)."""

    name: str  # in the cache keys, the log and the counters' messages
    paths: str  # the setting with the form's paths
    field: str  # the POST field naming the account
    account_attempts: str
    address_attempts: str
    window_setting: str
    account_key: str
    address_key: str
    per_address: bool
    refused_log: str

    @property
    def window(self) -> int:
        return getattr(settings, self.window_setting)

    def applies(self, request: HttpRequest) -> bool:
        return request.method == "POST" and request.path in getattr(settings, self.paths)

    def counters(self, address: str, account: str) -> tuple[Counter, Counter]:
        account = account.strip().lower()
        keyed = _digest(f"{address}\0{account}" if self.per_address else account)
        return (
            Counter(f"{self.account_key}:{keyed}", self.window, f"The {self.name} rate limit"),
            Counter(f"{self.address_key}:{_digest(address)}", self.window, f"The {self.name} rate limit"),
        )

    def exceeded(self, request: HttpRequest) -> bool:
        """Count this attempt (atomically, before it is checked) and say whether it is one too many."""
        account, address = self.counters(client_address(request), request.POST.get(self.field, ""))
        account_count, address_count = account.hit(), address.hit()
        return account_count > getattr(settings, self.account_attempts) or address_count > getattr(
            settings, self.address_attempts
        )


SIGN_IN = AttemptLimit(
    name="login",
    paths="LOGIN_RATE_LIMIT_PATHS",
    field="username",
    account_attempts="LOGIN_RATE_LIMIT_ATTEMPTS",
    address_attempts="LOGIN_RATE_LIMIT_ADDRESS_ATTEMPTS",
    window_setting="LOGIN_RATE_LIMIT_WINDOW",
    account_key="login-fail:pair",
    address_key="login-fail:addr",
    per_address=True,
    refused_log="Admin sign-in refused: too many attempts from one address",
)
PASSWORD_RESET = AttemptLimit(
    name="password reset",
    paths="PASSWORD_RESET_RATE_LIMIT_PATHS",
    field="email",
    account_attempts="PASSWORD_RESET_RATE_LIMIT_ATTEMPTS",
    address_attempts="PASSWORD_RESET_RATE_LIMIT_ADDRESS_ATTEMPTS",
    window_setting="PASSWORD_RESET_RATE_LIMIT_WINDOW",
    account_key="reset:account",
    address_key="reset:addr",
    per_address=False,
    refused_log="Password reset refused: too many requests for one address or account",
)
LIMITS = (SIGN_IN, PASSWORD_RESET)


def _on_logged_in(sender, request=None, user=None, **kwargs):
    if request is None or user is None or not SIGN_IN.applies(request):
        return
    pair, _ = SIGN_IN.counters(client_address(request), user.get_username())
    try:
        cache.delete(pair.key)
    except Exception:
        logger.warning("Login rate limit could not be reset in the cache", exc_info=True)


user_logged_in.connect(_on_logged_in, dispatch_uid="rightdoor-login-rate-limit-reset")


def rate_limited_page(minutes: int, login_url: str) -> str:
    """A self-contained page (no template, no scripts, no inline styles) for a refused sign-in."""
    return format_html(
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        "<title>Too many sign-in attempts – Right Door</title></head><body><main>"
        "<h1>Too many sign-in attempts</h1>"
        "<p>There have been too many failed attempts to sign in from your connection. "
        'Wait {} minutes, then <a href="{}">try again</a>.</p>'
        "<p>If you have forgotten your password, ask your organisation's Right Door administrator "
        "to reset it.</p></main></body></html>",
        minutes,
        login_url,
    )


class LoginRateLimitMiddleware:
    """Refuse sign-in attempts and password reset requests once one of `LIMITS` is reached.

    `LOGIN_RATE_LIMIT_ATTEMPTS` failures for one address and username, or
    `LOGIN_RATE_LIMIT_ADDRESS_ATTEMPTS` for one address whatever the usernames, within
    `LOGIN_RATE_LIMIT_WINDOW` seconds: further attempts get a 429 page that says how long to wait.
    A successful sign-in clears that username's count.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for limit in LIMITS:
            if limit.applies(request):
                if limit.exceeded(request):
                    logger.warning(limit.refused_log)
                    return self._refused(request, limit.window)
                break
        return self.get_response(request)

    @staticmethod
    def _refused(request: HttpRequest, window: int) -> HttpResponse:
        response = HttpResponse(rate_limited_page(max(1, window // 60), request.path), status=429)
        response["Retry-After"] = str(window)
        return response
