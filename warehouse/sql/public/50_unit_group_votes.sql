-- one row per unit × year × rater group (票种; '' when the file names none): its votes by grade summed over the
-- rating items (internal tallies of raw_ratings, for the unit profile's votes by group)
create or replace view unit_group_votes as
select
    institution_id,
    unit_id,
    year,
    rater_group,
    sum(votes_good)::bigint as votes_good,
    sum(votes_fairly_good)::bigint as votes_fairly_good,
    sum(votes_average)::bigint as votes_average,
    sum(votes_poor)::bigint as votes_poor
from raw_ratings
group by institution_id, unit_id, year, rater_group;
