"""The UTM plan: one tagged link per story URL and network, so advocacy traffic and leads can be
found later in the web analytics and the CRM (metrics.py looks for utm_medium=advocacy).

The scheme (shown on the page and in the README):
    utm_source   = the network, lower case, no spaces (linkedin, x, facebook, instagram)
    utm_medium   = advocacy (the same for every link: it is how advocacy traffic is recognised)
    utm_campaign = the campaign name, as a slug (lower case, words joined by -)
    utm_content  = the story: the last part of its URL path as a slug (or its host)
An existing query string and fragment are kept; utm_ parameters already present are replaced.
"""

import csv
import io
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pandas as pd

from ..errors import ScenarioError
from ..safecells import safe_cell

MEDIUM = "advocacy"
MAX_URLS = 5000
MAX_URL_LENGTH = 2000
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
COLUMNS = ["story_url", "network", *UTM_KEYS, "tagged_url"]


def slug(text: str, limit: int = 60) -> str:
    """'Q3 Launch: Big News!' -> 'q3-launch-big-news'."""
    out = re.sub(r"[^0-9a-z]+", "-", str(text).casefold()).strip("-")
    return out[:limit].rstrip("-")


def story_content(url: str) -> str:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    last = re.sub(r"\.(html?|php|aspx?)$", "", segments[-1]) if segments else ""
    return slug(last) or slug(parts.hostname or "") or "story"


def url_problem(url: str) -> str | None:
    """Why a URL cannot be tagged, or None."""
    if len(url) > MAX_URL_LENGTH:
        return f"longer than {MAX_URL_LENGTH:,} characters"
    if any(c.isspace() for c in url) or not url.isprintable():
        return "contains spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a bad port
    except ValueError as exc:
        return f"is not a URL ({exc})"
    if parts.scheme.casefold() not in ("http", "https"):
        return "must start with http:// or https://" + (" (add https://)" if not parts.scheme else "")
    if not parts.hostname or "." not in parts.hostname and parts.hostname != "localhost":
        return "has no web address (host) after the scheme"
    del port
    return None


def tag(url: str, source: str, campaign: str, content: str | None = None, medium: str = MEDIUM) -> str:
    """The URL with the four utm_ parameters; its own query (minus old utm_ tags) and fragment kept."""
    parts = urlsplit(url)
    tags = {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign,
            "utm_content": content if content is not None else story_content(url)}
    query = parts.query
    if any(k.casefold() in UTM_KEYS for k, _ in parse_qsl(query, keep_blank_values=True)):
        kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.casefold() not in UTM_KEYS]
        query = urlencode(kept, quote_via=quote)
    ours = urlencode(tags, quote_via=quote)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, f"{query}&{ours}" if query else ours,
                       parts.fragment))


def parse_url_list(text: str) -> list[str]:
    """URLs from pasted text or a file: one per line (several on a line when separated by spaces)."""
    items = []
    for line in text.splitlines():
        line = line.strip()
        several = len(re.findall(r"https?://", line, flags=re.I)) > 1
        items += line.split() if several else [line]
    return list(dict.fromkeys(i.strip("\"'<>") for i in items if i.strip("\"'<>")))


def plan(urls: list[str], networks: list[str], campaign: str) -> tuple[pd.DataFrame, list[str]]:
    """Tagged links for every valid URL × network, and one line per URL that could not be used."""
    campaign_slug = slug(campaign)
    problems = []
    urls = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    if not campaign_slug:
        raise ScenarioError(["campaign: give a campaign name with at least one letter or digit"])
    if not networks:
        raise ScenarioError(["networks: choose at least one network in the scenario"])
    if len(urls) > MAX_URLS:
        problems.append(f"urls: {len(urls):,} given, the first {MAX_URLS:,} are planned")
        urls = urls[:MAX_URLS]
    rows = []
    for i, url in enumerate(urls, start=1):
        why = url_problem(url)
        if why:
            shown = url if len(url) <= 60 else url[:57] + "..."
            problems.append(f"URL {i} ({shown!r}): {why}")
            continue
        content = story_content(url)
        for net in networks:
            source = slug(net) or "social"
            rows.append((url, net, source, MEDIUM, campaign_slug, content, tag(url, source, campaign_slug, content)))
    return pd.DataFrame(rows, columns=COLUMNS), problems


def safe_csv(frame: pd.DataFrame) -> str:
    """CSV text with every text cell protected against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
