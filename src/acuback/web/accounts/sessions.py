"""Django's database sessions, with the read every signed-in request makes compiled once.

Set as ``SESSION_ENGINE``. Only the read changes; creating, saving, expiring and deleting sessions
are Django's (see :mod:`acuback.web.prepared` for why and how).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from acuback.web.prepared import Prepared

_CURRENT = Prepared(
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now)[
        :1
    ],
    session_key=str,
    now=dt.datetime,
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        found = _CURRENT.first(session_key=str(self.session_key), now=timezone.now())
        if found is None:
            self._session_key = None  # as Django does for an unknown or expired session
        return found
