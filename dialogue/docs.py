"""Redoc's bundle (drf-spectacular-sidecar), served so the docs load nothing from another host
and need no inline style allowed by the Content-Security-Policy.

Two replacements, each of one exact text of the bundle:

- Redoc's footer shows the Redocly logo from https://cdn.redoc.ly/redoc/logo-mini.svg whatever
  its options; the policy blocked it (one violation on every visit). It is an empty image here,
  so nothing is requested.
- Redoc writes styles into <style> elements as the bundle starts, before `Redoc.init` can hand
  it the request's CSP nonce (its `nonce` option), so they were blocked. Webpack's nonce
  (`__webpack_require__.nc`) starts as the nonce of the script element running the bundle.

A replacement whose text a new bundle no longer holds is logged; tests/browser/test_browser.py then
fails on the violation it no longer prevents.
"""

import functools
import hashlib
import logging
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REPLACEMENTS = {
    b'"https://cdn.redoc.ly/redoc/logo-mini.svg"': (
        b"\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E\""
    ),
    b"r.nc=void 0;": b"r.nc=document.currentScript&&document.currentScript.nonce||void 0;",
}


@functools.cache
def redoc_bundle() -> tuple[bytes, str]:
    """The bundle, replaced as the module says, and its ETag (read once a process)."""
    path = finders.find(BUNDLE)
    if not path:
        raise FileNotFoundError(BUNDLE)
    text = Path(str(path)).read_bytes()
    for old, new in REPLACEMENTS.items():
        if text.count(old) != 1:
            logger.warning("Redoc's bundle holds %r %s times, not once", old, text.count(old))
        text = text.replace(old, new)
    return text, '"' + hashlib.sha256(text).hexdigest()[:32] + '"'


@require_safe
def redoc_bundle_view(request: HttpRequest) -> HttpResponse:
    text, etag = redoc_bundle()
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(text, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    return response
