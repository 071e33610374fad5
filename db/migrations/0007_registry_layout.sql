-- Official forms: where each row is in the workbook (several sheets, STT restarting per group),
-- and how the file's layout was read (header rows, group rows, skipped rows with their reason).
ALTER TABLE registry_row ADD COLUMN sheet text, ADD COLUMN sheet_row integer;
ALTER TABLE registry_import ADD COLUMN layout jsonb NOT NULL DEFAULT '{}';
