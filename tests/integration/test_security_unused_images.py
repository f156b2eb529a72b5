"""C2 / issue 14 "also wanted": pictures uploaded but never used by a session are removed after a day, so that
uploads cannot pile up in the database; pictures a session shows, and fresh uploads of a form still open, stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.entities import Role
from domain.services import authoring, housekeeping
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.security_support import add_person, draft_for, tiny_jpeg


def test_c2_an_image_no_session_uses_is_removed_after_a_day_and_the_others_stay(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    now = datetime.now(UTC)
    mentor = add_person(uow_factory, 'Mona Mentor', {Role.MENTOR})
    shown = authoring.upload_image(uow_factory(), mentor, tiny_jpeg('teal'))
    abandoned = authoring.upload_image(uow_factory(), mentor, tiny_jpeg('navy'))
    authoring.create_session(
        uow_factory(), mentor, draft_for('Shows a picture', now + timedelta(days=3), image_id=shown), now
    )
    assert housekeeping.remove_unused_images(uow_factory(), now + timedelta(hours=23)) == 0  # a form may be open
    assert (
        housekeeping.remove_unused_images(uow_factory(), now + housekeeping.UNUSED_IMAGE_AGE + timedelta(minutes=1))
        == 1
    )
    with uow_factory(read_only=True) as uow:
        assert uow.images.owner(abandoned) is None
        assert uow.images.owner(shown) == mentor.id
