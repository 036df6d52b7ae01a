-- one row per unit: calc_units materialised when a batch loads (the `units` view reads it, so a page asking for
-- units does not aggregate every rating row); institution order, and an index on unit_id: the unit page and the
-- scope checks look one unit up (an index scan, not a scan of every unit)
create or replace table mart_units as select * from calc_units order by institution_id, unit_id;
create index mart_units_unit on mart_units (unit_id);
