"""Every HTTP route the server serves, for every role and for anonymous visitors (R1, R2, T3, C2, M1, M2).

Anonymous requests go to sign-in. A request the role may not make gets 403/404 (pages: a refusal) and learns
nothing of the session: not its title, not its mentees' e-mail addresses, not its meeting link. The mentee
list CSV neutralises formula cells. Every response carries the security headers.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.entities import MailKind, Role
from domain.mail import unsubscribe_token
from domain.services import calendars, enrollment, mail_choices
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.e2e.conftest import ROOT
from tests.security_server import COOKIE, SeededServer, shared_seeder, shared_server
from tests.security_support import (
    DASHBOARD_ROLES,
    EVERYONE,
    MANAGERS,
    MEET,
    PRIVATE_CIRCLE,
    ROLES,
    Cast,
    add_person,
)

pytestmark = pytest.mark.e2e

FORMULAS = ['=HYPERLINK("http://evil.test","x")', '+41 55 555', '-2+3', '@SUM(A1:A9)', '\tTabbed', '\rReturn']
SECURITY_HEADERS = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
}
HUGE_ID = 2**64


@shared_seeder('formula people')
def _formula_people(uows: SqlUnitOfWorkFactory, cast: Cast, now: datetime) -> dict[str, Any]:
    """Mentees whose name, designation, organization and e-mail each begin like a spreadsheet formula."""
    for n, formula in enumerate(FORMULAS):
        with uows() as uow:
            org = uow.users.add_organization(f'{formula} Org {n}')
            mentee = uow.users.add(formula, f'{formula[:1]}f{n}@x.test', org.id, formula, frozenset({Role.MENTEE}), 'x')
            uow.commit()
        enrollment.enroll(uows(), mentee, cast.public.id, now)
    add_person(uows, 'Nobody Else', {Role.MENTEE})
    return {}


@pytest.fixture(scope='module')
def seeded(tmp_path_factory: pytest.TempPathFactory) -> SeededServer:
    return shared_server(tmp_path_factory)


def _client(seeded: SeededServer, role: str | None) -> httpx.Client:
    cookies = {COOKIE: seeded.cookies[role]} if role else {}
    return httpx.Client(base_url=seeded.url, cookies=cookies, follow_redirects=False, timeout=20)


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    allowed: frozenset[str]
    kind: str  # page, csv or image
    secret: str  # the title of the session the route is about


def _routes(cast: Cast) -> list[Route]:
    p, q = cast.public, cast.private
    return [
        Route('session page', f'/sessions/{p.id}', EVERYONE, 'page', p.title),
        Route('private session page', f'/sessions/{q.id}', PRIVATE_CIRCLE, 'page', q.title),
        Route('edit page', f'/sessions/{p.id}/edit', MANAGERS, 'page', p.title),
        Route('private edit page', f'/sessions/{q.id}/edit', MANAGERS, 'page', q.title),
        # F1: before completion only the mentor's own form names the session; attendees' is tried in test_aftermath.
        Route('feedback page', f'/sessions/{p.id}/feedback', frozenset({"the session's mentor"}), 'page', p.title),
        Route(
            'private feedback page', f'/sessions/{q.id}/feedback', frozenset({"the session's mentor"}), 'page', q.title
        ),
        Route('mentee list CSV', f'/sessions/{p.id}/mentees.csv', MANAGERS, 'csv', p.title),
        Route('private mentee list CSV', f'/sessions/{q.id}/mentees.csv', MANAGERS, 'csv', q.title),
        Route('image', f'/images/{p.image_id}', EVERYONE, 'image', p.title),
        Route('private image', f'/images/{q.image_id}?thumbnail=1', PRIVATE_CIRCLE, 'image', q.title),
        # R5: People, with its "Add person", for org admins only.
        Route('People page', '/people', frozenset({'org admin'}), 'page', 'Add person'),
        # R7: Option lists, with its "New item for …" fields, for org admins only.
        Route('Option lists page', '/option-lists', frozenset({'org admin'}), 'page', 'New item for Medium'),
        # R5: Add people from CSV, for org admins only.
        Route('People upload page', '/people/upload', frozenset({'org admin'}), 'page', 'Download sample CSV'),
        Route('dashboard session list CSV', '/dashboard/sessions.csv?period=quarter', DASHBOARD_ROLES, 'csv', q.title),
        Route(
            'dashboard CSV, custom dates',
            '/dashboard/sessions.csv?period=custom&first=2030-01-01&last=2030-12-31&type=private',
            DASHBOARD_ROLES,
            'csv',
            q.title,
        ),
    ]


OPEN_PAGES = [
    '/',
    '/explore',
    '/my-sessions',
    '/inbox',
    '/sessions/new',
    '/settings/calendar',
    '/settings/mail',
    '/profile',
    '/dashboard',
    '/bulk-upload',
    '/bulk-upload/sample.csv',
]


def _check(route: Route, role: str, response: httpx.Response) -> str | None:
    """None if the response is what this role should get, else what is wrong."""
    body = response.text
    if role in route.allowed:
        if response.status_code != 200:
            return f'{response.status_code} instead of 200'
        if route.kind == 'page' and route.secret not in body:
            return 'the page does not show the session'
        expected_type = {'page': 'text/html', 'csv': 'text/csv', 'image': 'image/jpeg'}[route.kind]
        return None if response.headers['content-type'].startswith(expected_type) else 'wrong content type'
    if route.secret in body:
        return 'the refusal names the session'
    if route.kind != 'page' and response.status_code not in (403, 404):
        return f'{response.status_code} instead of 403/404'
    return None


def test_r2_t3_m1_every_role_gets_exactly_the_routes_it_may_use_and_learns_nothing_from_the_others(
    seeded: SeededServer,
) -> None:
    problems = []
    for role in ROLES:
        with _client(seeded, role) as client:
            for route in _routes(seeded.cast):
                problem = _check(route, role, client.get(route.path))
                if problem:
                    problems.append(f'{role} → {route.name}: {problem}')
    assert problems == []


def test_m1_m2_t3_no_page_shows_a_private_session_mentee_addresses_or_the_meeting_link_to_outsiders(
    seeded: SeededServer,
) -> None:
    cast = seeded.cast
    paths = [*OPEN_PAGES, *(route.path for route in _routes(cast))]
    problems = []
    for role in ROLES:
        secrets = [] if role in PRIVATE_CIRCLE else [cast.private.title]
        secrets += [] if role in MANAGERS or role in ('mentee', 'org admin') else [cast['mentee'].email]  # R5
        secrets += [] if role in MANAGERS else [MEET.link]  # not Live: even its mentees do not have it yet
        with _client(seeded, role) as client:
            for path in paths:
                body = client.get(path).text
                problems += [f'{role} → {path}: shows {secret!r}' for secret in secrets if secret in body]
    assert problems == []


def test_r1_anonymous_requests_to_every_route_go_to_sign_in(seeded: SeededServer) -> None:
    paths = [*OPEN_PAGES, *(route.path for route in _routes(seeded.cast)), '/sessions/999999', '/images/' + 'a' * 32]
    paths += ['/sessions/abc', '/sessions/abc/edit']  # no number: the not-found answer (ui/not_found.py)
    with _client(seeded, None) as client:
        for path in paths:
            response = client.get(path)
            assert response.status_code == 303, path
            assert response.headers['location'].startswith('/login?redirect_to='), path
            assert seeded.cast.private.title not in response.text


def test_s1_healthz_answers_without_a_sign_in_and_shows_nothing_private(seeded: SeededServer) -> None:
    with _client(seeded, None) as client:
        response = client.get('/healthz')
    assert response.status_code == 200
    assert seeded.cast.private.title not in response.text
    assert seeded.cast['mentee'].email not in response.text


def test_r1_a_forged_or_tampered_login_cookie_counts_as_anonymous(seeded: SeededServer) -> None:
    valid = seeded.cookies['session manager']
    token, signature = valid.rsplit('.', 1)
    # One character of the token replaced by a different one (replacing the last by 'A' left the cookie
    # valid whenever the random token already ended in 'A': a failure once in 64 runs).
    tampered = ('B' if token[0] == 'A' else 'A') + token[1:]
    for forged in [f'{token}.{"0" * 32}', f'{tampered}.{signature}', token, f'x.{signature}', '']:
        with httpx.Client(base_url=seeded.url, cookies={COOKIE: forged}, follow_redirects=False) as client:
            response = client.get(f'/sessions/{seeded.cast.public.id}/mentees.csv')
        assert response.status_code == 303, forged


def test_t3_csv_cells_beginning_like_a_formula_are_neutralised_in_the_download(seeded: SeededServer) -> None:
    with _client(seeded, 'session manager') as client:
        response = client.get(f'/sessions/{seeded.cast.public.id}/mentees.csv')
    assert response.status_code == 200
    assert response.headers['content-disposition'].startswith('attachment; filename="mentee_list_')
    rows = list(csv.reader(io.StringIO(response.content.decode('utf-8-sig'), newline='')))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c.startswith(('=', '+', '-', '@', '\t', '\r'))] == []
    names = {row[1] for row in rows[1:]}
    assert {f"'{formula}" for formula in FORMULAS} <= names
    organizations = {row[3] for row in rows[1:]}
    assert {f"'{formula} Org {n}" for n, formula in enumerate(FORMULAS)} <= organizations


def test_r1_every_kind_of_response_carries_the_security_headers(seeded: SeededServer) -> None:
    cast = seeded.cast
    with _client(seeded, 'session manager') as client:
        responses = {
            'sign-in page': client.get('/login'),
            'page': client.get(f'/sessions/{cast.public.id}'),
            'csv': client.get(f'/sessions/{cast.public.id}/mentees.csv'),
            'image': client.get(f'/images/{cast.public.image_id}'),
            'missing image': client.get('/images/' + 'f' * 32),
            'unknown path': client.get('/no-such-page'),
        }
    with _client(seeded, None) as anonymous:
        responses['redirect to sign-in'] = anonymous.get('/')
        responses['bad ticket'] = anonymous.get('/auth/continue?ticket=nope')
        responses['stylesheet'] = anonymous.get('/static/tailwind.css')
        responses['icon script'] = anonymous.get('/static/quasar_icons.js')
    for name, response in responses.items():
        headers = response.headers
        for header, value in SECURITY_HEADERS.items():
            assert headers.get(header) == value, f'{name}: {header}'
        framing = headers.get('x-frame-options') == 'DENY' or "frame-ancestors 'none'" in headers.get(
            'content-security-policy', ''
        )
        assert framing, f'{name}: may be framed'


COVERED = {
    '/',
    '/login',
    '/auth/continue',
    '/auth/signed-out',
    '/explore',
    '/my-sessions',
    '/inbox',
    '/sessions/new',
    '/sessions/{session_id:int}',
    '/sessions/{session_id:int}/edit',
    '/sessions/{session_id:int}/mentees.csv',
    '/sessions/{session_id:int}/feedback',  # F1: the form only for the mentor and attendees, no title to others
    '/sessions/{name}',
    '/sessions/{name}/edit',
    '/sessions/{name}/feedback',
    '/images/{image_id}',
    '/static/tailwind.css',
    '/static/quasar_icons.js',
    '/settings/calendar',
    '/calendar/{token}.ics',
    '/dashboard',
    '/dashboard/sessions.csv',
    '/outbox',
    '/settings/mail',
    '/mail/unsubscribe',
    '/bulk-upload',
    '/bulk-upload/sample.csv',
    # A job's own page and results: its uploader's alone (tests/e2e/test_bulk_upload.py).
    '/bulk-upload/{job_id:int}',
    '/bulk-upload/{job_id:int}/results.csv',
    '/healthz',  # S1: outside the gate, tells nothing but up or down (below; tests/integration/test_health.py)
    '/login/forgot-password',
    '/login/set-password',
    '/people',
    '/people/upload',
    '/people/upload/sample.csv',  # for anyone signed in, as the sessions' sample
    '/people/upload/{job_id:int}',  # its uploader's alone (bulk_upload.bulk_job, tests/ui/test_people_upload.py)
    '/option-lists',
    '/profile',
}
LIST_ROUTES = """
import json, sys
from nicegui import app
from config import settings_from
from main import build
from ui.app import register
register(build(settings_from(['--database-url', sys.argv[1]])))
print(json.dumps(sorted({getattr(r, 'path', '') for r in app.routes})))
"""


def test_n3_a_calendar_feed_answers_a_live_token_only_and_lists_nothing_of_other_peoples_private_sessions(
    seeded: SeededServer,
) -> None:
    """Outside the sign-in gate, the feed's token is its credential; any other address under /calendar/ is 404."""
    outsider = seeded.cast['another mentee']
    token = calendars.new_feed_token(seeded.uows()(), outsider, datetime.now(UTC))
    with _client(seeded, None) as anonymous:
        live = anonymous.get(f'/calendar/{token}.ics')
        assert live.status_code == 200
        assert live.headers['content-type'] == 'text/calendar; charset=utf-8'
        assert seeded.cast.private.title not in live.text
        for header, value in SECURITY_HEADERS.items():
            assert live.headers.get(header) == value, header
        guesses = ['A' * 43, token[:-1], token + 'A', token.swapcase(), '%2e%2e%2fimages', '']
        for guess in guesses:
            refused = anonymous.get(f'/calendar/{guess}.ics')
            assert refused.status_code == 404, guess
            assert seeded.cast.private.title not in refused.text
        calendars.turn_off_feed(seeded.uows()(), outsider, datetime.now(UTC))
        assert anonymous.get(f'/calendar/{token}.ics').status_code == 404


