-- one row per secretary's report: who reported for which unit and year, and what the document says
-- (mart_reports, rebuilt with the other marts when a batch loads)
create or replace view reports as
select
    report_id,
    institution_id,
    institution,
    year,
    unit_id,
    unit,
    unit_type,
    secretary,
    mode,
    title,
    report_date,
    text_chars,
    n_problems,
    n_measures,
    keywords,
    source,
    sha256
from mart_reports;
