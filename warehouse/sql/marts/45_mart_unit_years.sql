-- one row per institution × unit: calc_unit_years materialised when a batch loads (the `units` view reads it, so a
-- page asking for units does not aggregate every rating row); institution order
create or replace table mart_unit_years as select * from calc_unit_years order by institution_id, unit_id;
