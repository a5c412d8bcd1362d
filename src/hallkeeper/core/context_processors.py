from .access import get_access


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
    }
