-- one row per institution × unit seen in ratings or rosters: the years it was appraised (a roster alone makes a
-- unit-year appraised: it reported), its latest name and org level as written
create or replace view calc_unit_years as
with observed as (
    select institution_id, unit_id, year, unit_name, org_level from raw_ratings
    union all
    select institution_id, unit_id, year, unit_name, org_level from raw_roster
),
final as (
    select
        institution_id,
        unit_id,
        min(year) as first_year,
        max(year) as last_year,
        arg_max(unit_name, year) as latest_name,
        arg_max(org_level, year) as latest_level
    from observed
    group by institution_id, unit_id
)
select * from final;
