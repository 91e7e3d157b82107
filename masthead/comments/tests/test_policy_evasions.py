"""The evasions a hostile probe got past the policy (issue 16, item 9), as a named case table.

Each row is (name, text, rule or None). The false-positive rows sit beside the
evasions on purpose: every new disguise the normaliser learns is a chance to
read honest prose as a link or a swear word, and those rows are the price list.
"""

import pytest

from masthead.comments.policy import RuleCode, check_text, compile_word_lists
from masthead.comments.policy.default_words import default_entries
from masthead.comments.policy.normalize import clean_text

OWN_HOSTS = ("masthead.example",)
LINK, WORD, HANDLE = RuleCode.LINKS, RuleCode.BANNED_WORDS, RuleCode.HANDLES

LINK_CASES = [
    ("ideographic_full_stop", "заходи на evil。com", LINK),
    ("halfwidth_ideographic_full_stop", "evil｡com", LINK),
    ("comma_for_dot", "evil,com", LINK),
    ("middle_dot_for_dot", "evil·com", LINK),
    ("bullet_for_dot", "evil•ru", LINK),
    ("d0t_spelled", "evil d0t com", LINK),
    ("dot_spelled_in_brackets_d0t", "evil[d0t]com", LINK),
    ("letters_spaced_with_dot", "e v i l . c o m", LINK),
    ("letters_dotted_no_tld_dot", "e.v.i.l.c.o.m", LINK),
    ("letters_dashed", "e-v-i-l-c-o-m", LINK),
    ("cyrillic_spelled_dot_rf", "пример точка рф", LINK),
    ("abbreviated_dot_cyrillic_tld", "example тчк ру", LINK),
    ("cyrillic_com_spelled", "example точка ком", LINK),
    ("percent_encoded_dot", "evil%2Ecom", LINK),
    ("percent_encoded_dot_lower", "evil%2ecom/path", LINK),
    ("decimal_entity_dot", "evil&#46;com", LINK),
    ("hex_entity_dot", "evil&#x2E;com", LINK),
    ("named_entity_dot", "evil&period;com", LINK),
    ("ideographic_entity_dot", "evil&#12290;com", LINK),
    ("one_dot_leader", "evil\u2024com", LINK),
    ("spaced_ideographic_dot", "evil 。com", LINK),
    ("spaced_bracketed_dot_word", "evil (dot) com", LINK),
    ("spaced_bracketed_dot", "evil [ . ] ru", LINK),
    ("bracketed_cyrillic_dot_word", "пример ( точка ) рф", LINK),
    # --- must stay text ---
    ("comma_before_english_word", "yes,no and so,it goes", None),
    ("sentence_then_russian_com", "Сказал. Ком в горле стоял долго.", None),
    ("russian_abbreviations", "т.е. всё, и т.д. и т. п. — см. С.С.С.Р. и США", None),
    ("decimal_and_thousands", "Выделено 1.5 млн, потом ещё 2,5 тыс. и 3,14%", None),
    ("initials", "Письмо подписал А. Б. Иванов, а не В. Г. Петров.", None),
    ("list_of_single_letters", "Варианты a, b, c и d — все неверные.", None),
    ("period_in_dialogue", "Точка. Нет, запятая. Ру-ру, как сказал бы голубь.", None),
    ("email_less_text", "Напишите в редакцию через форму обратной связи.", None),
    ("time_in_text", "Встреча в 14:30, затем в 18.00.", None),
    ("dotted_abbreviations", "к.т.н., д.м.н., Ф.И.О., Ч.Т.Д., м.б. завтра, т.к. я в т.ч. вижу", None),
    ("street_address", "По адресу: ул. Ленина, д. 5, см. стр. 5 и т. д.", None),
    ("bracketed_dot_in_prose", "Конец (.) Ком в горле.", None),
]

