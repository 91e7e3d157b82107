"""Small WXR documents for tests."""

from xml.sax.saxutils import escape


def item(n: int, title: str, *, body: str = "Текст статьи.", date: str = "2022-03-02 20:57:00", status: str = "publish") -> str:
    return (
        f"<item><title>{escape(title)}</title><link>https://old.example/{n}/</link>"
        f'<guid isPermaLink="false">https://old.example/?p={n}</guid>'
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>"
        f"<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type></item>\n"
    )


def wxr(*items: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        "<channel><title>Test</title>\n" + "".join(items) + "</channel></rss>\n"
    )
