"""Need themes: the controlled vocabulary services are tagged with, and families' words for them."""

from django.db import models

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class SynonymTag(TagBase):
    """A word or phrase a family might use ("dv", "partner hurts me", "county lines")."""

    class Meta:
        verbose_name = "synonym"
        verbose_name_plural = "synonyms"


class NeedTheme(index.Indexed, ClusterableModel, TagBase):
    """A need theme such as domestic abuse or SEND. Services are tagged only with these.

    `free_tagging = False` makes Wagtail's tag field offer only existing themes, so partner
    editors choose from the vocabulary moderators manage instead of inventing new ones.
    """

    free_tagging = False

    description = models.CharField(
        max_length=255, blank=True, help_text="One plain-English sentence shown when browsing by theme."
    )
    synonyms = ClusterTaggableManager(
        through="directory.ThemeSynonym",
        blank=True,
        help_text="Words and phrases families use for this need, e.g. 'dv', 'partner hurts me'.",
    )
    dfe_categories = ParentalManyToManyField(
        "directory.FamilyHubsCategory",
        blank=True,
        related_name="themes",
        verbose_name="DfE family hubs categories",
        help_text="Used when publishing Open Referral UK taxonomy terms.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("synonyms"),
        FieldPanel("dfe_categories"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "need theme"

    def synonym_list(self) -> list[str]:
        return sorted(tag.name for tag in self.synonyms.all())


class ThemeSynonym(TaggedItemBase):
    content_object = ParentalKey(NeedTheme, on_delete=models.CASCADE, related_name="synonym_items")
    tag = models.ForeignKey(SynonymTag, on_delete=models.CASCADE, related_name="theme_items")
