-- one row per scoring scheme (口径) of an institution and year range; institution_id null = the default
create table if not exists raw_schemes (
    scheme_id varchar primary key,
    institution_id varchar,
    year_from integer,
    year_to integer,
    label varchar not null,
    scale varchar not null default 'grades',   -- grades · score
    points_good double not null default 100,
    points_fairly_good double not null default 80,
    points_average double not null default 60,
    points_poor double not null default 0,
    min_good double not null default 90,
    min_fairly_good double not null default 75,
    min_average double not null default 60,
    batch_id varchar
);
insert into raw_schemes (scheme_id, institution_id, year_from, year_to, label)
select 'default', null, null, null, '默认口径:分值 好100/较好80/一般60/差0,门槛 好≥90/较好≥75/一般≥60,票数合并'
where not exists (select 1 from raw_schemes where scheme_id = 'default');