WORD_CASES = [
    ("digit_for_first_letter", "ты 1диот", WORD),
    ("digit_inside_word", "ид1от", WORD),
    ("latin_z_inside_cyrillic", "пиzдец", WORD),
    ("latin_d_and_i_inside_cyrillic", "иdiот", WORD),
    ("hyphen_inside", "ид-иот", WORD),
    ("dot_inside", "бл.ядь", WORD),
    ("apostrophe_inside", "су'ка", WORD),
    ("asterisk_for_letter", "х*й", WORD),
    ("asterisks_for_letters", "п**дец", WORD),
    ("asterisks_in_inflected_form", "х**ня какая-то", WORD),
    ("english_v_for_u", "fvck this", WORD),
    ("english_asterisk", "f*ck off", WORD),
    ("english_asterisks_inflected", "f**king hell", WORD),
    ("english_umlaut", "fück", WORD),
    ("english_accent", "shît", WORD),
    ("derivative_adjective", "идиотский закон", WORD),
    ("derivative_noun", "сплошной идиотизм", WORD),
    ("derivative_inflected", "с дурацкими идеями", WORD),
    ("prefix_verb_form", "заебали уже", WORD),
    ("prefix_verb_other", "наебалово", WORD),
    ("spelling_variant_dolboeb", "долбаеб", WORD),
    ("spelling_variant_pisdets", "писдец", WORD),
    ("slur_spelling_pidr", "пидр", WORD),
    ("slur_derivative", "жидовский", WORD),
    ("english_derivative", "dumbfuck", WORD),
    ("english_spelling_fuk", "fuk u", WORD),
    ("russian_mat_in_latin", "blyat", WORD),
    ("numerals_plain", "1488", WORD),
    ("numerals_slash", "14/88", WORD),
    ("numerals_hyphen", "14-88", WORD),
    ("numerals_colon", "в 14:88", WORD),  # not a time (minutes stop at 59): the code
    ("slogan_latin_zig_heil", "Zig heil, bratva", WORD),
    ("slogan_latin_sieg_hail", "sieg hail", WORD),
    ("slogan_latin_translit", "smert zhidam", WORD),
    ("slogan_cyrillic_variant", "Сиг хайль", WORD),
    ("slogan_cyrillic_inflected_target", "Бей хачей!", WORD),
    ("slogan_cyrillic_white_power", "уайт пауэр", WORD),
    ("slogan_zig_gesture", "зиговали на площади", WORD),
    ("slogan_white_pride", "white pride world wide", WORD),
    # --- must stay text ---
    ("hyphenated_russian", "По-разному, кто-то из-за дождя, где-нибудь во-первых.", None),
    ("hyphenated_mixed", "Wi-Fi-роутер и ASP-проекты, д'Артаньян и Node.js.", None),
    ("hyphen_joins_real_words", "Ху-дожник и су-шеф пришли в 10:30.", None),
    ("spelled_apart_and_cut_inside", "п.и.з.д.е.ц", WORD),
    ("decimal_not_numerals", "Курс 14.88, а не 14,88; в 14 88 человек.", None),
    ("time_and_score", "В 14:00 счёт был 14:8, в 18:58 — 88:14.", None),
    ("year_and_price", "В 1988-м цена была 88 руб., в 2014-м — 148.", None),
    ("year_1488", "В 1488 году Диаш обогнул мыс Доброй Надежды; в 1488 г. же и вернулся.", None),
    ("numerals_before_other_word", "1488 навсегда", WORD),
    ("markdown_emphasis", "*Важно*: это *очень* *хорошо*.", None),
    ("arithmetic", "5*3=15, a*b и x*y — просто формулы.", None),
    ("english_v_words", "Vivid villa, vulvar anatomy? No: a vivid view of the valley.", None),
    ("english_diacritics", "Café, naïve résumé, Über and Zürich.", None),
    ("latin_letters_in_russian_text", "Версия 2.0 для iOS и Android, в Zoom и на Wildberries.", None),
    ("cyrillic_with_digits", "1-й, 2-я, 3-е и 10-ка; 5G и 4К.", None),
    ("branches_not_a_slur", "На дереве сухие сучья, на них ворона.", None),
    ("verb_not_carrion", "Цены падали всю неделю, а потом падали снова.", None),
    ("surname_not_slur", "Министр Хохлов встретился с Юрием Чурбановым? Нет, заявил Чурбанов.", None),
    ("slur_lowercase_still_caught", "ты из хохлов", WORD),
    ("slur_sentence_initial_still_caught", "Хохлов вон.", WORD),
    ("slur_shouted_still_caught", "ХОХЛОВ ВОН", WORD),
    ("mild_words", "Блин, ёлки-палки, чёрт побери, фигня какая.", None),
    ("ordinary_russian", "Депутаты обсудили бюджет, зигзаг курса и слова Гитлера в учебнике истории.", None),
    ("ordinary_english", "The suspect's white pickup was found near the Dickens museum.", None),
]

