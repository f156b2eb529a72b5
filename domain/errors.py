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


class InvalidForm(InvalidInput):
    """Several fields of one form are wrong at once: each refusal names its field (E2, all shown together).

    It reads as its first refusal, so a caller that shows one message still shows a true one.
    """

    def __init__(self, refusals: tuple[DomainError, ...]) -> None:
        super().__init__(refusals[0].message, refusals[0].field)
        self.refusals = refusals


def refuse_all(refusals: list[DomainError]) -> None:
    """Raises nothing, the one refusal, or all of them together."""
    if len(refusals) == 1:
        raise refusals[0]
    if refusals:
        raise InvalidForm(tuple(refusals))


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


class AlreadyDone(WrongState):
    """What was asked already holds (enrolled twice, un-enrolled twice): a page may take it as done (M1)."""


class StaleEdit(DomainError):  # noqa: N818 - the names read as refusals
    """U1: the form was opened on an older version of the session than the one stored: saving would undo
    someone else's save."""

    def __init__(self) -> None:
        super().__init__(
            'Someone else saved this session after you opened it, so your changes are not saved yet. '
            'Reload the saved version — what you typed stays — then save again.'
        )


class SignInFailed(DomainError):  # noqa: N818 - the names read as refusals
    def __init__(self, message: str = 'That e-mail and password do not match an account.', warning: str = '') -> None:
        super().__init__(' '.join(filter(None, [message, warning])))


class TooManyAttempts(DomainError):  # noqa: N818 - the names read as refusals
    """Too many failed sign-ins for one account: a wait is imposed."""


class ImageRejected(DomainError):  # noqa: N818 - the names read as refusals
    def __init__(self, message: str) -> None:
        super().__init__(message, field='image')


class TryAgain(DomainError):  # noqa: N818 - the names read as refusals
    """A passing fault (the database was unreachable); nothing was changed."""

    def __init__(self) -> None:
        super().__init__('The service is briefly unavailable. Nothing was changed; please try again.')
