"""The four kinds of export and the fields the metrics read from each (no I/O, no pandas).

A field has a canonical name (what the metrics use), a kind that says how its cells are
parsed, whether it is required, and the column names platforms commonly give it: the
mapping guesser (mapping.py) matches headers against those names.
"""

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "date", "count", "amount", "flag"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    meaning: str
    synonyms: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: str
    meaning: str
    fields: tuple[Field, ...]
    # At least one field of each group must be mapped (story or URL, for example).
    one_of: tuple[tuple[str, ...], ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


_PERSON = ("employee", "employee name", "user", "user name", "username", "advocate", "advocate name", "name",
           "full name", "member", "sharer", "shared by", "person", "email", "employee email", "user email", "user id",
           "employee id")
_TEAM = ("team", "department", "dept", "group", "business unit", "unit", "division", "function", "org unit")
_SOURCE = ("source", "utm source", "utm_source", "lead source", "original source", "traffic source", "channel",
           "session source", "referrer")
_MEDIUM = ("medium", "utm medium", "utm_medium", "session medium", "traffic medium", "source medium")
_CAMPAIGN = ("campaign", "utm campaign", "utm_campaign", "session campaign", "campaign name")

SHARES = ExportKind("shares", "Shares", "one row per share, from the advocacy platform", (
    Field("employee", "text", "who shared", _PERSON, required=True),
    Field("date", "date", "when it was shared", ("shared at", "share date", "date shared", "shared on", "date",
                                                  "posted at", "published at", "timestamp", "time", "created at",
                                                  "share time", "day"), required=True),
    Field("story", "text", "the story (title or id)", ("story", "story title", "title", "article", "post",
                                                        "content", "content title", "headline", "story id",
                                                        "post title", "item")),
    Field("url", "text", "the story's link", ("url", "link", "story url", "article url", "content url", "shared url",
                                               "web address", "href")),
    Field("team", "text", "the sharer's team", _TEAM),
    Field("category", "text", "content category", ("category", "topic", "content category", "content type", "tag",
                                                     "theme", "label")),
    Field("branded", "flag", "company content (yes) or third-party (no)", ("branded", "is branded", "own content",
                                                                            "company content", "brand")),
    Field("network", "text", "where it was shared", ("network", "social network", "channel", "platform",
                                                      "social media", "site", "service")),
    Field("clicks", "count", "clicks on the shared link", ("clicks", "link clicks", "click count", "visits",
                                                           "clicks count", "total clicks")),
    Field("reactions", "count", "likes, comments and reshares", ("reactions", "engagement", "engagements", "likes",
                                                                  "interactions", "social actions")),
    Field("device", "text", "mobile or desktop", ("device", "device type", "platform device", "client", "app")),
    Field("curator", "text", "who submitted the story", ("curator", "submitted by", "suggested by", "author",
                                                         "curated by", "added by", "owner", "editor")),
), one_of=(("story", "url"),))

ROSTER = ExportKind("roster", "Roster", "one row per employee in the program", (
    Field("employee", "text", "the employee (same names as in the shares)", _PERSON, required=True),
    Field("team", "text", "the employee's team", _TEAM),
    Field("invited", "date", "when invited", ("invited", "invited on", "invited at", "invitation date",
                                              "date invited", "invite date", "invitation sent")),
    Field("registered", "date", "when registered (empty if not yet)", (
        "registered", "registered on", "registered at", "registration date", "date registered", "joined",
        "joined on", "signed up", "sign up date", "activated", "activation date", "onboarded")),
))

ANALYTICS = ExportKind("analytics", "Web analytics", "sessions by source / medium / campaign or landing page", (
    Field("date", "date", "day or week of the sessions", ("date", "day", "week", "month", "period", "date range")),
    Field("source", "text", "traffic source", _SOURCE),
    Field("medium", "text", "traffic medium", _MEDIUM),
    Field("campaign", "text", "campaign", _CAMPAIGN),
    Field("landing_page", "text", "landing page (may carry utm_ tags)", (
        "landing page", "landing page url", "page", "page path", "landing page path", "url", "entrance page")),
    Field("sessions", "count", "sessions (visits)", ("sessions", "visits", "users", "entrances", "traffic"),
          required=True),
    Field("bounces", "count", "bounced sessions", ("bounces", "bounced sessions", "bounce count",
                                                  "single page sessions")),
    Field("conversions", "count", "conversions (goals, form fills)", ("conversions", "goal completions", "goals",
                                                                      "key events", "form submissions", "leads",
                                                                      "transactions")),
), one_of=(("source", "medium", "campaign", "landing_page"),))

LEADS = ExportKind("leads", "CRM leads", "one row per lead, from the CRM", (
    Field("lead", "text", "lead id or name", ("lead", "lead id", "id", "record id", "contact", "lead name",
                                              "contact id", "name", "email", "opportunity"), required=True),
    Field("date", "date", "when the lead was created", ("created", "created at", "created on", "create date",
                                                         "created date", "date", "lead date", "date created"),
          required=True),
    Field("source", "text", "lead source", _SOURCE),
    Field("medium", "text", "UTM medium", _MEDIUM),
    Field("campaign", "text", "UTM campaign", _CAMPAIGN),
    Field("stage", "text", "furthest stage: lead, MQL, SQL or won", (
        "stage", "lifecycle stage", "status", "lead status", "funnel stage", "deal stage", "lifecyclestage")),
    Field("amount", "amount", "deal amount (pipeline / revenue)", ("amount", "deal amount", "value", "deal value",
                                                                   "revenue", "opportunity amount", "pipeline")),
))

KINDS: dict[str, ExportKind] = {k.name: k for k in (SHARES, ROSTER, ANALYTICS, LEADS)}
