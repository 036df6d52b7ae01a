"""The domain's codes, defined once: grades, unit types, modes of report, metrics. The ETL writes them, the
warehouse's SQL checks them (accepted values) and the dashboard shows them; each imports the codes from here.
Display labels (Chinese and English) and colours stay with the dashboard (dashboard/labels.py).

It imports nothing of the project."""

from __future__ import annotations

from typing import Literal, get_args

# the four grades of a vote and of a unit's final grade (好 / 较好 / 一般 / 差), best first
Grade = Literal["good", "fairly_good", "average", "poor"]
GRADES: tuple[Grade, ...] = get_args(Grade)
# a vote column of the facts per grade (appraisal.votes_good …)
VOTE_COLUMNS: dict[str, str] = {g: f"votes_{g}" for g in GRADES}

# the kinds of unit that report (附属医院 / 学院 / 支部 / 机关)
UnitType = Literal["affiliated_hospital", "college", "branch", "administrative"]
UNIT_TYPES: tuple[UnitType, ...] = get_args(UnitType)

# how a unit's secretary reported (现场 / 书面 / 口头 / 实地 / 线上)
Mode = Literal["onsite", "written", "oral", "field_visit", "online"]
MODES: tuple[Mode, ...] = get_args(Mode)

# what a chart measures: the mean per unit of its good rate, positive rate, a 0/1 "graded good", or its score
Metric = Literal["good_rate", "positive_rate", "share_good", "score"]
METRICS: tuple[Metric, ...] = get_args(Metric)
DEFAULT_METRIC: Metric = "good_rate"
# the metrics that are shares (0–1, shown as percentages); score is on its own scale
RATE_METRICS: frozenset[Metric] = frozenset({"good_rate", "positive_rate", "share_good"})

# the canonical fields a ratings table's column can be mapped to (`pingyi ingest --map`, the upload page's
# mapping step), in the order the page offers them; "ignore" drops the column
IGNORE_FIELD = "ignore"
MAP_FIELDS: tuple[str, ...] = (
    "institution",
    "year",
    "unit",
    "unit_type",
    "secretary",
    "mode",
    "rater_group",
    "item",
    *GRADES,
    "abstain",
    "voters",
    "score",
    "official_grade",
    "rank",
    "remarks",
    "grade",
    "votes",
    IGNORE_FIELD,
)
