-- one row per loaded batch × institution it brought rows for (ratings, reports, meetings, units, institutions)
create or replace view batch_institutions as
select distinct batch_id, institution_id
from (
    select batch_id, institution_id from raw_ratings
    union all
    select batch_id, institution_id from raw_reports
    union all
    select batch_id, institution_id from raw_meetings
    union all
    select batch_id, institution_id from raw_units
    union all
    select batch_id, institution_id from raw_institutions
)
where batch_id is not null and institution_id is not null;
