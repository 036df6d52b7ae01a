-- one row per institution × year × unit: tallies summed over rater groups and items, and that year's attributes
create or replace view int_unit_year as
with ratings as (
    select * from raw_ratings
),
group_voters as (
    -- voters are per rater group; several items of one group share the same voters
    select institution_id, year, unit_id, rater_group, max(voters) as voters
    from ratings
    group by all
),
voters as (
    select institution_id, year, unit_id, sum(voters)::integer as voters
    from group_voters
    group by all
),
tallies as (
    select
        institution_id,
        year,
        unit_id,
        max(unit_name) as unit_name,
        max(org_level) as org_level,
        max(secretary) as secretary,
        max(mode) as mode,
        sum(votes_good)::integer as votes_good,
        sum(votes_fairly_good)::integer as votes_fairly_good,
        sum(votes_average)::integer as votes_average,
        sum(votes_poor)::integer as votes_poor,
        max(official_grade) as official_grade,
        min(official_rank) as official_rank
    from ratings
    group by all
),
final as (
    select t.*, v.voters
    from tallies as t
    left join voters as v using (institution_id, year, unit_id)
)
select * from final;
