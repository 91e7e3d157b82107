import pytest

from masthead.core.sqlite import unicode_like


@pytest.mark.parametrize(
    "pattern,value,expected",
    [
        ("выборы", "Выборы", True),
        ("ЁЛКА", "ёлка", True),
        ("%бюджет%", "Принят Бюджет на год", True),
        ("бюджет", "бюджеты", False),
        ("a\\%b", "a%b", True),
        ("a\\%b", "axb", False),
        ("_x", "ыx", True),
    ],
)
def test_like_folds_case_in_every_script(pattern, value, expected):
    assert unicode_like(pattern, value, "\\") is expected


def test_like_with_null_is_null():
    assert unicode_like(None, "x") is None
