-- one row per appraisal meeting
create or replace view meetings as
select meeting_id, institution_id, institution_name, appraisal_year, meeting_date, meeting_level,
    onsite_count, written_count, total_units, chair, source, sha256, evidence
from raw_meetings;
