-- one row per institution × year × unit: tallies summed over rater groups and items, and that year's attributes;
-- a unit-year known only from a roster (raw_roster) is a row with null results, and a roster's mode and secretary
-- fill what the results lack (one row per unit-year whichever was loaded first)
create or replace view int_unit_year as
with ratings as (
    select * from raw_ratings
),
roster as (
    select institution_id, year, unit_id, max(unit_name) as unit_name, max(org_level) as org_level,
        max(secretary) as secretary, max(mode) as mode
    from raw_roster
    group by all
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
results as (
    select t.*, v.voters
    from tallies as t
    left join voters as v using (institution_id, year, unit_id)
),
final as (
    select
        coalesce(r.institution_id, o.institution_id) as institution_id,
        coalesce(r.year, o.year) as year,
        coalesce(r.unit_id, o.unit_id) as unit_id,
        coalesce(r.unit_name, o.unit_name) as unit_name,
        coalesce(r.org_level, o.org_level) as org_level,
        coalesce(r.secretary, o.secretary) as secretary,
        coalesce(r.mode, o.mode) as mode,
        r.votes_good,
        r.votes_fairly_good,
        r.votes_average,
        r.votes_poor,
        r.official_grade,
        r.official_rank,
        r.voters
    from results as r
    full outer join roster as o using (institution_id, year, unit_id)
)
select * from final;
