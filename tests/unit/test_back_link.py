"""Issue 23 item 11 (M1): the details page's back link names the list it returns to, from the Referer alone."""

from __future__ import annotations

from ui.back_link import back_link


def test_m1_back_link_returns_to_the_very_search_one_left() -> None:
    assert back_link('http://host/explore?q=career+software&page=2') == (
        '← Explore sessions',
        '/explore?q=career+software&page=2',
    )
    assert back_link('http://host/my-sessions') == ('← My sessions', '/my-sessions')


def test_m1_back_link_goes_home_from_anywhere_else_and_never_off_the_site() -> None:
    for referer in (None, '', 'http://host/sessions/3', 'https://evil.example/profile', 'javascript:alert(1)'):
        assert back_link(referer) == ('← Home', '/'), referer
    _, address = back_link('https://evil.example/explore?q="><script>')
    assert address.startswith('/explore?') and '<' not in address and '"' not in address
