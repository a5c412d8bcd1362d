"""The bare layout page: the site's base template with an empty body, for a logged-in user of a hall.

It goes through the same middleware, the same hall lookup (``HallMixin``: the hall among those the user
sees) and the same context processors as every hall page, and renders ``base.html`` (navigation, messages,
the linked CSS and JS) with nothing in it: what any page costs before its own reads and markup. Served
only by ``bench/urls.py`` while the benchmark runs.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template import engines
from django.views.generic.base import ContextMixin, View

from hallkeeper.core.views import HallMixin

BARE_TEMPLATE = '{% extends "base.html" %}{% block title %}bench{% endblock %}'


class BareLayoutView(HallMixin, ContextMixin, View):
    def get(self, request, *args, **kwargs):
        template = engines["django"].from_string(BARE_TEMPLATE)
        return HttpResponse(template.render(self.get_context_data(), request))
