-- the weights of a scheme: one row per scheme × rater group (A票 60%, …) and per scheme × rating item
create or replace view scheme_groups as
select scheme_id, rater_group, weight from raw_scheme_groups;

create or replace view scheme_items as
select scheme_id, item, weight from raw_scheme_items;
