"""StreamField blocks for guidance pages and for pathways (questions and outcomes).

A pathway is a graph kept as data: every question and outcome has an id the editor chooses, and
each answer names the id it leads to. `guidance.pathways.graph` reads these blocks into plain
objects; the engine, the validator and the diagram work on those, never on blocks.
"""

from __future__ import annotations

from django.core.validators import RegexValidator

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .choices import ACCESS_CHOICES, KIND_CHOICES, LEVEL_CHOICES, Urgency, theme_choices

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
ID_HELP = (
    "A short id in lower case letters, numbers and hyphens, e.g. 'danger' or 'baby-feeding'. "
    "It appears in web addresses and answers point to it, so change it with care."
)
TARGET_HELP = "The id of the question or outcome this answer leads to."


def id_block(**kwargs) -> blocks.RegexBlock:
    return blocks.RegexBlock(
        regex=ID_PATTERN,
        max_length=40,
        help_text=ID_HELP,
        error_messages={"invalid": "Use lower case letters, numbers and hyphens only, e.g. 'danger'."},
        **kwargs,
    )


def target_block(**kwargs) -> blocks.CharBlock:
    return blocks.CharBlock(
        max_length=40,
        help_text=TARGET_HELP,
        validators=[RegexValidator(ID_PATTERN, "Type the id of a question or outcome.")],
        **kwargs,
    )


# --------------------------------------------------------------------------- guidance body


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "pick"
        template = "components/streamfield/callout.html"
        help_text = "Something worth noticing: shown in a box with a bar on the left."


class WarningBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="One or two plain sentences, e.g. 'If a child is in danger, call 999.'")

    class Meta:
        icon = "warning"
        template = "components/streamfield/warning.html"


class AccordionItemBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """Sections that open and close. Built on <details>, so they work without JavaScript."""

    heading = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "components/streamfield/accordion.html"


class ServiceFilterBlock(blocks.StructBlock):
    """Which live services to show: the same filters as /search/ (any of each chosen value)."""

    themes = blocks.MultipleChoiceBlock(choices=theme_choices, required=False, label="Need themes")
    kinds = blocks.MultipleChoiceBlock(choices=KIND_CHOICES, required=False, label="Kinds of service")
    levels = blocks.MultipleChoiceBlock(choices=LEVEL_CHOICES, required=False, label="Levels of need")
    access = blocks.MultipleChoiceBlock(choices=ACCESS_CHOICES, required=False, label="Ways in")
    max_services = blocks.IntegerBlock(default=5, min_value=1, max_value=10, label="How many to show")


class MatchingServicesBlock(blocks.StructBlock):
    """Live services matching a filter, best fit first; nearer ones rank higher when a place is given."""

    heading = blocks.CharBlock(default="Services that can help", max_length=120)
    filter = ServiceFilterBlock(label="Which services")
    age = blocks.IntegerBlock(
        required=False, min_value=-1, max_value=25, help_text="Only services for this age (-1 for pregnancy)."
    )

    class Meta:
        icon = "search"
        template = "components/streamfield/matching_services.html"

    def get_context(self, value, parent_context=None):
        from .services import matching_services

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        near = request.GET.get("near", "") if request is not None else ""
        context["match"] = matching_services(value["filter"], age=value.get("age"), near=near)
        context["request_path"] = request.path if request is not None else ""
        return context


class GuidanceBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="components/streamfield/rich_text.html"
    )
    callout = CalloutBlock()
    warning = WarningBlock()
    accordion = AccordionBlock()
    matching_services = MatchingServicesBlock()


# --------------------------------------------------------------------------- pathway questions


class AnswerBlock(blocks.StructBlock):
    id = id_block()
    label = blocks.CharBlock(max_length=160, help_text="The answer, in the family's words.")
    hint = blocks.CharBlock(required=False, max_length=200)
    next = target_block()

    class Meta:
        # The collapsed block shows where the answer leads, so editors can scan a question's routes.
        label_format = "{label} → {next}"


class AgeBandBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, help_text="E.g. 'Under 5' (shown in the admin's path table).")
    min_age = blocks.IntegerBlock(min_value=-1, max_value=25, help_text="-1 means pregnancy.")
    max_age = blocks.IntegerBlock(min_value=-1, max_value=25)
    next = target_block()

    class Meta:
        label_format = "{label} ({min_age} to {max_age}) → {next}"


class QuestionBlock(blocks.StructBlock):
    id = id_block()
    question = blocks.CharBlock(max_length=200)
    hint = blocks.TextBlock(required=False, help_text="Optional help shown under the question.")
    asks_about_danger = blocks.BooleanBlock(
        required=False,
        help_text="Tick if this question asks whether anyone is in danger now. Safeguarding pathways "
        "must start with such a question.",
    )


class SingleChoiceQuestionBlock(QuestionBlock):
    answers = blocks.ListBlock(AnswerBlock(), min_num=2, label="Answers (choose one)")

    class Meta:
        icon = "radio-full"
        label = "Single choice question"
        label_format = "{id}: {question}"


class MultipleChoiceQuestionBlock(QuestionBlock):
    answers = blocks.ListBlock(
        AnswerBlock(),
        min_num=1,
        label="Answers (tick all that apply)",
        help_text="When someone ticks several, the first ticked answer in this list decides what "
        "comes next, so put the most serious first.",
    )
    none_label = blocks.CharBlock(default="None of these", max_length=80)
    none_next = target_block(label="Where 'None of these' leads")

    class Meta:
        icon = "tick-inverse"
        label = "Multiple choice question"
        label_format = "{id}: {question}"


class AgeQuestionBlock(blocks.StructBlock):
    id = id_block()
    question = blocks.CharBlock(max_length=200, default="How old is your child?")
    hint = blocks.TextBlock(
        required=False,
        default="Enter their age in years. For a baby under 1, enter 0. If you are pregnant, enter 'pregnant'.",
    )
    bands = blocks.ListBlock(
        AgeBandBlock(),
        min_num=1,
        help_text="Every age from pregnancy (-1) to 25 must fall in exactly one band.",
    )

    class Meta:
        icon = "user"
        label = "Child's age question"
        label_format = "{id}: {question}"


class QuestionsBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    child_age = AgeQuestionBlock()

    class Meta:
        help_text = "The first question is where everyone starts."


# --------------------------------------------------------------------------- pathway outcomes


class OutcomeBlock(blocks.StructBlock):
    id = id_block()
    heading = blocks.CharBlock(
        max_length=160, help_text="What this outcome means, e.g. 'Talk to your school'."
    )
    guidance = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    level = blocks.ChoiceBlock(
        choices=LEVEL_CHOICES,
        required=False,
        label="Likely level of need",
        help_text="Shown as a likely level, never a decision. Levels 3 and 4 need an escalation contact.",
    )
    urgency = blocks.ChoiceBlock(choices=Urgency.choices, default=Urgency.NON_URGENT)
    next_steps_families = blocks.RichTextBlock(
        features=SHORT_RICH_TEXT_FEATURES, required=False, label="Next steps for families"
    )
    next_steps_professionals = blocks.RichTextBlock(
        features=SHORT_RICH_TEXT_FEATURES, required=False, label="Next steps for professionals"
    )
    escalation_contact = SnippetChooserBlock(
        "guidance.SafeguardingContact",
        required=False,
        help_text="Required for level 3 and 4 outcomes and for emergencies.",
    )
    related_guidance = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="guidance.GuidancePage"), default=[]
    )
    services = ServiceFilterBlock(
        label="Services to show",
        help_text=(
            "Left empty, 'Levels of need' shows services that work at this outcome's likely level or "
            "the one next to it, and on a pathway for families or young people 'Ways in' shows only "
            "services they can contact themselves. Emergency, same-day and urgent outcomes list "
            "services people can contact now first."
        ),
    )

    class Meta:
        icon = "flag"
        label = "Outcome"
        label_format = "{id}: {heading}"


class OutcomesBlock(blocks.StreamBlock):
    outcome = OutcomeBlock()
