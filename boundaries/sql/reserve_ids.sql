-- $1 how many: reserve a block of unit ids for new codes; returns the last id of the block.
SELECT setval(pg_get_serial_sequence('admin_unit', 'id'),
              nextval(pg_get_serial_sequence('admin_unit', 'id')) + $1 - 1)
