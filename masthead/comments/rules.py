"""The rules and word lists from the database, as the engine wants them.

Both are read per submission with one small query each; the compiled word
list is kept per process and rebuilt only when the list changed (its count
and latest edit time are the version).
"""

import threading

from django.db.models import Count, Max

from masthead.comments.policy import DEFAULT_ACTIONS, RuleCode, WordMatcher, compile_word_lists

# Name and explanation of every rule as first installed (editable in the admin).
DEFAULT_RULES = {
    RuleCode.LINKS: (
        ("Third-party links", "Ссылки на сторонние ресурсы"),
        ("Links to third-party resources are not allowed.", "Ссылки на сторонние ресурсы запрещены."),
    ),
    RuleCode.BANNED_WORDS: (
        ("Insults and extremist statements", "Оскорбления и экстремистские высказывания"),
        (
            "Insults, obscenities and extremist statements are not allowed.",
            "Оскорбления, нецензурная брань и экстремистские высказывания запрещены.",
        ),
    ),
    RuleCode.RATE_LIMIT: (
        ("Posting too fast", "Слишком частые комментарии"),
        ("You are commenting too fast. Please wait a little.", "Вы комментируете слишком часто. Подождите немного."),
    ),
    RuleCode.DUPLICATE: (
        ("The same text twice", "Повтор"),
        ("You have already posted this comment.", "Вы уже отправляли этот комментарий."),
    ),
    RuleCode.NEW_ACCOUNT: (
        ("A new account's first comments", "Первые комментарии нового аккаунта"),
        (
            "The first comments of a new account are read by a moderator before they appear.",
            "Первые комментарии нового аккаунта появятся после проверки модератором.",
        ),
    ),
    RuleCode.NO_USER_AGENT: (
        ("No browser identification (User-Agent or Referer missing)", "Браузер не опознан (нет User-Agent или Referer)"),
        ("Your comment will appear after a moderator reads it.", "Комментарий появится после проверки модератором."),
    ),
    RuleCode.GUEST: (
        ("Guest comments", "Комментарии гостей"),
        (
            "Guest comments appear after a moderator reads them.",
            "Комментарии гостей появляются после проверки модератором.",
        ),
    ),
    RuleCode.EMPTY: (
        ("Empty comment", "Пустой комментарий"),
        ("The comment is empty.", "Комментарий пуст."),
    ),
    RuleCode.TOO_LONG: (
        ("Over-long comment", "Слишком длинный комментарий"),
        ("Long comments are read by a moderator before they appear.", "Длинные комментарии появляются после проверки модератором."),
    ),
    RuleCode.ALL_CAPS: (
        ("All capitals", "Только заглавные буквы"),
        ("Comments in capitals are read by a moderator first.", "Комментарии заглавными буквами сначала читает модератор."),
    ),
    RuleCode.HANDLES: (
        ("Messenger handles", "Ссылки на аккаунты в мессенджерах"),
        (
            "Comments naming accounts or channels in messengers are read by a moderator before they appear.",
            "Комментарии с упоминанием аккаунтов и каналов в мессенджерах появляются после проверки модератором.",
        ),
    ),
}

_lock = threading.Lock()
_compiled: dict[str, object] = {"version": None, "matcher": None}


def ensure_default_rules() -> None:
    """Create the rules a fresh database lacks (used by the data migration and tests)."""
    from masthead.comments.models import Rule

    existing = set(Rule.objects.values_list("code", flat=True))
    Rule.objects.bulk_create(
        [
            Rule(
                code=code,
                name_en=names[0],
                name_ru=names[1],
                explanation_en=explanations[0],
                explanation_ru=explanations[1],
                action=DEFAULT_ACTIONS[code],
            )
            for code, (names, explanations) in DEFAULT_RULES.items()
            if code not in existing
        ]
    )


def current_rules() -> dict:
    """Rule rows by code; checks without a row act by their default."""
    from masthead.comments.models import Rule

    return {rule.code: rule for rule in Rule.objects.all()}


def actions_of(rules: dict) -> dict[str, str]:
    return {**DEFAULT_ACTIONS, **{code: rule.action for code, rule in rules.items()}}


def current_word_matcher() -> WordMatcher:
    """The compiled banned-word lists, rebuilt when an entry was added, edited or deleted."""
    from masthead.comments.models import BannedWord

    state = BannedWord.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    version = (state["n"], state["latest"])
    if _compiled["version"] != version:
        with _lock:
            if _compiled["version"] != version:
                entries = BannedWord.objects.values_list("language", "entry")
                _compiled["matcher"] = compile_word_lists(entries)
                _compiled["version"] = version
    return _compiled["matcher"]
