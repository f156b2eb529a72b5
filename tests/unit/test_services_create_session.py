"""C1–C8, C11: creating and publishing a session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from domain.entities import SessionType
from domain.errors import ImageRejected, InvalidForm, InvalidInput, PermissionDenied, ScheduleConflict, SeatsFull
from domain.ports import InboxChanged, ProcessedImage, SessionChanged
from domain.services.authoring import create_session, delete_session, upload_image
from domain.services.queries import my_mentoring_sessions, session_details
from tests.unit.support import END, NOW, START, make_draft, publish, texts

IMAGE = ProcessedImage(b'full', b'thumb', 'image/webp', 800, 600)


def test_c1_plain_mentor_publishes_a_public_session_of_their_own(uow, people, publisher) -> None:
    session = publish(uow, people.mentor, meeting=None)
    assert (session.mentor_id, session.creator_id) == (people.mentor.id, people.mentor.id)
    assert session.session_type is SessionType.PUBLIC
    assert session.seat_limit == 20
    assert session.created_at == NOW
    tiles = my_mentoring_sessions(uow, people.mentor, NOW, finished=False)
    assert [t.session.title for t in tiles.items] == ['Career talk']
    assert publisher.events == [SessionChanged(session.id)]


def test_c1_mentees_cannot_create_sessions(uow, people) -> None:
    with pytest.raises(PermissionDenied, match='Only mentors can create sessions'):
        publish(uow, people.mentees[0])


def test_c3_title_is_stored_as_typed_without_surrounding_space(uow, people) -> None:
    session = publish(uow, people.mentor, title="  L'été <script>x</script> 🎉 ")
    assert session.title == "L'été <script>x</script> 🎉"


def test_c3_too_long_title_is_refused_and_nothing_is_published(uow, people, publisher) -> None:
    with pytest.raises(InvalidInput) as refusal:
        publish(uow, people.mentor, title='t' * 256)
    assert refusal.value.field == 'title'
    assert my_mentoring_sessions(uow, people.mentor, NOW, finished=False).total == 0
    assert publisher.events == []


def test_c4_plain_mentor_cannot_create_a_private_session(uow, people) -> None:
    with pytest.raises(PermissionDenied, match='Session Manager privileges'):
        publish(uow, people.mentor, session_type=SessionType.PRIVATE, mentee_ids=(people.mentees[0].id,))


def test_c5_plain_mentor_cannot_choose_another_mentor(uow, people) -> None:
    with pytest.raises(PermissionDenied, match='choose the mentor'):
        publish(uow, people.mentor, mentor_id=people.other_mentor.id)


def test_c5_plain_mentor_may_name_themself_as_mentor(uow, people) -> None:
    assert publish(uow, people.mentor, mentor_id=people.mentor.id).mentor_id == people.mentor.id


def test_c6_plain_mentor_cannot_invite_mentees(uow, people) -> None:
    with pytest.raises(PermissionDenied, match='invite mentees'):
        publish(uow, people.mentor, mentee_ids=(people.mentees[0].id,))


def test_c11_plain_mentor_cannot_choose_the_seat_limit_but_may_pass_the_default(uow, people) -> None:
    with pytest.raises(PermissionDenied, match='seat limit'):
        publish(uow, people.mentor, seat_limit=50)
    assert publish(uow, people.mentor, seat_limit=20).seat_limit == 20


def test_c5_session_manager_publishes_for_another_mentor_who_is_told(uow, people, publisher) -> None:
    session = publish(uow, people.manager, mentor_id=people.mentor.id)
    assert (session.mentor_id, session.creator_id) == (people.mentor.id, people.manager.id)
    assert texts(uow, people.mentor) == ['You are the mentor of Career talk on 2030-01-08 09:00 UTC.']
    assert InboxChanged(people.mentor.id) in publisher.events
    assert my_mentoring_sessions(uow, people.mentor, NOW, finished=False).total == 1
    assert my_mentoring_sessions(uow, people.manager, NOW, finished=False).total == 1


def test_c5_the_mentor_must_have_the_mentor_role(uow, people) -> None:
    for not_a_mentor in (people.mentees[0].id, 999):
        with pytest.raises(InvalidInput, match='Choose a mentor') as refusal:
            publish(uow, people.manager, mentor_id=not_a_mentor)
        assert refusal.value.field == 'mentor'


def test_c6_session_manager_invites_mentees_who_are_told(uow, people, publisher) -> None:
    ana, bjorn = people.mentees[:2]
    session = publish(uow, people.manager, mentor_id=people.mentor.id, mentee_ids=(ana.id, bjorn.id, ana.id))
    view = session_details(uow, people.manager, session.id, NOW)
    assert view.summary.mentee_count == 2
    assert texts(uow, ana) == ['You were invited to Career talk on 2030-01-08 09:00 UTC.']
    assert {InboxChanged(ana.id), InboxChanged(bjorn.id), SessionChanged(session.id)} <= set(publisher.events)


def test_c6_inviting_past_the_seat_limit_says_session_seats_full(uow, people) -> None:
    ids = tuple(m.id for m in people.mentees[:3])
    with pytest.raises(SeatsFull, match=r'^session seats full$') as refusal:
        publish(uow, people.manager, seat_limit=2, mentee_ids=ids)
    assert refusal.value.field == 'mentees'
    assert publish(uow, people.manager, seat_limit=3, mentee_ids=ids).seat_limit == 3


def test_c6_the_mentor_cannot_be_invited_as_mentee(uow, people) -> None:
    with pytest.raises(InvalidInput, match='cannot be its mentee') as refusal:
        publish(uow, people.manager, mentor_id=people.mentor.id, mentee_ids=(people.mentor.id,))
    assert refusal.value.field == 'mentees'


def test_c6_only_mentees_can_be_invited(uow, people) -> None:
    with pytest.raises(InvalidInput, match='Olga Othermentor is not a mentee'):
        publish(uow, people.manager, mentee_ids=(people.other_mentor.id,))
    with pytest.raises(InvalidInput, match='no longer exists'):
        publish(uow, people.manager, mentee_ids=(999,))


def test_c6_private_session_needs_an_invited_mentee(uow, people) -> None:
    with pytest.raises(InvalidInput, match='at least one mentee') as refusal:
        publish(uow, people.manager, session_type=SessionType.PRIVATE)
    assert refusal.value.field == 'mentees'
    private = publish(uow, people.manager, session_type=SessionType.PRIVATE, mentee_ids=(people.mentees[0].id,))
    assert private.session_type is SessionType.PRIVATE


def test_c11_session_manager_chooses_the_seat_limit_of_at_least_one(uow, people) -> None:
    assert publish(uow, people.manager, seat_limit=3).seat_limit == 3
    with pytest.raises(InvalidInput, match='at least 1') as refusal:
        publish(uow, people.manager, seat_limit=0, start_at=START + timedelta(days=1), end_at=END + timedelta(days=1))
    assert refusal.value.field == 'seat_limit'


def test_c11_default_seat_limit_comes_from_configuration(uow, people) -> None:
    assert create_session(uow, people.mentor, make_draft(), NOW, default_seat_limit=35).seat_limit == 35


def test_c7_times_are_stored_in_utc_with_the_zone_they_were_entered_in(uow, people) -> None:
    paris = ZoneInfo('Europe/Paris')
    session = publish(uow, people.mentor, start_at=START.astimezone(paris), end_at=END.astimezone(paris))
    assert session.start_at == START and session.start_at.utcoffset() == timedelta(0)
    assert session.time_zone == 'Europe/Paris'


def test_c7_short_session_is_refused_on_the_end_field(uow, people) -> None:
    with pytest.raises(InvalidInput, match='at least 30 minutes') as refusal:
        publish(uow, people.mentor, end_at=START + timedelta(minutes=29))
    assert refusal.value.field == 'end_at'


def test_c7_overlapping_session_of_the_same_mentor_is_refused_naming_the_other(uow, people) -> None:
    publish(uow, people.mentor, title='Morning talk')
    with pytest.raises(ScheduleConflict, match='"Morning talk"') as refusal:
        publish(uow, people.mentor, start_at=END - timedelta(minutes=1), end_at=END + timedelta(hours=1))
    assert refusal.value.field == 'start_at'


def test_c7_back_to_back_sessions_and_other_mentors_at_the_same_time_are_fine(uow, people) -> None:
    publish(uow, people.mentor)
    publish(uow, people.mentor, start_at=END, end_at=END + timedelta(hours=1))
    publish(uow, people.other_mentor)
    assert my_mentoring_sessions(uow, people.mentor, NOW, finished=False).total == 2


def test_c7_session_managers_cannot_double_book_another_mentor(uow, people) -> None:
    publish(uow, people.mentor, title='Morning talk')
    with pytest.raises(ScheduleConflict, match='"Morning talk"'):
        publish(uow, people.manager, mentor_id=people.mentor.id)


def test_c7_a_deleted_session_does_not_block_the_time(uow, people) -> None:
    first = publish(uow, people.mentor)
    delete_session(uow, people.mentor, first.id, NOW)
    assert publish(uow, people.mentor).id != first.id


def test_c8_each_of_the_three_lists_needs_an_item(uow, people) -> None:
    for field in ('recommended_for', 'categories', 'medium'):
        with pytest.raises(InvalidInput, match='Select at least one option') as refusal:
            changes: dict[str, Any] = {field: ()}
            publish(uow, people.mentor, **changes)
        assert refusal.value.field == field


def test_c2_session_shows_an_image_its_creator_uploaded(uow, people) -> None:
    image_id = upload_image(uow, people.mentor, IMAGE)
    assert publish(uow, people.mentor, image_id=image_id).image_id == image_id


def test_c2_someone_elses_or_unknown_image_is_refused(uow, people) -> None:
    other = upload_image(uow, people.other_mentor, IMAGE)
    for image_id in (other, 'no-such-image'):
        with pytest.raises(ImageRejected, match='Add the image again') as refusal:
            publish(uow, people.mentor, image_id=image_id)
        assert refusal.value.field == 'image'


def test_c3_c7_c8_e2_every_problem_of_a_draft_is_refused_at_once_each_with_its_field(uow, people, publisher) -> None:
    with pytest.raises(InvalidForm) as refusal:
        publish(
            uow,
            people.mentor,
            title='',
            description=' ',
            start_at=None,
            end_at=None,
            recommended_for=(),
            categories=(),
            medium=(),
        )
    fields = [each.field for each in refusal.value.refusals]
    assert fields == ['title', 'description', 'start_at', 'end_at', 'recommended_for', 'categories', 'medium']
    assert refusal.value.field == 'title'  # the first, for callers that show one message
    assert publisher.events == []


def test_c7_e2_a_start_in_the_past_and_an_end_before_it_are_both_named(uow, people) -> None:
    with pytest.raises(InvalidForm) as refusal:
        publish(uow, people.mentor, start_at=NOW - timedelta(hours=1), end_at=NOW - timedelta(hours=2))
    messages = {each.field: each.message for each in refusal.value.refusals}
    assert messages == {'start_at': 'The start must be in the future.', 'end_at': 'The end must be after the start.'}
