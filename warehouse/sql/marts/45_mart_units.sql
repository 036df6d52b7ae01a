-- one row per unit: calc_units materialised when a batch loads (the `units` view reads it, so a page asking for
-- units does not aggregate every rating row); institution order
create or replace table mart_units as select * from calc_units order by institution_id, unit_id;