HANDLE_CASES = [
    ("at_handle", "Все подробности у нас в телеге @evil_channel", HANDLE),
    ("at_handle_capitals", "Пишите @EvilShop24!", HANDLE),
    ("at_handle_bot", "жми @free_money_bot", HANDLE),
    ("messenger_named_with_colon", "тг: evil_channel", HANDLE),
    ("messenger_named_with_dash", "Telegram — evilchannel", HANDLE),
    ("whatsapp_named", "ватсап: @shop_deals", HANDLE),
    ("at_handle_with_cyrillic_lookalikes", "@еvil_channеl", HANDLE),
    ("tme_link_with_at", "t.me/@evil_channel", LINK),
    # --- must stay text ---
    ("email_is_not_a_handle_but_a_link", "пиши на spam@mail.ru", LINK),
    ("reply_to_a_russian_name", "@Анна, вы правы, спасибо.", None),
    ("reply_to_a_name_of_latin_twins", "@Маркова, согласен с вами.", None),
    ("short_at_word", "Встречаемся @home в 5.", None),
    ("messenger_named_in_prose", "В Telegram новость разошлась быстрее, чем в газетах.", None),
]

CASES = LINK_CASES + WORD_CASES + HANDLE_CASES


@pytest.fixture(scope="module")
def words():
    return compile_word_lists(default_entries())


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_evasion_case(text, expected, words):
    found = {finding.rule for finding in check_text(clean_text(text), words=words, own_hosts=OWN_HOSTS)}
    if expected is None:
        assert found == set(), f"false positive on {text!r}: {found}"
    else:
        assert expected in found, f"{text!r} should trip {expected}, found {found}"


def test_the_sites_own_channel_is_not_a_third_party_handle(words):
    found = check_text("Подписывайтесь на @Masthead_News", words=words, own_handles=["@masthead_news"])
    assert found == []


def test_case_names_are_unique():
    names = [case[0] for case in CASES]
    assert len(names) == len(set(names))


def test_a_disguised_link_reports_the_host_it_hides(words):
    findings = check_text("пишите на example тчк ру", words=words, own_hosts=OWN_HOSTS)
    assert [(f.rule, f.matched, f.detail) for f in findings] == [(LINK, "example тчк ру", "example.ru")]


@pytest.mark.parametrize("labels", [2, 40, 126])
@pytest.mark.parametrize("dot", [".", "。", "[.]", " d0t ", "·"])
def test_a_domain_of_many_labels_is_still_a_link(labels, dot, words):
    """The domain patterns stop at DNS's 127 labels to stay linear on hostile input; real lengths still match.

    (Their speed on hostile shapes at the size cap is in `make bench`, comments part.)
    """
    text = "смотри " + f"a{dot}" * labels + "com сегодня"
    found = {finding.rule for finding in check_text(clean_text(text), words=words, own_hosts=OWN_HOSTS)}
    assert LINK in found


def test_the_words_migration_brings_only_entries_of_the_default_list():
    """0004 freezes the additions; each must still be a default entry, so a fresh and an old database agree."""
    import importlib

    added = importlib.import_module("masthead.comments.migrations.0004_evasion_words").ADDED
    defaults = set(default_entries())
    assert {(language, entry) for language, entries in added.items() for entry in entries} <= defaults


def test_a_year_does_not_teach_the_matcher_that_the_numerals_are_clean():
    words = compile_word_lists(default_entries())
    assert check_text("в 1488 году", words=words) == []
    assert [f.rule for f in check_text("1488!", words=words)] == [WORD]


# (listed word, other lemma sharing one of its forms), each read and judged:
# the slur is the likelier reading in a comment, or the collision is handled by
# ORDINARY_HOMONYMS / SURNAME_HOMONYMS ("падали", "Хохлов").
REVIEWED_HOMONYMS = {
    ("сволочь", "сволочить"), ("падла", "падло"), ("падаль", "падать"), ("шалава", "шалавый"),
    ("сука", "сук"), ("сучка", "сучок"), ("жид", "жидов"), ("хохол", "хохлов"), ("чурбан", "чурбанов"),
    ("дебильный", "дебильно"), ("ублюдочный", "ублюдочно"), ("зига", "зиг"), ("зигануть", "зиган"),
}


def test_every_form_shared_with_an_unlisted_word_was_reviewed():
    """A new default word whose forms are also ordinary words ("сучий": "сучья", branches) fails here first."""
    from masthead.comments.policy.words import morph, russian_forms

    listed = {entry for language, entry in default_entries() if language == "ru"}
    collisions = {
        (entry, parse.normal_form.replace("ё", "е"))
        for entry in listed
        if "*" not in entry and " " not in entry
        for form in russian_forms(entry)
        for parse in morph().parse(form)
        if parse.is_known and parse.normal_form.replace("ё", "е") not in listed
    }
    assert collisions <= REVIEWED_HOMONYMS
