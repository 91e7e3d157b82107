"""The comments part of the demo newsroom: the policy text and a small discussion with a held comment."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from masthead.comments.models import AuditEntry, Comment, CommentPolicySettings, Decision
from masthead.readers.models import ReaderProfile
from masthead.comments.policy import check_text, decide
from masthead.comments.rules import current_word_matcher
from masthead.comments.services import own_hosts, text_hash

DISCUSSION = [
    ("demo-reader-1@example.org", "Ирина", "Хорошо, что второе чтение перенесли на осень: будет время обсудить поправки в районах.", None),
    ("demo-reader-2@example.org", "Олег", "Согласен, но без своего бюджета маслихаты мало что решат.", 0),
    ("demo-reader-2@example.org", "Олег", "Подробный разбор есть на example[.]com/majilis", None),
]


def load_demo(data: dict, loaded: list) -> None:
    site = Site.objects.get(is_default_site=True)
    CommentPolicySettings.objects.update_or_create(
        site=site, defaults={"policy_ru": data.get("comment_policy_ru", ""), "policy_en": data.get("comment_policy_en", "")}
    )
    article = next((page for row, page in loaded if page.language == "ru"), None)
    if article is None or Comment.objects.exists():
        return
    users = get_user_model().objects
    posted = []
    with transaction.atomic():
        for index, (email, name, text, reply_to) in enumerate(DISCUSSION):
            user = users.filter(email=email).first()
            if user is None:
                user = users.create_user(username=email.split("@")[0], email=email, password=None)
                ReaderProfile.objects.create(user=user, display_name=name)
            verdict = decide(check_text(text, words=current_word_matcher(), own_hosts=own_hosts()))
            comment = Comment.objects.create(
                article=article,
                author=user,
                parent=posted[reply_to] if reply_to is not None else None,
                text=text,
                text_hash=text_hash(text),
                status=Comment.Status.PUBLISHED if verdict.action == "publish" else Comment.Status.HELD,
                created_at=timezone.now() - dt.timedelta(hours=3 - index),
            )
            for finding in verdict.findings:
                Decision.objects.create(
                    comment=comment,
                    rule_code=finding.rule,
                    action="hold",
                    start=finding.start,
                    end=finding.end,
                    matched=finding.matched,
                    detail=finding.detail,
                    deciding=finding is verdict.deciding,
                )
            AuditEntry.objects.create(
                action=AuditEntry.Action.AUTO_PUBLISH if comment.status == "published" else AuditEntry.Action.AUTO_HOLD,
                comment=comment,
                subject=user,
                rule_code=verdict.deciding.rule if verdict.deciding else "",
            )
            posted.append(comment)
