-- one row per rejected source row, with the reason in Chinese and English
create or replace view etl_rejects as
select batch_id, row_number, "column", value, reason,
    message_zh || ' / ' || message_en as message,
    file, sheet, message_zh, message_en
from raw_etl_rejects;
