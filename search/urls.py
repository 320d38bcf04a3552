from django.urls import path

from . import shortlist_views, views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("shortlist/", shortlist_views.shortlist, name="shortlist"),
    path("shortlist/add/", shortlist_views.add, name="shortlist-add"),
    path("shortlist/remove/", shortlist_views.remove, name="shortlist-remove"),
    path("shortlist/keep/", shortlist_views.keep_shared, name="shortlist-keep"),
    path("shortlist/clear/", shortlist_views.clear, name="shortlist-clear"),
]
