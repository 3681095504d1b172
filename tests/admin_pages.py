"""Reading and filling the admin's pages as a browser does: the fields of a form, the inline
rows nested_admin's JavaScript adds, and the errors of a form shown again."""

import re
from html.parser import HTMLParser

from tests.factories import MechanismFactory


class FormFields(HTMLParser):
    """The fields of the admin's form as a browser would post them, defaults included."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str | list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self.data[name] = attributes.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data[name] = [] if "multiple" in attributes else ""
        elif tag == "option" and self._select and "selected" in attributes:
            value = attributes.get("value") or ""
            if isinstance(self.data[self._select], list):
                self.data[self._select].append(value)
            else:
                self.data[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def page_fields(response) -> dict[str, str | list[str]]:
    """Every field of an admin page, the inlines' row templates (`__prefix__`) included."""
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.data


def form_data(fields: dict) -> dict[str, str | list[str]]:
    """What a browser posts before any inline row is added: no row templates."""
    return {
        name: value
        for name, value in fields.items()
        if "__prefix__" not in name and "-empty-" not in name
    }


def add_rows(data: dict, page: dict, prefix: str, rows: list[dict]) -> None:
    """Add inline rows as nested_admin's JavaScript does: copy the row template's defaults
    (and the management forms of the rows' own nested inlines), then fill in `rows`.

    The template of `rounds-0-participants` rows is `rounds-empty-participants-__prefix__-*`.
    """
    template = re.sub(r"-\d+-", "-empty-", prefix)
    assert f"{template}-TOTAL_FORMS" in page, f"no inline {template!r} on the page"
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    for index, row in enumerate(rows):
        for name, value in page.items():
            if name.startswith(f"{template}-__prefix__-"):
                field = name.removeprefix(f"{template}-__prefix__-")
                data[f"{prefix}-{index}-{field}"] = value
            elif name.startswith(f"{template}-empty-") and "__prefix__" not in name:
                nested = name.removeprefix(f"{template}-empty-")
                data[f"{prefix}-{index}-{nested}"] = value
        for field, value in row.items():
            data[f"{prefix}-{index}-{field}"] = value


def form_errors(response) -> str:
    """The admin's error list of a re-rendered form, for assertion messages."""
    return str(response.context["errors"]) if response.context else ""


def round_form(client, **fields) -> tuple[dict, dict]:
    """The round add form as the page gives it, with `fields` filled in; and the page's fields."""
    page = page_fields(client.get("/admin/dialogue/round/add/"))
    data = form_data(page)
    data.update(
        mechanism=str(MechanismFactory(countries=["RU", "JP"]).pk),
        start_date="2018-07-31",
        date_precision="day",
        status="held",
    )
    data.update(fields)
    return data, page


class Forms(HTMLParser):
    """Every form of a page with the fields a browser would post (inline templates left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attributes, "data": {}}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        data = self._form["data"]
        if tag == "option":
            if self._select and "selected" in attributes:
                value = attributes.get("value") or ""
                if isinstance(data[self._select], list):
                    data[self._select].append(value)
                else:
                    data[self._select] = value
            return
        name = attributes.get("name")
        if not name or "__prefix__" in name:
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    data[name] = attributes.get("value") or "on"
                return
            data[name] = attributes.get("value") or ""
        elif tag == "select":
            self._select = name
            data[name] = [] if "multiple" in attributes else ""
        elif tag == "textarea":
            self._textarea = name
            data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._form is not None and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            data = self._form["data"]
            data[self._textarea] = data[self._textarea].removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["data"][self._textarea] += data


def page_forms(response) -> list[dict]:
    assert response.status_code == 200, response.content[:2000]
    parser = Forms()
    parser.feed(response.content.decode())
    return parser.forms


def admin_form(response) -> dict:
    """The fields of the admin's change (or history) form, the one with `*_form` as its id."""
    forms = [f for f in page_forms(response) if f["attrs"].get("id", "").endswith("_form")]
    assert len(forms) == 1, [f["attrs"] for f in page_forms(response)]
    data = dict(forms[0]["data"])
    data.pop("csrfmiddlewaretoken", None)
    return data
