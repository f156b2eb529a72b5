"""Every rule in domain/rules.py, named after the requirement it serves."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from domain import rules
from domain.entities import MeetingInfo, MentoringSession, Platform, Role, SessionStatus, SessionType, User
from domain.errors import InvalidInput, PermissionDenied, SeatsFull, WrongState
from tests.unit.support import END, NOW, START


def session(**changes) -> MentoringSession:
    base = MentoringSession(
        id=1,
        title='Career talk',
        description='d',
        session_type=SessionType.PUBLIC,
        mentor_id=10,
        creator_id=11,
        start_at=START,
        end_at=END,
        time_zone='UTC',
        seat_limit=20,
        recommended_for=('Students',),
        categories=('Career growth',),
        medium=('English',),
    )
    return replace(base, **changes)


def user(user_id: int, *roles: Role) -> User:
    return User(user_id, f'User {user_id}', f'u{user_id}@example.org', 1, 'Acme', 'Engineer', frozenset(roles))


# --- C3 -------------------------------------------------------------------------------------------


def test_c3_title_of_255_characters_is_accepted() -> None:
    assert rules.clean_title('a' * 255) == 'a' * 255


def test_c3_title_of_256_characters_is_refused() -> None:
    with pytest.raises(InvalidInput, match='at most 255') as refusal:
        rules.clean_title('a' * 256)
    assert refusal.value.field == 'title'


def test_c3_empty_or_blank_title_is_refused() -> None:
    for title in ('', '   '):
        with pytest.raises(InvalidInput, match='Enter a session title'):
            rules.clean_title(title)


def test_c3_title_keeps_apostrophes_accents_emoji_and_markup_as_text() -> None:
    title = "Chloé's <b>career</b> café ☕ 👩🏽‍💻"
    assert rules.clean_title(f'  {title}  ') == title


def test_c3_title_with_a_line_break_is_refused() -> None:
    with pytest.raises(InvalidInput, match='line breaks'):
        rules.clean_title('one\ntwo')


def test_c3_description_of_2000_characters_is_accepted_and_2001_refused() -> None:
    assert rules.clean_description('é' * 2000) == 'é' * 2000
    with pytest.raises(InvalidInput, match='at most 2,000') as refusal:
        rules.clean_description('é' * 2001)
    assert refusal.value.field == 'description'


def test_c3_description_is_required() -> None:
    with pytest.raises(InvalidInput, match='Enter a description'):
        rules.clean_description(' \n ')


def test_c3_description_keeps_line_breaks_and_emoji() -> None:
    assert rules.clean_description('Line one\nLine two 🎉') == 'Line one\nLine two 🎉'


def test_c3_description_with_control_characters_is_refused() -> None:
    with pytest.raises(InvalidInput, match='control characters'):
        rules.clean_description('bell\x07')


# --- C4, C6, C11 ----------------------------------------------------------------------------------


def test_c4_type_cannot_change_after_publishing() -> None:
    rules.check_type_unchanged(SessionType.PUBLIC, SessionType.PUBLIC)
    with pytest.raises(InvalidInput, match='cannot change the session type') as refusal:
        rules.check_type_unchanged(SessionType.PUBLIC, SessionType.PRIVATE)
    assert refusal.value.field == 'session_type'


def test_c4_only_session_managers_pass_the_session_manager_check() -> None:
    rules.check_session_manager(user(1, Role.MENTOR, Role.SESSION_MANAGER), 'choose the type')
    with pytest.raises(PermissionDenied, match='Session Manager privileges can choose the type'):
        rules.check_session_manager(user(2, Role.MENTOR), 'choose the type')


def test_c6_private_session_needs_an_invited_mentee_public_does_not() -> None:
    rules.check_private_has_mentee(SessionType.PUBLIC, 0)
    rules.check_private_has_mentee(SessionType.PRIVATE, 1)
    with pytest.raises(InvalidInput, match='at least one mentee'):
        rules.check_private_has_mentee(SessionType.PRIVATE, 0)


def test_c6_the_mentor_can_never_be_the_mentee() -> None:
    rules.check_not_own_mentor(1, 2)
    with pytest.raises(InvalidInput, match='cannot be its mentee'):
        rules.check_not_own_mentor(1, 1)


def test_c6_last_seat_can_be_taken_then_it_says_session_seats_full() -> None:
    rules.check_seat_available(19, 20)
    with pytest.raises(SeatsFull, match=r'^session seats full$'):
        rules.check_seat_available(20, 20, 'mentees')


def test_c6_invited_mentees_must_all_fit_beside_the_seats_taken() -> None:
    rules.check_seat_available(17, 20, 'mentees', joining=3)
    rules.check_seat_available(20, 20, 'mentees', joining=0)
    with pytest.raises(SeatsFull, match=r'^session seats full$') as refusal:
        rules.check_seat_available(17, 20, 'mentees', joining=4)
    assert refusal.value.field == 'mentees'


def test_c6_m1_session_seats_full_is_decided_by_the_one_seat_rule_only() -> None:
    """One seat check: services and pages call rules.check_seat_available; nothing else says "seats full"."""
    root = Path(__file__).resolve().parents[2]
    raising = sorted(
        str(path.relative_to(root))
        for part in ('domain', 'persistence', 'ui')
        for path in (root / part).rglob('*.py')
        if 'raise SeatsFull' in path.read_text(encoding='utf-8')
    )
    assert raising == ['domain/rules.py']


def test_c11_seat_limit_is_at_least_one() -> None:
    rules.check_seat_limit(1)
    with pytest.raises(InvalidInput, match='at least 1') as refusal:
        rules.check_seat_limit(0)
    assert refusal.value.field == 'seat_limit'


# --- C7 -------------------------------------------------------------------------------------------


def test_c7_duration_of_exactly_30_minutes_is_accepted() -> None:
    rules.check_schedule(START, START + timedelta(minutes=30), NOW)


def test_c7_duration_under_30_minutes_is_refused() -> None:
    with pytest.raises(InvalidInput, match='at least 30 minutes') as refusal:
        rules.check_schedule(START, START + timedelta(minutes=29), NOW)
    assert refusal.value.field == 'end_at'


def test_c7_duration_of_exactly_24_hours_is_accepted_and_a_minute_more_refused() -> None:
    rules.check_schedule(START, START + timedelta(hours=24), NOW)
    with pytest.raises(InvalidInput, match='at most 24 hours'):
        rules.check_schedule(START, START + timedelta(hours=24, minutes=1), NOW)


def test_c7_end_before_start_is_refused() -> None:
    with pytest.raises(InvalidInput, match='end must be after the start'):
        rules.check_schedule(START, START - timedelta(hours=1), NOW)


def test_c7_start_in_the_past_or_now_is_refused() -> None:
    for start in (NOW - timedelta(minutes=1), NOW):
        with pytest.raises(InvalidInput, match='start must be in the future') as refusal:
            rules.check_schedule(start, start + timedelta(hours=1), NOW)
        assert refusal.value.field == 'start_at'


def test_c7_times_without_a_time_zone_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match='time zone'):
        rules.check_schedule(START.replace(tzinfo=None), END, NOW)


def test_c7_back_to_back_sessions_do_not_overlap() -> None:
    assert not rules.intervals_overlap(START, END, END, END + timedelta(hours=1))
    assert not rules.intervals_overlap(END, END + timedelta(hours=1), START, END)


def test_c7_one_minute_of_overlap_is_an_overlap() -> None:
    assert rules.intervals_overlap(START, END, END - timedelta(minutes=1), END + timedelta(hours=1))
    assert rules.intervals_overlap(START, END, START + timedelta(minutes=10), START + timedelta(minutes=40))


# --- C8 -------------------------------------------------------------------------------------------


def test_c8_custom_option_of_50_characters_is_accepted_and_51_refused() -> None:
    assert rules.clean_custom_option(' ' + 'x' * 50 + ' ') == 'x' * 50
    with pytest.raises(InvalidInput, match='at most 50') as refusal:
        rules.clean_custom_option('x' * 51)
    assert refusal.value.field == 'option'


def test_c8_empty_custom_option_is_refused() -> None:
    with pytest.raises(InvalidInput, match='Enter a name'):
        rules.clean_custom_option('  ')


def test_c8_each_list_needs_an_item_and_repeats_are_dropped() -> None:
    assert rules.clean_choices('medium', 'Medium', ['English', ' English ', 'Hindi', '']) == ('English', 'Hindi')
    with pytest.raises(InvalidInput, match='at least one option for Medium') as refusal:
        rules.clean_choices('medium', 'Medium', ['  '])
    assert refusal.value.field == 'medium'


# --- C10 ------------------------------------------------------------------------------------------


def test_c10_bigbluebutton_needs_nothing_and_drops_stray_values() -> None:
    assert rules.clean_meeting(MeetingInfo(Platform.BIGBLUEBUTTON, link='x')) == MeetingInfo()


@pytest.mark.parametrize(
    'link', ['https://meet.google.com/abc-defg-hij', ' https://meet.google.com/abc-defg-hij?authuser=0 ']
)
def test_c10_good_google_meet_links_are_accepted(link: str) -> None:
    assert rules.clean_meeting(MeetingInfo(Platform.GOOGLE_MEET, link=link)).link == link.strip()


@pytest.mark.parametrize(
    'link', ['', 'http://meet.google.com/abc', 'https://meet.google.com.evil.com/abc', 'https://zoom.us/j/123456789']
)
def test_c10_bad_google_meet_links_are_refused(link: str) -> None:
    with pytest.raises(InvalidInput, match='Google Meet link') as refusal:
        rules.clean_meeting(MeetingInfo(Platform.GOOGLE_MEET, link=link))
    assert refusal.value.field == 'link'


def test_c10_good_whatsapp_link_is_accepted_and_bad_ones_refused() -> None:
    good = 'https://chat.whatsapp.com/AbCdEf123'
    assert rules.clean_meeting(MeetingInfo(Platform.WHATSAPP, link=good)).link == good
    for bad in ('https://wa.me/123', 'https://chat.whatsapp.com/', 'javascript:alert(1)'):
        with pytest.raises(InvalidInput, match='WhatsApp call or group link'):
            rules.clean_meeting(MeetingInfo(Platform.WHATSAPP, link=bad))


def zoom(link: str = 'https://us02web.zoom.us/j/12345678901', meeting_id: str = '123 4567 8901') -> MeetingInfo:
    return MeetingInfo(Platform.ZOOM, link=link, meeting_id=meeting_id, passcode=' s3cret ')


def test_c10_good_zoom_meeting_is_accepted_with_the_id_as_digits() -> None:
    assert rules.clean_meeting(zoom()) == MeetingInfo(
        Platform.ZOOM, 'https://us02web.zoom.us/j/12345678901', '12345678901', 's3cret'
    )


@pytest.mark.parametrize('meeting_id', ['123456789', '1234567890', '12345678901'])
def test_c10_zoom_meeting_id_of_9_to_11_digits_is_accepted(meeting_id: str) -> None:
    assert rules.clean_meeting(zoom(meeting_id=meeting_id)).meeting_id == meeting_id


@pytest.mark.parametrize('meeting_id', ['12345678', '123456789012', 'abcdefghi', ''])
def test_c10_zoom_meeting_id_of_8_or_12_digits_or_letters_is_refused(meeting_id: str) -> None:
    with pytest.raises(InvalidInput, match='9 to 11 digits') as refusal:
        rules.clean_meeting(zoom(meeting_id=meeting_id))
    assert refusal.value.field == 'meeting_id'


@pytest.mark.parametrize(
    'link', ['https://zoom.us/meeting/123456789', 'http://zoom.us/j/123456789', 'https://zoom.us.evil.com/j/123456789']
)
def test_c10_bad_zoom_links_are_refused(link: str) -> None:
    with pytest.raises(InvalidInput, match='Zoom link') as refusal:
        rules.clean_meeting(zoom(link=link))
    assert refusal.value.field == 'link'


def test_c10_zoom_passcode_longer_than_32_characters_is_refused() -> None:
    with pytest.raises(InvalidInput, match='passcode') as refusal:
        rules.clean_meeting(replace(zoom(), passcode='x' * 33))
    assert refusal.value.field == 'passcode'


# --- U1–U4, M1 ------------------------------------------------------------------------------------


def test_u2_u3_status_goes_upcoming_live_completed() -> None:
    assert rules.status_at(session(), NOW) is SessionStatus.UPCOMING
    assert rules.status_at(session(started_at=START), START) is SessionStatus.LIVE
    assert rules.status_at(session(started_at=START, completed_at=START), START) is SessionStatus.COMPLETED


def test_u3_a_session_is_completed_once_its_end_time_passes_even_if_never_ended() -> None:
    assert rules.status_at(session(started_at=START), END - timedelta(seconds=1)) is SessionStatus.LIVE
    assert rules.status_at(session(started_at=START), END) is SessionStatus.COMPLETED
    assert rules.status_at(session(), END) is SessionStatus.COMPLETED


def test_u1_details_are_editable_until_the_start_and_not_after() -> None:
    assert rules.details_editable(session(), START - timedelta(seconds=1))
    assert not rules.details_editable(session(), START)
    assert not rules.details_editable(session(started_at=NOW), NOW)
    with pytest.raises(WrongState, match='only until the start'):
        rules.check_details_editable(session(), START)


def test_u2_meeting_is_editable_while_upcoming_or_live_but_not_completed() -> None:
    assert rules.meeting_editable(session(), NOW)
    assert rules.meeting_editable(session(started_at=START), START + timedelta(minutes=5))
    with pytest.raises(WrongState, match='has ended'):
        rules.check_meeting_editable(session(), END)


def test_u2_mentor_can_start_exactly_10_minutes_before_the_start() -> None:
    assert rules.startable(session(), START - timedelta(minutes=10))
    rules.check_startable(session(), START - timedelta(minutes=10))


def test_u2_starting_11_minutes_before_is_refused() -> None:
    with pytest.raises(WrongState, match='from 10 minutes before'):
        rules.check_startable(session(), START - timedelta(minutes=11))


def test_u2_starting_twice_or_after_the_end_is_refused() -> None:
    with pytest.raises(WrongState, match='already started or ended'):
        rules.check_startable(session(started_at=START), START)
    with pytest.raises(WrongState, match='already started or ended'):
        rules.check_startable(session(), END)


def test_u4_delete_is_possible_only_until_the_start() -> None:
    assert rules.deletable(session(), START - timedelta(seconds=1))
    with pytest.raises(WrongState, match='only until it starts'):
        rules.check_deletable(session(), START)


def test_m1_unenroll_until_10_minutes_before_the_start() -> None:
    rules.check_unenroll_allowed(session(), START - timedelta(minutes=10, seconds=1))
    with pytest.raises(WrongState, match='10 minutes before'):
        rules.check_unenroll_allowed(session(), START - timedelta(minutes=10))
    assert not rules.unenroll_allowed(session(started_at=NOW), NOW)


def test_m1_enrollment_is_open_until_the_session_has_ended() -> None:
    assert rules.enrollment_open(session(started_at=START), START)
    assert not rules.enrollment_open(session(), END)


def test_starting_soon_notice_is_due_once_in_the_quarter_hour_before() -> None:
    assert not rules.starting_soon_due(session(), START - timedelta(minutes=16))
    assert rules.starting_soon_due(session(), START - timedelta(minutes=15))
    assert not rules.starting_soon_due(session(starting_soon_sent_at=NOW), START - timedelta(minutes=5))
    assert not rules.starting_soon_due(session(), START)


# --- who may do what (T3, M1) ---------------------------------------------------------------------


def test_t3_mentor_creator_and_session_managers_manage_a_session_nobody_else() -> None:
    s = session()
    assert rules.manages_session(user(10, Role.MENTOR), s)
    assert rules.manages_session(user(11, Role.MENTOR), s)
    assert rules.manages_session(user(99, Role.MENTOR, Role.SESSION_MANAGER), s)
    assert not rules.manages_session(user(12, Role.MENTOR), s)
    with pytest.raises(PermissionDenied):
        rules.check_manages_session(user(13, Role.MENTEE), s)


def test_c1_only_mentors_create_sessions() -> None:
    rules.check_can_create_session(user(1, Role.MENTOR))
    with pytest.raises(PermissionDenied, match='Only mentors'):
        rules.check_can_create_session(user(2, Role.MENTEE))


def test_m1_public_sessions_are_visible_to_all_private_only_to_their_people() -> None:
    mentee = user(20, Role.MENTEE)
    assert rules.may_see_session(mentee, session(), is_participant=False)
    private = session(session_type=SessionType.PRIVATE)
    assert not rules.may_see_session(mentee, private, is_participant=False)
    assert rules.may_see_session(mentee, private, is_participant=True)
    assert rules.may_see_session(user(10, Role.MENTOR), private, is_participant=False)
    assert rules.may_see_session(user(30, Role.ORG_ADMIN), private, is_participant=False)


def test_u4_deleted_sessions_are_visible_to_nobody() -> None:
    assert not rules.may_see_session(user(10, Role.MENTOR), session(deleted_at=NOW), is_participant=True)


# --- C10: links as people paste them (issue 22 item 8) ---------------------------------------------


@pytest.mark.parametrize(
    'link',
    [
        'https://call.whatsapp.com/video/AbCdEf123xyz',
        'https://call.whatsapp.com/voice/Zx9_Yw8-Vu7',
        'https://chat.whatsapp.com/AbCdEf123?mode=ems_copy_t',
        'https://chat.whatsapp.com/AbCdEf123?mode=r_c',
    ],
)
def test_c10_whatsapp_call_links_and_group_links_with_a_mode_are_accepted(link: str) -> None:
    assert rules.clean_meeting(MeetingInfo(Platform.WHATSAPP, link=link)).link == link


@pytest.mark.parametrize(
    ('platform', 'pasted'),
    [
        (Platform.GOOGLE_MEET, 'meet.google.com/abc-defg-hij'),
        (Platform.WHATSAPP, 'chat.whatsapp.com/AbCdEf123'),
        (Platform.ZOOM, 'us02web.zoom.us/j/12345678901'),
    ],
)
def test_c10_a_link_pasted_without_https_is_completed(platform: Platform, pasted: str) -> None:
    info = MeetingInfo(platform, link=f' {pasted} ', meeting_id='12345678901' if platform is Platform.ZOOM else '')
    assert rules.clean_meeting(info).link == f'https://{pasted}'


@pytest.mark.parametrize('link', ['https://call.whatsapp.com/', 'https://call.whatsapp.com.evil.com/video/Ab1'])
def test_c10_whatsapp_call_look_alikes_are_still_refused(link: str) -> None:
    with pytest.raises(InvalidInput) as refusal:
        rules.clean_meeting(MeetingInfo(Platform.WHATSAPP, link=link))
    assert refusal.value.field == 'link'


def _by_the_clock(subject: MentoringSession, now: datetime) -> tuple[object, ...]:
    return (
        rules.status_at(subject, now),
        rules.startable(subject, now),
        rules.unenroll_allowed(subject, now),
        rules.details_editable(subject, now),
        rules.meeting_editable(subject, now),
        rules.enrollment_open(subject, now),
        rules.waiting_for_mentor(subject, now),
        rules.unenroll_closed_note(subject, now),
    )


@pytest.mark.parametrize('started', [False, True])
def test_u3_between_two_time_changes_the_clock_alone_changes_nothing_a_page_shows(started: bool) -> None:
    subject = session(started_at=START - timedelta(minutes=5) if started else None)
    moments = sorted({*rules.time_changes(subject), START - timedelta(days=2), END + timedelta(days=2)})
    for earlier, later in pairwise(moments):
        shown = _by_the_clock(subject, earlier)
        step = (later - earlier) / 7
        assert all(_by_the_clock(subject, earlier + step * k) == shown for k in range(7)), (earlier, later)


def test_u3_each_time_change_changes_something_a_page_shows() -> None:
    subject = session()
    for moment in rules.time_changes(subject):
        assert _by_the_clock(subject, moment - timedelta(seconds=1)) != _by_the_clock(subject, moment), moment


def test_u2_a_session_past_its_start_time_not_started_by_its_mentor_waits_for_the_mentor() -> None:
    """Issue 23 item 7: "Upcoming" by status, but mentees are told it waits for the mentor."""
    assert not rules.waiting_for_mentor(session(), START - timedelta(seconds=1))
    assert rules.waiting_for_mentor(session(), START)
    assert not rules.waiting_for_mentor(session(started_at=START), START + timedelta(minutes=1))  # Live
    assert not rules.waiting_for_mentor(session(), END)  # Completed


def test_m1_un_enrolling_closed_is_said_only_for_a_session_still_to_come_inside_the_cut_off() -> None:
    """Issue 23 item 5: why "Un-enroll" is gone, from 10 minutes before the start until the session starts."""
    cut_off = START - rules.UNENROLL_CUTOFF
    assert rules.unenroll_closed_note(session(), cut_off - timedelta(seconds=1)) is None
    assert rules.unenroll_closed_note(session(), cut_off) == rules.UNENROLL_CLOSED
    assert rules.unenroll_closed_note(session(started_at=START), START + timedelta(minutes=1)) is None  # Live
    with pytest.raises(WrongState, match=rules.UNENROLL_CLOSED):
        rules.check_unenroll_allowed(session(), cut_off)


def test_m1_w1_a_session_is_full_when_no_seat_is_free_even_after_the_limit_was_lowered() -> None:
    """Issue 23 item 2: full sessions show their full state instead of "Enroll"."""
    assert not rules.seats_full(2, 3)
    assert rules.seats_full(3, 3)
    assert rules.seats_full(4, 3)
