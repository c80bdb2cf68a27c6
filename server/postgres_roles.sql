-- Roles for a production PostgreSQL store (README "Sync server"). Run once as a superuser
-- in the Harbour database, after `harbour server init` has created the tables as
-- harbour_owner. The running server connects as harbour_app, which can add and read
-- sealed changes and audit entries but never change or delete them.
--   CREATE ROLE harbour_owner LOGIN PASSWORD '…';   -- owns the tables, runs migrations
--   CREATE ROLE harbour_app LOGIN PASSWORD '…';     -- `harbour serve` connects as this
GRANT USAGE ON SCHEMA public TO harbour_app;
GRANT SELECT ON schema_version, centres TO harbour_app;
GRANT SELECT, INSERT ON changes, audit_entries, flags, device_aliases TO harbour_app;
GRANT SELECT, INSERT, UPDATE ON devices, enrol_codes, wrapped_keys, audit_anchors TO harbour_app;
GRANT USAGE ON SEQUENCE changes_server_seq_seq, flags_id_seq TO harbour_app;
REVOKE UPDATE, DELETE, TRUNCATE ON changes, audit_entries FROM harbour_app;
