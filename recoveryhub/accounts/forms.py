from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from recoveryhub.core.forms import EmailAddressField

from . import two_factor
from .models import UserManager


class SignInForm(AuthenticationForm):
    username = EmailAddressField()
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Your email address or password is not right. Check them and try again.",
        "inactive": "This account cannot be used. Ask your team or the Recovery College for help.",
    }

    # Errors that are not about one field are linked to the email address.
    non_field_error_target = "id_username"

    def clean(self):
        email = UserManager.normalize_email(self.cleaned_data.get("username"))
        password = self.cleaned_data.get("password")
        if email and password:
            # Passed as `email`, the USERNAME_FIELD, because that is where django-axes looks
            # for the account to lock; lower-cased so changing case cannot dodge the lock.
            self.user_cache = authenticate(self.request, email=email, password=password)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class CodeForm(forms.Form):
    """A 6-digit code from an authenticator app or, when allowed, a backup code."""

    code = forms.CharField(label="Security code", required=False, strip=True)
    accepts_backup_codes = True

    def __init__(self, *args, backup_codes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.backup_codes = backup_codes
        if backup_codes:
            self.fields["code"].label = "Backup code"

    def clean_code(self) -> str:
        code = two_factor.normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                "Enter one of your backup codes"
                if self.backup_codes
                else "Enter the 6-digit code from your authenticator app"
            )
        if two_factor.APP_CODE.fullmatch(code):
            return code
        if self.accepts_backup_codes and two_factor.BACKUP_CODE.fullmatch(code):
            return code
        raise forms.ValidationError(
            "A backup code is 8 letters and numbers, like abcd 2345"
            if self.backup_codes
            else "The code must be 6 numbers, like 123456"
        )

    def wrong_code(self) -> None:
        self.add_error(
            "code",
            "The backup code is not right, or it has been used. Check it and try again"
            if self.backup_codes
            else "The code is not right. Check your app and try again",
        )


class SetUpCodeForm(CodeForm):
    """Setting up an app is confirmed by a code from that app, never a backup code."""

    accepts_backup_codes = False


# Django's password validators, said the NHS way (by their error codes).
PASSWORD_MESSAGES = {
    "password_too_short": "Your password must be at least 12 characters",
    "password_too_common": "This password is too common. Choose one that is harder to guess",
    "password_entirely_numeric": "Your password must include letters, not only numbers",
    "password_too_similar": "Your password is too like your name or email address. "
    "Choose a different one",
}
NEW_PASSWORD_HINT = "Use at least 12 characters. You could use 3 random words."  # noqa: S105 (advice)


class NewPasswordMixin:
    """New password twice; validator errors on the first field, where people look."""

    def _set_up_new_password_fields(self) -> None:
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Enter the new password again"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.fields["new_password1"].help_text = NEW_PASSWORD_HINT
        self.fields["new_password2"].help_text = ""

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        password = self.cleaned_data.get("new_password1")
        if password:
            try:
                password_validation.validate_password(password, self.user)
            except forms.ValidationError as error:
                for problem in error.error_list:
                    self.add_error(
                        "new_password1", PASSWORD_MESSAGES.get(problem.code, problem.messages[0])
                    )
        return self.cleaned_data


class NewPasswordForm(NewPasswordMixin, SetPasswordForm):
    error_messages = {
        "password_mismatch": "The passwords do not match. Enter the same new password twice",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_new_password_fields()


class ChangePasswordForm(NewPasswordMixin, PasswordChangeForm):
    error_messages = {
        "password_mismatch": "The passwords do not match. Enter the same new password twice",
        "password_incorrect": "Your current password is not right. Check it and try again",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self._set_up_new_password_fields()


class ResetPasswordForm(PasswordResetForm):
    email = EmailAddressField()

    def save(self, **kwargs) -> None:
        """Queue the email for the job runner instead of sending it while the page waits."""
        from . import password_reset

        password_reset.queue(next(iter(self.get_users(self.cleaned_data["email"])), None))
