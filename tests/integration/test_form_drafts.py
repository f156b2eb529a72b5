"""E2 (issue 22 item 1) on both databases: a form's draft is stored per user, form and tab, replaced by the next
write, survives in the database for another device, and is deleted with the save it led to."""

from __future__ import annotations

import pytest

from domain.drafts import DraftPart, FormDraft
from domain.errors import PermissionDenied
from domain.services import authoring, running
from domain.services.form_drafts import discard_form_draft, form_draft, keep_form_draft
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session
from tests.unit.support import GOOGLE_MEET, make_draft

DETAILS, MEETING = DraftPart.DETAILS, DraftPart.MEETING


def test_e2_a_draft_is_replaced_read_back_whole_and_discarded(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    first = FormDraft({'title': 'Caf', 'medium': ('English', 'Français')})
    keep_form_draft(uow_factory(), mentor, None, DETAILS, first, NOW)
    second = FormDraft({'title': 'Café ☕', 'description': 'Line one\nLine two', 'medium': ('English', 'Français')})
    keep_form_draft(uow_factory(), mentor, None, DETAILS, second, NOW + HOUR)
    kept = form_draft(uow_factory(read_only=True), mentor, None, DETAILS)
    assert kept == FormDraft(second.values, None, NOW + HOUR)
    discard_form_draft(uow_factory(), mentor, None, DETAILS)
    assert form_draft(uow_factory(read_only=True), mentor, None, DETAILS) is None


def test_e2_each_user_session_and_tab_has_its_own_draft(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor, other = add_mentor(uow_factory), add_mentor(uow_factory, 'Olga Other')
    session = add_session(uow_factory, mentor)
    keep_form_draft(uow_factory(), mentor, session.id, DETAILS, FormDraft({'title': 'Mine'}, version=0), NOW)
    keep_form_draft(uow_factory(), mentor, session.id, MEETING, FormDraft({'meet_link': 'meet.google.com/x'}), NOW)
    keep_form_draft(uow_factory(), other, None, DETAILS, FormDraft({'title': 'Theirs'}), NOW)
    details = form_draft(uow_factory(read_only=True), mentor, session.id, DETAILS)
    assert details is not None and details.values == {'title': 'Mine'} and details.version == 0
    meeting = form_draft(uow_factory(read_only=True), mentor, session.id, MEETING)
    assert meeting is not None and meeting.values == {'meet_link': 'meet.google.com/x'}
    assert form_draft(uow_factory(read_only=True), mentor, None, DETAILS) is None
    with pytest.raises(PermissionDenied):
        form_draft(uow_factory(read_only=True), other, session.id, DETAILS)


def test_e2_saving_and_submitting_delete_their_tabs_draft_in_the_same_transaction(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    mentor = add_mentor(uow_factory)
    keep_form_draft(uow_factory(), mentor, None, DETAILS, FormDraft({'title': 'Typed'}), NOW)
    session = authoring.create_session(
        uow_factory(), mentor, make_draft(start_at=NOW + HOUR, end_at=NOW + 2 * HOUR), NOW
    )
    assert form_draft(uow_factory(read_only=True), mentor, None, DETAILS) is None
    keep_form_draft(uow_factory(), mentor, session.id, MEETING, FormDraft({'meet_link': 'x'}), NOW)
    keep_form_draft(uow_factory(), mentor, session.id, DETAILS, FormDraft({'title': 'Typed again'}), NOW)
    running.edit_meeting(uow_factory(), mentor, session.id, GOOGLE_MEET, NOW)
    assert form_draft(uow_factory(read_only=True), mentor, session.id, MEETING) is None
    authoring.edit_details(
        uow_factory(), mentor, session.id, make_draft(start_at=NOW + HOUR, end_at=NOW + 2 * HOUR), NOW
    )
    assert form_draft(uow_factory(read_only=True), mentor, session.id, DETAILS) is None
