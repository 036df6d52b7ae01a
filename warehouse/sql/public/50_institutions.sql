-- one row per institution
create or replace view institutions as
select institution_id, name, short_name, province, kind, is_demo
from raw_institutions;
