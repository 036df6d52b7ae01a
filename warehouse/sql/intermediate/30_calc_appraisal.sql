-- one row per institution × year × unit: the public appraisal fact (scores, rates, grades, rank)
create or replace view calc_appraisal as
with unit_year as (
    select * from int_unit_year
),
scores as (
    select * from int_unit_scores
),
year_scheme as (
    select * from stg_year_scheme
),
schemes as (
    select * from raw_schemes
),
units as (
    select * from raw_units
),
institutions as (
    select * from raw_institutions
),
joined as (
    select
        uy.institution_id,
        i.name as institution,
        uy.year,
        uy.unit_id,
        uy.unit_name as unit,
        u.unit_type,
        coalesce(uy.org_level, u.org_level) as org_level,
        uy.secretary,
        uy.mode,
        uy.voters,
        uy.votes_good,
        uy.votes_fairly_good,
        uy.votes_average,
        uy.votes_poor,
        coalesce(uy.votes_good, 0) + coalesce(uy.votes_fairly_good, 0)
            + coalesce(uy.votes_average, 0) + coalesce(uy.votes_poor, 0) as graded_votes,
        sc.score,
        s.scheme_id,
        s.min_good,
        s.min_fairly_good,
        s.min_average,
        uy.official_grade
    from unit_year as uy
    join institutions as i using (institution_id)
    join units as u using (unit_id)
    join year_scheme as ys using (institution_id, year)
    join schemes as s on s.scheme_id = ys.scheme_id
    left join scores as sc using (institution_id, year, unit_id)
),
graded as (
    select
        *,
        case when graded_votes > 0 then votes_good / graded_votes end as good_rate,
        case when graded_votes > 0 then (coalesce(votes_good, 0) + coalesce(votes_fairly_good, 0)) / graded_votes end
            as positive_rate,
        case
            when score is null then null
            when score >= min_good then 'good'
            when score >= min_fairly_good then 'fairly_good'
            when score >= min_average then 'average'
            else 'poor'
        end as computed_grade
    from joined
),
final as (
    select
        institution_id,
        institution,
        year,
        unit_id,
        unit,
        unit_type,
        org_level,
        secretary,
        mode,
        voters,
        votes_good,
        votes_fairly_good,
        votes_average,
        votes_poor,
        good_rate,
        positive_rate,
        score,
        computed_grade,
        official_grade,
        coalesce(official_grade, computed_grade) as final_grade,
        case when score is not null then
            rank() over (partition by institution_id, year order by score desc nulls last)
        end as rank,
        count(*) over (partition by institution_id, year) as units_in_year,
        scheme_id
    from graded
)
select * from final;
