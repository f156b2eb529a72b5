"""N4: which kinds of e-mail a user gets, and the one-click unsubscribe link that needs no sign-in."""

from __future__ import annotations

from domain.entities import MailKind, User
from domain.errors import InvalidInput
from domain.mail import CHOOSABLE_KINDS, read_unsubscribe_token
from domain.ports import UnitOfWork

BAD_LINK = 'This unsubscribe link is not valid. Sign in and choose your e-mails under Mail settings.'


def muted_kinds(uow: UnitOfWork, actor: User) -> frozenset[MailKind]:
    """The kinds of e-mail the actor turned off."""
    with uow:
        found = uow.mail.recipients([actor.id]).get(actor.id)
        return found.muted if found is not None else frozenset()


def choose_mail(uow: UnitOfWork, actor: User, wanted: frozenset[MailKind]) -> None:
    """N4: the actor gets exactly the kinds in `wanted`."""
    with uow:
        uow.mail.set_muted(actor.id, frozenset(CHOOSABLE_KINDS) - wanted)
        uow.commit()


def unsubscribe(uow: UnitOfWork, secret: str, token: str) -> MailKind:
    """N4, RFC 8058: turn off the kind of e-mail a signed link names; return that kind."""
    found = read_unsubscribe_token(secret, token)
    if found is None:
        raise InvalidInput(BAD_LINK)
    user_id, kind = found
    with uow:
        recipient = uow.mail.recipients([user_id]).get(user_id)
        if recipient is None:
            raise InvalidInput(BAD_LINK)
        uow.mail.set_muted(user_id, recipient.muted | {kind})
        uow.commit()
        return kind
