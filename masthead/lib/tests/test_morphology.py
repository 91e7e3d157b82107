"""The morphology layer: the hard cases search and moderation both rely on."""

import pytest

from masthead.lib import morphology
from masthead.lib.morphology import lemmas, normalize, tokens


def words(text):
    return [t.word for t in tokens(text)]


def same_word(a: str, b: str) -> bool:
    """What search does: the document's word (names keep their surface) meets the query's (always with surface)."""
    (doc,) = tokens(a)
    (query,) = tokens(b)
    return bool(set(lemmas(doc.word, doc.capitalised)) & set(lemmas(query.word, True)))


def test_the_module_imports_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(morphology))
    imported = [n.names[0].name if isinstance(n, ast.Import) else n.module for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not [name for name in imported if name and name.startswith("django")]


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("ЁЖИК", "ежик"),
        ("ｅｘａｍｐｌｅ", "example"),
        ("при\u200bвет", "привет"),
        ("со\u00adкращение", "сокращение"),
        ("e\u0301lan", "elan"),
        ("\u202eRLO", "rlo"),
        ("Straße", "strasse"),
    ],
)
def test_normalize_folds_case_width_yo_and_invisible_characters(raw, folded):
    assert normalize(raw) == folded


def test_homonyms_keep_every_lemma():
    assert {"сталь", "стать"} <= set(lemmas("стали"))
    assert {"мой", "мыть"} <= set(lemmas("мою"))


@pytest.mark.parametrize("form", ["Токаев", "Токаева", "Токаеву", "Токаевым", "Токаеве"])
def test_a_surname_in_every_case_is_one_word(form):
    for other in ["Токаев", "Токаева", "Токаеву", "токаевым"]:
        assert same_word(form, other), (form, other)


@pytest.mark.parametrize("form", ["Екатеринбург", "Екатеринбурге", "Екатеринбурга", "Екатеринбургом"])
def test_a_place_name_in_every_case_is_one_word(form):
    assert same_word(form, "екатеринбург") and same_word("Екатеринбург", form.lower())


@pytest.mark.parametrize("a, b", [("налогового", "налоговый"), ("кодекса", "кодекс"), ("выборов", "выборы"), ("депутатами", "депутат")])
def test_russian_inflections_meet(a, b):
    assert same_word(a, b)


@pytest.mark.parametrize("a, b", [("heated", "heat"), ("heating", "heats"), ("elections", "election"), ("running", "runs")])
def test_english_inflections_meet(a, b):
    assert same_word(a, b)


def test_hyphenated_words_split_into_parts_on_both_sides():
    assert words("Санкт-Петербурге") == ["санкт", "петербурге"]
    assert same_word("Петербурге", "петербург")
    assert words("северо-западный COVID-19") == ["северо", "западный", "covid", "19"]


def test_numbers_and_mixed_tokens_stay_as_they_are():
    assert lemmas("2024") == ("2024",)
    assert lemmas("covid19") == ("covid19",)


def test_latin_words_inside_russian_text_are_stemmed_as_english():
    assert words("Компания Apple выпустила iPhones") == ["компания", "apple", "выпустила", "iphones"]
    assert lemmas("iphones") == lemmas("iphone")


def test_unknown_russian_words_keep_the_guess_and_the_surface_form():
    found = set(lemmas("ковидом"))
    assert "ковидом" in found and "ковид" in found


def test_tokens_keep_spans_into_the_original_text():
    text = "Выборы в ЕКАТЕРИНБУРГЕ"
    token = tokens(text)[-1]
    assert text[token.start : token.end] == "ЕКАТЕРИНБУРГЕ" and token.capitalised and token.word == "екатеринбурге"


def test_invisible_characters_do_not_split_a_word():
    assert words("Екатерин\u200bбург") == ["екатеринбург"]


def test_overlong_words_are_not_words():
    assert words("a" * 65 + " ok") == ["ok"]


def test_punctuation_and_operators_are_not_words():
    assert words("\" & | ! : * ( ) % _ \\ -") == []
