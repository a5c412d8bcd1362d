from hallkeeper.accounts.access import get_access


def hallkeeper(request):
    """The current hall (set by hall views) and the user's access, for the layout."""
    user = getattr(request, "user", None)
    return {
        "current_hall": getattr(request, "hall", None),
        "access": get_access(user) if user is not None else None,
    }
