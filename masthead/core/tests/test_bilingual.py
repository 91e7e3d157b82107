"""One rule for every bilingual field: the requested language, else the other one if it is not empty."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from masthead.core.bilingual import in_language, reader_language


@pytest.mark.parametrize(
    ("ru", "en", "language", "shown"),
    [
        ("Политика", "Politics", "ru", "Политика"),
        ("Политика", "Politics", "en", "Politics"),
        ("Политика", "", "en", "Политика"),  # nothing in English: the Russian one
        ("", "Politics", "ru", "Politics"),  # nothing in Russian: the English one
        ("", "", "en", ""),
        ("Политика", "Politics", "en-gb", "Politics"),
        ("Политика", "Politics", "de", "Политика"),  # a language the site has not: the default edition's
    ],
)
def test_the_requested_language_else_the_other(ru, en, language, shown):
    assert in_language(SimpleNamespace(tagline_ru=ru, tagline_en=en), "tagline", language) == shown


def test_a_base_field_holds_the_russian_value_where_there_is_no_ru_field():
    author = SimpleNamespace(name="Анна Петрова", name_en="Anna Petrova", bio="", bio_en="Economist.")
    assert in_language(author, "name", "ru") == "Анна Петрова"
    assert in_language(author, "name", "en") == "Anna Petrova"
    assert in_language(author, "bio", "ru") == "Economist."


def test_without_a_language_the_active_one_is_used():
    obj = SimpleNamespace(policy_ru="Правила", policy_en="Rules")
    with translation.override("en"):
        assert in_language(obj, "policy") == "Rules" and reader_language() == "en"
    with translation.override("ru"):
        assert in_language(obj, "policy") == "Правила"


@pytest.mark.django_db
def test_models_answer_by_the_one_rule():
    from masthead.articles.models import Rubric
    from masthead.comments.models import Rule
    from masthead.core.models import SiteSettings

    settings = SiteSettings(tagline_ru="", tagline_en="News", about_ru="О нас", about_en="")
    assert (settings.tagline("ru"), settings.about("en")) == ("News", "О нас")
    assert Rubric(name="Экономика", name_en="").display_name("en") == "Экономика"
    rule = Rule(name_ru="Ссылки", name_en="", explanation_ru="Ссылки запрещены.", explanation_en="No links.")
    assert (rule.name("en"), rule.explanation("en"), rule.explanation("ru")) == ("Ссылки", "No links.", "Ссылки запрещены.")
