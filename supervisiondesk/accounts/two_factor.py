"""Two-factor sign-in: who must use it, and the devices behind it.

A user's second factor is an authenticator app (django-otp's TOTPDevice)
with ten single-use recovery codes (a StaticDevice and its StaticTokens).
Signing in takes the password (Django's login), then a code from the app or
a recovery code (`django_otp.login` marks the session as verified).
`middleware.TwoFactorMiddleware` keeps every other page closed until then.
"""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervisiondesk.accounts.roles import Role, roles_of

# Roles that see many people's supervision: their accounts must have two factors.
TWO_FACTOR_ROLES = frozenset({Role.MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR, Role.ADMINISTRATOR})
RECOVERY_CODE_COUNT = 10
# In the session of a user who owed no second factor when they signed in
# (optional for them, and no app): spares a device query on every request.
SESSION_NO_SECOND_FACTOR = "accounts_no_second_factor"
DEVICE_NAME = _("Authenticator app")
RECOVERY_DEVICE_NAME = _("Recovery codes")


def two_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Managers, senior managers, directors, administrators and every staff or
    superuser account must sign in with two factors; for the rest it is optional."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(roles_of(user) & TWO_FACTOR_ROLES)


def is_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this request's user passed the second factor (OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def no_second_factor_remember(
    sender, request: HttpRequest | None, user: AbstractBaseUser, **kwargs
) -> None:
    """On `user_logged_in`: note in the session whether this user owes no
    second factor (optional for them, and no app yet)."""
    if request is None or not hasattr(request, "session"):
        return
    if two_factor_required(user) or has_confirmed_device(user):
        request.session.pop(SESSION_NO_SECOND_FACTOR, None)
    else:
        request.session[SESSION_NO_SECOND_FACTOR] = True


def pending_device(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device being set up: the same one on every visit until it
    is confirmed, so a reload does not change the secret already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(DEVICE_NAME), confirmed=False)
    return device


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def format_recovery_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


@transaction.atomic
def recovery_codes_replace(user: AbstractBaseUser) -> list[str]:
    """New recovery codes for the user; the old ones stop working. The caller
    shows them once: they are never written anywhere else."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": str(RECOVERY_DEVICE_NAME), "confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    tokens = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    device.throttle_reset()
    return [format_recovery_code(t) for t in tokens]


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def device_confirm(device: TOTPDevice) -> list[str]:
    """The device being set up is the user's from now on (any other is
    removed); returns their new recovery codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_replace(device.user)


@transaction.atomic
def two_factor_remove(user: AbstractBaseUser) -> None:
    """Switch two-factor sign-in off: every device and recovery code goes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@dataclass
class CodeCheck:
    device: TOTPDevice | StaticDevice | None
    throttled: bool = False

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def code_check(user: AbstractBaseUser, code: str) -> CodeCheck:
    """Check a 6-digit code from the app, or a recovery code (used up if right).

    The devices are locked while checked, so one code is never accepted twice;
    after wrong codes django-otp makes the next check wait (1, 2, 4… seconds),
    reported as `throttled` without checking the code.
    """
    code = normalise_code(code)
    model = TOTPDevice if (len(code) == 6 and code.isdigit()) else StaticDevice
    with transaction.atomic():
        devices = model.objects.filter(user=user, confirmed=True).select_for_update()
        throttled = False
        for device in devices:
            allowed, _why = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(code):
                return CodeCheck(device=device)
    return CodeCheck(device=None, throttled=throttled)


def pending_code_check(device: TOTPDevice, code: str) -> CodeCheck:
    """A code from the app for the device being set up (not yet confirmed)."""
    code = normalise_code(code)
    if not (len(code) == 6 and code.isdigit()):
        return CodeCheck(device=None)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(device=None, throttled=True)
        return CodeCheck(device=device if device.verify_token(code) else None)


def session_verify(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    """Mark this session as signed in with both factors, under a new session key."""
    otp_login(request, device)
    request.session.cycle_key()
