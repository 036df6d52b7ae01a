-- one row per institution × year (from ratings, rosters, or meeting facts alone): units, modes, means over the units
-- that have them (null when none has), counts by final grade and the share graded 好, 口径, what kind of results
create or replace view calc_institution_year as
with appraisal_rows as (
    select * from mart_appraisal
),
meetings as (
    select
        institution_id,
        appraisal_year as year,
        min(meeting_date) as meeting_date,
        max(onsite_count) as onsite_count,
        max(written_count) as written_count,
        max(total_units) as total_units
    from raw_meetings
    -- only the institution's own meeting speaks for its year (not a province's or a college's)
    where institution_id is not null and appraisal_year is not null
        and coalesce(meeting_level, 'institution') = 'institution'
    group by all
),
rated as (
    select
        institution_id,
        year,
        count(*) as n_units,
        count(*) filter (where mode = 'onsite') as n_onsite,
        count(*) filter (where mode = 'written') as n_written,
        avg(score) as mean_score,
        avg(good_rate) as good_rate,
        avg(positive_rate) as positive_rate,
        count(*) filter (where final_grade = 'good') as n_good,
        count(*) filter (where final_grade = 'fairly_good') as n_fairly_good,
        count(*) filter (where final_grade = 'average') as n_average,
        count(*) filter (where final_grade = 'poor') as n_poor,
        count(final_grade) as n_graded,
        count(*) filter (where final_grade = 'good') / nullif(count(final_grade), 0) as share_good,
        count(score) as n_scored,
        count(good_rate) as n_voted,
        any_value(scheme_id) as scheme_id
    from appraisal_rows
    group by institution_id, year
),
keys as (
    select institution_id, year from rated
    union
    select institution_id, year from meetings
),
final as (
    select
        k.institution_id,
        i.name as institution,
        k.year,
        coalesce(r.n_units, m.total_units) as n_units,
        -- modes from the units' rows (results or a roster); when no unit has one (a grade list, a tally without
        -- 述职方式), the meeting's counts, else unknown (null), never a 0 made of missing modes
        case when r.n_onsite + r.n_written > 0 then r.n_onsite else m.onsite_count end as n_onsite,
        case when r.n_onsite + r.n_written > 0 then r.n_written else m.written_count end as n_written,
        r.mean_score,
        r.good_rate,
        r.positive_rate,
        r.n_good,
        r.n_fairly_good,
        r.n_average,
        r.n_poor,
        r.scheme_id,
        s.label as scheme_label,
        m.meeting_date,
        r.n_units is not null as has_ratings,
        r.n_graded,
        r.share_good,
        coalesce(r.n_graded + r.n_scored + r.n_voted > 0, false) as has_results,
        coalesce(r.n_graded > 0 and r.n_scored = 0 and r.n_voted = 0, false) as grades_only
    from keys as k
    join raw_institutions as i using (institution_id)
    left join rated as r using (institution_id, year)
    left join meetings as m using (institution_id, year)
    left join raw_schemes as s on s.scheme_id = r.scheme_id
)
select * from final;
