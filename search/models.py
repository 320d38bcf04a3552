"""The database backend's read model: one row per live service, kept in step by publishing signals."""

from django.db import models

from wagtail.search import index


class SearchDocument(index.Indexed, models.Model):
    """A live service as search sees it (see `search.documents.ServiceRecord`).

    The text columns hold English stems (`search.text.terms`) so SQLite's FTS5 and PostgreSQL's
    full-text search, indexed through Wagtail's database backend, match the same words. Filter
    codes are held in `facet_values`, read into memory by `search.snapshot`.
    """

    service = models.OneToOneField(
        "directory.ServicePage", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    name = models.CharField(max_length=255)
    # What a result card shows besides the filter columns below (`directory.cards.ServiceCard`),
    # so a results page needs no page objects.
    slug = models.CharField(max_length=255, blank=True)
    url = models.TextField(blank=True)
    organisation = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    title_terms = models.TextField()
    body_terms = models.TextField()
    kind = models.CharField(max_length=20)
    cost = models.CharField(max_length=10)
    age_min = models.SmallIntegerField()
    age_max = models.SmallIntegerField()
    ages_known = models.BooleanField(default=True)  # False: the card says "Ask the service"
    # Every filter's codes by document field ({"themes": ["send"], "ages": ["pregnancy", "0"], …}),
    # as `directory.facets` derives them: a new filter needs no new column.
    facet_values = models.JSONField(default=dict)
    served_area = models.CharField(max_length=10)
    served_districts = models.TextField(blank=True)
    last_checked = models.DateField()
    next_review = models.DateField(null=True)
    primary_theme = models.CharField(max_length=100, blank=True, default="")
    always_open = models.BooleanField(default=False)
    # Raw words for the spelling index ("did you mean"), not stems.
    vocabulary = models.TextField(blank=True)

    search_fields = [
        index.SearchField("title_terms", boost=3),
        index.SearchField("body_terms"),
    ]

    class Meta:
        verbose_name = "search document"

    def __str__(self) -> str:
        return self.name


class SearchIndexState(models.Model):
    """A token changed whenever any search document or the theme vocabulary changes, so each
    process knows when its in-memory filter table (`search.snapshot`) is stale. A single row.

    A random token rather than a counter: a counter rolled back with a transaction could come
    round to a value a process has already seen with different data."""

    token = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return f"search index version {self.token}"
