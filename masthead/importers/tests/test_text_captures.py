"""The plain-text heuristics (sources/text.py) on captures written for these tests."""

import datetime as dt

import pytest

from masthead.articles.models import ArticlePage
from masthead.importers.sources import ParsedArticle, RecordError, iter_records
from masthead.importers.sources.text import furniture_kind, parse_capture, parse_date_line

UTC = dt.UTC


def parse_fixture(fixtures, name):
    [record] = list(iter_records([fixtures / "captures" / name]))
    return record


def texts(record):
    return [value.removeprefix("<p>").removesuffix("</p>") for kind, value in record.body if kind == "paragraph"]


EXPECTED = {
    "01-ru-classic.txt": dict(
        title="Парламент принял бюджет на 2022 год", authors=["Анна Иванова"],
        published_at=dt.datetime(2022, 3, 2, 20, 57, tzinfo=UTC), dateline="Москва", views=1204,
        rubrics=["Политика"], story=False, tags=["бюджет", "Госдума"], language="ru", paragraphs=3,
    ),
    "02-en-classic.txt": dict(
        title="Duma passes the 2022 budget", authors=["John Smith", "Jane Doe"],
        published_at=dt.datetime(2022, 3, 2, 20, 57, tzinfo=UTC), dateline="Moscow", views=975,
        rubrics=["Politics"], story=True, tags=[], language="en", paragraphs=2,
    ),
    "03-ru-calendar-top.txt": dict(
        title="Губернатор Приморья ушёл в отставку", authors=["Пётр Петров"],
        published_at=dt.datetime(2022, 3, 15, 7, 5, tzinfo=UTC), dateline="Владивосток", views=None,
        rubrics=["Регионы"], story=True, tags=["Приморье", "губернаторы"], language="ru", paragraphs=2,
    ),
    "04-en-calendar-bottom.txt": dict(
        title="Central bank raises the key rate to 20%", authors=["Maria Ivanova"],
        published_at=dt.datetime(2022, 2, 28, 7, 0, tzinfo=UTC), dateline="Moscow", views=12345,
        rubrics=["Economy"], story=False, tags=[], language="en", paragraphs=2,
    ),
    "05-ru-archive-url.txt": dict(
        title="Евросоюз одобрил новый пакет санкций", authors=["Ольга Смирнова"],
        published_at=dt.datetime(2022, 3, 3, 11, 30, tzinfo=UTC), dateline="Брюссель", views=975,
        rubrics=["Мир"], story=False, tags=[], language="ru", paragraphs=2,
    ),
    "06-en-wrapped.txt": dict(
        title="Governor of Primorye resigns", authors=["Peter Petrov"],
        published_at=dt.datetime(2022, 3, 15, 7, 5, tzinfo=UTC), dateline="", views=None,
        rubrics=["Regions"], story=False, tags=["Primorye", "governors"], language="en", paragraphs=2,
    ),
    "07-ru-no-byline.txt": dict(
        title="Суд арестовал бывшего министра", authors=[],
        published_at=dt.datetime(2022, 4, 1, 6, 15, tzinfo=UTC), dateline="Санкт-Петербург", views=2048,
        rubrics=["Общество"], story=False, tags=["суд", "арест"], language="ru", paragraphs=2,
    ),
    "08-en-crlf-offset.txt": dict(
        title="Kazakhstan holds snap presidential election", authors=["Aigerim Sultanova", "John Smith"],
        published_at=dt.datetime(2022, 11, 20, 2, 0, tzinfo=UTC), dateline="Astana", views=3210,
        rubrics=["Central Asia"], story=False, tags=["Kazakhstan", "elections"], language="en", paragraphs=2,
    ),
    # The layouts of real captures: a byline closed by a full stop and non-breaking spaces,
    # the zone note on the next line indented with non-breaking spaces, the view count with a
    # non-breaking or thin space, a line of only a non-breaking space, up to eight rubrics.
    "10-en-real-split-zone.txt": dict(
        title="Kazakhstan: the unrest that nobody predicted", authors=["Ainur Kurmanov"],
        published_at=dt.datetime(2022, 3, 2, 20, 57, tzinfo=UTC), dateline="Moscow", views=975,
        rubrics=["Politics", "World", "Analysis", "Opinion", "Central Asia", "Kazakhstan", "Protests"], story=True,
        tags=[], language="en", paragraphs=3,
    ),
    "11-ru-real-split-zone.txt": dict(
        title="Токаев подписал указ о досрочных выборах", authors=["Марина Ковалёва"],
        published_at=dt.datetime(2023, 11, 15, 6, 5, tzinfo=UTC), dateline="Алматы", views=1204,
        rubrics=["Политика", "Казахстан", "Выборы", "Общество", "Регионы", "Мир"], story=True,
        tags=[], language="ru", paragraphs=2,
    ),
    # The rubric line above the headline, no byline, the date in words.
    "12-ru-rubrics-first-words-date.txt": dict(
        title="Центробанк сохранил ключевую ставку", authors=[],
        published_at=dt.datetime(2023, 11, 15, 6, 5, tzinfo=UTC), dateline="Москва", views=2048,
        rubrics=["Экономика"], story=True, tags=[], language="ru", paragraphs=2,
    ),
    "13-en-rubrics-first-words-date.txt": dict(
        title="Central bank holds the key rate", authors=[],
        published_at=dt.datetime(2023, 11, 15, 6, 5, tzinfo=UTC), dateline="Moscow", views=3001,
        rubrics=["Economy"], story=True, tags=[], language="en", paragraphs=2,
    ),
    # No byline; the split zone note right under the headline's date.
    "14-ru-no-byline-real.txt": dict(
        title="В Алматы открылся новый мост через реку", authors=[],
        published_at=dt.datetime(2022, 2, 28, 7, 0, tzinfo=UTC), dateline="Алматы", views=310,
        rubrics=["Общество"], story=True, tags=[], language="ru", paragraphs=2,
    ),
    "15-en-no-byline-real.txt": dict(
        title="New bridge opens over the river in Almaty", authors=[],
        published_at=dt.datetime(2022, 2, 28, 7, 0, tzinfo=UTC), dateline="Almaty", views=1310,
        rubrics=["Society"], story=True, tags=[], language="en", paragraphs=2,
    ),
}

