-- one row per scheme × rating item that carries a weight (政治建设, 工作成效, …)
create table if not exists raw_scheme_items (
    scheme_id varchar not null,
    item varchar not null,
    weight double not null
);
