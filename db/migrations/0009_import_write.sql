-- The write phase of a registry import, lighter (issue 16: a 73k-row registry in well under 10 s).
--
-- 1. No JIT for the roll-ups. refresh_coverage and unit_roots run with enable_nestloop = off, which
--    inflates every plan's estimated cost far past jit_above_cost, so PostgreSQL compiled each
--    roll-up (~0.5 s of LLVM per call, measured with EXPLAIN ANALYZE on the 2009 edition: JIT 0.48 s
--    of a 1.95 s refresh) for a query that runs once. Interpreted, the same refresh takes 1.40 s
--    instead of 1.75 s (side by side, psql, same database).
ALTER FUNCTION refresh_coverage(integer, date, bigint[]) SET jit = off;
ALTER FUNCTION refresh_edition_coverage(integer) SET jit = off;
ALTER FUNCTION unit_roots(integer) SET jit = off;

-- 2. One foreign-key check less per team. team (import_id, line) already references
--    registry_row (import_id, line), whose import_id references registry_import (both ON DELETE
--    CASCADE), so team.import_id → registry_import was checked twice for every row a COPY wrote.
ALTER TABLE team DROP CONSTRAINT team_import_id_fkey;
