"""Bad input through every service, on the in-memory fakes: each call succeeds or raises a DomainError with a
readable message — never anything else (C3, C7, C8, C10, R1, M1, C5). Hostile text: control, zero-width and
right-to-left characters, emoji, markup, 100,000 characters; times around DST changes in several zones;
malformed links; any ids and page numbers.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from domain import rules
from domain.entities import MentoringSession, OptionKind, Platform, SessionType
from domain.errors import DomainError
from domain.ports import ExploreQuery, ProcessedImage, UserQuery
from domain.services import accounts, authoring, directory, enrollment, inbox, options, queries, running
from tests.fakes import FakePasswordHasher, InMemoryData, InMemoryUnitOfWork
from tests.mentee_list_edits import change_mentees
from tests.security_strategies import hostile_text, ids, meetings, page_numbers, schedules
from tests.security_support import NOW, ROLES, Cast, draft_for, seed_cast

T = TypeVar('T')
PROPERTY = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
actors = st.sampled_from(ROLES)
moments = st.datetimes(
    min_value=datetime(2030, 5, 1), max_value=datetime(2030, 8, 1), timezones=st.just(UTC)
)  # the cast's sessions start on 2030-06-04


@dataclass
class World:
    """A seeded cast on the fakes; `fresh()` hands out an untouched copy for each example."""

    template: InMemoryData
    cast: Cast

    def fresh(self) -> InMemoryUnitOfWork:
        uow = InMemoryUnitOfWork()
        uow.committed = copy.deepcopy(self.template)
        return uow


def _build_world() -> World:
    uow = InMemoryUnitOfWork()
    cast = seed_cast(lambda: uow)
    hasher = FakePasswordHasher()
    with uow:
        for person in cast.people.values():
            uow.users.set_password_hash(person.id, hasher.hash('right password'))
        uow.commit()
    return World(uow.committed, cast)


WORLD = _build_world()


def readable(refusal: DomainError) -> None:
    message = refusal.message
    assert isinstance(message, str) and message.strip(), 'an empty refusal'
    assert len(message) <= 600, 'a refusal too long to read'
    assert not re.search(r'Traceback|object at 0x|Error\(|\bNone\b', message), message


def outcome(call: Callable[[], T]) -> T | DomainError:
    """The call's result, or its DomainError (checked to be readable). Anything else fails the test."""
    try:
        return call()
    except DomainError as refusal:
        readable(refusal)
        return refusal


# --- R1 ---------------------------------------------------------------------------------------------


@PROPERTY
@given(
    email=st.one_of(hostile_text, st.sampled_from(['mina mentee', ' ADA ADMIN '])),
    password=hostile_text,
    zone=hostile_text,
    now=moments,
)
def test_r1_sign_in_with_any_email_password_and_zone_signs_in_or_refuses(email, password, zone, now) -> None:
    uow = WORLD.fresh()
    result = outcome(lambda: accounts.sign_in(uow, FakePasswordHasher(), email, password, zone, now))
    assert isinstance(result, DomainError), 'signed in without the right password'


@PROPERTY
@given(token=hostile_text, now=moments)
def test_r1_any_token_is_simply_unknown_and_signing_it_out_is_harmless(token, now) -> None:
    uow = WORLD.fresh()
    assert accounts.user_for_token(uow, token, now) is None
    accounts.sign_out(uow, token, now)


# --- C3, C7, C8, C11, C2: creating and editing -------------------------------------------------------


@st.composite
def drafts(draw: st.DrawFn) -> tuple[str, object]:
    start, end = draw(schedules(NOW))
    choice_lists = st.lists(hostile_text, max_size=4).map(tuple)
    actor = draw(actors)
    draft = draft_for(
        draw(hostile_text),
        start,
        description=draw(hostile_text),
        session_type=draw(st.sampled_from(list(SessionType))),
        mentor_id=draw(st.one_of(st.none(), ids)),
        mentee_ids=draw(st.one_of(st.none(), st.lists(ids, max_size=4).map(tuple))),
        image_id=draw(st.one_of(st.none(), hostile_text, st.just(WORLD.cast.public.image_id))),
        seat_limit=draw(st.one_of(st.none(), st.integers(-3, 3), st.integers(-(2**40), 2**40))),
    )
    return actor, replace(
        draft,
        end_at=end,
        time_zone=draw(hostile_text),
        recommended_for=draw(choice_lists),
        categories=draw(choice_lists),
        medium=draw(choice_lists),
    )


