"""U1, U4, C2: changing, deleting a session, and its image."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.entities import MentoringSession, Role, SessionType
from domain.errors import InvalidInput, NotFound, PermissionDenied, ScheduleConflict, SeatsFull, StaleEdit, WrongState
from domain.ports import ExploreQuery, InboxChanged, ProcessedImage, SessionChanged
from domain.services.authoring import delete_session, edit_details, image_for_viewer, upload_image
from domain.services.enrollment import enroll
from domain.services.queries import (
    explore_sessions,
    mentee_list,
    my_mentee_sessions,
    my_mentoring_sessions,
    session_details,
)
from tests.unit.support import END, NOW, START, make_draft, publish, texts

IMAGE = ProcessedImage(b'full', b'thumb', 'image/webp', 800, 600)


def invited_session(uow, people, count: int = 2, **changes) -> MentoringSession:
    ids = tuple(m.id for m in people.mentees[:count])
    return publish(uow, people.manager, mentor_id=people.mentor.id, mentee_ids=ids, **changes)


def names(uow, actor, session_id) -> list[str]:
    return [entry.mentee.name for entry in mentee_list(uow, actor, session_id)]


def test_u1_mentor_edits_the_details_and_mentees_are_told(uow, people, publisher) -> None:
    session = invited_session(uow, people)
    edited = edit_details(uow, people.mentor, session.id, make_draft(title='Career talk, part 1'), NOW)
    assert session_details(uow, people.mentees[0], session.id, NOW).summary.session.title == 'Career talk, part 1'
    assert edited.title == 'Career talk, part 1'
    assert texts(uow, people.mentees[0])[0] == 'The details of Career talk, part 1 on 2030-01-08 09:00 UTC were edited.'
    assert publisher.events[-1] == SessionChanged(session.id)
    assert InboxChanged(people.mentees[1].id) in publisher.events


def test_u1_rescheduling_tells_the_mentees_the_new_time(uow, people) -> None:
    session = invited_session(uow, people)
    later = make_draft(start_at=START + timedelta(hours=2), end_at=END + timedelta(hours=2))
    edit_details(uow, people.mentor, session.id, later, NOW)
    assert texts(uow, people.mentees[1])[0] == 'Career talk was rescheduled to 2030-01-08 11:00 UTC.'


def test_u1_details_cannot_change_once_the_session_started(uow, people) -> None:
    session = publish(uow, people.mentor)
    with pytest.raises(WrongState, match='only until the start'):
        edit_details(uow, people.mentor, session.id, make_draft(title='Late'), START)


def test_c4_type_cannot_change_on_edit(uow, people) -> None:
    session = invited_session(uow, people)
    with pytest.raises(InvalidInput, match='cannot change the session type'):
        edit_details(uow, people.manager, session.id, make_draft(session_type=SessionType.PRIVATE), NOW)


def test_u1_another_mentor_cannot_edit_and_mentees_cannot_either(uow, people) -> None:
    session = publish(uow, people.mentor)
    for outsider in (people.other_mentor, people.mentees[0]):
        with pytest.raises(PermissionDenied):
            edit_details(uow, outsider, session.id, make_draft(title='Mine now'), NOW)


def test_u1_a_private_session_is_not_found_for_someone_who_may_not_see_it(uow, people) -> None:
    session = invited_session(uow, people, session_type=SessionType.PRIVATE)
    with pytest.raises(NotFound):
        edit_details(uow, people.mentees[4], session.id, make_draft(session_type=SessionType.PRIVATE), NOW)


def test_u1_plain_mentor_cannot_change_the_mentee_list_but_may_send_it_unchanged(uow, people) -> None:
    session = invited_session(uow, people)
    with pytest.raises(PermissionDenied, match='change the mentee list'):
        edit_details(uow, people.mentor, session.id, make_draft(mentee_ids=(people.mentees[0].id,)), NOW)
    same = (people.mentees[1].id, people.mentees[0].id)
    edit_details(uow, people.mentor, session.id, make_draft(mentee_ids=same, title='Same people'), NOW)
    assert names(uow, people.mentor, session.id) == ['Ana Mentee', 'Björn Mentee']


def test_u1_plain_mentor_cannot_change_the_mentor_or_the_seat_limit(uow, people) -> None:
    session = publish(uow, people.mentor)
    with pytest.raises(PermissionDenied, match='choose the mentor'):
        edit_details(uow, people.mentor, session.id, make_draft(mentor_id=people.other_mentor.id), NOW)
    with pytest.raises(PermissionDenied, match='seat limit'):
        edit_details(uow, people.mentor, session.id, make_draft(seat_limit=5), NOW)


def test_u1_session_manager_invites_new_and_removes_missing_mentees(uow, people) -> None:
    ana, bjorn, chloe = people.mentees[:3]
    session = invited_session(uow, people)
    edit_details(uow, people.manager, session.id, make_draft(mentee_ids=(bjorn.id, chloe.id)), NOW)
    assert names(uow, people.manager, session.id) == ['Björn Mentee', 'Chloé Mentee']
    assert texts(uow, ana)[0] == 'You were removed from Career talk on 2030-01-08 09:00 UTC.'
    assert texts(uow, chloe) == ['You were invited to Career talk on 2030-01-08 09:00 UTC.']
    assert len(texts(uow, bjorn)) == 1


def test_u1_kept_mentees_get_no_notice_when_only_the_list_changed(uow, people) -> None:
    session = invited_session(uow, people)
    edit_details(uow, people.manager, session.id, make_draft(mentee_ids=(people.mentees[0].id,)), NOW)
    assert texts(uow, people.mentees[0]) == ['You were invited to Career talk on 2030-01-08 09:00 UTC.']


def test_u1_adding_or_removing_a_mentee_from_another_zone_tells_the_others_nothing(uow, people) -> None:
    """The form sends the editor's own zone and options in its own order, with the new list: not an edit."""
    ana, bjorn, chloe = people.mentees[:3]
    session = invited_session(uow, people, seat_limit=5)
    as_the_form_sends = {'time_zone': 'Asia/Kolkata', 'seat_limit': 6, 'mentor_id': people.mentor.id}
    edit_details(
        uow, people.manager, session.id, make_draft(mentee_ids=(ana.id, bjorn.id, chloe.id), **as_the_form_sends), NOW
    )
    edit_details(uow, people.manager, session.id, make_draft(mentee_ids=(ana.id, chloe.id), **as_the_form_sends), NOW)
    assert texts(uow, ana) == ['You were invited to Career talk on 2030-01-08 09:00 UTC.']
    assert texts(uow, bjorn)[0] == 'You were removed from Career talk on 2030-01-08 09:00 UTC.'
    assert len(texts(uow, bjorn)) == 2


