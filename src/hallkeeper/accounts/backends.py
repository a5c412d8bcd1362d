"""The authentication backend in front of Django's: django-axes' lockout check."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check of locked accounts and addresses, for every login form (the site's and the admin's).

    A call to ``authenticate()`` without a request (management commands, the test client's ``login``) has no
    address to count and passes to the next backend; every login form passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
