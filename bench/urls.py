"""The site's URLs plus the bare layout page, served only while the benchmark measures (``bench.ratios``
sets ``ROOT_URLCONF`` to this module); the product's own URL configuration never names it."""

from django.urls import path

from bench.layout import BareLayoutView
from hallkeeper.urls import handler403  # noqa: F401 (handler403 kept)
from hallkeeper.urls import urlpatterns as site_patterns

urlpatterns = [
    path("bench/<slug:hall>/layout/", BareLayoutView.as_view(), name="bench_bare_layout"),
    *site_patterns,
]
