"""C3/C8 / issue 14 item 8: titles and option names cannot carry bidi overrides or invisible characters that make
mentees read something else than what was written; right-to-left text and emoji stay welcome."""

from __future__ import annotations

import pytest

from domain.entities import OptionKind
from domain.errors import InvalidInput
from domain.services.authoring import create_session
from domain.services.options import add_custom_option
from tests.unit.support import NOW, People, make_draft

SPOOFING = {
    'right-to-left override': 'Free \u202egnirotnem\u202c session',
    'left-to-right embedding': '\u202aCareer talk',
    'right-to-left isolate': 'Career \u2067talk\u2069',
    'zero-width space': 'Care\u200ber talk',
    'word joiner': 'Career\u2060 talk',
    'byte order mark': '\ufeffCareer talk',
}


@pytest.mark.parametrize('title', SPOOFING.values(), ids=SPOOFING.keys())
def test_c3_a_title_with_bidi_controls_or_invisible_characters_is_refused_with_a_message(
    uow, people: People, title: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_session(uow, people.manager, make_draft(title=title), NOW)
    assert refused.value.field == 'title'
    assert 'invisible' in refused.value.message


@pytest.mark.parametrize('label', SPOOFING.values(), ids=SPOOFING.keys())
def test_c8_an_option_name_with_bidi_controls_or_invisible_characters_is_refused_with_a_message(
    uow, people: People, label: str
) -> None:
    with pytest.raises(InvalidInput, match='invisible'):
        add_custom_option(uow, people.mentor, OptionKind.CATEGORIES, label[:50])
    with pytest.raises(InvalidInput, match='invisible'):
        create_session(uow, people.manager, make_draft(categories=(label,)), NOW)


@pytest.mark.parametrize(
    'title',
    ['مقدمة في البرمجة', 'שיחת קריירה', 'Family 👨\u200d👩\u200d👧 day', 'می\u200cخواهم'],
    ids=['arabic', 'hebrew', 'zwj emoji', 'persian zwnj'],
)
def test_c3_right_to_left_titles_and_joined_emoji_are_accepted(uow, people: People, title: str) -> None:
    assert create_session(uow, people.manager, make_draft(title=title), NOW).title == title
