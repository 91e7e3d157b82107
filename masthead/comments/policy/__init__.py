"""The comment policy engine as plain modules (no models): normalise, find, decide."""

from .engine import DEFAULT_ACTIONS, Action, Finding, RuleCode, Verdict, check_text, decide
from .words import WordMatcher, compile_word_lists

__all__ = ["DEFAULT_ACTIONS", "Action", "Finding", "RuleCode", "Verdict", "WordMatcher", "check_text", "compile_word_lists", "decide"]
