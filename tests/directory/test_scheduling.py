"""Scheduled publishing: a summer holiday club goes live and comes down on its own, and search follows."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from directory.models import ServicePage
from search.models import SearchDocument
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def test_a_holiday_club_is_published_and_withdrawn_on_schedule(site_tree, django_user_model):
    moderator = django_user_model.objects.create_superuser("moderator", "m@example.org", "x")
    club = ServicePageFactory(title="Summer holiday club")
    club.unpublish()
    assert not SearchDocument.objects.filter(service_id=club.pk).exists()

    now = timezone.now()
    page = ServicePage.objects.get(pk=club.pk)
    page.go_live_at = now - datetime.timedelta(minutes=1)
    page.expire_at = now + datetime.timedelta(days=42)
    page.save_revision(user=moderator, approved_go_live_at=page.go_live_at)
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert page.live
    assert SearchDocument.objects.filter(service_id=club.pk).exists(), "search finds it once it is live"

    ServicePage.objects.filter(pk=club.pk).update(expire_at=now - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert not page.live and page.expired
    assert not SearchDocument.objects.filter(service_id=club.pk).exists(), "and stops finding it when it ends"
