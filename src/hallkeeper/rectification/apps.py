from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "hallkeeper.rectification"
    label = "rectification"
    verbose_name = _("Rectification")

    def ready(self):
        from hallkeeper.inspections import followups

        from . import selectors, transitions

        followups.register(
            followups.FollowUp(
                may_follow_up=lambda user, hall: transitions.is_inspector(user, hall.pk),
                held_for=selectors.held_notices,
                badge_template="rectification/_state_badge.html",
            )
        )
