"""Every change to a survey, audited in the same transaction; answering, which is never audited.

Callers import this package, never a phase module: `design` (settings, sections, questions),
`running` (states, the public link), `answering` (respondents' submissions and drafts), `inviting`,
`moderation`, `evidence` (results attached to the assessment), `summaries` (the PDF summary).
"""

from opencaf.surveys.services.answering import (
    AlreadyAnsweredError,
    NotAcceptingAnswersError,
    save_draft,
    submit_response,
)
from opencaf.surveys.services.design import (
    add_section,
    create_survey,
    delete_question,
    delete_section,
    move_question,
    save_question,
    update_section,
    update_settings,
)
from opencaf.surveys.services.evidence import attach_results, current_assessment, publish_results
from opencaf.surveys.services.inviting import (
    Recipient,
    create_paper_codes,
    find_invitation,
    invite,
    invite_members,
    mail_waiting_invitations,
    send_reminders,
)
from opencaf.surveys.services.moderation import moderate_text
from opencaf.surveys.services.running import change_state, readiness_problems, renew_public_link
from opencaf.surveys.services.summaries import (
    can_retry,
    fail_stalled_summaries,
    generate_summary,
    request_summary,
    retry_summary,
)

__all__ = [
    "AlreadyAnsweredError",
    "NotAcceptingAnswersError",
    "Recipient",
    "add_section",
    "attach_results",
    "can_retry",
    "change_state",
    "create_paper_codes",
    "create_survey",
    "current_assessment",
    "delete_question",
    "delete_section",
    "fail_stalled_summaries",
    "find_invitation",
    "generate_summary",
    "invite",
    "invite_members",
    "mail_waiting_invitations",
    "moderate_text",
    "move_question",
    "publish_results",
    "readiness_problems",
    "renew_public_link",
    "request_summary",
    "retry_summary",
    "save_draft",
    "save_question",
    "send_reminders",
    "submit_response",
    "update_section",
    "update_settings",
]
