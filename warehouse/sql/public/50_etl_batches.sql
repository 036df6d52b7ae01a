-- one row per load attempt of one source file
create or replace view etl_batches as
select batch_id, kind, source, sha256, loaded_at, status, rows_read, rows_loaded, rows_rejected,
    loaded_by, note
from raw_etl_batches;
