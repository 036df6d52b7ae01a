-- one row per institution × year × unit × rater group × item: the cell's value under its scheme and its weight
create or replace view stg_rating_cells as
with ratings as (
    select * from raw_ratings
),
schemes as (
    select y.institution_id, y.year, s.*
    from stg_year_scheme as y
    join raw_schemes as s using (scheme_id)
),
cells as (
    select
        r.institution_id,
        r.year,
        r.unit_id,
        r.rater_group,
        r.item,
        s.scheme_id,
        coalesce(r.votes_good, 0) + coalesce(r.votes_fairly_good, 0)
            + coalesce(r.votes_average, 0) + coalesce(r.votes_poor, 0) as graded_votes,
        coalesce(r.votes_good, 0) * s.points_good
            + coalesce(r.votes_fairly_good, 0) * s.points_fairly_good
            + coalesce(r.votes_average, 0) * s.points_average
            + coalesce(r.votes_poor, 0) * s.points_poor as points_sum,
        r.score,
        r.voters
    from ratings as r
    join schemes as s on s.institution_id = r.institution_id and s.year = r.year
),
final as (
    select
        institution_id, year, unit_id, rater_group, item, scheme_id,
        -- votes decide when present (scheme-derived); a given score is used only without votes
        case when graded_votes > 0 then points_sum / graded_votes else score end as cell_value,
        case
            when graded_votes > 0 then graded_votes::double
            when score is not null then coalesce(voters, 1)::double
        end as cell_weight
    from cells
)
select * from final;
