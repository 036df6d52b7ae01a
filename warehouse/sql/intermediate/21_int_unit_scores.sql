-- one row per institution × year × unit: the unit score under the scheme of that year (DESIGN.md "Scores")
create or replace view int_unit_scores as
with cells as (
    select * from stg_rating_cells where cell_value is not null
),
item_weights as (
    select scheme_id, item, weight from raw_scheme_items
),
item_weighted_schemes as (
    select distinct scheme_id from raw_scheme_items
),
group_weights as (
    select scheme_id, rater_group, weight from raw_scheme_groups
),
-- items: weighted by the scheme's item weights when it has any (unlisted items then count 0), else plain mean
cells_w as (
    select
        c.*,
        case
            when iws.scheme_id is null then 1.0
            else coalesce(iw.weight, 0.0)
        end as item_weight
    from cells as c
    left join item_weighted_schemes as iws using (scheme_id)
    left join item_weights as iw on iw.scheme_id = c.scheme_id and iw.item = c.item
),
-- path 1, weighted groups: item-mean per group, then the weighted mean over the groups present
group_values as (
    select
        institution_id, year, unit_id, scheme_id, rater_group,
        sum(cell_value * item_weight) / nullif(sum(item_weight), 0) as group_value
    from cells_w
    group by all
),
weighted as (
    select
        g.institution_id, g.year, g.unit_id,
        sum(g.group_value * gw.weight) / nullif(sum(gw.weight), 0) as score
    from group_values as g
    join group_weights as gw on gw.scheme_id = g.scheme_id and gw.rater_group = g.rater_group
    where g.group_value is not null and gw.weight > 0
    group by all
),
-- path 2, no weights for the groups present: votes pooled over groups per item, then the item mean
pooled_items as (
    select
        institution_id, year, unit_id, item,
        any_value(item_weight) as item_weight,
        sum(cell_value * cell_weight) / nullif(sum(cell_weight), 0) as item_value
    from cells_w
    group by all
),
pooled as (
    select
        institution_id, year, unit_id,
        sum(item_value * item_weight) / nullif(sum(item_weight), 0) as score
    from pooled_items
    group by all
),
final as (
    select
        p.institution_id,
        p.year,
        p.unit_id,
        coalesce(w.score, p.score) as score,
        w.score is not null as group_weighted
    from pooled as p
    left join weighted as w using (institution_id, year, unit_id)
)
select * from final;
