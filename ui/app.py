"""Registers every page and route on NiceGUI's app, given the composition root's context."""

from __future__ import annotations

from functools import partial

from fastapi import Request, Response
from nicegui import Client, app, helpers, ui

from domain.services import invitations
from ui import auth, icon_shapes, tailwind
from ui.back_link import back_link
from ui.body_limit import BodyLimit
from ui.bulk_upload_route import install_bulk_upload_routes
from ui.calendar_route import install_calendar_route
from ui.context import AppContext, app_context, install
from ui.csv_route import install_csv_route
from ui.dashboard_csv_route import install_dashboard_csv_route
from ui.health import install_health_route
from ui.image_route import install_image_route
from ui.jobs import install_jobs
from ui.mail_routes import install_mail_routes
from ui.not_found import install_not_found_route, unless_visible
from ui.pages.bulk_upload import PAGE_PATH as BULK_UPLOAD_PATH
from ui.pages.bulk_upload import PEOPLE_PAGE, bulk_upload_page
from ui.pages.calendar_settings import CALENDAR_SETTINGS_PATH, calendar_settings_page
from ui.pages.dashboard import DASHBOARD_PATH, dashboard_page
from ui.pages.explore import explore_page
from ui.pages.feedback_form import feedback_page
from ui.pages.home import home_page
from ui.pages.inbox import inbox_page
from ui.pages.login import login_page
from ui.pages.mail_settings import mail_settings_page
from ui.pages.my_sessions import my_sessions_page
from ui.pages.option_lists import PAGE_PATH as OPTION_LISTS_PATH
from ui.pages.option_lists import option_lists_page
from ui.pages.outbox import outbox_page
from ui.pages.password_pages import forgot_password_page, set_password_page
from ui.pages.people import people_page
from ui.pages.profile import profile_page
from ui.pages.session_details import session_details_page
from ui.pages.session_form import create_session_page, edit_session_page
from ui.security_headers import install_security_headers
from ui.socket_guard import install_socket_guard

# E1: on a phone every button is a 44×44 CSS px touch target; dark mode keeps AA contrast; the keyboard's
# focus is plain to see; users who ask for less motion get none.
TOUCH_AND_MOTION_CSS = """/* E1 touch targets and reduced motion */
@media (max-width: 599.98px) {
  .q-btn { min-height: 44px; min-width: 44px; }
}
.body--dark .text-gray-900, .body--dark .text-gray-800 { color: #f3f4f6 !important; }
.body--dark .text-gray-700, .body--dark .text-gray-600, .body--dark .text-gray-500 { color: #d1d5db !important; }
.body--dark :not(.q-chip).text-grey-9, .body--dark :not(.q-chip).text-grey-8 { color: #e5e7eb !important; }
.body--dark :not(.q-chip).text-grey-7 { color: #d1d5db !important; }
body.body--dark .text-primary { --q-primary: #93c5fd; }
body.body--dark .text-negative { --q-negative: #fca5a5; }
.body--dark .bg-slate-50 { background-color: #1e293b !important; }
.body--dark .text-amber-900 { color: #fcd34d !important; }
.body--dark .text-green-900 { color: #86efac !important; }
.body--dark .text-red-800 { color: #fca5a5 !important; }
/* E1 visible focus: a ring around whatever the keyboard reached. Quasar's own hint is a faint tint, and its
   .no-outline class (on every button and checkbox) removes the browser's ring with an !important that sits in
   NiceGUI's last layer, quasar_importants: an !important in the earlier layer "overrides" outranks it.
   Fields keep Quasar's focused border and label, except read-only ones (the choice boxes that open a window),
   which Quasar leaves unmarked. */
/* the page's own <header> (ui/components/app_header.js) runs edge to edge: no padding around it */
.nicegui-content:has(> header.app-header) { padding: 0; }
@layer overrides {
  body :focus-visible:not(input, textarea, .q-field__native) {
    outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important;
  }
  body.body--dark :focus-visible:not(input, textarea, .q-field__native) { outline-color: #93c5fd !important; }
  body header.app-header :focus-visible { outline-color: #ffffff !important; }
  body [class*="overflow-"] :focus-visible { outline-offset: -3px !important; }  /* not cut off by scrolling */
  .q-field--readonly:has(.q-field__native:focus-visible) .q-field__control { outline: 3px solid #1d4ed8; }
  .body--dark .q-field--readonly:has(.q-field__native:focus-visible) .q-field__control { outline-color: #93c5fd; }
}
/* issue 14: whatever people typed is shown bidi-isolated, so right-to-left text cannot reorder what stands beside it */
.nicegui-label, .nicegui-content a, .q-item__label, .q-chip__content { unicode-bidi: isolate; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {
    animation-duration: 0.01ms !important; animation-iteration-count: 1 !important;
    transition-duration: 0.01ms !important; scroll-behavior: auto !important;
  }
}
"""

PRIMARY_COLOR = '#1d4ed8'
# S1, P11: how long a page may take to build before NiceGUI gives up on it (its default is 3 s, after which it
# answers 500 and deletes the half-built page). A burst of page requests queues for the database: with 50
# Session Details pages requested at once on a busy machine, a third of them took longer than 3 s and failed.
# A browser waits far longer; the limit stays below the proxy's read timeout for pages (deploy/nginx: 60 s),
# so a page that cannot be built still gets this server's answer, not the proxy's.
PAGE_BUILD_SECONDS = 30.0
page = partial(ui.page, response_timeout=PAGE_BUILD_SECONDS)  # every page of the app is declared with it