def test_u1_inviting_past_the_seat_limit_on_edit_says_session_seats_full(uow, people) -> None:
    session = invited_session(uow, people, seat_limit=2)
    three = tuple(m.id for m in people.mentees[:3])
    with pytest.raises(SeatsFull) as refusal:
        edit_details(uow, people.manager, session.id, make_draft(mentee_ids=three), NOW)
    assert refusal.value.field == 'mentees'


def test_c11_seat_limit_cannot_drop_below_the_mentees_already_in(uow, people) -> None:
    session = invited_session(uow, people, count=3)
    with pytest.raises(InvalidInput, match='below the 3 mentees') as refusal:
        edit_details(uow, people.manager, session.id, make_draft(seat_limit=2), NOW)
    assert refusal.value.field == 'seat_limit'
    assert edit_details(uow, people.manager, session.id, make_draft(seat_limit=3), NOW).seat_limit == 3


def test_c6_private_session_keeps_at_least_one_invited_mentee_on_edit(uow, people) -> None:
    session = invited_session(uow, people, session_type=SessionType.PRIVATE)
    with pytest.raises(InvalidInput, match='at least one mentee'):
        edit_details(uow, people.manager, session.id, make_draft(session_type=SessionType.PRIVATE, mentee_ids=()), NOW)


