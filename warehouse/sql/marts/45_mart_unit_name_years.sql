-- one row per institution × unit × name: calc_unit_name_years materialised when a batch loads (the `unit_names`
-- view is its projection); institution order, and an index on unit_id for the one-unit lookup of the unit page
create or replace table mart_unit_name_years as
select * from calc_unit_name_years order by institution_id, unit_id, name;
create index mart_unit_name_years_unit on mart_unit_name_years (unit_id);
