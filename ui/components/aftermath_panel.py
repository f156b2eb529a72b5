"""A1, F1 on the Session Details page: the mentor's rating, attendance counts, "Give feedback" and, for the
session's managers, its rating summary and comments (always as text). It follows its session (`Follow`, L1):
every mark and answer reloads it on every open page, on every instance; and its mentor's new ratings, from any of
their sessions, reload the mentor's average wherever it is shown (F1)."""

from __future__ import annotations

from nicegui import ui

from domain.errors import DomainError
from domain.feedback import RATINGS, RatingSummary
from domain.services import aftermath
from domain.services.aftermath import AftermathView, FeedbackSummary
from ui.components import static_markup as markup
from ui.components.anchor import Anchor
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.live import Follow


def feedback_path(session_id: int) -> str:
    return f'/sessions/{session_id}/feedback'


def rating_text(rating: RatingSummary) -> str:
    """F1: '4.3 out of 5 from 7 ratings'; under 3 ratings no average, only how many there are."""
    if rating.average is None:
        return f'Shown from 3 ratings ({rating.count} so far)'
    return f'{rating.average:.1f} out of 5 from {rating.count} ratings'


def _fact(label: str, value: str, testid: str) -> str:
    """A caption and its figure on one line, as markup (static_markup: P11)."""
    shown = markup.text(label, classes='font-semibold') + markup.text(value, classes='break-words', data_testid=testid)
    return markup.tag('div', shown, classes='flex w-full items-baseline gap-2 flex-wrap')


def _summary(summary: FeedbackSummary) -> None:
    markup.block([_fact('Session rating:', rating_text(summary.ratings), 'session-rating')], 'w-full')
    with ui.element('ul').classes('w-full flex flex-col gap-1').props('aria-label="Ratings given"'):
        for stars, count in reversed(list(zip(RATINGS, summary.ratings.distribution, strict=True))):
            with ui.element('li').classes('text-gray-700').props(f'data-testid=rating-{stars}'):
                ui.label(f'{stars} star{"" if stars == 1 else "s"}: {count}')
    if summary.skipped:
        ui.label(f'{summary.skipped} skipped the feedback.').classes('text-gray-700')
    if summary.mentor_answer is not None:
        notes = f' — {summary.mentor_answer.notes}' if summary.mentor_answer.notes else ''
        view = f'engagement {summary.mentor_answer.engagement} of 5{notes}'
        markup.block([_fact("Mentor's view:", view, 'mentor-answer')], 'w-full')
    if summary.comments:
        ui.label('Comments').classes('text-lg font-semibold').props('role=heading aria-level=3')
    with ui.column().classes('w-full gap-2').props('data-testid=comments'):
        for comment in summary.comments:
            with ui.card().classes('w-full gap-1 p-3').props('flat bordered'):
                ui.label(f'{comment.author or "A mentee"} · {comment.rating} of 5').classes('font-semibold')
                for title, text in (('Went well', comment.went_well), ('Could be better', comment.could_be_better)):
                    if text:
                        ui.label(f'{title}: {text}').classes('break-words whitespace-pre-wrap')


class AftermathPanel:
    def __init__(self, viewer: Viewer, session_id: int) -> None:
        self.viewer, self.session_id = viewer, session_id
        self.box = ui.card().classes('w-full gap-3 p-4').props('flat bordered data-testid=aftermath')
        # P2: an enrollment storm costs this panel nothing — roster changes happen only before the session starts,
        # when nothing here depends on them (the attendance count shows from Live on).
        self.mentor_id: int | None = None  # whose average rating is shown (F1: their new ratings reload it)
        self.follow = Follow(
            self._read,
            self._show,
            session_id=session_id,
            unread=lambda change: change.roster is not None,
            ratings_of=lambda: self.mentor_id,
        )

    async def start(self) -> None:
        await self.follow.start(lambda error: error.message)

    async def _read(self) -> AftermathView | str:
        context = app_context()
        try:
            return await attempt(aftermath.aftermath_view, context.uow_factory(read_only=True), self.viewer.user,
                                 self.session_id, context.clock())  # fmt: skip
        except DomainError as error:
            return error.message

    def _show(self, view: AftermathView | str) -> None:
        self.box.clear()
        self.box.set_visibility(isinstance(view, AftermathView))
        if not isinstance(view, AftermathView):  # refused, or nothing read while the app stops
            return
        self.mentor_id = view.mentor_id
        with self.box:
            heading = markup.text('After the session', classes='text-lg font-semibold', role='heading', aria_level='2')
            facts = [heading, _fact("Mentor's rating:", rating_text(view.mentor_rating), 'mentor-rating')]
            if view.attendance is not None:
                attended = f'{view.attendance[0]} / {view.attendance[1]} enrolled'
                facts.append(_fact('Attended:', attended, 'attendance-count'))
            markup.block(facts, 'w-full flex flex-col gap-3')
            if view.may_answer:
                text = 'Change your feedback' if view.answered else 'Give feedback'
                Anchor(text, feedback_path(self.session_id)).classes('text-primary').props('data-testid=give-feedback')
            if view.summary is not None:
                _summary(view.summary)
