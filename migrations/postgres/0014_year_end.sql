-- Year-end decisions (Điều 12–15): Hocba proposes from the results; the homeroom teacher
-- confirms each student's outcome, overriding with a reason where the rules allow. The row
-- keeps what was proposed next to what was confirmed.
CREATE TABLE year_end_decisions (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id        BIGINT NOT NULL REFERENCES schools(id),
    school_year_id   BIGINT NOT NULL REFERENCES school_years(id),
    class_id         BIGINT NOT NULL REFERENCES classes(id),
    student_id       BIGINT NOT NULL REFERENCES students(id),
    proposed         TEXT NOT NULL,         -- the proposal as computed, JSON
    outcome          TEXT NOT NULL CHECK (outcome IN
                       ('promoted', 'reassessment', 'conduct_training', 'not_promoted')),
    title            TEXT CHECK (title IN ('outstanding', 'excellent')),
    override_reason  TEXT NOT NULL DEFAULT '',
    confirmed_by     BIGINT NOT NULL REFERENCES users(id),
    confirmed_at     BIGINT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    UNIQUE (student_id, school_year_id)
);
CREATE INDEX year_end_decisions_class ON year_end_decisions(class_id);

-- Summer re-assessment (kiểm tra lại, Điều 14): the new result of one subject replaces its
-- year result; a scored subject in tenths (0–100), a comment subject as pass / fail.
CREATE TABLE reassessment_results (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    school_year_id  BIGINT NOT NULL REFERENCES school_years(id),
    class_id        BIGINT NOT NULL REFERENCES classes(id),
    student_id      BIGINT NOT NULL REFERENCES students(id),
    subject_id      BIGINT NOT NULL REFERENCES subjects(id),
    score_tenths    INTEGER CHECK (score_tenths BETWEEN 0 AND 100),
    judgement       TEXT CHECK (judgement IN ('pass', 'fail')),
    version         BIGINT NOT NULL DEFAULT 1,
    recorded_by     BIGINT NOT NULL REFERENCES users(id),
    recorded_at     BIGINT NOT NULL,
    UNIQUE (student_id, school_year_id, subject_id)
);
CREATE INDEX reassessment_results_class ON reassessment_results(class_id);