REAL_LAYOUTS = [name for name in EXPECTED if name[:2] in {"10", "11", "12", "13", "14", "15"}]


@pytest.mark.django_db
@pytest.mark.parametrize("bulk", [False, True], ids=["item-by-item", "bulk"])
def test_real_layouts_import_and_a_second_run_is_unchanged(import_file, fixtures, bulk):
    paths = [fixtures / "captures" / name for name in REAL_LAYOUTS]
    outcomes, errors = import_file(*paths, bulk=bulk)
    assert errors == [] and [o.status for o in outcomes] == ["created"] * len(REAL_LAYOUTS), [o.error for o in outcomes]
    again, _ = import_file(*paths, bulk=bulk)
    assert [o.status for o in again] == ["unchanged"] * len(REAL_LAYOUTS)
    article = ArticlePage.objects.get(title="Kazakhstan: the unrest that nobody predicted")
    assert [block.block_type for block in article.body] == ["paragraph", "embed"]
    assert article.body[1].value.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_capture_gives_its_article(fixtures, name):
    expected = EXPECTED[name]
    record = parse_fixture(fixtures, name)
    assert isinstance(record, ParsedArticle), record
    assert record.title == expected["title"]
    assert [a.name for a in record.authors] == expected["authors"]
    assert record.published_at == expected["published_at"]
    assert record.dateline == expected["dateline"]
    assert record.views == expected["views"]
    assert record.rubrics == expected["rubrics"]
    assert record.story_of_the_day is expected["story"]
    assert record.tags == expected["tags"]
    assert record.language == expected["language"]
    assert len(record.body) == expected["paragraphs"], texts(record)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_furniture_reaches_the_body(fixtures, name):
    body = " ".join(texts(parse_fixture(fixtures, name))).lower()
    for furniture in (
        "telegram", "дзен", "youtube", "ctrl", "комментари", "comment", "рассылк", "newsletter", "спасибо",
        "thank you", "теги", "tags", "пн вт", "mo tu", "1 2 3 4", "...", "…", "\u00a0", "share", "e-mail",
    ):
        assert furniture not in body, (name, furniture)


def test_the_abridged_lead_repeat_is_dropped_but_the_lead_kept(fixtures):
    record = parse_fixture(fixtures, "05-ru-archive-url.txt")
    assert texts(record)[0] == "Страны Евросоюза договорились о новом пакете санкций против российских банков и компаний."


def test_a_web_archive_url_gives_the_original_url_as_key(fixtures):
    record = parse_fixture(fixtures, "05-ru-archive-url.txt")
    assert record.old_url == "https://old.example.ru/2022/03/03/sanktsii/"
    assert record.source_key == "url:https://old.example.ru/2022/03/03/sanktsii/"