def register(context: AppContext) -> None:
    install(context)
    auth.install_routes()
    app.add_middleware(BodyLimit)  # outside the sign-in gate: nothing is read past the limit, signed in or not
    install_security_headers(https_only=context.settings.secure_cookies)
    install_socket_guard(auth.page_may_act)
    tailwind.install()
    icon_shapes.install()
    # E1: Quasar's loading bar is a thin line drawn while a request is on its way, outside every landmark of the
    # page; it tells nothing a screen reader could use (no value, no name), so it is hidden from them.
    app.config.quasar_config['loadingBar']['aria-hidden'] = 'true'
    # E1: an AA-contrast blue on every page. Set for the whole app, so that no page carries a colors element of
    # its own (each NiceGUI element is server memory per open page, P6, and one more component to load, P1).
    app.colors(primary=PRIMARY_COLOR)
    if TOUCH_AND_MOTION_CSS.splitlines()[0] not in Client.shared_head_html:  # tests register again and again
        ui.add_css(TOUCH_AND_MOTION_CSS, shared=True)

    @page('/login')
    def login(request: Request, redirect_to: str = '/', expired: str = '') -> None:
        settings = app_context().settings
        client = auth.client_address(
            request.client and request.client.host, request.headers, trust_proxy=settings.trust_proxy
        )
        login_page(client, auth.sign_in_nonce(request), redirect_to, expired)

    @page(invitations.FORGOT_PASSWORD_PATH)
    def forgot_password(request: Request) -> None:
        settings = app_context().settings
        client = auth.client_address(
            request.client and request.client.host, request.headers, trust_proxy=settings.trust_proxy
        )
        forgot_password_page(client)

    @page(invitations.SET_PASSWORD_PATH)
    async def set_password(token: str = '') -> None:
        await set_password_page(token)

    @page('/')
    async def home(request: Request) -> None:
        await home_page(auth.viewer_of(request))

    @page('/sessions/{session_id:int}')
    async def session_details(request: Request, session_id: int) -> Response | None:
        viewer = auth.viewer_of(request)
        if (hidden := await unless_visible(viewer, session_id)) is not None:
            return hidden
        await session_details_page(viewer, session_id, back_link(request.headers.get('referer')))
        return None

    @page('/sessions/{session_id:int}/feedback')
    async def session_feedback(request: Request, session_id: int) -> Response | None:
        viewer = auth.viewer_of(request)
        if (hidden := await unless_visible(viewer, session_id)) is not None:
            return hidden
        await feedback_page(viewer, session_id)  # F1
        return None

    install_csv_route()

    @page('/sessions/new')
    async def new_session(request: Request) -> None:
        await create_session_page(auth.viewer_of(request))

    @page('/sessions/{session_id:int}/edit')
    async def edit_session(request: Request, session_id: int, tab: str = '', published: str = '') -> Response | None:
        viewer = auth.viewer_of(request)
        if (hidden := await unless_visible(viewer, session_id)) is not None:
            return hidden
        await edit_session_page(viewer, session_id, tab=tab, published=published == '1')
        return None

    install_image_route()
    install_health_route()

    @page('/explore')
    async def explore(request: Request) -> None:
        await explore_page(auth.viewer_of(request), request.query_params)

    @page('/my-sessions')
    async def my_sessions(request: Request) -> None:
        await my_sessions_page(auth.viewer_of(request))

    @page('/inbox')
    async def inbox(request: Request) -> None:
        await inbox_page(auth.viewer_of(request))

    @page('/profile')
    async def profile(request: Request) -> None:
        await profile_page(auth.viewer_of(request))

    @page('/people')
    async def people(request: Request) -> None:
        await people_page(auth.viewer_of(request))

    @page(OPTION_LISTS_PATH)
    async def option_lists(request: Request) -> None:
        await option_lists_page(auth.viewer_of(request))

    @page('/outbox')
    async def outbox(request: Request) -> None:
        await outbox_page(auth.viewer_of(request))

    @page('/settings/mail')
    async def mail_settings(request: Request) -> None:
        await mail_settings_page(auth.viewer_of(request))

    install_mail_routes()

    @page(CALENDAR_SETTINGS_PATH)
    async def calendar_settings(request: Request) -> None:
        await calendar_settings_page(auth.viewer_of(request))

    install_calendar_route()
    install_bulk_upload_routes()

    @page(BULK_UPLOAD_PATH)
    async def bulk_upload(request: Request) -> None:
        await bulk_upload_page(auth.viewer_of(request))

    @page(BULK_UPLOAD_PATH + '/{job_id:int}')
    async def bulk_upload_job(request: Request, job_id: int) -> None:
        await bulk_upload_page(auth.viewer_of(request), job_id)

    @page(PEOPLE_PAGE.path)
    async def people_upload(request: Request) -> None:
        await bulk_upload_page(auth.viewer_of(request), None, PEOPLE_PAGE)

    @page(PEOPLE_PAGE.path + '/{job_id:int}')
    async def people_upload_job(request: Request, job_id: int) -> None:
        await bulk_upload_page(auth.viewer_of(request), job_id, PEOPLE_PAGE)

    install_dashboard_csv_route()

    @page(DASHBOARD_PATH)
    async def dashboard(request: Request) -> None:
        await dashboard_page(auth.viewer_of(request))

    install_not_found_route()  # last: every /sessions/… page matches before it

    if not helpers.is_user_simulation():  # the `user` tests move the clock themselves; a timer would race them
        install_jobs()
