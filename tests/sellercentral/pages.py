"""Reading a response the way a person reads the page."""
import html
import re


def field_errors(response, field_name: str) -> list[str]:
    """The error messages printed under the form field `field_name`."""
    content = response.content.decode()
    return [html.unescape(message) for message in
            re.findall(rf'<p class="field-error" id="id_{re.escape(field_name)}_error">(.*?)</p>', content, re.S)]


def text(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())
