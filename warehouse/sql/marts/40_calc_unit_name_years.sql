-- one row per institution × unit × name seen in ratings or rosters (a name on a roster was carried that year too),
-- with the years of that name
create or replace view calc_unit_name_years as
with observed as (
    select institution_id, unit_id, unit_name, year from raw_ratings
    union all
    select institution_id, unit_id, unit_name, year from raw_roster
),
final as (
    select institution_id, unit_id, unit_name as name, min(year) as first_year, max(year) as last_year
    from observed
    group by institution_id, unit_id, unit_name
)
select * from final;
