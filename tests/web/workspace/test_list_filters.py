"""The list filters give what the template code they replace gave: same badge, same URLs."""

from __future__ import annotations

import datetime as dt
from unittest.mock import patch

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from hypothesis import given
from hypothesis import strategies as st

from acuback.web.schedule.models import AppointmentStatus
from acuback.web.workspace.templatetags.lists import ago, display, hhmm, iso, pk_url, triage_badge
from tests.web.charting.builders import appointment, local
from tests.web.conftest import World


@pytest.mark.parametrize(
    ("level", "words", "css"),
    [
        ("emergency", "Emergency", "badge emergency"),
        ("urgent", "Urgent", "badge urgent"),
        ("routine_review", "Routine review", "badge routine_review"),
        ("none", "No referral", "badge none"),
    ],
)
def test_a_level_reads_as_its_badge(level: str, words: str, css: str) -> None:
    badge = triage_badge(level)

    assert f'class="{css}"' in badge
    assert f">{words}</span>" in badge
    assert 'title="Latest triage level"' in badge


def test_no_level_is_a_dash_that_says_why() -> None:
    assert triage_badge(None) == '<span class="muted" title="No assessment yet">—</span>'
    assert triage_badge("") == triage_badge(None)


def test_a_level_cannot_inject_markup() -> None:
    badge = triage_badge('x" onclick="alert(1)')

    assert 'onclick="alert' not in badge
    assert "&quot;" in badge


@pytest.mark.parametrize(
    "name", ["workspace:chart", "charting:new_note", "schedule:appointment", "portal:invite"]
)
@pytest.mark.parametrize("pk", [1, 42, 918273645, 10**12])
def test_pk_url_is_what_reverse_gives(name: str, pk: int) -> None:
    assert pk_url(pk, name) == reverse(name, args=[pk])


def test_pk_url_follows_the_script_prefix() -> None:
    try:
        set_script_prefix("/clinic/")
        assert pk_url(7, "workspace:chart") == "/clinic/workspace/patients/7/"
    finally:
        set_script_prefix("/")
    assert pk_url(7, "workspace:chart") == "/workspace/patients/7/"


def test_pk_url_refuses_what_is_not_a_key() -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        pk_url("7/../../admin", "workspace:chart")


@given(
    st.datetimes(
        min_value=dt.datetime(1990, 1, 1),
        max_value=dt.datetime(2060, 12, 31),
        timezones=st.just(dt.UTC),
    ),
    st.sampled_from(["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"]),
)
def test_hhmm_and_iso_are_what_django_s_time_and_date_filters_give(
    moment: dt.datetime, zone: str
) -> None:
    template = Template("{% load lists %}{{ t|hhmm }}|{{ t|iso }}")
    django = Template('{{ t|time:"H:i" }}|{{ t|date:"c" }}')
    with timezone.override(zone):
        assert template.render(Context({"t": moment})) == django.render(Context({"t": moment}))
    assert hhmm(None) == iso(None) == ""


@pytest.mark.django_db
def test_display_is_the_choice_label_in_the_language_of_the_request(world: World) -> None:
    booked = appointment(world.alice, world.paula, local(timezone.localdate(), 9))
    booked.status = AppointmentStatus.CANCELLED

    assert display(booked, "status") == booked.get_status_display() == "Cancelled"
    assert display(world.alice, "role") == world.alice.get_role_display()
    lazy_user = SimpleLazyObject(lambda: world.fiona)  # how templates see the signed-in user
    assert display(lazy_user, "role") == world.fiona.get_role_display()
    # Labels are kept per language: another language's words are not the English ones kept above.
    with (
        translation.override("de"),
        patch.object(translation._trans, "gettext", lambda s: f"de:{s}"),
    ):
        assert booked.get_status_display() == "de:Cancelled"
        assert display(booked, "status") == "de:Cancelled"
    assert display(booked, "status") == "Cancelled"


@given(
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1)),
    st.one_of(
        st.integers(min_value=-3_000, max_value=60 * 24 * 40),  # minutes, up to 40 days
        st.integers(min_value=-(10**6), max_value=10**7),
    ),
    st.integers(min_value=0, max_value=59),
)
def test_ago_is_what_timesince_in_blocktranslate_gives(
    now: dt.datetime, minutes: int, seconds: int
) -> None:
    now = now.replace(tzinfo=dt.UTC)
    then = now - dt.timedelta(minutes=minutes, seconds=seconds)
    django = Template(
        "{% load i18n %}{% blocktranslate with ago=then|timesince:now %}{{ ago }} ago"
        "{% endblocktranslate %}"
    )
    ours = Template("{% load lists %}{{ then|ago:now }}")
    context = Context({"then": then, "now": now})
    assert ours.render(context) == django.render(context)
    assert ago(None, now) == ""
