"""M1, C5, C6 (issue 23 item 8): the one matching rule of every search box (rules.matches_search)."""

from __future__ import annotations

from domain.rules import folded, matches_search, search_words


def test_m1_every_word_in_any_order_with_case_and_accents_folded() -> None:
    assert matches_search('career software', 'Career change into software')
    assert matches_search('SOFTWARE career', 'Career change into software')
    assert not matches_search('career cooking', 'Career change into software')
    assert matches_search('zoe', 'Zoë Müller') and matches_search('Muller', 'Zoë Müller')
    assert matches_search('lukasz soren', 'Łukasz Nowak', 'Søren')
    assert matches_search('', 'anything') and matches_search('   ', 'anything')


def test_m1_a_search_is_folded_to_distinct_words() -> None:
    assert folded('  Zoë\tMÜLLER  ') == 'zoe muller'
    assert search_words('Zoë zoe ZOË  muller') == ('zoe', 'muller')
    assert len(search_words(' '.join(f'w{n}' for n in range(50)))) == 10
