-- one row per fact about the warehouse file itself (schema_hash: which .sql files made its views)
create table if not exists raw_meta (
    key varchar primary key,
    value varchar
);
