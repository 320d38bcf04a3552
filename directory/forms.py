"""Admin form rules that span several fields or inline rows of a service."""

from django import forms

from wagtail.admin.forms import WagtailAdminPageForm

from . import area, review
from .age_cues import age_range_warning

# The review dates are set by the review cycle, not typed: partners confirm "still accurate"
# (this form's tick, or the dashboard's button); only the directory's keepers may set them by hand.
REVIEW_DATE_FIELDS = ("last_checked", "next_review")


def _live_rows(formset):
    """Inline rows that will be saved: valid, filled in and not marked for deletion.

    The page form is cleaned before its inline formsets, so clean them here first; Django caches
    the result and errors added to a row afterwards still count when the formset is checked again.
    """
    formset.is_valid()
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or not form.cleaned_data:
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        yield form


class ServicePageForm(WagtailAdminPageForm):
    ages_checked = forms.BooleanField(
        required=False,
        label="The ages are right",
        help_text="Tick this only if we warned that the ages and the description disagree and they do not.",
    )
    still_accurate = forms.BooleanField(
        required=False,
        label="I have checked the whole listing and it is accurate",
        help_text=(
            "When this update is published, it counts as the listing's review: "
            "\u201cLast checked\u201d becomes today and the next review is set from it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .permissions import partner_scope

        scope = partner_scope(self.for_user) if self.for_user else None
        if scope is not None and "organisation" in self.fields:
            # A partner editor lists services for their own organisations only.
            self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(pk__in=scope)
        if "served_area" in self.fields:
            whole = area.current().whole_area_label
            self.fields["served_area"].choices = [
                (value, whole[0].upper() + whole[1:] if value == "county" else label)
                for value, label in self.fields["served_area"].choices
            ]

        self._partner_form = scope is not None
        if self._partner_form:
            for name in REVIEW_DATE_FIELDS:
                self.fields.pop(name, None)
        self._live_dates = self._live_review_dates()
        if "still_accurate" in self.fields:
            self.fields["still_accurate"].initial = self._confirmation_expected()

    def _live_review_dates(self):
        """(last_checked, next_review) of the live row, or None for a listing not saved yet."""
        if not self.instance.pk:
            return None
        return (
            type(self.instance)
            .objects.filter(pk=self.instance.pk)
            .values_list("last_checked", "next_review")
            .first()
        )

    def _draft_carries_confirmation(self) -> bool:
        """The draft being edited was saved with "still accurate" ticked and is not published yet."""
        if self._live_dates is None or self.instance.last_checked is None:
            return False
        return self._live_dates[0] is None or self.instance.last_checked > self._live_dates[0]

    def _confirmation_expected(self) -> bool:
        """Ticked from the start for a new listing, an overdue one, or a draft already confirmed."""
        if self._live_dates is None:
            return True
        return review.is_due(self._live_dates[1]) or self._draft_carries_confirmation()

    def _apply_review_confirmation(self):
        """Ticked: this revision carries today as the last check, so publishing it is the review.
        Unticked by a partner on a draft that carried an earlier confirmation: back to the live dates."""
        page = self.instance
        if self.cleaned_data.get("still_accurate"):
            today = review.today()
            page.last_checked = today
            page.next_review = review.next_review_date(today, page.kind)
        elif self._partner_form and self._draft_carries_confirmation():
            page.last_checked, page.next_review = self._live_dates

    def save(self, commit=True):
        self._apply_review_confirmation()
        return super().save(commit=commit)

    def clean(self):
        cleaned_data = super().clean()
        self._check_opening_times_do_not_overlap()
        self._check_served_area(cleaned_data)
        self._check_in_person_services_have_a_location(cleaned_data)
        self._check_ages_match_the_words(cleaned_data)
        return cleaned_data

    def _check_ages_match_the_words(self, cleaned_data):
        """A warning the editor can overrule: the ages and the words disagree on an obvious cue."""
        if cleaned_data.get("ages_checked"):
            return
        from wagtail.rich_text import get_text_for_indexing

        words = " ".join(
            str(cleaned_data.get(name) or "") for name in ("summary", "eligibility", "description")
        )
        warning = age_range_warning(cleaned_data.get("age_min"), get_text_for_indexing(words))
        if warning and "age_min" in self.fields:
            self.add_error("age_min", warning)

    def _check_opening_times_do_not_overlap(self):
        formset = self.formsets.get("opening_times")
        if formset is None:
            return
        seen = []
        for form in _live_rows(formset):
            day, opens, closes = (form.cleaned_data.get(k) for k in ("weekday", "opens", "closes"))
            if day is None or not opens or not closes:
                continue
            for other_day, other_opens, other_closes in seen:
                if day == other_day and opens < other_closes and other_opens < closes:
                    form.add_error(
                        "opens",
                        "This overlaps another opening time on the same day. Join them into one row.",
                    )
                    break
            seen.append((day, opens, closes))

    def _check_served_area(self, cleaned_data):
        if cleaned_data.get("served_area") == "districts" and not cleaned_data.get("served_districts"):
            self.add_error(
                "served_districts",
                f"Choose at least one district, or say it covers {area.current().whole_area_label}.",
            )

    def _check_in_person_services_have_a_location(self, cleaned_data):
        modes = {mode.slug for mode in cleaned_data.get("delivery_modes") or []}
        formset = self.formsets.get("locations")
        if "in-person" in modes and formset is not None and not any(_live_rows(formset)):
            self.add_error(
                "delivery_modes", "An in-person service needs at least one location. Add where it happens."
            )
