"""A fixed corpus for search tests: each article a key, its text chosen so queries have one right answer."""

import datetime as dt

from django.utils import timezone

from masthead.testing import make_article, make_author, make_rubric

# key: (language, days ago, headline, lead, [paragraphs])
ARTICLES = {
    "ekb": ("ru", 3, "Выборы в Екатеринбурге", "Горожане выбирают депутатов городской думы.", ["На участках явка превысила ожидания."]),
    "nalog": ("ru", 5, "Госдума приняла поправки в Налоговый кодекс", "Изменения вступят в силу в январе.", ["Депутаты обсуждали ставки НДС."]),
    "tokaev": ("ru", 4, "Токаев подписал указ о реформе", "Президент Казахстана подписал документ.", ["Указ касается госслужбы."]),
    "tokaev_meet": ("ru", 6, "Встреча с Токаевым в Астане", "Министры встретились с президентом.", ["Переговоры прошли в столице."]),
    "steel": ("ru", 8, "Цены на сталь выросли", "Металлурги сообщили о росте экспорта проката.", ["Производство металла увеличилось."]),
    "became": ("ru", 9, "Министры стали чаще ездить в регионы", "Командировки участились.", ["Чиновники отчитались о поездках."]),
    "spb": ("ru", 10, "Наводнение в Санкт-Петербурге", "Нева вышла из берегов.", ["Жители Петербурга откачивают воду из подвалов."]),
    "covid": ("ru", 11, "Новая волна заболевания", "Врачи предупреждают о росте заболеваемости ковидом.", ["Поликлиники перешли на особый режим."]),
    "apple": ("ru", 12, "Apple открыла магазин в Москве", "Компания выпустила новые iPhones для России.", ["Очередь выстроилась с утра."]),
    "budget_msk": ("ru", 13, "Бюджет Москвы на 2025 год", "Мэрия утвердила расходы.", ["Больше всего денег получит транспорт."]),
    "grain": ("ru", 14, "Экспорт зерна вырос на треть", "Аграрии отгрузили рекордный урожай пшеницы.", ["Основные покупатели — Египет и Турция."]),
    "court": ("ru", 15, "Суд оштрафовал блогера", "Блогеру назначили штраф за рекламу.", ["Решение можно обжаловать."]),
    "northwest": ("ru", 16, "Северо-западный регион получит новые дороги", "Дорожники начнут ремонт весной.", ["Подрядчиков выберут на торгах."]),
    "energy": ("ru", 17, "Энергетики отключат свет в Алматы", "Плановые работы пройдут на подстанциях.", ["Без света останутся три района."]),
    "phrase_near": ("ru", 20, "Обзор законопроектов недели", "Что обсуждали парламентарии.", ["Эксперты хвалят налоговый кодекс за простоту."]),
    "phrase_far": ("ru", 20, "Обзор инициатив недели", "Что предлагали министерства.", ["Налоговый режим для малого бизнеса сохранят, а кодекс о труде перепишут."]),
    "teachers_old": ("ru", 300, "Учителя получат надбавки", "Прибавка составит десять процентов.", ["Деньги выделят из резерва."]),
    "teachers_new": ("ru", 1, "Учителям повысят надбавки", "Прибавка составит двенадцать процентов.", ["Деньги выделят из резерва."]),
    "yo": ("ru", 21, "Ёлки для школ", "Мэрия закупила ёлки для каждой школы.", ["Украшения сделают дети."]),
    "heat": ("en", 2, "Heat wave grips Europe", "Temperatures climbed past records across the continent.", ["Cities opened cooling centres."]),
    "heated": ("en", 22, "A heated debate in parliament", "Deputies argued for hours.", ["The session ended late."]),
    "elections_kz": ("en", 7, "Elections in Kazakhstan", "Voters chose a new parliament.", ["Turnout was lower than expected."]),
    "tokayev": ("en", 4, "Tokayev signs a decree on reform", "The president's decree changes the civil service.", ["It takes effect in March."]),
    "tax": ("en", 5, "Parliament passes the new tax code", "Import duties will rise.", ["Businesses asked for a delay."]),
    "runners": ("en", 18, "Runners take over the marathon", "Thousands ran through the city centre.", ["The winner finished in two hours."]),
    "grain_en": ("en", 14, "Grain exports hit a record", "Farmers shipped a record wheat harvest.", ["Egypt and Turkey were the main buyers."]),
    "court_en": ("en", 15, "Court fines a blogger for advertising", "The blogger must pay a fine.", ["An appeal is possible."]),
    "energy_en": ("en", 17, "Energy prices are falling", "Electricity became cheaper this winter.", ["Households will save money."]),
    "bridges": ("en", 19, "Bridges of Saint Petersburg", "The city's bridges open at night.", ["Tourists watch from the embankment."]),
    "mixed": ("ru", 23, "Стартап из Алматы привлёк инвестиции", "Компания Kaspi вложила средства в startup.", ["Сервис доставки работает в трёх городах."]),
}

# Filters: two rubrics and two authors over the corpus.
RUBRIC_OF = {key: ("economy" if key in {"nalog", "steel", "grain", "budget_msk", "tax", "grain_en", "energy", "energy_en"} else "politics") for key in ARTICLES}


def build_corpus() -> dict[str, object]:
    """Create the corpus; returns key -> article, plus the rubrics and authors under "_rubric:"/"_author:" keys."""
    now = timezone.now()
    rubrics = {
        "economy": make_rubric("Экономика", name_en="Economy", slug="economy"),
        "politics": make_rubric("Политика", name_en="Politics", slug="politics"),
    }
    authors = {"anna": make_author("Анна Иванова", slug="anna"), "boris": make_author("Борис Петров", slug="boris")}
    made = {}
    for index, (key, (language, days, title, lead, paragraphs)) in enumerate(ARTICLES.items()):
        made[key] = make_article(
            title,
            lead=lead,
            paragraphs=paragraphs,
            language=language,
            published_at=now - dt.timedelta(days=days, minutes=index),
            rubrics=[rubrics[RUBRIC_OF[key]]],
            authors=[authors["anna" if index % 2 else "boris"]],
        )
    made.update({f"_rubric:{k}": v for k, v in rubrics.items()})
    made.update({f"_author:{k}": v for k, v in authors.items()})
    return made
