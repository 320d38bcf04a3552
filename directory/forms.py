"""Admin form rules that span several fields or inline rows of a service."""

from django import forms

from wagtail.admin.forms import WagtailAdminPageForm

from . import area
from .age_cues import age_range_warning


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
