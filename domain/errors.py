"""Every refusal the product can give, each with a message a person can read.

The UI shows `message` as it is; `field` names the form control the refusal concerns (None: the whole form).
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal: the request broke a rule of the product. Nothing was changed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):  # noqa: N818 - the names read as refusals
    """A value the user typed or chose breaks a rule (too long, in the past, bad link …)."""


class NotFound(DomainError):  # noqa: N818 - the names read as refusals
    """The thing does not exist, or the actor may not know that it does."""

    def __init__(self, message: str = 'This session does not exist or is not visible to you.') -> None:
        super().__init__(message)


class PermissionDenied(DomainError):  # noqa: N818 - the names read as refusals
    """The actor is known but may not do this."""

    def __init__(self, message: str = 'You are not allowed to do that.') -> None:
        super().__init__(message)


class SeatsFull(DomainError):  # noqa: N818 - the names read as refusals
    def __init__(self, field: str | None = None) -> None:
        super().__init__('session seats full', field)


class ScheduleConflict(DomainError):  # noqa: N818 - the names read as refusals
    """The mentor already has a session in that time."""


class WrongState(DomainError):  # noqa: N818 - the names read as refusals
    """The session's state in time forbids this (already started, not yet startable …)."""


class SignInFailed(DomainError):  # noqa: N818 - the names read as refusals
    def __init__(self, warning: str = '') -> None:
        super().__init__(' '.join(filter(None, ['That e-mail and password do not match an account.', warning])))


class TooManyAttempts(DomainError):  # noqa: N818 - the names read as refusals
    """Too many failed sign-ins for one account: a wait is imposed."""


class ImageRejected(DomainError):  # noqa: N818 - the names read as refusals
    def __init__(self, message: str) -> None:
        super().__init__(message, field='image')


class TryAgain(DomainError):  # noqa: N818 - the names read as refusals
    """A passing fault (the database was unreachable); nothing was changed."""

    def __init__(self) -> None:
        super().__init__('The service is briefly unavailable. Nothing was changed; please try again.')