def test_n5_the_outbox_is_for_org_admins_only_and_anonymous_visitors_go_to_sign_in(seeded: SeededServer) -> None:
    """Org admins see every message (N5), private titles and addresses included; nobody else sees any."""
    cast = seeded.cast
    with _client(seeded, None) as anonymous:
        assert anonymous.get('/outbox').status_code == 303
    for role in ROLES:
        with _client(seeded, role) as client:
            body = client.get('/outbox').text
        if role == 'org admin':
            assert 'Messages by status' in body
        else:
            assert 'Only org admins can see the outbox.' in body, role
            assert cast.private.title not in body and cast['mentee'].email not in body, role


def test_n4_unsubscribing_needs_no_sign_in_but_a_genuine_token_and_a_get_changes_nothing(seeded: SeededServer) -> None:
    mentee = seeded.cast['mentee']
    secret = 'security-tests-secret'
    genuine = unsubscribe_token(secret, mentee.id, MailKind.REMINDER)
    forged = unsubscribe_token('not the secret', mentee.id, MailKind.REMINDER)
    with _client(seeded, None) as anonymous:
        for token in (forged, genuine[:-2], '../../images', ''):
            refused = anonymous.post('/mail/unsubscribe', params={'token': token})
            assert refused.status_code == 400 and mentee.email not in refused.text, token
        asked = anonymous.get('/mail/unsubscribe', params={'token': genuine})
        assert asked.status_code in (200, 400)  # a GET only ever asks: it never turns anything off
    assert mail_choices.muted_kinds(seeded.uows()(), mentee) == frozenset()


