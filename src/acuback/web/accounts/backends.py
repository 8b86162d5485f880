"""Signing in by user name and password, as Django does; the user of each request read by a query
compiled once (every signed-in page reads it; see :mod:`acuback.web.prepared`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from acuback.web.accounts.models import User
from acuback.web.prepared import Prepared

_BY_PK = Prepared(lambda pk: User.objects.filter(pk=pk)[:1])


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        if not isinstance(user_id, int):  # ids come from our own sessions, converted by Django
            return super().get_user(user_id)
        user = _BY_PK.first(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