def test_hard_wrapped_lines_are_joined_into_paragraphs(fixtures):
    record = parse_fixture(fixtures, "06-en-wrapped.txt")
    assert texts(record)[0] == "The governor of Primorsky Krai announced his resignation at a meeting of the regional government on Tuesday morning."


def test_non_breaking_spaces_become_spaces(fixtures):
    record = parse_fixture(fixtures, "03-ru-calendar-top.txt")
    assert texts(record)[0].startswith("Губернатор Приморского края объявил")


def test_an_impossible_date_is_an_error_that_says_where(fixtures):
    record = parse_fixture(fixtures, "09-ru-bad-date.txt")
    assert isinstance(record, RecordError)
    assert record.where == "line 2" and "31.02.2022" in record.message


@pytest.mark.parametrize(
    "line, moment, city",
    [
        ("02.03.2022 23:57 (Moscow time), Moscow", dt.datetime(2022, 3, 2, 20, 57, tzinfo=UTC), "Moscow"),
        ("02.03.2022 23:57 (мск), Москва", dt.datetime(2022, 3, 2, 20, 57, tzinfo=UTC), "Москва"),
        ("02.03.2022 23:57 MSK", dt.datetime(2022, 3, 2, 20, 57, tzinfo=UTC), ""),
        ("02.03.2022 23:57 (UTC+3), Казань", dt.datetime(2022, 3, 2, 20, 57, tzinfo=UTC), "Казань"),
        ("02.03.2022 23:57 UTC", dt.datetime(2022, 3, 2, 23, 57, tzinfo=UTC), ""),
        ("02.03.2022 23:57 (UTC-05:00), New York", dt.datetime(2022, 3, 3, 4, 57, tzinfo=UTC), "New York"),
        ("2 марта 2022, 23:57 (мск)", dt.datetime(2022, 3, 2, 20, 57, tzinfo=UTC), ""),
        ("March 2, 2022 11:57 (GMT+3)", dt.datetime(2022, 3, 2, 8, 57, tzinfo=UTC), ""),
        ("2022-03-02 23:57", dt.datetime(2022, 3, 2, 20, 57, tzinfo=UTC), ""),  # no note: the site's zone
        ("02.03.2022", dt.datetime(2022, 3, 1, 21, 0, tzinfo=UTC), ""),
    ],
)
def test_times_keep_their_offset(line, moment, city):
    assert parse_date_line(line) == (moment, city)


@pytest.mark.parametrize("line", ["31.02.2022 10:00", "02.03.2022 25:61", "02.03.2022 10:00 (UTC+99)"])
def test_impossible_times_raise(line):
    with pytest.raises(ValueError):
        parse_date_line(line)


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Подписывайтесь на нас в Telegram, Дзен, VK", "subscribe"),
        ("Follow us on Telegram", "subscribe"),
        ("Если вы нашли ошибку, выделите фрагмент текста и нажмите Ctrl + Enter", "typo prompt"),
        ("Правила комментирования", "comment rules"),
        ("Подпишитесь на рассылку", "newsletter"),
        ("Спасибо! Теперь редакция в курсе.", "thank you"),
        ("Thank you! The editors have been notified.", "thank you"),
        ("Депутаты приняли бюджет во втором чтении.", ""),
        ("Министр рассказал о рассылке повесток в Telegram-канале ведомства.", ""),
    ],
)
def test_furniture_kinds(line, kind):
    assert furniture_kind(line) == kind


def test_a_sentence_mentioning_a_date_is_not_the_date_line():
    record = parse_capture(
        "Выборы назначены\n02.03.2022 12:00 (мск)\n\nВыборы пройдут 12.03.2022, решил парламент.\n", "t"
    )
    assert record.published_at == dt.datetime(2022, 3, 2, 9, 0, tzinfo=UTC)
    assert texts(record) == ["Выборы пройдут 12.03.2022, решил парламент."]


@pytest.mark.django_db
def test_captures_import_with_view_counts_and_story_flag(import_file, fixtures):
    from masthead.importers.models import ImportRecord

    outcomes, errors = import_file(fixtures / "captures")
    assert [o.status for o in outcomes] == ["created"] * 14
    assert len(errors) == 1  # the impossible date
    article = ArticlePage.objects.get(title="Duma passes the 2022 budget")
    assert article.story_of_the_day == dt.date(2022, 3, 2)
    assert article.lead.startswith("The State Duma passed the budget in its second reading")
    assert article.dateline == "Moscow" and article.language == "en"
    assert ImportRecord.objects.get(article=article).views == 975
    again, _ = import_file(fixtures / "captures")
    assert [o.status for o in again] == ["unchanged"] * 14
