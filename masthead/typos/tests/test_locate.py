"""Finding a reader's selection, and its context, in Russian and English bodies."""

from wagtail.rich_text import RichText

from masthead.typos.locate import Block, block_text, html_to_text, locate, normalise

RU = [
    Block("b-1", 0, "Президент подписал указ «О мерах поддержки» в понедельник."),
    Block("b-2", 1, "Документ вступает в силу\u00a0с 1\u00a0января. В правительстве сказали, что указ — «давно ожидаемый»."),
    Block("b-3", 2, "Эксперты считают, что указ изменит рынок. Указ опубликован на портале правовой информации."),
]
EN = [
    Block("e-1", 0, "The minister said the \u201cnew rules\u201d would apply from Monday."),
    Block("e-2", 1, "Critics said the rules were rushed. The rules, they said, ignore teh regions."),
]


def test_it_finds_a_russian_fragment_with_its_block_and_offset():
    found = locate(RU, "подписал указ")
    assert found.block_id == "b-1"
    assert found.block_index == 0
    assert RU[0].text[found.offset :].startswith("подписал указ")
    assert found.context_before == "Президент "
    assert found.context_after.startswith(" «О мерах поддержки»")


def test_it_matches_across_nbsp_and_quote_styles():
    found = locate(RU, "в силу с 1 января")
    assert found.block_id == "b-2"
    assert RU[1].text[found.offset :].startswith("в силу\u00a0с 1")
    english = locate(EN, 'the "new rules" would')
    assert english.block_id == "e-1"
    assert EN[0].text[english.offset :].startswith("the \u201cnew rules\u201d")


def test_it_matches_guillemets_typed_as_straight_quotes():
    assert locate(RU, 'указ "О мерах').block_id == "b-1"


def test_it_picks_the_occurrence_whose_context_agrees():
    # "указ" occurs four times; the reader's context points at the third block's first sentence.
    found = locate(RU, "указ", before_hint="Эксперты считают, что ", after_hint=" изменит рынок.")
    assert found.block_id == "b-3"
    assert RU[2].text[found.offset : found.offset + 4] == "указ"
    assert found.context_after.startswith(" изменит рынок")


def test_it_falls_back_to_the_hinted_block_and_nearest_offset():
    text = RU[2].text
    second = text.index("Указ опубликован")
    found = locate(RU, "указ", block_hint="b-3", offset_hint=second)
    assert (found.block_id, found.offset) == ("b-3", second)
    found = locate(RU, "указ", block_hint="b-3", offset_hint=0)
    assert (found.block_id, found.offset) == ("b-3", text.index("указ изменит"))


def test_it_finds_an_english_fragment_among_several_occurrences():
    found = locate(EN, "the rules", before_hint="were rushed. ", after_hint=", they said")
    assert found.block_id == "e-2"
    assert EN[1].text[found.offset :].startswith("The rules, they")
    assert found.context_before.endswith("the rules were rushed. ")


def test_a_selection_spanning_two_paragraphs_is_found_in_the_first():
    selection = "с 1 января. В правительстве сказали, что указ — «давно ожидаемый».\n\nЭксперты считают"
    found = locate(RU, selection)
    assert found.block_id == "b-2"
    assert found.context_after.startswith(", что указ изменит")


def test_context_is_about_a_hundred_characters_and_cut_from_the_stored_text():
    long_block = [Block("x", 0, "слово " * 60 + "ошибкка " + "текст " * 60)]
    found = locate(long_block, "ошибкка", before_hint="подделка", after_hint="подделка")
    assert len(found.context_before) == 100
    assert len(found.context_after) == 100
    assert "подделка" not in found.context_before + found.context_after


def test_a_fragment_not_in_the_body_is_not_found():
    assert locate(RU, "этого текста нет") is None
    assert locate(RU, "   ") is None
    assert locate([], "указ") is None


def test_invisible_characters_and_case_do_not_prevent_a_match():
    assert locate(EN, "Ignore Teh\u00ad Regions").block_id == "e-2"
    assert locate(EN, "ig\u200bnore teh").block_id == "e-2"


def test_normalise_keeps_a_map_to_the_original_positions():
    text, positions = normalise("a\u00a0\u00a0«b»")
    assert text == 'a "b"'
    assert positions == [0, 1, 3, 4, 5]


def test_rich_text_becomes_plain_text_with_entities_decoded():
    html = '<p>Один &amp; <b>два</b></p><p><a linktype="page" id="3">три</a>&nbsp;четыре</p>'
    assert html_to_text(html) == "Один & два\n\nтри\u00a0четыре"
    assert block_text("paragraph", RichText(html)) == "Один & два\n\nтри\u00a0четыре"


def test_quote_block_text_includes_the_attribution_as_rendered():
    assert block_text("quote", {"text": "Мы готовы.", "attribution": "министр"}) == "Мы готовы.\n— министр"
