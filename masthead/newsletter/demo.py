"""Demo subscribers in both editions and a draft one-off issue, so the newsletter's admin is not empty.

Addresses are on example.org (RFC 2606), which no mail reaches; nothing is sent
here: an editor previews the draft, test-sends it to themselves and sends it
from the admin, and the periodic job does the rest (README, "Newsletter").
"""

from django.utils import timezone

from masthead.articles.models import Rubric
from masthead.newsletter.models import Issue, Subscriber

State = Subscriber.State
DEMO_SUBSCRIBERS = [
    ("anna.petrova@example.org", "ru", State.CONFIRMED, ()),
    ("ivan.sidorov@example.org", "ru", State.CONFIRMED, ("politics",)),
    ("olga@example.org", "ru", State.PENDING, ()),
    ("maria@example.org", "ru", State.UNSUBSCRIBED, ()),
    ("john.smith@example.org", "en", State.CONFIRMED, ()),
    ("emma@example.org", "en", State.CONFIRMED, ("economy",)),
]


def load_demo(data: dict, loaded: list) -> None:
    now = timezone.now()
    rubrics = {rubric.slug: rubric for rubric in Rubric.objects.filter(kind=Rubric.Kind.SECTION)}
    for email, language, state, wanted in DEMO_SUBSCRIBERS:
        subscriber, created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "language": language,
                "state": state,
                "confirmed_at": now if state != State.PENDING else None,
                "unsubscribed_at": now if state == State.UNSUBSCRIBED else None,
            },
        )
        if created:
            subscriber.rubrics.set([rubrics[slug] for slug in wanted if slug in rubrics])
    live = [article for _, article in loaded if article.live and article.language == "ru"]
    if live and not Issue.objects.filter(kind=Issue.Kind.ONE_OFF).exists():
        story = live[0]
        Issue.objects.create(
            kind=Issue.Kind.ONE_OFF,
            language="ru",
            subject="Письмо редакции: как мы работаем",
            body=(
                "<p>Здравствуйте! Спасибо, что читаете нас. Раз в месяц мы рассказываем, как устроена редакция.</p>"
                f'<p>Начните с материала <a linktype="page" id="{story.pk}">«{story.title}»</a>, '
                'а старые выпуски ищите в <a href="/archive/">архиве</a>.</p>'
                "<ul><li>новости дня — каждое утро;</li><li>авторские колонки — по пятницам.</li></ul>"
            ),
        )
