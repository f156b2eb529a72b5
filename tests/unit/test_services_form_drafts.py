"""E2 (issue 22 item 1): the draft of an unsaved session form is kept per user, form and tab, is the user's own,
is bounded by the form's limits, and goes once the form is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.drafts import DraftPart, FormDraft
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.services.authoring import create_session, edit_details
from domain.services.form_drafts import discard_form_draft, draft_people, form_draft, keep_form_draft
from domain.services.people import set_person_active
from domain.services.running import edit_meeting
from tests.unit.support import END, GOOGLE_MEET, NOW, make_draft, publish

DETAILS, MEETING = DraftPart.DETAILS, DraftPart.MEETING
TYPED = FormDraft({'title': 'Half a tit', 'categories': ('Career growth',)})
LINK = FormDraft({'platform': 'Zoom', 'zoom_link': 'https://us02web.zoom.us/j/123'})


def test_e2_a_new_sessions_draft_comes_back_to_its_author_only(uow, people) -> None:
    keep_form_draft(uow, people.mentor, None, DETAILS, TYPED, NOW)
    kept = form_draft(uow, people.mentor, None, DETAILS)
    assert kept is not None and kept.values == TYPED.values and kept.saved_at == NOW
    assert form_draft(uow, people.manager, None, DETAILS) is None  # another mentor's form starts empty


def test_e2_discard_forgets_the_draft(uow, people) -> None:
    keep_form_draft(uow, people.mentor, None, DETAILS, TYPED, NOW)
    discard_form_draft(uow, people.mentor, None, DETAILS)
    assert form_draft(uow, people.mentor, None, DETAILS) is None


def test_e2_an_edits_draft_is_kept_per_session_and_tab_with_the_version_it_started_from(uow, people) -> None:
    session = publish(uow, people.mentor)
    other = publish(uow, people.mentor, start_at=END, end_at=END + timedelta(hours=1))
    keep_form_draft(uow, people.mentor, session.id, DETAILS, FormDraft(TYPED.values, version=1), NOW)
    keep_form_draft(uow, people.mentor, session.id, MEETING, LINK, NOW)
    details = form_draft(uow, people.mentor, session.id, DETAILS)
    assert details is not None and details.version == 1 and details.values['title'] == 'Half a tit'
    meeting = form_draft(uow, people.mentor, session.id, MEETING)
    assert meeting is not None and meeting.values == LINK.values
    assert form_draft(uow, people.mentor, other.id, DETAILS) is None
    assert form_draft(uow, people.mentor, None, DETAILS) is None


def test_e2_a_draft_cannot_be_read_or_written_for_someone_elses_session(uow, people) -> None:
    session = publish(uow, people.mentor)
    keep_form_draft(uow, people.mentor, session.id, DETAILS, TYPED, NOW)
    with pytest.raises(PermissionDenied):
        form_draft(uow, people.other_mentor, session.id, DETAILS)
    with pytest.raises(PermissionDenied):
        keep_form_draft(uow, people.other_mentor, session.id, DETAILS, TYPED, NOW)
    with pytest.raises(PermissionDenied):
        keep_form_draft(uow, people.mentees[0], None, DETAILS, TYPED, NOW)
    with pytest.raises(NotFound):
        form_draft(uow, people.other_mentor, 999, DETAILS)
    # A session manager may edit the session, but reads their own draft of it, not the mentor's.
    assert form_draft(uow, people.manager, session.id, DETAILS) is None


def test_e2_a_draft_holds_no_more_than_the_form_allows(uow, people) -> None:
    too_long = [
        FormDraft({'title': 'x' * 256}),
        FormDraft({'description': 'x' * 2001}),
        FormDraft({'categories': ('x' * 256,)}),
        FormDraft({'categories': tuple(str(i) for i in range(201))}),
        FormDraft({'zoom_link': 'https://zoom.us/j/1'}),  # a box of the other tab
        FormDraft({'secret': 'anything'}),
        FormDraft({'title': 'nul\x00'}),
    ]
    for draft in too_long:
        with pytest.raises(InvalidInput, match='longer than the form allows'):
            keep_form_draft(uow, people.mentor, None, DETAILS, draft, NOW)
    keep_form_draft(uow, people.mentor, None, DETAILS, FormDraft({'title': 'x' * 255, 'description': 'y' * 2000}), NOW)
    assert form_draft(uow, people.mentor, None, DETAILS) is not None


def test_e2_publishing_saving_and_submitting_clear_their_own_tabs_draft(uow, people) -> None:
    keep_form_draft(uow, people.mentor, None, DETAILS, TYPED, NOW)
    session = create_session(uow, people.mentor, make_draft(), NOW)
    assert form_draft(uow, people.mentor, None, DETAILS) is None
    keep_form_draft(uow, people.mentor, session.id, DETAILS, TYPED, NOW)
    keep_form_draft(uow, people.mentor, session.id, MEETING, LINK, NOW)
    edit_meeting(uow, people.mentor, session.id, GOOGLE_MEET, NOW)
    assert form_draft(uow, people.mentor, session.id, MEETING) is None
    assert form_draft(uow, people.mentor, session.id, DETAILS) is not None  # the other tab is not saved yet
    edit_details(uow, people.mentor, session.id, make_draft(title='Saved'), NOW)
    assert form_draft(uow, people.mentor, session.id, DETAILS) is None


def test_c5_c6_a_managers_draft_names_people_as_they_are_now_and_only_a_manager_may_ask(uow, people) -> None:
    set_person_active(uow, people.admin, people.mentees[1].id, False, NOW)
    wanted = [people.mentor.id, people.mentees[0].id, people.mentees[1].id, 0, 999]
    assert [user.name for user in draft_people(uow, people.manager, wanted)] == ['Tom Mentor', 'Ana Mentee']
    with pytest.raises(PermissionDenied):
        draft_people(uow, people.mentor, [people.mentees[0].id])
