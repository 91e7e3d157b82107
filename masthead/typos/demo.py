"""Demo typo reports and a correction, so the queue and the corrections log are not empty."""

from masthead.typos.locate import body_blocks
from masthead.typos.services import Hints, correction_publish, typo_report_submit


def _a_word_of(article) -> tuple[str, str] | None:
    for block in body_blocks(article.body):
        words = [word.strip(".,;:«»\"") for word in block.text.split()]
        words = [word for word in words if len(word) > 6]
        if len(words) > 3:
            return block.id, words[2]
    return None


def load_demo(data: dict, loaded: list) -> None:
    articles = [article for _, article in loaded if article.live and article.live_revision_id][:3]
    for index, article in enumerate(articles):
        found = _a_word_of(article)
        if not found:
            continue
        block_id, fragment = found
        typo_report_submit(
            article=article,
            revision=article.live_revision,
            fragment=fragment,
            comment="Кажется, здесь опечатка." if article.language == "ru" else "Looks like a typo.",
            hints=Hints(block=block_id),
            visitor=f"demo-{index}",
        )
    if articles:
        article = articles[0]
        text = (
            "Исправлено написание фамилии во втором абзаце."
            if article.language == "ru"
            else "The spelling of a surname in the second paragraph has been corrected."
        )
        correction_publish(article=article, text=text, user=None)
