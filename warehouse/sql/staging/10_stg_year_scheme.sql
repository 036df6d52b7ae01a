-- one row per institution × year with ratings or a roster: the scheme (口径) that applies to it
create or replace view stg_year_scheme as
with years as (
    select distinct institution_id, year from raw_ratings
    union
    select distinct institution_id, year from raw_roster
),
candidates as (
    select
        y.institution_id,
        y.year,
        s.scheme_id,
        row_number() over (
            partition by y.institution_id, y.year
            order by s.year_from desc nulls last, s.scheme_id
        ) as pick
    from years as y
    join raw_schemes as s
        on s.institution_id = y.institution_id
        and y.year between coalesce(s.year_from, 0) and coalesce(s.year_to, 9999)
),
final as (
    select y.institution_id, y.year, coalesce(c.scheme_id, 'default') as scheme_id
    from years as y
    left join candidates as c
        on c.institution_id = y.institution_id and c.year = y.year and c.pick = 1
)
select * from final;
