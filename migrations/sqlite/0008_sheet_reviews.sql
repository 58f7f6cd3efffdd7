-- The review of a grade sheet (class × subject × semester): draft → submitted → checked →
-- approved, each step returnable with a comment. One row holds the current state and its
-- version (an act on a stale version is refused); every step is an append-only row.
ALTER TABLE schools ADD COLUMN allow_self_review BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE sheet_reviews (
    id            INTEGER PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    class_id      BIGINT NOT NULL REFERENCES classes(id),
    subject_id    BIGINT NOT NULL REFERENCES subjects(id),
    semester_id   BIGINT NOT NULL REFERENCES semesters(id),
    state         TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'checked', 'approved')),
    version       BIGINT NOT NULL,
    submitted_by  BIGINT REFERENCES users(id),
    submitted_at  BIGINT,
    updated_at    BIGINT NOT NULL,
    UNIQUE (class_id, subject_id, semester_id)
);
CREATE INDEX sheet_reviews_school_state ON sheet_reviews(school_id, state);

-- Append-only: the triggers below refuse any update or delete.
CREATE TABLE sheet_review_steps (
    id             INTEGER PRIMARY KEY,
    school_id      BIGINT NOT NULL REFERENCES schools(id),
    class_id       BIGINT NOT NULL REFERENCES classes(id),
    subject_id     BIGINT NOT NULL REFERENCES subjects(id),
    semester_id    BIGINT NOT NULL REFERENCES semesters(id),
    at             BIGINT NOT NULL,
    actor_user_id  BIGINT NOT NULL REFERENCES users(id),
    act            TEXT NOT NULL,
    from_state     TEXT NOT NULL,
    to_state       TEXT NOT NULL,
    version        BIGINT NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    -- The missing cells the actor confirmed anyway, as JSON ('[]' when none).
    missing        TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sheet_review_steps_sheet ON sheet_review_steps(class_id, subject_id, semester_id);
CREATE TRIGGER sheet_review_steps_no_update BEFORE UPDATE ON sheet_review_steps
BEGIN SELECT RAISE(ABORT, 'sheet_review_steps is append-only'); END;
CREATE TRIGGER sheet_review_steps_no_delete BEFORE DELETE ON sheet_review_steps
BEGIN SELECT RAISE(ABORT, 'sheet_review_steps is append-only'); END;
