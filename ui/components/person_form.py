"""R5: the "Add person" / "Edit person" window of the People page: name, e-mail, organization, designation, roles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from nicegui import ui

from domain.entities import Organization, Role, User
from domain.errors import DomainError
from domain.services.people import PersonForm
from ui.components.session_form_parts import Window
from ui.feedback import Fields, clear_errors, show_refusal

ROLE_LABELS = {
    Role.MENTEE: 'Mentee',
    Role.MENTOR: 'Mentor',
    Role.SESSION_MANAGER: 'Session manager (a mentor who creates sessions for others)',
    Role.ORG_ADMIN: 'Org admin',
}
Save = Callable[[PersonForm], Awaitable[None]]


class _Roles:
    """Four checkboxes; a refusal about roles shows under them."""

    def __init__(self, chosen: frozenset[Role]) -> None:
        ui.label('Roles').classes('font-medium')
        self.boxes = {role: ui.checkbox(label, value=role in chosen) for role, label in ROLE_LABELS.items()}
        self._error = ui.label('').classes('text-sm text-negative').props('role=alert')

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(role.value for role, box in self.boxes.items() if box.value)

    @property
    def error(self) -> str | None:
        return self._error.text or None

    @error.setter
    def error(self, message: str | None) -> None:
        self._error.text = message or ''


def open_person_form(
    window: Window,
    title: str,
    organizations: Sequence[Organization],
    designations: Sequence[str],
    person: User | None,
    save: Save,
) -> None:
    """Fill `window` with the form; `save` runs the service and raises its refusal, shown beside the field."""
    with window.opened(title, 'person-form'):
        name = ui.input('Name', value=person.name if person else '').props('outlined').classes('w-full')
        email = ui.input('E-mail', value=person.email if person else '').props('outlined type=email')
        email.classes('w-full')
        org_options = {org.id: org.name for org in organizations}
        first_org = person.organization_id if person else next(iter(org_options), None)
        organization = ui.select(org_options, label='Organization', value=first_org).props('outlined')
        organization.classes('w-full')
        designation = ui.select(
            sorted({*designations, person.designation} - {''} if person else set(designations)),
            label='Designation',
            value=person.designation if person and person.designation else None,
            with_input=True,
            new_value_mode='add-unique',
        ).props('outlined hint="Pick one, or type a new designation and press Enter"')
        designation.classes('w-full')
        roles = _Roles(person.roles if person else frozenset({Role.MENTEE}))
        fields = {'name': name, 'email': email, 'organization': organization, 'designation': designation}
        fields_and_roles: Fields = {**fields, 'roles': roles}

        async def submit() -> None:
            clear_errors(fields_and_roles)
            typed = PersonForm(
                name=name.value or '',
                email=email.value or '',
                organization_id=organization.value if isinstance(organization.value, int) else 0,
                designation=designation.value if isinstance(designation.value, str) else '',
                roles=roles.value,
            )
            try:
                await save(typed)
            except DomainError as error:
                show_refusal(error, fields_and_roles)
                return
            window.close()

        with ui.row().classes('w-full justify-end'):
            ui.button('Save', on_click=submit).props('unelevated no-caps')
