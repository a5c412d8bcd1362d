from .access import get_access
from .capabilities import halls_compared, reads_leaders_dashboard
from .views import hall_model


def compares_halls(access) -> bool:
    """Whether the user sees more than one hall whole (the hall comparison's link); a superuser's count is one
    query, asked only when a template reads it."""
    halls = halls_compared(access)
    if halls is None:
        return hall_model().objects.count() > 1
    return len(halls) > 1


def hallkeeper(request):
    """The current hall (set by hall views) and the user's access, for the layout."""
    user = getattr(request, "user", None)
    hall = getattr(request, "hall", None)
    access = get_access(user) if user is not None else None
    return {
        "current_hall": hall,
        "access": access,
        "is_hall_admin": bool(hall and access and access.is_admin_of(hall.pk)),
        "is_hall_audit_admin": bool(hall and access and access.is_audit_admin_of(hall.pk)),
        "is_hall_security_admin": bool(hall and access and access.is_security_admin_of(hall.pk)),
        "reaches_business": bool(hall and access and access.reaches_business_data(hall.pk)),
        "sees_leaders_dashboard": bool(hall and access and reads_leaders_dashboard(access, hall.pk)),
        "compares_halls": (lambda: compares_halls(access)) if access and access.user_id else False,
    }
