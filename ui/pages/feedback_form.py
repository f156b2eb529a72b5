"""F1: "How was <title>?" — an attendee's rating (an accessible radio group 1–5), "What went well?" and "What could
be better?", Submit or Skip; the mentor's short form (engagement 1–5 and notes). Reached from the inbox notice,
My sessions and the session page. A refusal is shown beside its field; nothing typed is lost (E2)."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from domain.errors import DomainError
from domain.feedback import COMMENT_MAX
from domain.services import aftermath
from domain.services.aftermath import FeedbackRequest
from ui.components.anchor import Anchor
from ui.context import Viewer, app_context
from ui.feedback import ShowsError, attempt, clear_errors, show_refusal
from ui.layout import frame

STARS = {1: '1 – poor', 2: '2', 3: '3', 4: '4', 5: '5 – excellent'}


class _RadioGroup:
    """A 1–5 radio group named for assistive technology, with its refusal shown below it."""

    def __init__(self, label: str, value: int | None, testid: str) -> None:
        ui.label(label).classes('font-semibold').props(f'id={testid}-label')
        self.radio = ui.radio(STARS, value=value).props(f'inline data-testid={testid}')
        self.radio.props(f'role=radiogroup aria-labelledby={testid}-label')
        self.message = ui.label().classes('text-red-800 text-sm').props('role=alert')
        self.radio.on_value_change(lambda: setattr(self, 'error', None))

    @property
    def error(self) -> str | None:
        return self.message.text or None

    @error.setter
    def error(self, text: str | None) -> None:
        self.message.set_text(text or '')


def _text_area(label: str, value: str, testid: str) -> ui.textarea:
    area = ui.textarea(label, value=value).classes('w-full').props(f'outlined counter maxlength={COMMENT_MAX}')
    area.props(f'data-testid={testid}')
    area.on_value_change(lambda: setattr(area, 'error', None))
    return area


async def feedback_page(viewer: Viewer, session_id: int) -> None:
    with frame('Feedback', viewer):
        Anchor('← Session', f'/sessions/{session_id}').classes('text-primary no-underline self-start')
        context = app_context()
        try:
            request = await attempt(aftermath.feedback_request, context.uow_factory(read_only=True), viewer.user,
                                    session_id, context.clock())  # fmt: skip
        except DomainError as error:
            ui.label(error.message).classes('text-lg break-words').props('role=alert')
            return
        _FeedbackForm(viewer, request)


class _FeedbackForm:
    controls: list[ui.radio | ui.textarea | ui.button]

    def __init__(self, viewer: Viewer, request: FeedbackRequest) -> None:
        self.viewer, self.session_id = viewer, request.session.id
        title = f'How was {request.session.title}?'
        ui.label(title).classes('text-2xl font-semibold break-words').props('role=heading aria-level=1')
        if request.closed_reason is not None:
            ui.label(request.closed_reason).classes('text-gray-700').props('data-testid=feedback-closed')
        with ui.card().classes('w-full gap-3 p-4').props('flat bordered'):
            if request.as_mentor:
                self._mentor_form(request)
            else:
                self._mentee_form(request)
        if request.closed_reason is not None:
            self.card_disabled()

    def card_disabled(self) -> None:
        for element in self.controls:
            element.disable()

    def _mentee_form(self, request: FeedbackRequest) -> None:
        answer = request.answer
        if answer is not None:
            said = 'You skipped this feedback.' if answer.skipped else 'Your answer is saved; you can change it.'
            ui.label(said).classes('text-gray-700').props('data-testid=feedback-state')
        self.rating = _RadioGroup('Your rating', None if answer is None else answer.rating, 'rating')
        self.went_well = _text_area(
            'What went well? (optional)', '' if answer is None else answer.went_well, 'went-well'
        )
        self.better = _text_area(
            'What could be better? (optional)', '' if answer is None else answer.could_be_better, 'could-be-better'
        )
        with ui.row().classes('w-full justify-end gap-2 flex-wrap'):
            skip = ui.button('Skip', on_click=self._skip).props('flat no-caps')
            submit = ui.button('Submit', on_click=self._submit).props('unelevated no-caps')
        self.controls = [self.rating.radio, self.went_well, self.better, skip, submit]

    def _mentor_form(self, request: FeedbackRequest) -> None:
        answer = request.mentor_answer
        ui.label('Your short form as the mentor').classes('text-gray-700')
        self.rating = _RadioGroup(
            'How engaged were the mentees?', None if answer is None else answer.engagement, 'rating'
        )
        self.went_well = _text_area('Notes (optional)', '' if answer is None else answer.notes, 'notes')
        with ui.row().classes('w-full justify-end gap-2 flex-wrap'):
            submit = ui.button('Submit', on_click=self._submit_mentor).props('unelevated no-caps')
        self.controls = [self.rating.radio, self.went_well, submit]

    async def _run(self, service: Callable[..., object], *args: object) -> None:
        context = app_context()
        fields: dict[str, ShowsError] = {
            'rating': self.rating,
            'engagement': self.rating,
            'went_well': self.went_well,
            'notes': self.went_well,
        }
        if hasattr(self, 'better'):
            fields['could_be_better'] = self.better
        clear_errors(fields)
        try:
            await attempt(service, context.uow_factory(), self.viewer.user, self.session_id, *args, now=context.clock())
        except DomainError as error:
            show_refusal(error, fields)
            return
        ui.notify('Thank you — your feedback is saved.', type='positive', position='top')
        ui.navigate.to(f'/sessions/{self.session_id}')

    async def _submit(self) -> None:
        await self._run(aftermath.submit_feedback, self.rating.radio.value, self.went_well.value, self.better.value)

    async def _skip(self) -> None:
        await self._run(aftermath.skip_feedback)

    async def _submit_mentor(self) -> None:
        await self._run(aftermath.submit_mentor_feedback, self.rating.radio.value, self.went_well.value)
