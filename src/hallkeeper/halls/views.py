from django.shortcuts import redirect
from django.views.generic import TemplateView

from .models import Hall


class RootView(TemplateView):
    """Sends a user with one hall straight to it; lists the halls otherwise."""

    template_name = "halls/hall_list.html"

    def get(self, request, *args, **kwargs):
        halls = list(Hall.objects.visible_to(request.user, "view"))
        if len(halls) == 1:
            return redirect(halls[0].get_absolute_url())
        return self.render_to_response(self.get_context_data(halls=halls))
