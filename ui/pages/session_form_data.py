"""What the session form starts with: empty for a new session, the stored session when editing (C1, U1)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Concatenate, ParamSpec, TypeVar

from domain.entities import MeetingInfo, MentoringSession, OptionKind, Organization, Page, User
from domain.ports import UnitOfWork, UserQuery
from domain.services import directory, options, queries
from ui.context import Viewer, app_context
from ui.feedback import attempt

P = ParamSpec('P')
R = TypeVar('R')


@dataclass(frozen=True)
class FormStart:
    session: MentoringSession | None
    mentor: User | None
    mentees: tuple[User, ...]
    options: dict[OptionKind, tuple[str, ...]]
    organizations: tuple[Organization, ...]
    designations: tuple[str, ...]
    details_editable: bool = True
    meeting_editable: bool = False
    meeting: MeetingInfo = field(default_factory=MeetingInfo)


async def _read(
    viewer: Viewer, service: Callable[Concatenate[UnitOfWork, User, P], R], *args: P.args, **kwargs: P.kwargs
) -> R:
    return await attempt(service, app_context().uow_factory(read_only=True), viewer.user, *args, **kwargs)


async def find_users(viewer: Viewer, query: UserQuery) -> Page[User]:
    return await _read(viewer, directory.find_users, query)


async def offered_options(viewer: Viewer) -> dict[OptionKind, tuple[str, ...]]:
    """R7: the items of the three lists the pickers offer, as they are now."""
    return {kind: tuple(o.label for o in await _read(viewer, options.list_options, kind)) for kind in OptionKind}


async def _choices(
    viewer: Viewer,
) -> tuple[dict[OptionKind, tuple[str, ...]], tuple[Organization, ...], tuple[str, ...]]:
    lists = await offered_options(viewer)
    if not viewer.user.is_session_manager:
        return lists, (), ()
    organizations = tuple(await _read(viewer, directory.list_organizations))
    designations = tuple(await _read(viewer, directory.list_designations))
    return lists, organizations, designations


async def new_form(viewer: Viewer) -> FormStart:
    lists, organizations, designations = await _choices(viewer)
    return FormStart(None, None, (), lists, organizations, designations)


async def stored_form(viewer: Viewer, session_id: int) -> FormStart:
    """Raises NotFound, or PermissionDenied unless the viewer manages the session."""
    mentees = await _read(viewer, queries.mentee_list, session_id)  # refuses anyone who does not manage it
    view = await _read(viewer, queries.session_details, session_id, app_context().clock())
    lists, organizations, designations = await _choices(viewer)
    return FormStart(
        session=view.summary.session,
        mentor=view.mentor,
        mentees=tuple(entry.mentee for entry in mentees),
        options=lists,
        organizations=organizations,
        designations=designations,
        details_editable=view.may_edit_details,
        meeting_editable=view.may_edit_meeting,
        meeting=view.meeting or MeetingInfo(),
    )