def _served_to_anyone_and_kept(seeded: SeededServer, path: str, content_type: str) -> tuple[str, httpx.Response]:
    """An asset the sign-in page needs before anyone signs in, by an address that changes with its content (P1):
    the sign-in page's text and the asset's response."""
    with _client(seeded, None) as anonymous:
        sign_in = anonymous.get('/login').text
        response = anonymous.get(path)
    assert response.status_code == 200
    assert response.headers['content-type'].startswith(content_type)
    assert 'max-age=31536000' in response.headers['cache-control']
    return sign_in, response


def test_r1_the_stylesheet_is_served_to_anyone_and_kept_by_browsers(seeded: SeededServer) -> None:
    sign_in, response = _served_to_anyone_and_kept(seeded, '/static/tailwind.css', 'text/css')
    assert re.search(r'<link rel="stylesheet" href="/static/tailwind\.css\?v=[0-9a-f]{12}">', sign_in)
    assert '.max-w-5xl{' in response.text


def test_r1_p1_the_icon_script_is_served_to_anyone_and_runs_before_quasar_starts(seeded: SeededServer) -> None:
    """The sign-in page's password toggle is one of Quasar's and NiceGUI's own icons (ui/icon_shapes.py)."""
    sign_in, response = _served_to_anyone_and_kept(seeded, '/static/quasar_icons.js', 'text/javascript')
    tag = re.search(r'<script type="module" src="/static/quasar_icons\.js\?v=[0-9a-f]{12}"></script>', sign_in)
    assert tag is not None
    assert sign_in.index('quasar.umd') < tag.start() < sign_in.index('createApp(')
    assert 'Quasar.iconSet.iconMapFn' in response.text


