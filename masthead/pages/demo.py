"""The outlet's information pages for the demo: privacy policy, about, contacts, registration details.

Their texts are placeholders an editor replaces in the admin (Pages → the home
page's children); each is in the footer, and the privacy policy is the page the
sign-up form's consent links.
"""

from masthead.pages.models import HomePage, InfoPage

Role = InfoPage.Role
DEMO_PAGES = [
    (Role.ABOUT, "about", "О редакции", "About us",
     "<p>Masthead — независимое издание о политике России и Центральной Азии. Мы пишем на русском и английском.</p>",
     "<p>Masthead is an independent outlet covering the politics of Russia and Central Asia, in Russian and English.</p>"),
    (Role.CONTACTS, "contacts", "Контакты", "Contacts",
     "<p>Редакция: <a href=\"mailto:newsroom@example.org\">newsroom@example.org</a>. Реклама: "
     "<a href=\"mailto:ads@example.org\">ads@example.org</a>.</p>",
     "<p>Newsroom: <a href=\"mailto:newsroom@example.org\">newsroom@example.org</a>. Advertising: "
     "<a href=\"mailto:ads@example.org\">ads@example.org</a>.</p>"),
    (Role.PRIVACY, "privacy", "Политика конфиденциальности", "Privacy policy",
     "<p>Мы обрабатываем адрес электронной почты и имя на сайте, которые вы указали при регистрации, чтобы вести "
     "вашу учётную запись, показывать ваши комментарии и присылать выбранные вами письма. Мы не передаём их третьим "
     "лицам. Удалить учётную запись и данные можно, написав в редакцию.</p>",
     "<p>We process the e-mail address and display name you gave at sign-up to run your account, show your "
     "comments and send the mail you chose. We do not share them with third parties. Write to the newsroom to have "
     "your account and data deleted.</p>"),
    (Role.REGISTRATION, "registration", "Выходные данные", "Registration details",
     "<p>Сетевое издание «Masthead». Учредитель: ООО «Пример». Главный редактор: А. Волкова. 18+</p>",
     "<p>Online outlet Masthead. Founder: Example LLC. Editor-in-chief: A. Volkova. 18+</p>"),
]


def load_demo(data: dict, loaded: list) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    for order, (role, slug, title, title_en, body, body_en) in enumerate(DEMO_PAGES, start=1):
        if InfoPage.objects.filter(role=role).exists():
            continue
        page = home.add_child(instance=InfoPage(
            title=title, title_en=title_en, slug=slug, body=body, body_en=body_en, role=role, footer_order=order,
        ))
        page.save_revision().publish()
