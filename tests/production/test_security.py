"""Security headers, the admin's own policy, the sign-in rate limit, upload limits, templates
without inline script or style, and rich text limited to its features."""

import json
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

REPO = Path(__file__).resolve().parents[2]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
def test_public_pages_get_the_strict_policy_and_the_other_security_headers(client, site_tree):
    for path in ["/", "/search/?q=parenting", "/services/", "/organisations/", "/no-such-page/"]:
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"], "no inline script, no other host"
        assert policy["style-src"] == ["'self'"], "no inline style"
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        sources = {source for values in policy.values() for source in values}
        assert sources <= {"'self'", "'none'", "data:"}, f"{path}: no other host, no wildcard"
        assert {"img-src", "font-src", "connect-src", "frame-src", "base-uri", "form-action"} <= set(policy)
        permissions = response["Permissions-Policy"]
        assert "geolocation=(self)" in permissions and "camera=()" in permissions
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_wagtail_and_django_admins_load_under_their_own_relaxed_policy(
    client, site_tree, django_user_model
):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "a-long-password-1")
    client.force_login(admin)
    for path in ["/admin/", "/admin/pages/", "/admin/images/", "/django-admin/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


def login(client, path, username, password):
    return client.post(path, {"username": username, "password": password})


@pytest.mark.django_db
def test_admin_sign_in_is_rate_limited_per_address_and_username(client, settings, django_user_model):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 3
    django_user_model.objects.create_user(
        "editor", "editor@example.org", "the-right-password-9", is_staff=True
    )
    for _ in range(3):
        response = login(client, "/admin/login/", "editor", "wrong")
        assert response.status_code == 200  # the login form again, with its error
    refused = login(client, "/admin/login/", "editor", "the-right-password-9")
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Too many sign-in attempts" in text and "Wait 15 minutes" in text
    assert refused["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session, "the right password is refused too while limited"
    # Django's own admin shares the count.
    assert login(client, "/django-admin/login/", "editor", "the-right-password-9").status_code == 429
    # Another username from the same address is not locked out by this one's failures.
    assert login(client, "/admin/login/", "someone-else", "wrong").status_code == 200
    # Someone else, from another address, signs in as usual.
    other = client.__class__(REMOTE_ADDR="10.0.0.2")
    assert login(other, "/admin/login/", "editor", "the-right-password-9").status_code == 302


@pytest.mark.django_db
def test_many_usernames_from_one_address_hit_the_address_limit(client, settings):
    settings.LOGIN_RATE_LIMIT_ADDRESS_ATTEMPTS = 4
    for number in range(4):
        assert login(client, "/admin/login/", f"guess{number}", "wrong").status_code == 200
    assert login(client, "/admin/login/", "guess-new", "wrong").status_code == 429


@pytest.mark.django_db
def test_a_successful_sign_in_clears_the_count(client, settings, django_user_model):
    settings.LOGIN_RATE_LIMIT_ATTEMPTS = 3
    django_user_model.objects.create_user(
        "editor", "editor@example.org", "the-right-password-9", is_staff=True
    )
    for _ in range(2):
        login(client, "/admin/login/", "editor", "wrong")
    assert login(client, "/admin/login/", "editor", "the-right-password-9").status_code == 302
    client.logout()
    for _ in range(2):
        assert login(client, "/admin/login/", "editor", "wrong").status_code == 200


@pytest.mark.django_db
def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BODY_SIZE = 1024
    response = client.post("/search/", {"q": "x" * 4096})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_uploads_are_limited_to_bounded_raster_images_and_listed_documents(settings):
    from wagtail.images.fields import WagtailImageField

    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 40_000_000
    assert set(settings.WAGTAILDOCS_EXTENSIONS) <= {"csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"}
    assert settings.MAX_REQUEST_BODY_SIZE <= 16 * 1024 * 1024
    svg = SimpleUploadedFile(
        "drawing.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    )
    with pytest.raises(ValidationError):
        WagtailImageField().clean(svg)
    oversized = SimpleUploadedFile(
        "huge.png", b"\x89PNG\r\n\x1a\n" + b"0" * (settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1)
    )
    with pytest.raises(ValidationError):
        WagtailImageField().clean(oversized)


@pytest.mark.django_db
def test_document_uploads_outside_the_list_are_refused(settings):
    from wagtail.documents.forms import get_document_form
    from wagtail.documents.models import Document

    form_class = get_document_form(Document)
    form = form_class(
        data={"title": "Run me"},
        files={"file": SimpleUploadedFile("run-me.html", b"<script>alert(1)</script>", "text/html")},
    )
    assert not form.is_valid()
    assert "file" in form.errors


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.I)
# Shown only inside Wagtail's admin, which has its own relaxed policy (style attributes allowed).
ADMIN_ONLY_TEMPLATES = {"templates/insights/gap_report.html"}


def test_no_public_template_has_inline_script_event_handlers_or_style_attributes():
    templates = [
        path
        for folder in ("templates", "home", "directory", "search", "guidance")
        for path in (REPO / folder).rglob("*.html")
    ]
    assert templates
    problems = []
    for path in templates:
        relative = str(path.relative_to(REPO))
        if relative in ADMIN_ONLY_TEMPLATES:
            continue
        text = path.read_text()
        for pattern, what in (
            (INLINE_SCRIPT, "inline <script>"),
            (INLINE_HANDLER, "event handler"),
            (INLINE_STYLE, "style attribute"),
        ):
            if pattern.search(text):
                problems.append(f"{relative}: {what}")
    assert problems == []


def test_rich_text_keeps_only_its_features():
    """What editors type goes through Draftail's converter, which writes only the enabled features:
    no script, no event handlers, no images or embeds, no javascript: links."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    from directory.models.limits import RICH_TEXT_FEATURES

    assert set(RICH_TEXT_FEATURES) <= {"h2", "h3", "bold", "italic", "ol", "ul", "link"}
    converter = ContentstateConverter(RICH_TEXT_FEATURES)
    # Pasted HTML, as the editor receives it, is read through the same whitelist.
    pasted = converter.from_database_format(
        '<p onclick="steal()" style="color:red">Hello<script>steal()</script></p>'
        '<iframe src="https://tracker.example"></iframe><img src="https://tracker.example/p.gif">'
        '<a href="javascript:steal()">click</a><h1>Big</h1>'
    )
    html = converter.to_database_format(pasted)
    lowered = html.lower()
    for banned in (
        "<script",
        "onclick",
        "style=",
        "<iframe",
        "<img",
        "javascript:",
        "<h1",
        "tracker.example",
    ):
        assert banned not in lowered, (banned, html)
    assert "Hello" in html
    contentstate = json.loads(pasted)
    assert {block["type"] for block in contentstate["blocks"]} <= {
        "unstyled",
        "header-two",
        "header-three",
        "ordered-list-item",
        "unordered-list-item",
    }
