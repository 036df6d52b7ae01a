-- one row per institution × unit × name: calc_unit_name_years materialised when a batch loads (the `unit_names`
-- view reads it); institution order
create or replace table mart_unit_name_years as
select * from calc_unit_name_years order by institution_id, unit_id, name;
