"""/api/: the Open Referral UK 3.0 endpoints, without trailing slashes as the profile spells them.

Ids are matched loosely (anything up to the next slash) so an unknown id is a JSON 404 from the
API, never the site's HTML 404 page; so is any other path under /api/.
"""

from django.urls import path, re_path

from . import views

app_name = "openreferral"

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("services", views.services, name="services"),
    re_path(r"^services/(?P<id>[^/]+)$", views.service, name="service"),
    path("organizations", views.organizations, name="organizations"),
    re_path(r"^organizations/(?P<id>[^/]+)$", views.organization, name="organization"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    re_path(r"^service_at_locations/(?P<id>[^/]+)$", views.service_at_location, name="service_at_location"),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    re_path(r"^taxonomies/(?P<id>[^/]+)$", views.taxonomy, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    re_path(r"^taxonomy_terms/(?P<id>[^/]+)$", views.taxonomy_term, name="taxonomy_term"),
    re_path(r"^.*$", views.not_found),
]
