-- one row per institution × year × unit: calc_appraisal materialised when a batch loads (pages read this); stored
-- in institution and year order, so a filter on institution_id skips the other row groups (zone maps)
create or replace table mart_appraisal as select * from calc_appraisal order by institution_id, year, unit_id;
