"""One-time links to a questionnaire: signed, expiring, single use, no login.

The token is a Django-signed value naming the request plus a random nonce; only its SHA-256 is
stored. A link works while the signature is good, the stored hash matches (a newer link replaces an
older one), the expiry has not passed and the questionnaire has not been completed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acuback.web.outcomes.models import OutcomeRequest

SALT = "acuback.outcomes.link"
DEFAULT_VALID_DAYS = 14


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(
    req: OutcomeRequest, *, days: int = DEFAULT_VALID_DAYS, now: dt.datetime | None = None
) -> str:
    """A new token for ``req`` (any older link stops working). Returns the token for the URL."""
    token = signing.dumps({"r": req.pk, "n": secrets.token_urlsafe(16)}, salt=SALT, compress=True)
    req.token_hash = _digest(token)
    req.expires_at = (now or timezone.now()) + dt.timedelta(days=days)
    req.save(update_fields=["token_hash", "expires_at"])
    return token


@dataclass(frozen=True)
class LinkRefusal:
    """Why a link cannot be used: ``code`` for programs and tests, ``title``/``message`` for people."""

    code: str
    title: Any  # lazy translations: resolved in the language of each request
    message: Any
    status: int


INVALID = LinkRefusal(
    "invalid",
    _("This link is not valid"),
    _(
        "The address may be incomplete, or a newer link has replaced it. Please use the most recent email from your clinic, or contact the clinic."
    ),
    404,
)
USED = LinkRefusal(
    "used",
    _("This questionnaire has already been completed"),
    _(
        "Each link can be used once, and your answers have already been received. Thank you. If you want to change an answer, please contact your clinic."
    ),
    410,
)
EXPIRED = LinkRefusal(
    "expired",
    _("This link has expired"),
    _(
        "Links work for a limited time to keep your answers safe. Please contact your clinic for a new link, or sign in to the patient portal."
    ),
    410,
)


class LinkRefused(Exception):
    def __init__(self, refusal: LinkRefusal, req: OutcomeRequest | None = None) -> None:
        self.refusal = refusal
        self.req = req
        super().__init__(refusal.code)


def resolve_link(token: str, *, now: dt.datetime | None = None) -> OutcomeRequest:
    """The request a token opens. Raises :class:`LinkRefused` saying why not."""
    try:
        data = signing.loads(token, salt=SALT)
        request_id = int(data["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused(INVALID) from None
    req = (
        OutcomeRequest.objects.select_related("clinic", "patient", "episode", "visit")
        .filter(pk=request_id)
        .first()
    )
    if req is None or not req.token_hash or not hmac.compare_digest(req.token_hash, _digest(token)):
        raise LinkRefused(INVALID)
    if req.used_at is not None:
        raise LinkRefused(USED, req)
    if req.expires_at is None or req.expires_at <= (now or timezone.now()):
        raise LinkRefused(EXPIRED, req)
    return req
