-- $1 unit ids: their codes, in order.
SELECT code FROM admin_unit WHERE id = ANY ($1::bigint[]) ORDER BY code
