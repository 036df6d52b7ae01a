-- one row per unit: its latest name, type and level, and the years it was appraised (mart_units, rebuilt with the
-- other marts when a batch loads)
create or replace view units as
select unit_id, institution_id, name, unit_type, org_level, parent_unit_id, first_year, last_year
from mart_units;
