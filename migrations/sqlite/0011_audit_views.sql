-- The audit history's views (issue 6): which student, class, subject and semester an entry is
-- about (NULL when it is about none), so one cell's history, one student's record history and
-- the principal's filtered log each read an index instead of parsing entity ids. Existing rows
-- are never updated (the table is append-only); they keep NULL here and are still found by
-- entity and entity_id.
ALTER TABLE audit_log ADD COLUMN student_id BIGINT;
ALTER TABLE audit_log ADD COLUMN class_id BIGINT;
ALTER TABLE audit_log ADD COLUMN subject_id BIGINT;
ALTER TABLE audit_log ADD COLUMN semester_id BIGINT;

-- Every filter starts with the school; the log pages newest first by id (keyset).
CREATE INDEX audit_log_school_id ON audit_log(school_id, id);
CREATE INDEX audit_log_school_actor ON audit_log(school_id, actor_user_id, id);
CREATE INDEX audit_log_school_class ON audit_log(school_id, class_id, id);
CREATE INDEX audit_log_school_student ON audit_log(school_id, student_id, id);
-- One cell's history (entity 'assessment_score' / 'subject_comment' and its key) and the
-- filter by kind, which is a set of entities.
CREATE INDEX audit_log_school_entity ON audit_log(school_id, entity, entity_id, id);
