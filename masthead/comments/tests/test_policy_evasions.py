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
LINK, WORD = RuleCode.LINKS, RuleCode.BANNED_WORDS

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
]

CASES = LINK_CASES


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


def test_case_names_are_unique():
    names = [case[0] for case in CASES]
    assert len(names) == len(set(names))


def test_a_disguised_link_reports_the_host_it_hides(words):
    findings = check_text("пишите на example тчк ру", words=words, own_hosts=OWN_HOSTS)
    assert [(f.rule, f.matched, f.detail) for f in findings] == [(LINK, "example тчк ру", "example.ru")]
