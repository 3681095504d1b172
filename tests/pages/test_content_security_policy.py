"""A Content-Security-Policy on every HTML page and API answer, and pages that need nothing it
forbids."""

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from rest_framework.test import APIClient

from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


TOPICS = "/api/v1/topics/"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in header.split(";")
        if directive.strip()
    }


class InlineCode(HTMLParser):
    """The inline scripts and styles (with their nonce), the event handler and the style
    attributes of a page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str | None] = []
        self.styles: list[str | None] = []
        self.handlers: list[str] = []
        self.style_attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [value or "" for name, value in attrs if name.startswith("on")]
        self.style_attributes += [value or "" for name, value in attrs if name == "style"]
        if tag == "style":
            self.styles.append(attributes.get("nonce"))
        kind = attributes.get("type", "text/javascript")
        if tag == "script" and "src" not in attributes and kind in ("text/javascript", "module"):
            self.scripts.append(attributes.get("nonce"))


def sha256_source(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


HTML_PAGES = [
    ("/admin/login/", False),
    ("/admin/", True),
    ("/admin/dialogue/round/", True),
    ("/admin/dialogue/round/add/", True),
    ("/admin/dialogue/round/export/", True),
    ("/admin/dialogue/mechanism/", True),
    ("/api/docs/", False),
    ("/api/redoc/", False),
    ("/timeline/", False),
]


@pytest.mark.parametrize("url, signed_in", HTML_PAGES)
def test_every_html_page_has_a_content_security_policy(client, superuser, url, signed_in):
    """No page had one. Scripts and styles come only from the site or carry the response's
    nonce; nothing may come from another host; the page's inline code and styles are all allowed
    by the policy, with no 'unsafe-inline' (checked in headless Chromium with no violation:
    tests/browser/test_browser.py)."""
    RoundFactory()
    if signed_in:
        client.force_login(superuser)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    rules = policy(response)
    assert rules["default-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in rules["script-src"]
    assert "'unsafe-eval'" not in rules["script-src"]
    assert "'unsafe-inline'" not in rules["style-src"]  # issue 10: it was there
    sources = [source for values in rules.values() for source in values]
    assert not [source for source in sources if "//" in source or source in ("*", "https:")]
    inline = InlineCode()
    inline.feed(response.content.decode())
    nonces = [f"'nonce-{nonce}'" for nonce in inline.scripts]
    assert all(nonce in rules["script-src"] for nonce in nonces), (nonces, rules["script-src"])
    for handler in inline.handlers:
        assert sha256_source(handler) in rules.get("script-src-attr", []), handler
    nonces = [f"'nonce-{nonce}'" for nonce in inline.styles]
    assert all(nonce in rules["style-src"] for nonce in nonces), (nonces, rules["style-src"])
    for style in inline.style_attributes:
        assert sha256_source(style) in rules.get("style-src-attr", []), style


def test_swagger_ui_gets_its_start_up_script_from_the_site():
    page = APIClient().get("/api/docs/")
    [script] = re.findall(r'<script src="([^"]*script=[^"]*)"', page.content.decode())

    response = APIClient().get(script.replace("&amp;", "&"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in response.content


def test_redoc_may_start_its_search_worker_and_load_nothing_from_elsewhere():
    page = APIClient().get("/api/redoc/")
    rules = policy(page)

    assert rules["worker-src"] == ["'self'", "blob:"]
    assert rules["img-src"] == ["'self'", "data:"]
    # Its bundle no longer asks https://cdn.redoc.ly/ for the Redocly logo (one CSP violation
    # on every visit), and gives the styles it writes as it starts the page's nonce.
    [bundle] = re.findall(r'<script src="([^"]*redoc.standalone[^"]*)"', page.content.decode())
    response = APIClient().get(bundle)
    assert response.status_code == 200
    script = response.content
    assert b"Redoc" in script
    assert b"cdn.redoc.ly" not in script
    assert b"document.currentScript.nonce" in script
    assert APIClient().get(bundle, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_api_answers_carry_the_policy_too(api_client):
    assert "default-src 'self'" in api_client.get(TOPICS)["Content-Security-Policy"]
