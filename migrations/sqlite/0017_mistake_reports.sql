-- A family flags a score or a personal detail as wrong (issue 8). It reaches the subject's
-- teacher (for a score) and the homeroom teacher, who answer: corrected, or checked and
-- unchanged. The version guards against two answers overwriting each other.
CREATE TABLE mistake_reports (
    id           INTEGER PRIMARY KEY,
    school_id    BIGINT NOT NULL REFERENCES schools(id),
    student_id   BIGINT NOT NULL REFERENCES students(id),
    class_id     BIGINT NOT NULL REFERENCES classes(id),
    reporter_id  BIGINT NOT NULL REFERENCES users(id),
    topic        TEXT NOT NULL CHECK (topic IN ('score', 'personal')),
    subject_id   BIGINT REFERENCES subjects(id),
    semester_id  BIGINT REFERENCES semesters(id),
    field        TEXT NOT NULL DEFAULT '',
    message      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'corrected', 'unchanged')),
    answer       TEXT NOT NULL DEFAULT '',
    answered_by  BIGINT REFERENCES users(id),
    answered_at  BIGINT,
    created_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX mistake_reports_class ON mistake_reports(class_id, status);
CREATE INDEX mistake_reports_student ON mistake_reports(student_id);
CREATE INDEX mistake_reports_reporter ON mistake_reports(reporter_id, created_at);
