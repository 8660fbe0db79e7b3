"""Rendering pages: the Jinja2 environment (autoescape always on), the context every
page shares, and error.html for a GraphsvcError met on a page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.responses import HTMLResponse, Response

from graphsvc.errors import GraphsvcError
from graphsvc.model import pick
from graphsvc.serving.auth import ANONYMOUS, Principal, Role, csrf_token
from graphsvc.serving.requests import (
    LANG_COOKIE,
    SESSION_COOKIE,
    lang_of,
    principal_of,
    settings_of,
)
from graphsvc.store.history import dumps
from graphsvc.web.i18n import label_of, sector_name, translator, unknown_words
from graphsvc.web.invalid import page_words
from graphsvc.words import LANGS, Words, capital

# Autoescape on for every template and string: no user text reaches HTML unescaped.
env = Environment(
    loader=PackageLoader("graphsvc.web", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

NAV = (
    ("dashboard", "/"),
    ("providers", "/providers"),
    ("network", "/network"),
    ("gaps", "/gaps"),
    ("scenarios", "/scenarios"),
    ("compare", "/compare"),
    ("saved", "/saved"),
    ("import", "/import"),
    ("changes", "/changes"),
    ("api", "/docs"),
)


#: the pages that take an as-of date: their links keep the date the reader chose
AS_OF_PAGES = frozenset({"/network", "/gaps", "/analyses", "/scenarios"})


def nav_links(request: Request) -> list[tuple[str, str, str]]:
    """(key, path, link) of each menu entry; a page read as of a date links the other
    pages that take a date at the same date."""
    day = request.query_params.get("as_of", "")
    keep = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day))
    return [
        (key, href, f"{href}?{urlencode({'as_of': day})}" if keep and href in AS_OF_PAGES else href)
        for key, href in NAV
    ]


def page_principal(request: Request) -> Principal:
    """Who is browsing: the session cookie's (or a bearer) token, or nobody (a stale
    cookie is ignored on pages, not an error)."""
    return principal_of(request, cookie=True, lenient=True)


def guard(request: Request, role: Role | None = None) -> Principal:
    """Reading a page (a viewer token when private) or, with `role`, more."""
    principal = page_principal(request)
    if role is not None:
        principal.require(role)
    elif settings_of(request).private:
        principal.require(Role.VIEWER)
    return principal


def query(**params: Any) -> str:
    """A query string of the parameters that have a value (lists repeat the key)."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None or value == "" or value == [] or value is False:
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append((key, str(item)))
    return urlencode(pairs)


