from django.views.generic import TemplateView

from .models import RoleAssignment


class ProfileView(TemplateView):
    """The user's own roles and the people records linked to their login."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["assignments"] = RoleAssignment.objects.filter(user=user).select_related("hall")
        ctx["people"] = user.people.select_related("hall", "unit")
        return ctx
