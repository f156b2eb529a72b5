"""R5: a CSV of people (`Name, E-mail, Organization, Designation, Roles`), read by the bulk upload's own reader
(domain/bulk_upload.py: encodings, `;` delimiters, formula cells kept as text), each row one request for the
People service's own "add". Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass

from domain.bulk_upload import CsvLayout, RowRefused, UploadedRow, csv_file
from domain.entities import Role
from domain.errors import DomainError

PEOPLE_COLUMNS = ('Name', 'E-mail', 'Organization', 'Designation', 'Roles')
PEOPLE_LAYOUT = CsvLayout(PEOPLE_COLUMNS, PEOPLE_COLUMNS, 'person')
ACTION = 'Add'  # the one thing a row of people asks for (the results' Action column)
ROLE_NAMES = ', '.join(role.value for role in Role)

# The People service's field names (DomainError.field) as the columns of the file.
FIELD_COLUMNS = {
    'name': 'Name',
    'email': 'E-mail',
    'organization': 'Organization',
    'designation': 'Designation',
    'roles': 'Roles',
}

_SAMPLE_ROWS = (
    ('Asha Rao', 'asha.rao@example.org', 'Northwind Learning Trust', 'Teacher', 'mentor;session manager'),
    ('Ben Okoro', 'ben.okoro@example.org', 'Northwind Learning Trust', 'Student', 'mentee'),
)


def people_sample_csv() -> bytes:
    """The "Download sample CSV" of the people upload: the header and two example rows."""
    return csv_file(PEOPLE_COLUMNS, _SAMPLE_ROWS)


@dataclass(frozen=True)
class PersonRequest:
    """What one row asks for: the organization by its name, the roles checked against the known ones."""

    row: int
    name: str
    email: str
    organization: str
    designation: str
    roles: tuple[str, ...]


def _roles(row: int, value: str) -> tuple[str, ...]:
    roles: list[str] = []
    for item in value.split(';'):
        folded = ' '.join(item.split()).lower()
        if not folded:
            continue
        role = next((r for r in Role if r.value == folded), None)
        if role is None:
            raise RowRefused(row, 'Roles', f'"{item.strip()}" is not a role: write {ROLE_NAMES}, separated by ";".')
        roles.append(role.value)
    return tuple(dict.fromkeys(roles))


def person_request(row: UploadedRow) -> PersonRequest:
    """R5: the row as a request for the People service's "add"; RowRefused when it cannot be one."""
    if len(row.cells) > len(PEOPLE_COLUMNS) and any(cell.strip() for cell in row.cells[len(PEOPLE_COLUMNS) :]):
        raise RowRefused(row.number, None, 'The row has more cells than the header has columns.')
    values = row.values
    organization = ' '.join(values.get('Organization', '').split())
    if not organization:
        raise RowRefused(row.number, 'Organization', 'Write the name of the organization.')
    return PersonRequest(
        row=row.number,
        name=values.get('Name', ''),
        email=values.get('E-mail', ''),
        organization=organization,
        designation=values.get('Designation', ''),
        roles=_roles(row.number, values.get('Roles', '')),
    )


def person_refusal(row: int, error: DomainError) -> RowRefused:
    """The People service's refusal (the form's message) placed at the row and the column it concerns."""
    if isinstance(error, RowRefused):
        return error
    return RowRefused(row, FIELD_COLUMNS.get(error.field or '', error.field), error.message)
