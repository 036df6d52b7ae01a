-- one row per appraisal meeting (述职评议会), from news items and notices, ratings files or demo data
create or replace view meetings as
select
    m.meeting_id,
    m.institution_id,
    coalesce(i.name, m.institution_name) as institution,
    m.institution_name,
    m.appraisal_year,
    m.meeting_date,
    m.meeting_date_inferred,
    m.meeting_level,
    m.onsite_count,
    m.written_count,
    m.total_units,
    m.onsite_units,
    m.unit_types,
    m.rating_scale,
    m.ballot_weights,
    m.rater_groups,
    m.chair,
    m.publication_date,
    m.source,
    m.sha256,
    m.evidence
from raw_meetings as m
left join raw_institutions as i using (institution_id);
