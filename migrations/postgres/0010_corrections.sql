-- Corrections after lock (issue 6): a teacher asks to change named cells of a closed sheet
-- with a reason; the principal approves (opening exactly those cells to that teacher until
-- open_until) or refuses with a note. And a minimal in-app notification box, one row per
-- recipient, written when a request is made and when it is decided.
CREATE TABLE correction_requests (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id      BIGINT NOT NULL REFERENCES schools(id),
    class_id       BIGINT NOT NULL REFERENCES classes(id),
    subject_id     BIGINT NOT NULL REFERENCES subjects(id),
    semester_id    BIGINT NOT NULL REFERENCES semesters(id),
    requested_by   BIGINT NOT NULL REFERENCES users(id),
    requested_at   BIGINT NOT NULL,
    reason         TEXT NOT NULL CHECK (reason <> ''),
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by     BIGINT REFERENCES users(id),
    decided_at     BIGINT,
    decision_note  TEXT,
    open_until     BIGINT,
    CHECK ((status = 'pending' AND decided_at IS NULL AND decided_by IS NULL)
        OR (status <> 'pending' AND decided_at IS NOT NULL AND decided_by IS NOT NULL)),
    CHECK (status <> 'approved' OR open_until IS NOT NULL)
);
CREATE INDEX correction_requests_school ON correction_requests(school_id, status);
CREATE INDEX correction_requests_sheet ON correction_requests(class_id, subject_id, semester_id);

CREATE TABLE correction_cells (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    request_id  BIGINT NOT NULL REFERENCES correction_requests(id),
    student_id  BIGINT NOT NULL REFERENCES students(id),
    kind        TEXT NOT NULL CHECK (kind IN ('regular', 'midterm', 'final')),
    slot        INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 20),
    UNIQUE (request_id, student_id, kind, slot)
);

CREATE TABLE notifications (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,                 -- 'correction_requested' | 'correction_approved' | 'correction_refused'
    params      TEXT NOT NULL DEFAULT '{}',    -- JSON: the values the message is written with
    link        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    read_at     BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);
