"""Forms of the portal: making an invitation, opening an account, signing and withdrawing a consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from acuback.web.accounts.models import Role, User
from acuback.web.patients.models import Patient


class InvitationForm(forms.Form):
    send_email = forms.BooleanField(
        label=_("Also email the link to the patient"),
        required=False,
    )


class AccountForm(forms.Form):
    """A user name and a password checked by the site's password validators."""

    username = forms.CharField(
        label=_("Choose a user name"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, patient: Patient, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"])
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken; please choose another."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            # The validators compare the password with the person's names and email.
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=self.patient.given_name,
                last_name=self.patient.family_name,
                email=self.patient.email,
                role=Role.PATIENT,
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


class ConsentForm(forms.Form):
    understood = forms.BooleanField(
        label=_(
            "I have read this information. I know I can ask questions before any treatment and "
            "withdraw my consent at any time, and I agree."
        ),
    )
    signed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args: Any, patient: Patient, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_signed_name(self) -> str:
        name = " ".join(self.cleaned_data["signed_name"].split())
        expected = f"{self.patient.given_name} {self.patient.family_name}"
        if _normal(name) != _normal(expected):
            raise forms.ValidationError(
                _("Please type your name as the clinic has it: %(name)s."),
                params={"name": expected},
                code="name_mismatch",
            )
        return name
