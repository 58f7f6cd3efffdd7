-- Conduct (kết quả rèn luyện) per student: the homeroom teacher sets semester I and II; the
-- year level follows from them by the rules (GRADING.md), its row keeps the year comment;
-- 'summer' holds the level after summer conduct training (Điều 13).
CREATE TABLE conduct_assessments (
    id              INTEGER PRIMARY KEY,
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    school_year_id  BIGINT NOT NULL REFERENCES school_years(id),
    class_id        BIGINT NOT NULL REFERENCES classes(id),
    student_id      BIGINT NOT NULL REFERENCES students(id),
    term            TEXT NOT NULL CHECK (term IN ('s1', 's2', 'year', 'summer')),
    level           TEXT CHECK (level IN ('good', 'fair', 'pass', 'fail')),
    comment         TEXT NOT NULL DEFAULT '',
    version         BIGINT NOT NULL DEFAULT 1,
    updated_by      BIGINT NOT NULL REFERENCES users(id),
    updated_at      BIGINT NOT NULL,
    UNIQUE (student_id, school_year_id, term)
);
CREATE INDEX conduct_assessments_class ON conduct_assessments(class_id);

-- Rewards (khen thưởng) and discipline (kỷ luật): kept for the record; a withdrawn record
-- stays with who withdrew it and why.
CREATE TABLE student_distinctions (
    id               INTEGER PRIMARY KEY,
    school_id        BIGINT NOT NULL REFERENCES schools(id),
    school_year_id   BIGINT NOT NULL REFERENCES school_years(id),
    class_id         BIGINT NOT NULL REFERENCES classes(id),
    student_id       BIGINT NOT NULL REFERENCES students(id),
    kind             TEXT NOT NULL CHECK (kind IN ('reward', 'discipline')),
    on_date          DATE NOT NULL,
    level            TEXT NOT NULL,
    reason           TEXT NOT NULL,
    decision_number  TEXT NOT NULL DEFAULT '',
    recorded_by      BIGINT NOT NULL REFERENCES users(id),
    recorded_at      BIGINT NOT NULL,
    withdrawn_by     BIGINT REFERENCES users(id),
    withdrawn_at     BIGINT,
    withdrawn_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX student_distinctions_student ON student_distinctions(student_id);
CREATE INDEX student_distinctions_class ON student_distinctions(class_id);
