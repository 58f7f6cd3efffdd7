-- The principal's year-end sign-off of a class's results: the canonical JSON of the results
-- as signed, its SHA-256, who and when. Columns for a later digital signature with the
-- school's key stay NULL for now. Append-only: a new sign-off is a new row.
CREATE TABLE class_signoffs (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id            BIGINT NOT NULL REFERENCES schools(id),
    class_id             BIGINT NOT NULL REFERENCES classes(id),
    signed_at            BIGINT NOT NULL,
    signed_by            BIGINT NOT NULL REFERENCES users(id),
    canonical_json       TEXT NOT NULL,
    sha256               TEXT NOT NULL,
    -- Sheets not yet approved when the principal signed anyway, as JSON.
    unapproved           TEXT NOT NULL DEFAULT '[]',
    signature_algorithm  TEXT,
    signature_key_id     TEXT,
    signature            TEXT
);
CREATE INDEX class_signoffs_class ON class_signoffs(class_id, id);
CREATE FUNCTION class_signoffs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'class_signoffs is append-only'; END; $$;
CREATE TRIGGER class_signoffs_no_update BEFORE UPDATE OR DELETE ON class_signoffs
FOR EACH ROW EXECUTE FUNCTION class_signoffs_append_only();
CREATE TRIGGER class_signoffs_no_truncate BEFORE TRUNCATE ON class_signoffs
FOR EACH STATEMENT EXECUTE FUNCTION class_signoffs_append_only();
