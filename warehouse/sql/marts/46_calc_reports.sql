-- one row per secretary's report: the `reports` view's row — the raw report with its institution's name and its
-- unit's latest name and type (mart_units). Keyed by institution, so a refresh of one institution reads only its rows.
create or replace view calc_reports as
select
    r.report_id,
    r.institution_id,
    i.name as institution,
    r.year,
    r.unit_id,
    coalesce(r.unit_name, u.name) as unit,
    u.unit_type,
    r.secretary,
    r.mode,
    r.title,
    r.report_date,
    r.text_chars,
    r.n_problems,
    r.n_measures,
    r.keywords,
    r.source,
    r.sha256
from raw_reports as r
left join raw_institutions as i using (institution_id)
left join mart_units as u on u.unit_id = r.unit_id;
