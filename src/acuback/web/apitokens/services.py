"""Make, check and revoke API tokens. The plain token is shown once, when it is made."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from acuback.web.apitokens.models import ApiToken

TOKEN_PREFIX = "acb_"
# Writing last_used_at on every request would turn each API read into a write; once a minute will do.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plain: str


def digest_of(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def create_token(user: Any, name: str) -> NewToken:
    """Make a token for ``user``. Returns the row and the plain token, which is not kept anywhere."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], prefix=plain[:12], digest=digest_of(plain)
    )
    return NewToken(token=token, plain=plain)


def user_for_token(plain: str) -> Any | None:
    """The active user owning ``plain``, or None for an unknown, revoked or inactive user's token."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = (
        ApiToken.objects.filter(digest=digest_of(plain), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(user: Any, pk: int) -> bool:
    """Revoke one of ``user``'s own tokens. Returns False when there is no such active token."""
    return bool(
        ApiToken.objects.filter(pk=pk, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
