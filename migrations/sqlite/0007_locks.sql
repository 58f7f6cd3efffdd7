-- Entry deadlines and locks (issue 6). A deadline is a date per semester, for the whole school
-- (grade 0) or one grade level (which overrides the school's); entry closes at the end of that
-- day, Vietnam time. A lock closes a semester (semester_id set) or the whole school year for
-- the school, a grade level or a class. Unlocking keeps the row and records who, when and why.
CREATE TABLE entry_deadlines (
    id           INTEGER PRIMARY KEY,
    school_id    BIGINT NOT NULL REFERENCES schools(id),
    semester_id  BIGINT NOT NULL REFERENCES semesters(id),
    grade        INTEGER NOT NULL DEFAULT 0,      -- 0: the whole school
    deadline     TEXT NOT NULL,                   -- 'YYYY-MM-DD'
    set_by       BIGINT REFERENCES users(id),
    set_at       BIGINT NOT NULL,
    UNIQUE (semester_id, grade)
);
CREATE INDEX entry_deadlines_school ON entry_deadlines(school_id);

CREATE TABLE entry_locks (
    id              INTEGER PRIMARY KEY,
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    school_year_id  BIGINT NOT NULL REFERENCES school_years(id),
    semester_id     BIGINT REFERENCES semesters(id),   -- NULL: the whole school year
    scope           TEXT NOT NULL CHECK (scope IN ('school', 'grade', 'class')),
    grade           INTEGER,
    class_id        BIGINT REFERENCES classes(id),
    reason          TEXT NOT NULL CHECK (reason <> ''),
    locked_by       BIGINT NOT NULL REFERENCES users(id),
    locked_at       BIGINT NOT NULL,
    unlocked_by     BIGINT REFERENCES users(id),
    unlocked_at     BIGINT,
    unlock_reason   TEXT,
    CHECK ((scope = 'school' AND grade IS NULL AND class_id IS NULL)
        OR (scope = 'grade' AND grade IS NOT NULL AND class_id IS NULL)
        OR (scope = 'class' AND class_id IS NOT NULL AND grade IS NULL)),
    CHECK ((unlocked_at IS NULL AND unlocked_by IS NULL AND unlock_reason IS NULL)
        OR (unlocked_at IS NOT NULL AND unlocked_by IS NOT NULL AND unlock_reason <> ''))
);
CREATE INDEX entry_locks_school_year ON entry_locks(school_id, school_year_id);