def shown(value: Any) -> str:
    """A logged value as text, shortened (the page escapes it)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else dumps(value)
    return text if len(text) <= 120 else text[:119] + "…"


def context(request: Request, lang: str | None = None) -> dict[str, Any]:
    lang = lang or lang_of(request, request.query_params.get("lang"))
    principal = page_principal(request)
    token = request.cookies.get(SESSION_COOKIE)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return {
        "request": request,
        "lang": lang,
        "other_lang": "en" if lang == "fi" else "fi",
        "t": translator(lang),
        "pick": lambda name: pick(name, lang),
        "w": Words(lang),
        "capital": capital,
        "label": label_of(lang),
        "sector_name": lambda s: sector_name(str(s), lang),
        "principal": principal,
        "can_edit": principal.role is not None and principal.role >= Role.EDITOR,
        "csrf": csrf_token(token) if token and principal.authenticated else "",
        "nav": nav_links(request),
        "here": here,
        "query": query,
        "shown": shown,
        "path": request.url.path,
        "lang_url": f"/lang/{'en' if lang == 'fi' else 'fi'}?{urlencode({'next': here})}",
    }


def render(
    request: Request, template: str, status: int = 200, lang: str | None = None, **values: Any
) -> HTMLResponse:
    ctx = context(request, lang)
    ctx.update(values)
    html = env.get_template(template).render(ctx)
    response = HTMLResponse(
        html,
        status_code=status,
        headers={"Content-Language": ctx["lang"], "Cache-Control": "no-store"},
    )
    _keep_lang(request, response)
    return response


def _keep_lang(request: Request, response: Response) -> None:
    """A page opened with ?lang= keeps that language: its forms and links carry no lang,
    so without the cookie the next click would fall back to the old language."""
    asked = request.query_params.get("lang")
    if asked in LANGS and asked != request.cookies.get(LANG_COOKIE):
        response.set_cookie(
            LANG_COOKIE,
            asked,
            max_age=365 * 24 * 3600,
            samesite="lax",
            secure=settings_of(request).secure_cookies,
        )


def render_error(
    request: Request, status: int, code: str, message: str, details: list[dict[str, Any]]
) -> Response:
    """error.html for the same error the API would give as JSON (a bad query parameter
    said in the page's language)."""
    invalid = request.scope.get("graphsvc.validation_errors")
    if code == "invalid-data" and invalid:
        lang = lang_of(request, request.query_params.get("lang"))
        message, details = page_words(invalid, lang)
    elif code == "unknown-id":
        message = _unknown_words(request, details) or _page_message(request, message)
    else:
        message = _page_message(request, message)
    try:
        return render(
            request,
            "error.html",
            status=status,
            status_code=status,
            code=code,
            message=message,
            details=details[:50],
        )
    except GraphsvcError:
        # e.g. the tokens file is unreadable: still never a stack trace
        html = env.get_template("error.html").render(
            {
                **_bare(request),
                "status_code": status,
                "code": code,
                "message": message,
                "details": details[:50],
            }
        )
        return HTMLResponse(html, status_code=status)


#: the service's English refusals a page says in its own language: (pattern, key, the
#: names of the pattern's groups as the words' values)
PAGE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"No TargetGroup with id '(?P<value>.*)'\."), "unknown.group"),
    (re.compile(r"No Need with id '(?P<value>.*)'\."), "unknown.need"),
    (re.compile(r"No Area with id '(?P<value>.*)'\."), "unknown.area"),
    (re.compile(r"No Provider with id '(?P<value>.*)'\."), "unknown.provider"),
    (re.compile(r"No Service with id '(?P<value>.*)'\."), "unknown.service"),
    (re.compile(r"No Network with id '(?P<value>.*)'\."), "unknown.network"),
    (re.compile(r"(?:[\w.]+: )?no provider with id '(?P<value>.*)'\."), "unknown.provider"),
    (re.compile(r"(?:[\w.]+: )?no target group with id '(?P<value>.*)'\."), "unknown.group"),
    (re.compile(r"(?:[\w.]+: )?no need with id '(?P<value>.*)'\."), "unknown.need"),
    (re.compile(r"(?:[\w.]+: )?no area with id '(?P<value>.*)'\."), "unknown.area"),
    (re.compile(r"'(?P<value>.*)' is not a sector; .*"), "unknown.sector"),
    (
        re.compile(r"'(?P<value>.*)': a provider cannot partner with itself\."),
        "page_error.self_partner",
    ),
    (
        re.compile(r"there is no partnership between '(?P<a>.*)' and '(?P<b>.*)' to remove\."),
        "page_error.no_partnership",
    ),
)


def _page_message(request: Request, message: str) -> str:
    """`message` in the page's language when it is one the pages know; else as it is."""
    for pattern, key in PAGE_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            lang = lang_of(request, request.query_params.get("lang"))
            return str(translator(lang)(key, **found.groupdict()))
    return message


def _unknown_words(request: Request, details: list[dict[str, Any]]) -> str | None:
    """An unknown group, need, area or provider in a query, said in the page's language."""
    return unknown_words(
        lang_of(request, request.query_params.get("lang")),
        [
            (d["field"].removeprefix("query."), d["input"])
            for d in details
            if d.get("type") == "unknown_id"
            and "input" in d
            and d.get("field") in ("query.group", "query.need", "query.area", "query.provider")
        ],
        hint=False,
    )


def _bare(request: Request) -> dict[str, Any]:
    lang = request.cookies.get("graphsvc_lang") or "fi"
    lang = lang if lang in LANGS else "fi"
    return {
        "request": request,
        "lang": lang,
        "other_lang": "en" if lang == "fi" else "fi",
        "t": translator(lang),
        "pick": lambda name: pick(name, lang),
        "w": Words(lang),
        "capital": capital,
        "label": label_of(lang),
        "sector_name": lambda s: sector_name(str(s), lang),
        "principal": ANONYMOUS,
        "can_edit": False,
        "csrf": "",
        "nav": [(key, href, href) for key, href in NAV],
        "here": "/",
        "query": query,
        "shown": shown,
        "path": request.url.path,
        "lang_url": "/lang/" + ("en" if lang == "fi" else "fi"),
    }
