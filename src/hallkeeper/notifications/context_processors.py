from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread(request):
    """``unread_notifications``: how many unread notifications the signed-in user has (for the bell).

    Counted lazily, with one query, only when a template shows it; 0 for anonymous visitors.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    user_id = user.pk
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
        )
    }
