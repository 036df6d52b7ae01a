-- one row per institution × year × unit_type: calc_type_year materialised when a batch loads (institution order)
create or replace table mart_type_year as select * from calc_type_year order by institution_id, year, unit_type;
