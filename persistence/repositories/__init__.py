"""SQL implementations of the repository ports of `domain.ports`. Repositories never commit."""

from persistence.repositories.bulk_jobs import SqlBulkJobRepository
from persistence.repositories.calendar_feeds import SqlCalendarFeedRepository
from persistence.repositories.dashboard import SqlDashboardRepository
from persistence.repositories.enrollments import RememberedSeatChecks, SqlEnrollmentRepository
from persistence.repositories.feedback import SqlFeedbackRepository
from persistence.repositories.form_drafts import SqlFormDraftRepository
from persistence.repositories.logins import SqlLoginRepository, SqlNotificationRepository
from persistence.repositories.mail import SqlMailRepository
from persistence.repositories.options import SqlOptionRepository
from persistence.repositories.password_tokens import SqlPasswordTokenRepository
from persistence.repositories.sessions import SqlSessionRepository
from persistence.repositories.stored_images import SqlImageRepository
from persistence.repositories.users import SqlUserRepository
from persistence.repositories.waitlist import SqlWaitlistRepository

__all__ = [
    'RememberedSeatChecks',
    'SqlBulkJobRepository',
    'SqlCalendarFeedRepository',
    'SqlDashboardRepository',
    'SqlEnrollmentRepository',
    'SqlFeedbackRepository',
    'SqlFormDraftRepository',
    'SqlImageRepository',
    'SqlLoginRepository',
    'SqlMailRepository',
    'SqlNotificationRepository',
    'SqlOptionRepository',
    'SqlPasswordTokenRepository',
    'SqlSessionRepository',
    'SqlUserRepository',
    'SqlWaitlistRepository',
]