def test_c5_session_manager_changes_the_mentor_who_is_told(uow, people) -> None:
    session = invited_session(uow, people)
    edited = edit_details(uow, people.manager, session.id, make_draft(mentor_id=people.other_mentor.id), NOW)
    assert edited.mentor_id == people.other_mentor.id
    assert texts(uow, people.other_mentor) == ['You are the mentor of Career talk on 2030-01-08 09:00 UTC.']


def test_c5_a_plain_mentee_cannot_become_the_mentor(uow, people) -> None:
    session = invited_session(uow, people)
    with pytest.raises(InvalidInput, match='Choose a mentor') as refusal:
        edit_details(uow, people.manager, session.id, make_draft(mentor_id=people.mentees[0].id), NOW)
    assert refusal.value.field == 'mentor'


def test_c6_a_mentee_of_the_session_cannot_become_its_mentor(uow, people) -> None:
    both = uow.users.add('Bo Both', 'bo@example.org', 1, 'Engineer', frozenset({Role.MENTOR, Role.MENTEE}), 'x')
    session = publish(uow, people.manager, mentee_ids=(both.id,))
    with pytest.raises(InvalidInput, match='cannot be its mentee') as refusal:
        edit_details(uow, people.manager, session.id, make_draft(mentor_id=both.id), NOW)
    assert refusal.value.field == 'mentees'


def test_c7_moving_a_session_over_its_own_old_time_is_fine_but_not_over_another(uow, people) -> None:
    session = publish(uow, people.mentor)
    publish(
        uow, people.mentor, title='Afternoon talk', start_at=END + timedelta(hours=2), end_at=END + timedelta(hours=3)
    )
    shifted = make_draft(start_at=START + timedelta(minutes=10), end_at=END + timedelta(minutes=10))
    assert edit_details(uow, people.mentor, session.id, shifted, NOW).start_at == START + timedelta(minutes=10)
    clash = make_draft(start_at=END + timedelta(hours=2, minutes=30), end_at=END + timedelta(hours=4))
    with pytest.raises(ScheduleConflict, match='"Afternoon talk"'):
        edit_details(uow, people.mentor, session.id, clash, NOW)


def test_u1_the_image_can_be_replaced_and_the_old_one_is_gone(uow, people) -> None:
    old = upload_image(uow, people.mentor, IMAGE)
    new = upload_image(uow, people.mentor, ProcessedImage(b'new', b'new-thumb', 'image/webp', 10, 10))
    session = publish(uow, people.mentor, image_id=old)
    edit_details(uow, people.mentor, session.id, make_draft(image_id=new), NOW)
    assert image_for_viewer(uow, people.mentees[0], new, thumbnail=True) == (b'new-thumb', 'image/webp')
    with pytest.raises(NotFound):
        image_for_viewer(uow, people.mentor, old, thumbnail=False)


def test_u1_remove_current_photo_leaves_the_session_without_image(uow, people) -> None:
    image_id = upload_image(uow, people.mentor, IMAGE)
    session = publish(uow, people.mentor, image_id=image_id)
    assert edit_details(uow, people.mentor, session.id, make_draft(image_id=None), NOW).image_id is None


def test_u1_a_manager_keeps_an_image_another_manager_uploaded(uow, people) -> None:
    image_id = upload_image(uow, people.manager, IMAGE)
    session = publish(uow, people.manager, mentor_id=people.mentor.id, image_id=image_id)
    assert (
        edit_details(uow, people.mentor, session.id, make_draft(image_id=image_id, title='New'), NOW).image_id
        == image_id
    )


# --- U4 -------------------------------------------------------------------------------------------


def test_u4_deleted_session_disappears_from_every_list_and_its_mentees_are_told(uow, people, publisher) -> None:
    session = invited_session(uow, people)
    delete_session(uow, people.manager, session.id, NOW)
    assert my_mentoring_sessions(uow, people.mentor, NOW, finished=False).total == 0
    assert my_mentee_sessions(uow, people.mentees[0], NOW, finished=False).total == 0
    assert explore_sessions(uow, people.mentees[4], ExploreQuery(), NOW).total == 0
    with pytest.raises(NotFound):
        session_details(uow, people.manager, session.id, NOW)
    assert texts(uow, people.mentees[0])[0] == 'Career talk on 2030-01-08 09:00 UTC was cancelled.'
    assert texts(uow, people.mentor)[0] == 'Career talk on 2030-01-08 09:00 UTC was cancelled.'
    assert publisher.events[-1] == SessionChanged(session.id)


