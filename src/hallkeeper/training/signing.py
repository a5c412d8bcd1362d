"""The sign-in token of a session: signed (it cannot be forged or moved to another session) and expiring (it
stops working a grace period after the session ends: the expiry is inside the signed data). The same session
gives the same token, so a printed QR code stays valid when the page is opened again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

SALT = "hallkeeper.training.sign-in"
#: How long after its end a session still takes sign-ins (people arriving late, the queue at the QR code).
GRACE = timedelta(minutes=30)


@dataclass(frozen=True)
class Token:
    session_id: int
    hall_id: int
    expires: int  # a POSIX timestamp


def make_token(session) -> str:
    expires = int((session.ends_at + GRACE).timestamp())
    return signing.Signer(salt=SALT).sign_object({"s": session.pk, "h": session.hall_id, "e": expires})


def read_token(token: str) -> Token | None:
    """The token's contents, or ``None`` when it is not one of ours (forged, cut, tampered with)."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
        return Token(session_id=int(data["s"]), hall_id=int(data["h"]), expires=int(data["e"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
