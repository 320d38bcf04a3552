"""The public "Suggest a change" form at /services/<slug>/suggest-a-change/ (a `ServicePage` route).

GET shows the form; POST checks it and either shows it again with the GOV.UK error summary and
everything that was typed, or stores the suggestion and redirects (POST-redirect-GET) to
`?sent=1`, the thank-you page. A filled-in honeypot gets the same redirect and nothing is stored.
Over the rate limit, the form comes back with the person's text and a plain message.
"""

from django import forms
from django.http import HttpResponseNotAllowed, HttpResponseRedirect

from .feedback import (
    HONEYPOT_FIELD,
    RATE_LIMIT_MESSAGE,
    RAW_DETAILS_LIMIT,
    RateLimit,
    clean_details,
    record_suggestion,
)
from .models.feedback import DETAILS_MAX_LENGTH, FeedbackReason

TEMPLATE = "pages/suggest_a_change.html"
THANKS_TEMPLATE = "directory/feedback/thanks.html"

# What the form says for each reason: plainer than the admin's short labels.
REASON_LABELS = {
    FeedbackReason.CLOSED: "The service has closed",
    FeedbackReason.CONTACT: "The phone number, email address or website is wrong",
    FeedbackReason.TIMES: "The opening times are wrong",
    FeedbackReason.PLACE: "The address or the area it covers is wrong",
    FeedbackReason.OTHER: "Something else",
}

REASON_REQUIRED = "Select what is wrong with the listing"
DETAILS_REQUIRED = "Tell us what needs to change"
DETAILS_TOO_LONG = f"What needs to change must be {DETAILS_MAX_LENGTH:,} characters or fewer"


class SuggestionForm(forms.Form):
    """Reason (required), details (required for "Something else") and the honeypot. Rendered by hand
    in the template with GOV.UK markup; error messages are written for the error summary."""

    reason = forms.ChoiceField(
        choices=[(reason.value, REASON_LABELS[reason]) for reason in FeedbackReason],
        error_messages={"required": REASON_REQUIRED, "invalid_choice": REASON_REQUIRED},
    )
    # Checked and cleaned in clean_details: Django's own checks (null characters, max_length)
    # would answer some junk with messages written for developers.
    details = forms.CharField(required=False, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["details"].validators = []
        self.fields[HONEYPOT_FIELD] = forms.CharField(required=False)

    @property
    def is_bot(self) -> bool:
        return bool(self.is_bound and str(self.data.get(HONEYPOT_FIELD, "")).strip())

    def clean_details(self):
        raw = self.cleaned_data.get("details") or ""
        if len(raw) > RAW_DETAILS_LIMIT:
            raise forms.ValidationError(DETAILS_TOO_LONG)
        text = clean_details(raw)
        if len(text) > DETAILS_MAX_LENGTH:
            raise forms.ValidationError(DETAILS_TOO_LONG)
        return text

    def clean(self):
        cleaned = super().clean()
        needs_details = cleaned.get("reason") == FeedbackReason.OTHER and not cleaned.get("details")
        if needs_details and "details" not in self.errors:
            self.add_error("details", DETAILS_REQUIRED)
        return cleaned

    def reason_options(self):
        """(id, value, label, checked) for each radio; the first radio's id is the field's, so the
        error summary can link to it."""
        chosen = self["reason"].value() if self.is_bound else None
        return [
            {
                "id": "reason" if index == 0 else f"reason-{index + 1}",
                "value": value,
                "label": label,
                "checked": chosen == value,
            }
            for index, (value, label) in enumerate(self.fields["reason"].choices)
        ]

    def error_list(self):
        """Errors in the order the fields appear, each with the id its summary link goes to."""
        return [
            {"field_id": name, "message": self.errors[name][0]}
            for name in ("reason", "details")
            if name in self.errors
        ]


def suggest_a_change(request, service):
    """The view behind `ServicePage.suggest_a_change`. Wagtail only routes here for live pages."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    thanks_url = request.path + "?sent=1"

    if request.method != "POST":
        if request.GET.get("sent"):
            return service.render(request, template=THANKS_TEMPLATE)
        return _form_page(request, service, SuggestionForm())

    form = SuggestionForm(request.POST)
    if form.is_bot:
        return HttpResponseRedirect(thanks_url)

    limit = RateLimit.for_request(request)
    if limit.exceeded():
        return _form_page(request, service, form, rate_limited=True, status=429)

    if not form.is_valid():
        return _form_page(request, service, form)
    if not limit.take():  # counted atomically before storing: concurrent posts cannot overshoot
        return _form_page(request, service, form, rate_limited=True, status=429)

    record_suggestion(
        service,
        reason=form.cleaned_data["reason"],
        details=form.cleaned_data["details"],
        request=request,
    )
    return HttpResponseRedirect(thanks_url)


def _form_page(request, service, form, *, rate_limited=False, status=200):
    # Errors are only worked out for a form that was sent (and not when the rate limit answers).
    errors = form.error_list() if form.is_bound and not rate_limited and not form.is_valid() else []
    response = service.render(
        request,
        template=TEMPLATE,
        context_overrides={
            "form": form,
            "errors": errors,
            "field_errors": {error["field_id"]: error["message"] for error in errors},
            "rate_limited": rate_limited,
            "rate_limit_message": RATE_LIMIT_MESSAGE,
            "reason_options": form.reason_options(),
            "details_value": (form["details"].value() or "") if form.is_bound else "",
            "details_max_length": f"{DETAILS_MAX_LENGTH:,}",
            "honeypot_field": HONEYPOT_FIELD,
        },
    )
    response.status_code = status
    return response