def _check_session(session: MentoringSession) -> None:
    rules.clean_title(session.title)
    rules.clean_description(session.description)
    assert session.start_at.tzinfo is not None and session.start_at > NOW
    assert session.seat_limit >= 1


@PROPERTY
@given(case=drafts())
def test_c3_c7_c8_creating_with_any_text_times_and_choices_publishes_or_refuses(case) -> None:
    actor, draft = case
    uow = WORLD.fresh()
    result = outcome(lambda: authoring.create_session(uow, WORLD.cast[actor], draft, NOW))
    if isinstance(result, MentoringSession):
        _check_session(result)


@PROPERTY
@given(case=drafts(), on_private=st.booleans())
def test_u1_editing_with_any_text_times_and_choices_saves_or_refuses(case, on_private) -> None:
    actor, draft = case
    uow = WORLD.fresh()
    session = WORLD.cast.private if on_private else WORLD.cast.public
    result = outcome(lambda: authoring.edit_details(uow, WORLD.cast[actor], session.id, draft, NOW))
    if isinstance(result, MentoringSession):
        _check_session(result)


# --- C10 -------------------------------------------------------------------------------------------

PLATFORM_LINKS = {
    Platform.GOOGLE_MEET: ('https://meet.google.com/',),
    Platform.WHATSAPP: ('https://chat.whatsapp.com/', 'https://call.whatsapp.com/'),
    Platform.BIGBLUEBUTTON: ('',),
}


@PROPERTY
@given(actor=actors, info=meetings, now=moments)
def test_c10_any_meeting_link_is_saved_only_when_it_is_a_link_of_its_platform(actor, info, now) -> None:
    uow = WORLD.fresh()
    result = outcome(lambda: running.edit_meeting(uow, WORLD.cast[actor], WORLD.cast.public.id, info, now))
    if isinstance(result, MentoringSession):
        link = result.meeting.link
        if result.meeting.platform is Platform.ZOOM:
            assert re.match(r'^https://([a-z0-9-]+\.)*zoom\.us/j/\d', link, re.IGNORECASE), link
        else:
            assert link.lower().startswith(PLATFORM_LINKS[result.meeting.platform]), link
        assert not re.search(r'\s', link), link


# --- C8 --------------------------------------------------------------------------------------------


@PROPERTY
@given(actor=actors, kind=st.sampled_from(list(OptionKind)), label=hostile_text)
def test_c8_any_other_item_is_added_with_1_to_50_characters_or_refused(actor, kind, label) -> None:
    uow = WORLD.fresh()
    result = outcome(lambda: options.add_custom_option(uow, WORLD.cast[actor], kind, label))
    if not isinstance(result, DomainError):
        assert 1 <= len(result.label) <= 50
        assert result in options.list_options(uow, WORLD.cast[actor], kind) or result.label.casefold() in {
            o.label.casefold() for o in options.list_options(uow, WORLD.cast[actor], kind)
        }


# --- M1, T1, C5: searching and paging --------------------------------------------------------------


