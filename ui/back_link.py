"""Issue 23 item 11: a details page's back link names the list one came from (Explore with its search, My sessions,
Inbox), and Home otherwise.

The page learns where one came from by the request's Referer (the app sends it within its own origin only,
`Referrer-Policy: same-origin`); only a known list's path is used, with its query rebuilt from its parts.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

PLACES = {'/explore': 'Explore sessions', '/my-sessions': 'My sessions', '/inbox': 'Inbox', '/': 'Home'}


def back_link(referer: str | None) -> tuple[str, str]:
    """(text, address) of the link back: '← Explore sessions' to the very search one left, or '← Home'."""
    address = urlsplit(referer or '')
    place = PLACES.get(address.path)
    if place is None:
        return '← Home', '/'
    query = urlencode(parse_qsl(address.query))
    return f'← {place}', address.path + (f'?{query}' if query else '')
