-- Pingyi lake: Trino (Hive connector) tables over the lake's `current` path. Generated from the snapshot
-- manifest by `pingyi export lake-schema DIR --dialect trino --location URI` (do not edit by hand).
-- After each export run current/_schema/trino-refresh.sql (partition sync, metadata cache flush).
CREATE SCHEMA IF NOT EXISTS hive.pingyi;

CREATE TABLE IF NOT EXISTS hive.pingyi.institutions (
  "institution_id" varchar,
  "name" varchar,
  "short_name" varchar,
  "province" varchar,
  "kind" varchar,
  "is_demo" boolean
) WITH (
  external_location = 's3://pingyi/lake/current/institutions',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.pingyi.units (
  "unit_id" varchar,
  "institution_id" varchar,
  "name" varchar,
  "unit_type" varchar,
  "org_level" varchar,
  "parent_unit_id" varchar,
  "first_year" integer,
  "last_year" integer
) WITH (
  external_location = 's3://pingyi/lake/current/units',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.pingyi.unit_names (
  "unit_id" varchar,
  "name" varchar,
  "first_year" integer,
  "last_year" integer
) WITH (
  external_location = 's3://pingyi/lake/current/unit_names',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.pingyi.appraisal (
  "institution_id" varchar,
  "institution" varchar,
  "unit_id" varchar,
  "unit" varchar,
  "unit_type" varchar,
  "org_level" varchar,
  "secretary" varchar,
  "mode" varchar,
  "voters" integer,
  "votes_good" integer,
  "votes_fairly_good" integer,
  "votes_average" integer,
  "votes_poor" integer,
  "good_rate" double,
  "positive_rate" double,
  "score" double,
  "computed_grade" varchar,
  "official_grade" varchar,
  "final_grade" varchar,
  "rank" bigint,
  "units_in_year" bigint,
  "scheme_id" varchar,
  "year" integer
) WITH (
  external_location = 's3://pingyi/lake/current/appraisal',
  format = 'PARQUET',
  partitioned_by = ARRAY['year']
);
CALL hive.system.sync_partition_metadata('pingyi', 'appraisal', 'FULL');

CREATE TABLE IF NOT EXISTS hive.pingyi.type_year (
  "institution_id" varchar,
  "institution" varchar,
  "unit_type" varchar,
  "n_units" bigint,
  "mean_score" double,
  "good_rate" double,
  "positive_rate" double,
  "n_good" bigint,
  "n_fairly_good" bigint,
  "n_average" bigint,
  "n_poor" bigint,
  "n_graded" bigint,
  "share_good" double,
  "year" integer
) WITH (
  external_location = 's3://pingyi/lake/current/type_year',
  format = 'PARQUET',
  partitioned_by = ARRAY['year']
);
CALL hive.system.sync_partition_metadata('pingyi', 'type_year', 'FULL');

CREATE TABLE IF NOT EXISTS hive.pingyi.institution_year (
  "institution_id" varchar,
  "institution" varchar,
  "n_units" bigint,
  "n_onsite" bigint,
  "n_written" bigint,
  "mean_score" double,
  "good_rate" double,
  "positive_rate" double,
  "n_good" bigint,
  "n_fairly_good" bigint,
  "n_average" bigint,
  "n_poor" bigint,
  "scheme_id" varchar,
  "scheme_label" varchar,
  "meeting_date" date,
  "has_ratings" boolean,
  "n_graded" bigint,
  "share_good" double,
  "has_results" boolean,
  "grades_only" boolean,
  "year" integer
) WITH (
  external_location = 's3://pingyi/lake/current/institution_year',
  format = 'PARQUET',
  partitioned_by = ARRAY['year']
);
CALL hive.system.sync_partition_metadata('pingyi', 'institution_year', 'FULL');

CREATE TABLE IF NOT EXISTS hive.pingyi.meetings (
  "meeting_id" varchar,
  "institution_id" varchar,
  "institution" varchar,
  "institution_name" varchar,
  "appraisal_year" integer,
  "meeting_date" date,
  "meeting_date_inferred" boolean,
  "meeting_level" varchar,
  "onsite_count" integer,
  "written_count" integer,
  "total_units" integer,
  "onsite_units" array(varchar),
  "unit_types" array(varchar),
  "rating_scale" array(varchar),
  "ballot_weights" varchar,
  "rater_groups" array(varchar),
  "chair" varchar,
  "publication_date" date,
  "source" varchar,
  "sha256" varchar,
  "evidence" varchar
) WITH (
  external_location = 's3://pingyi/lake/current/meetings',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.pingyi.reports (
  "report_id" varchar,
  "institution_id" varchar,
  "institution" varchar,
  "unit_id" varchar,
  "unit" varchar,
  "unit_type" varchar,
  "secretary" varchar,
  "mode" varchar,
  "title" varchar,
  "report_date" date,
  "text_chars" integer,
  "n_problems" integer,
  "n_measures" integer,
  "keywords" array(varchar),
  "source" varchar,
  "sha256" varchar,
  "year" integer
) WITH (
  external_location = 's3://pingyi/lake/current/reports',
  format = 'PARQUET',
  partitioned_by = ARRAY['year']
);
CALL hive.system.sync_partition_metadata('pingyi', 'reports', 'FULL');

CREATE TABLE IF NOT EXISTS hive.pingyi.etl_batches (
  "batch_id" varchar,
  "kind" varchar,
  "source" varchar,
  "sha256" varchar,
  "loaded_at" timestamp(3),
  "status" varchar,
  "rows_read" integer,
  "rows_loaded" integer,
  "rows_rejected" integer,
  "loaded_by" varchar,
  "note" varchar
) WITH (
  external_location = 's3://pingyi/lake/current/etl_batches',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.pingyi.etl_rejects (
  "batch_id" varchar,
  "row_number" integer,
  "column" varchar,
  "value" varchar,
  "reason" varchar,
  "message" varchar,
  "file" varchar,
  "sheet" varchar,
  "message_zh" varchar,
  "message_en" varchar
) WITH (
  external_location = 's3://pingyi/lake/current/etl_rejects',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.pingyi.schemes (
  "scheme_id" varchar,
  "institution_id" varchar,
  "year_from" integer,
  "year_to" integer,
  "label" varchar,
  "scale" varchar,
  "points_good" double,
  "points_fairly_good" double,
  "points_average" double,
  "points_poor" double,
  "min_good" double,
  "min_fairly_good" double,
  "min_average" double
) WITH (
  external_location = 's3://pingyi/lake/current/schemes',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.pingyi.scheme_groups (
  "scheme_id" varchar,
  "rater_group" varchar,
  "weight" double
) WITH (
  external_location = 's3://pingyi/lake/current/scheme_groups',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.pingyi.scheme_items (
  "scheme_id" varchar,
  "item" varchar,
  "weight" double
) WITH (
  external_location = 's3://pingyi/lake/current/scheme_items',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.pingyi.unit_group_votes (
  "institution_id" varchar,
  "unit_id" varchar,
  "rater_group" varchar,
  "votes_good" bigint,
  "votes_fairly_good" bigint,
  "votes_average" bigint,
  "votes_poor" bigint,
  "year" integer
) WITH (
  external_location = 's3://pingyi/lake/current/unit_group_votes',
  format = 'PARQUET',
  partitioned_by = ARRAY['year']
);
CALL hive.system.sync_partition_metadata('pingyi', 'unit_group_votes', 'FULL');

CREATE TABLE IF NOT EXISTS hive.pingyi.batch_institutions (
  "batch_id" varchar,
  "institution_id" varchar
) WITH (
  external_location = 's3://pingyi/lake/current/batch_institutions',
  format = 'PARQUET'
);