@PROPERTY
@given(
    actor=actors,
    text=hostile_text,
    filters=st.lists(st.one_of(st.none(), hostile_text), min_size=3, max_size=3),
    page=page_numbers,
    per_page=page_numbers,
    finished=st.booleans(),
    now=moments,
)
def test_m1_t1_searching_and_paging_with_anything_lists_or_refuses(
    actor, text, filters, page, per_page, finished, now
) -> None:
    uow, user = WORLD.fresh(), WORLD.cast[actor]
    query = ExploreQuery(text, filters[0], filters[1], filters[2], page=page, per_page=per_page)
    for result in (
        outcome(lambda: queries.explore_sessions(uow, user, query, now)),
        outcome(lambda: queries.my_mentoring_sessions(uow, user, now, finished=finished, page=page, per_page=per_page)),
        outcome(lambda: queries.my_mentee_sessions(uow, user, now, finished=finished, page=page, per_page=per_page)),
    ):
        if not isinstance(result, DomainError):
            assert result.page >= 1 and 1 <= result.per_page <= 100
            assert all(s.session.deleted_at is None for s in result.items)


@PROPERTY
@given(
    actor=actors,
    text=hostile_text,
    designation=st.one_of(st.none(), hostile_text),
    organization=st.one_of(st.none(), ids),
    page=page_numbers,
    per_page=page_numbers,
    exclude=st.lists(ids, max_size=3),
)
def test_c5_c6_finding_people_with_anything_lists_or_refuses(
    actor, text, designation, organization, page, per_page, exclude
) -> None:
    uow, user = WORLD.fresh(), WORLD.cast[actor]
    query = UserQuery(text, None, organization, designation, tuple(exclude), page, per_page)
    result = outcome(lambda: directory.find_users(uow, user, query))
    if not isinstance(result, DomainError):
        assert 5 <= result.per_page <= 100
    outcome(lambda: directory.list_organizations(uow, user))
    outcome(lambda: directory.list_designations(uow, user))


# --- everything that takes a session id, a mentee id and a moment ---------------------------------


def _id_calls(uow: InMemoryUnitOfWork, actor: str, session_id: int, other_id: int, now: datetime) -> list[object]:
    user = WORLD.cast[actor]
    return [
        lambda: queries.session_details(uow, user, session_id, now),
        lambda: queries.mentee_list(uow, user, session_id),
        lambda: queries.mentee_list_csv(uow, user, session_id, now),
        lambda: enrollment.enroll(uow, user, session_id, now),
        lambda: enrollment.unenroll(uow, user, session_id, now),
        lambda: enrollment.join_session(uow, user, session_id, now),
        lambda: change_mentees(lambda: uow, user, session_id, now, invite=[other_id, other_id, session_id]),
        lambda: change_mentees(lambda: uow, user, session_id, now, remove=[other_id]),
        lambda: running.start_session(uow, user, session_id, now),
        lambda: running.end_session(uow, user, session_id, now),
        lambda: authoring.delete_session(uow, user, session_id, now),
        lambda: authoring.image_for_viewer(uow, user, str(session_id), thumbnail=True),
        lambda: authoring.upload_image(uow, user, ProcessedImage(b'\x00' * (other_id % 64), b'', 'image/jpeg', 1, 1)),
        lambda: options.list_options(uow, user, OptionKind.MEDIUM),
        lambda: inbox.inbox(uow, user),
        lambda: inbox.unread_count(uow, user),
        lambda: inbox.mark_inbox_read(uow, user, now),
        lambda: running.complete_due_sessions(uow, now),
        lambda: running.send_starting_soon_notices(uow, now),
    ]


@PROPERTY
@given(
    actor=actors,
    session_id=ids,
    other_id=ids,
    offset=st.integers(-3 * 24 * 60, 3 * 24 * 60),
    order=st.randoms(use_true_random=False),
)
@example(actor='mentee', session_id=WORLD.cast.public.id, other_id=0, offset=0, order=None)
def test_m1_m2_u2_u4_any_ids_and_moments_in_any_order_succeed_or_refuse(
    actor, session_id, other_id, offset, order
) -> None:
    uow = WORLD.fresh()
    calls = _id_calls(uow, actor, session_id, other_id, WORLD.cast.public.start_at + timedelta(minutes=offset))
    if order is not None:
        order.shuffle(calls)
    for call in calls:
        outcome(call)  # type: ignore[arg-type]