def test_u4_enrolled_mentees_are_told_too(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[2], session.id, NOW)
    delete_session(uow, people.mentor, session.id, NOW)
    assert texts(uow, people.mentees[2]) == ['Career talk on 2030-01-08 09:00 UTC was cancelled.']


def test_u4_delete_only_until_the_start(uow, people) -> None:
    session = publish(uow, people.mentor)
    with pytest.raises(WrongState, match='only until it starts'):
        delete_session(uow, people.mentor, session.id, START)


def test_u4_only_a_manager_of_the_session_deletes_it(uow, people) -> None:
    session = publish(uow, people.mentor)
    for outsider in (people.other_mentor, people.mentees[0]):
        with pytest.raises(PermissionDenied):
            delete_session(uow, outsider, session.id, NOW)
    delete_session(uow, people.manager, session.id, NOW)


def test_u4_deleting_twice_is_not_found(uow, people) -> None:
    session = publish(uow, people.mentor)
    delete_session(uow, people.mentor, session.id, NOW)
    with pytest.raises(NotFound):
        delete_session(uow, people.mentor, session.id, NOW)


# --- C2 images ------------------------------------------------------------------------------------


def test_c2_uploader_sees_the_image_before_any_session_shows_it(uow, people) -> None:
    image_id = upload_image(uow, people.mentor, IMAGE)
    assert image_for_viewer(uow, people.mentor, image_id, thumbnail=False) == (b'full', 'image/webp')
    assert image_for_viewer(uow, people.mentor, image_id, thumbnail=True) == (b'thumb', 'image/webp')
    with pytest.raises(NotFound):
        image_for_viewer(uow, people.mentees[0], image_id, thumbnail=True)


def test_c2_image_of_a_private_session_is_only_for_its_people(uow, people) -> None:
    image_id = upload_image(uow, people.manager, IMAGE)
    invited_session(uow, people, session_type=SessionType.PRIVATE, image_id=image_id)
    assert image_for_viewer(uow, people.mentees[0], image_id, thumbnail=True) == (b'thumb', 'image/webp')
    assert image_for_viewer(uow, people.mentor, image_id, thumbnail=True) == (b'thumb', 'image/webp')
    with pytest.raises(NotFound):
        image_for_viewer(uow, people.mentees[4], image_id, thumbnail=True)


def test_c2_only_mentors_upload_images(uow, people) -> None:
    with pytest.raises(PermissionDenied, match='Only mentors'):
        upload_image(uow, people.mentees[0], IMAGE)


def test_c2_each_upload_gets_its_own_id(uow, people) -> None:
    assert upload_image(uow, people.mentor, IMAGE) != upload_image(uow, people.mentor, IMAGE)


def test_u1_a_save_started_from_an_older_version_is_refused_and_the_newer_save_stays(uow, people, publisher) -> None:
    session = publish(uow, people.mentor)
    tab_a = edit_details(
        uow, people.mentor, session.id, make_draft(title='Career talk, part 1', version=session.details_version), NOW
    )
    assert tab_a.details_version == session.details_version + 1
    events = len(publisher.events)
    with pytest.raises(StaleEdit) as refusal:
        edit_details(
            uow,
            people.mentor,
            session.id,
            make_draft(description='Only a new description.', version=session.details_version),
            NOW,
        )
    assert 'after you opened it' in refusal.value.message
    stored = session_details(uow, people.mentor, session.id, NOW).summary.session
    assert (stored.title, stored.description) == ('Career talk, part 1', 'How to grow in your first job.')
    assert len(publisher.events) == events
    again = make_draft(description='Only a new description.', version=tab_a.details_version)
    assert edit_details(uow, people.mentor, session.id, again, NOW).description == 'Only a new description.'
