"""Who may do what with typo reports: Django permissions, checked through Wagtail's policies."""

from wagtail.permission_policies import ModelPermissionPolicy

from masthead.typos.models import Correction, ResponsibleEditor, TypoReport

report_permission_policy = ModelPermissionPolicy(TypoReport)
correction_permission_policy = ModelPermissionPolicy(Correction)
duty_permission_policy = ModelPermissionPolicy(ResponsibleEditor)


def can_review_reports(user) -> bool:
    """See the queue, mark reports fixed or not an error (typos.review_typoreport)."""
    return report_permission_policy.user_has_permission(user, "review")


def can_publish_corrections(user) -> bool:
    """Publish a correction note from a report (also typos.add_correction)."""
    return can_review_reports(user) and correction_permission_policy.user_has_permission(user, "add")
