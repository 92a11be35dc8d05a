"""Every sign-in and failed sign-in goes to the access log (privacy app).

Connected in `AccountsConfig.ready`. Only the user name is kept: never a
password or a code (Django masks the password in `credentials`, and the
code page sends none).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

# The detail of an access log entry about the second step of signing in.
SECOND_FACTOR = "second factor"
SECOND_FACTOR_RECOVERY_CODE = "second factor (recovery code)"


def organisation_id_of(user: AbstractBaseUser | None) -> int | None:
    """The organisation of the user's staff record, if they have one."""
    if user is None:
        return None
    from supervisiondesk.people.models import StaffMember

    return StaffMember.objects.filter(user=user).values_list("organisation_id", flat=True).first()


def log_sign_in(
    *, user: AbstractBaseUser, detail: str = "", organisation_id: int | None = None
) -> None:
    from supervisiondesk.privacy.models import AccessEvent, Channel
    from supervisiondesk.privacy.services import access_log_add

    if organisation_id is None:
        organisation_id = organisation_id_of(user)
    access_log_add(
        user=user,
        event=AccessEvent.SIGNED_IN,
        channel=Channel.PAGE,
        organisation_id=organisation_id,
        detail=detail,
    )


def log_sign_in_failed(
    *, username: str, user: AbstractBaseUser | None = None, detail: str = ""
) -> None:
    """A failed attempt: `user` is the signed-in user who failed the second
    factor; for a wrong password the account is looked up by name, for its
    organisation only (whoever typed it is not known)."""
    from supervisiondesk.privacy.models import AccessEvent, Channel
    from supervisiondesk.privacy.services import access_log_add

    account = user
    if account is None and username:
        model = get_user_model()
        account = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    access_log_add(
        user=user,
        event=AccessEvent.SIGN_IN_FAILED,
        channel=Channel.PAGE,
        organisation_id=organisation_id_of(account),
        username=username,
        detail=detail,
    )


def on_user_logged_in(
    sender, request: HttpRequest | None, user: AbstractBaseUser, **kwargs
) -> None:
    log_sign_in(user=user)


def on_user_login_failed(
    sender, credentials: dict, request: HttpRequest | None = None, **kwargs
) -> None:
    username_field = get_user_model().USERNAME_FIELD
    username = str(credentials.get(username_field) or credentials.get("username") or "")
    second_factor_user = kwargs.get("second_factor_user")
    log_sign_in_failed(
        username=username,
        user=second_factor_user,
        detail=SECOND_FACTOR if second_factor_user is not None else "",
    )
