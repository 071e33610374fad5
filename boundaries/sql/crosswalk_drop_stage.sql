-- The staging tables of a crosswalk build (temporary, dropped at commit anyway): gone, so that
-- several builds can run in one transaction (a boundary import rebuilding two crosswalks).
DROP TABLE IF EXISTS xw_old, xw_new, xw_raw, xw_hamlet_pt, xw_inside, xw_hamlet, xw_area, xw_official
