"""SQL implementations of the repository ports of `domain.ports`. Repositories never commit."""

from persistence.repositories.bulk_jobs import SqlBulkJobRepository
from persistence.repositories.calendar_feeds import SqlCalendarFeedRepository
from persistence.repositories.enrollments import SqlEnrollmentRepository
from persistence.repositories.logins import SqlLoginRepository, SqlNotificationRepository
from persistence.repositories.mail import SqlMailRepository
from persistence.repositories.options import SqlOptionRepository
from persistence.repositories.sessions import SqlSessionRepository
from persistence.repositories.stored_images import SqlImageRepository
from persistence.repositories.users import SqlUserRepository

__all__ = [
    'SqlBulkJobRepository',
    'SqlCalendarFeedRepository',
    'SqlEnrollmentRepository',
    'SqlImageRepository',
    'SqlLoginRepository',
    'SqlMailRepository',
    'SqlNotificationRepository',
    'SqlOptionRepository',
    'SqlSessionRepository',
    'SqlUserRepository',
]
