-- the institutions each loaded batch wrote rows for ('*' = every institution: a default scheme), recorded by the
-- loader's write-scope check; batch history and rollback are limited to a scoped admin's institutions through it
create table if not exists raw_batch_institutions (
    batch_id varchar not null,
    institution_id varchar not null
);
