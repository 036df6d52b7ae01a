-- one row per scheme × rater group that carries a weight (A票 60%, B票 40%, …)
create table if not exists raw_scheme_groups (
    scheme_id varchar not null,
    rater_group varchar not null,
    weight double not null
);
