-- one row per institution × year × unit_type: means and rates over the units that have them (null when none has;
-- each unit counts once), counts of units by final grade (grade-only results included) and the share graded 好
create or replace view calc_type_year as
with appraisal_rows as (
    select * from mart_appraisal
),
final as (
    select
        institution_id,
        any_value(institution) as institution,
        year,
        unit_type,
        count(*) as n_units,
        avg(score) as mean_score,
        avg(good_rate) as good_rate,
        avg(positive_rate) as positive_rate,
        count(*) filter (where final_grade = 'good') as n_good,
        count(*) filter (where final_grade = 'fairly_good') as n_fairly_good,
        count(*) filter (where final_grade = 'average') as n_average,
        count(*) filter (where final_grade = 'poor') as n_poor,
        count(final_grade) as n_graded,
        count(*) filter (where final_grade = 'good') / nullif(count(final_grade), 0) as share_good
    from appraisal_rows
    group by institution_id, year, unit_type
)
select * from final;
