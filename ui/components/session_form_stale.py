"""U1, E2 (issue 22 item 2): a save opened on an older version of the session is refused; this names what
changed meanwhile and reloads the saved version into the form, keeping every field the mentor changed."""

from __future__ import annotations

from domain.entities import MentoringSession

# The form's own names for the details a save can change.
LABELS = {
    'title': 'Session title',
    'description': 'Description',
    'start_at': 'Start date',
    'end_at': 'End date',
    'recommended_for': 'Recommended for',
    'categories': 'Categories',
    'medium': 'Medium',
    'image_id': 'Session image',
    'mentor_id': 'Mentor',
    'seat_limit': 'Seat limit',
}
RELOAD = 'Reload the saved version'


def changed_meanwhile(opened: MentoringSession, saved: MentoringSession) -> str:
    """'Changed meanwhile: Session title, Start date.' — what someone else's save changed."""
    changed = [label for name, label in LABELS.items() if getattr(opened, name) != getattr(saved, name)]
    return f'Changed meanwhile: {", ".join(changed)}.' if changed else ''