def test_r1_the_tests_above_cover_every_route_the_app_registers(tmp_path: Path) -> None:
    """A new route must join the matrix above: NiceGUI's own (/_nicegui…) are its plumbing, behind the gate or
    needing the random id of a live page."""
    found = subprocess.run(
        [sys.executable, '-c', LIST_ROUTES, f'sqlite:///{tmp_path / "routes.db"}'],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith(('MENTOR_', 'NICEGUI_', 'PYTEST_'))}
        | {'MENTOR_STORAGE_SECRET': 'route-listing'},
        capture_output=True,
        text=True,
        check=True,
    )
    paths = set(json.loads(found.stdout.strip().splitlines()[-1]))
    assert {p for p in paths if not p.startswith('/_nicegui')} == COVERED


@pytest.mark.parametrize('path', [f'/sessions/{HUGE_ID}/mentees.csv', f'/sessions/{HUGE_ID}'])
def test_m1_a_session_id_beyond_the_integer_range_is_simply_not_found(seeded: SeededServer, path: str) -> None:
    with _client(seeded, 'session manager') as client:
        response = client.get(path)
    assert response.status_code in (200, 404)  # a page may say "not visible" (see below), never a crash
    assert response.status_code == 404 or 'does not exist or is not visible' in response.text


def test_m1_a_private_session_page_answers_404_to_an_outsider(seeded: SeededServer) -> None:
    with _client(seeded, 'another mentee') as client:
        assert client.get(f'/sessions/{seeded.cast.private.id}').status_code in (403, 404)


def test_d2_the_download_is_a_named_csv_and_a_bad_address_is_refused_with_a_clear_message(
    seeded: SeededServer,
) -> None:
    with _client(seeded, 'session manager') as client:
        good = client.get('/dashboard/sessions.csv?period=week')
        unknown = client.get('/dashboard/sessions.csv?period=decade')
        backwards = client.get('/dashboard/sessions.csv?period=custom&first=2030-02-01&last=2030-01-01')
    assert good.status_code == 200
    assert re.fullmatch(r'attachment; filename="sessions-\d{4}-\d{2}-\d{2}\.csv"', good.headers['content-disposition'])
    assert good.content.startswith(
        b'\xef\xbb\xbfNo.,Session Name,Type,Mentors,Date,Time,Duration (Min),Mentee Count,Status\r\n'
    )
    assert (unknown.status_code, unknown.text) == (
        400,
        'The download address is not valid. Open the dashboard and press Download again.',
    )
    assert backwards.status_code == 400 and 'must not be before' in backwards.text
