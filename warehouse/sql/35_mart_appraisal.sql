-- one row per institution × year × unit: calc_appraisal materialised when a batch loads (pages read this)
create or replace table mart_appraisal as select * from calc_appraisal;
